"""The imperative shell of a crawl: fetch pages in the order the plan decides, record everything."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

import feedparser

from audit.crawl import plan
from audit.crawl.memory import Memory, caught_up
from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.crawl.pages import read_check_pages
from audit.crawl.platforms import redraw_requests
from audit.dates import parse_feed_date
from audit.extract.article import article_date, canonical_url
from audit.extract.discovery import Section, feed_links, next_pages, parse_sitemap, sections
from audit.extract.listing import ListingBlock, find_blocks, parse_html
from audit.fetch import FetchError, FetchResult, Fetcher
from audit.fetch.errors import R_ROBOTS
from audit.posts.identity import Candidate, url_key
from audit.text import clean

log = logging.getLogger(__name__)
_MAX_SITEMAPS = 10


class _Crawl:
    """State of one portal's crawl (one instance per call: nothing shared between tasks)."""

    def __init__(self, url: str, fetcher: Fetcher, window: tuple[date, date], limits: plan.Limits,
                 memory: Memory):
        self.fetcher, self.window, self.limits, self.memory = fetcher, window, limits, memory
        self.out = CrawlOutcome(start_url=url, verify_tls=fetcher.verify_tls, incremental=memory.incremental)
        self.fetched: set[str] = set()
        self.menu: frozenset[str] = frozenset()
        self.known = memory.keys() if memory.incremental else frozenset()

    def fetch(self, url: str, kind: str, method: str = "GET", data: dict[str, str] | None = None,
              optional: bool = False) -> FetchResult | None:
        """Fetch and record a page; None (with the error recorded) when it fails or the budget is spent.

        An optional page (a guessed /sitemap.xml) that does not exist is no error of the site.
        """
        if len(self.out.pages) >= self.limits.max_pages:
            return None
        log.debug("fetch %s %s", kind, url)
        try:
            res = self._request(method, url, data)
        except FetchError as exc:
            if optional and exc.status in (404, 410):
                return None
            self.out.errors.append((exc.url, exc.reason))
            self.out.robots_blocked += exc.reason == R_ROBOTS
            return None
        self.fetched.add(url)
        known = self.memory.validators.get(res.url)
        etag = res.headers.get("ETag") or (known.etag if known and res.status == 304 else None)
        modified = res.headers.get("Last-Modified") or (known.last_modified if known and res.status == 304 else None)
        self.out.pages.append(PageRecord(res.url, kind, res.status, res.fetched_at.isoformat(),
                                         hashlib.sha256(res.content).hexdigest(), res.content,
                                         etag=etag, last_modified=modified))
        return res

    def _request(self, method: str, url: str, data: dict[str, str] | None) -> FetchResult:
        """A request, conditional when an earlier fetch left validators; a 304 answers with the stored bytes."""
        known = self.memory.validators.get(url) if method == "GET" else None
        if known is None or self.memory.load is None:
            return self.fetcher.request(method, url, data=data)
        headers = {k: v for k, v in (("If-None-Match", known.etag), ("If-Modified-Since", known.last_modified)) if v}
        res = self.fetcher.request(method, url, data=data, headers=headers)
        if res.status != 304:
            return res
        try:
            content = self.memory.load(known.sha256)
        except KeyError:  # the stored copy is gone: fetch it whole
            return self.fetcher.request(method, url, data=data)
        self.out.not_modified += 1
        return replace(res, content=content)


def crawl_school(url: str, fetcher: Fetcher, window: tuple[date, date],
                 limits: plan.Limits = plan.Limits(), memory: Memory | None = None) -> CrawlOutcome:
    """Crawl one portal for the posts of a window; never raises for a site's faults.

    With a memory of earlier runs the crawl is incremental (see audit.crawl.memory).
    """
    memory = memory or Memory()
    c = _Crawl(url, fetcher, window, limits, memory)
    c.out.started_at = _now()
    home = c.fetch(url, "home")
    if home is None:
        c.out.failure = c.out.errors[-1][1] if c.out.errors else "không tải được trang chủ"
    else:
        c.out.final_url = home.url
        _crawl_portal(c, home)
        c.out.remembered = memory.since(window[0])
        c.out.deleted = memory.deleted
    c.out.finished_at = _now()
    return c.out


def _menu_sections(page: FetchResult, blocks: list[ListingBlock] | None = None) -> list[Section]:
    """Section links of a page, minus the posts its dated listings show (a post is no section)."""
    blocks = find_blocks(page.text, page.url) if blocks is None else blocks
    posts = {i.url for b in blocks if b.dated_share > 0 for i in b.items}
    return [s for s in sections(page.text, page.url) if s.url not in posts]


def _crawl_portal(c: _Crawl, home: FetchResult) -> None:
    found = _menu_sections(home)
    c.out.sections = list(found)
    c.menu = frozenset(s.url for s in found)
    queue = plan.pick_sections(found, plan.COUNTED_KINDS, set(), c.limits.max_sections)
    known = {s.url for s in queue}
    for section in queue:  # grows while reading: sub-sections found on section pages
        more = _read_section(c, section, counted=True)
        new = plan.pick_sections(more, plan.COUNTED_KINDS, known, c.limits.max_sections - len(known))
        queue.extend(new)
        known.update(s.url for s in new)
    for section in plan.pick_sections(found, plan.OTHER_DATED_KINDS, set(), c.limits.max_other_sections):
        _read_section(c, section, counted=False, max_pages=1)
    _read_feeds(c, home)
    _read_sitemaps(c, home.url, [s.url for s in queue])
    _date_undated(c)
    read_check_pages(c, home, found)


def _read_section(c: _Crawl, section: Section, counted: bool, max_pages: int | None = None) -> list[Section]:
    """Read a section's listing pages; returns the sections linked from its first page."""
    url: str | None = section.url
    previous: set[tuple[str, ...]] = set()
    visited: set[str] = set()
    linked: list[Section] = []
    for number in range(max_pages or c.limits.max_listing_pages):
        page = c.fetch(url, "listing" if counted else "other") if url and url not in visited else None
        if page is None or url is None:
            break
        visited.add(url)
        c.out.listing_pages += counted
        blocks = find_blocks(page.text, page.url)
        if number == 0:
            linked = _menu_sections(page, blocks)
        main = _take(c, blocks, previous, counted)
        if main is None or plan.older_than(main, c.window[0]) or _caught_up(c, main, counted):
            break
        previous = plan.block_keys(blocks)
        url = plan.next_listing_page(next_pages(page.text, page.url), visited | c.fetched, section.url)
        if url is None and number == 0:
            _read_redraw(c, page, counted)
            break
    return linked


def _take(c: _Crawl, blocks: list[ListingBlock], previous: set[tuple[str, ...]], counted: bool) -> ListingBlock | None:
    """Record the listing's items (and other blocks' dated items); the listing, or None if repeated."""
    main = plan.main_block(blocks, previous, c.menu)
    if main is None:
        return None
    target = c.out.news if counted else c.out.other
    for item in main.items:
        target.append(Candidate(item.url, item.title, item.published, "listing" if item.published else ""))
    if counted:
        for block in blocks:
            if block is not main:
                c.out.news.extend(Candidate(i.url, i.title, i.published, "listing") for i in block.items if i.published)
    return main


def _read_redraw(c: _Crawl, page: FetchResult, counted: bool) -> None:
    """VHV-CMS fast path: POST for the pages JavaScript would load."""
    for url, form in redraw_requests(page.text, page.url, c.limits.max_listing_pages):
        res = c.fetch(url, "listing", method="POST", data=form)
        if res is None:
            break
        c.out.listing_pages += counted
        main = _take(c, find_blocks(res.text, page.url), set(), counted)
        if main is None or plan.older_than(main, c.window[0]) or _caught_up(c, main, counted):
            break


def _caught_up(c: _Crawl, main: ListingBlock, counted: bool) -> bool:
    """Incremental nights: stop a news listing once it reaches posts already known."""
    if not counted or not caught_up(main, c.known):
        return False
    c.out.caught_up += 1
    return True


def _read_feeds(c: _Crawl, home: FetchResult) -> None:
    for url in feed_links(home.text, home.url)[:3]:
        res = c.fetch(url, "feed")
        if res is None:
            continue
        for entry in feedparser.parse(res.content).entries:
            raw = entry.get("published") or entry.get("updated") or ""
            link, title = entry.get("link"), entry.get("title", "")
            if link:
                c.out.news.append(Candidate(link, title, parse_feed_date(raw) if raw else None, "feed"))


def _read_sitemaps(c: _Crawl, base: str, news_urls: list[str]) -> None:
    """Post URLs of the sitemaps under the news sections (dated later from their pages)."""
    try:
        declared = c.fetcher.sitemaps(base)
    except FetchError:
        return
    queue = declared or [f"{urlsplit(base).scheme}://{urlsplit(base).netloc}/sitemap.xml"]
    known = {cand.url for cand in c.out.news}
    seen: set[str] = set()
    while queue and len(seen) < _MAX_SITEMAPS:  # an index's child sitemaps join the queue
        sitemap = queue.pop(0)
        if sitemap in seen:
            continue
        seen.add(sitemap)
        res = c.fetch(sitemap, "sitemap", optional=not declared)
        if res is None:
            continue
        pages, children = parse_sitemap(res.content)
        queue.extend(children)
        for url, _lastmod in pages:
            if url not in known and url not in news_urls and plan.under_sections(url, news_urls):
                c.out.news.append(Candidate(url, "", None, ""))
                known.add(url)


def _date_undated(c: _Crawl) -> None:
    """Open the article page of each post still without a date (and keep its canonical URL)."""
    dated = {cand.url for cand in c.out.news if cand.published}
    todo = list(dict.fromkeys(cand.url for cand in c.out.news if not cand.published and cand.url not in dated))
    titles: dict[str, str] = {}
    for cand in c.out.news:
        if cand.title:
            titles.setdefault(cand.url, cand.title)
    if c.memory.incremental:  # known posts keep their known date: no need to open them again
        dated_before = c.memory.dated()
        c.out.news.extend(dated_before[url_key(u)] for u in todo if url_key(u) in dated_before)
        todo = [u for u in todo if url_key(u) not in dated_before]
    for url in todo[:c.limits.max_articles]:
        res = c.fetch(url, "article")
        if res is None:
            continue
        day, source = article_date(res.content)
        title = titles.get(url, "")
        c.out.news.append(Candidate(url, title or _page_title(res), day, source, canonical_url(res.content)))
    c.out.undated = todo[c.limits.max_articles:]


def _page_title(res: FetchResult) -> str:
    """The article's heading (h1), else the page title."""
    tree = parse_html(res.content)
    node = None if tree is None else next(iter(tree.xpath("//h1|//title")), None)
    return clean(node.text_content()) if node is not None else ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
