"""The imperative shell of a crawl: fetch pages in the order the plan decides, record everything.

Work is done cheapest first, inside the school's budget (time and requests): the home page
(followed through forwarding roots), the news listings down to the window's start, the pages
of the other checks, feeds and sitemaps, the article pages of posts whose date is still
unknown, and last the second channel (links among articles). When the budget runs out the
crawl stops where it is and the outcome says so; it always returns an outcome.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

import feedparser

from audit.crawl import plan
from audit.crawl.articles import date_undated, follow_links
from audit.crawl.budget import Budget
from audit.crawl.listings import menu_sections, read_content_sections, read_filed_sections, read_news
from audit.crawl.memory import REUSED_KINDS, Memory
from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.crawl.progress import STAGES, CrawlProgress, ProgressHook, current, safe
from audit.crawl.pages import read_check_pages
from audit.dates import parse_feed_date
from audit.extract.article import ArticleFacts
from audit.extract.discovery import Section, feed_links, language_alternates, parse_sitemap
from audit.extract.forward import forward_target
from audit.fetch import FetchError, FetchResult, Fetcher
from audit.fetch.errors import R_ROBOTS, BudgetSpent
from audit.posts.identity import Candidate

log = logging.getLogger(__name__)
_MAX_SITEMAPS = 10
_MAX_FORWARDS = 3
_FILED_ROUNDS = 3
_GUESSED_HOMES = ("vi/", "Default.aspx", "index.php")   # tried when a root answers with no menu at all
_MAX_FEEDS = 3
_XML_KINDS = ("feed", "sitemap")   # read as XML: their entries are capped where they are read


class _Crawl:
    """State of one portal's crawl (one instance per call: nothing shared between tasks)."""

    def __init__(self, url: str, fetcher: Fetcher, window: tuple[date, date], limits: plan.Limits,
                 memory: Memory, budget: Budget, progress: ProgressHook | None = None):
        self.fetcher, self.window, self.limits, self.memory, self.budget = fetcher, window, limits, memory, budget
        self.out = CrawlOutcome(start_url=url, verify_tls=fetcher.verify_tls, incremental=memory.incremental)
        self.fetched: set[str] = set()
        self.menu: frozenset[str] = frozenset()
        self.known = memory.keys() if memory.incremental else frozenset()
        self.articles: dict[str, ArticleFacts] = {}   # article pages opened: what each says of itself
        self.copies: list[Candidate] = []              # posts of another language's listings
        self.copy_sections: dict[str, Section] = {}    # that language's news sections, not read yet
        self.copy_chrome: set[str] | None = None       # links on every page of that language read: its menus
        self.sitemap_posts: list[str] = []             # sitemap URLs shaped like posts, outside the sections
        self.page_links = limits.max_page_links or plan.MAX_PAGE_LINKS
        self.cut_pages = 0                             # pages holding more links than that: read up to it
        self.progress = safe(progress)                 # told after every page read (audit/crawl/progress.py)
        self.section = ""                              # label of the section whose listing is being read

    def fetch(self, url: str, kind: str, method: str = "GET", data: dict[str, str] | None = None,
              optional: bool = False) -> FetchResult | None:
        """Fetch and record a page; None (with the error recorded) when it fails or the budget is spent.

        An optional page (a guessed /sitemap.xml) that does not exist is no error of the site.
        """
        if self.out.budget_spent:
            return None
        spent = self.budget.spent()   # the fetcher takes one request of it per HTTP request
        if spent:
            log.info("budget spent at %s: %s", url, spent)
            self.out.budget_spent = spent
            return None
        if method == "GET" and (kept := self._kept(url, kind)) is not None:
            return kept
        log.debug("fetch %s %s", kind, url)
        try:
            res = self._request(method, url, data)
        except BudgetSpent as exc:
            log.info("budget spent at %s: %s", url, exc.reason)
            self.out.budget_spent = exc.reason
            return None
        except FetchError as exc:
            if optional and exc.status in (404, 410):
                return None
            self.out.errors.append((exc.url, exc.reason))
            self.out.robots_blocked += exc.reason == R_ROBOTS
            return None
        self.fetched.add(url)
        self.fetched.add(res.url)
        known = self.memory.validators.get(res.url)
        etag = res.headers.get("ETag") or (known.etag if known and res.status == 304 else None)
        modified = res.headers.get("Last-Modified") or (known.last_modified if known and res.status == 304 else None)
        self.out.pages.append(PageRecord(res.url, kind, res.status, res.fetched_at.isoformat(),
                                         hashlib.sha256(res.content).hexdigest(), res.content,
                                         etag=etag, last_modified=modified))
        self._tell(kind, res.url)
        return res if kind in _XML_KINDS else self._links_capped(res)

    def _kept(self, url: str, kind: str) -> FetchResult | None:
        """On an incremental night, a check page (introduction, disclosure, forms, sections) as the last complete
        crawl read it, without a request: such pages change every night only by their "latest news" box, so a
        conditional request never saves them. Recorded with the time it was read then; None when not kept."""
        kept = self.memory.kept.get(url) if self.memory.incremental and kind in REUSED_KINDS else None
        if kept is None or self.memory.load is None:
            return None
        sha256, read_at = kept
        try:
            content = self.memory.load(sha256)
        except KeyError:
            return None
        self.fetched.add(url)
        self.out.reused += 1
        self.out.pages.append(PageRecord(url, kind, 200, read_at, sha256, content))
        self._tell(kind, url)
        return FetchResult(url, 200, {}, content, datetime.fromisoformat(read_at), 0.0,
                           verify_tls=self.fetcher.verify_tls)

    def _tell(self, kind: str, url: str) -> None:
        """Report progress: pages read, posts found so far, the section (or stage) being read."""
        if self.progress is None:
            return
        posts = len({cand.url for cand in self.out.news})
        section = self.section if kind in ("listing", "other", "copy") and self.section else \
            STAGES.get(kind, "trang cần kiểm tra")
        self.progress(CrawlProgress(len(self.out.pages), posts, section, url))

    def _links_capped(self, res: FetchResult) -> FetchResult:
        """The page as read: cut before its link past the cap (the record keeps it whole), and the cap noted."""
        cut = plan.links_cut(res.content, self.page_links)
        if cut is None:
            return res
        self.cut_pages += 1
        log.info("%s holds more than %d links: read up to there", res.url, self.page_links)
        self.out.reach("page_links", f"{self.cut_pages} trang có hơn {self.page_links} liên kết, chỉ đọc "
                                     f"{self.page_links} liên kết đầu (như {res.url})")
        return replace(res, content=res.content[:cut])

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
                 limits: plan.Limits = plan.Limits(), memory: Memory | None = None,
                 budget: Budget | None = None, progress: ProgressHook | None = None) -> CrawlOutcome:
    """Crawl one portal for the posts of a window; never raises for a site's faults.

    With a memory of earlier runs the crawl is incremental (see audit.crawl.memory). The budget (or the
    fetcher's, or none) is given to the fetcher, which spends it on every request. `progress` (else the
    hook of an enclosing `audit.crawl.progress.listening`) is told after every page read.
    """
    memory = memory or Memory()
    if limits.max_page_links is None:
        settings = getattr(fetcher, "settings", None)
        limits = replace(limits, max_page_links=getattr(settings, "max_page_links", plan.MAX_PAGE_LINKS))
    budget = budget if budget is not None else fetcher.budget if isinstance(fetcher.budget, Budget) else Budget()
    fetcher.budget = budget
    c = _Crawl(url, fetcher, window, limits, memory, budget, progress or current())
    c.out.started_at = _now()
    home = _open_home(c, url)
    if home is None:
        c.out.failure = c.out.errors[-1][1] if c.out.errors else (c.out.budget_spent or "không tải được trang chủ")
    else:
        c.out.final_url = home.url
        _crawl_portal(c, home)
        c.out.remembered = memory.since(window[0])
        c.out.deleted = memory.deleted
    c.out.finished_at = _now()
    return c.out


def _open_home(c: _Crawl, url: str) -> FetchResult | None:
    """The home page, followed through roots that only forward (meta refresh, script, frames, a
    one-link page) and, for a root with no menu at all, the usual home addresses."""
    home = c.fetch(url, "home")
    for _ in range(_MAX_FORWARDS):
        if home is None:
            return None
        target = forward_target(home.content, home.url)
        if target is None or target in c.fetched:
            break
        log.info("root %s forwards to %s", home.url, target)
        nxt = c.fetch(target, "home")
        if nxt is None:
            return home
        c.out.forwarded.append(home.url)
        home = nxt
    else:
        _forwards_left(c, home)
    if home is not None and not menu_sections(home):
        home = _guess_home(c, home)
    return home


def _forwards_left(c: _Crawl, home: FetchResult | None) -> None:
    """A root still forwarding after the last forward followed: the cap is noted."""
    target = forward_target(home.content, home.url) if home is not None else None
    if home is not None and target is not None and target not in c.fetched:
        c.out.reach("forwards", f"trang chủ chuyển tiếp quá {_MAX_FORWARDS} lần, dừng ở {home.url}")


def _guess_home(c: _Crawl, root: FetchResult) -> FetchResult:
    """A root without one section link: try /vi/, /Default.aspx, /index.php (the first with a menu wins)."""
    base = f"{urlsplit(root.url).scheme}://{urlsplit(root.url).netloc}/"
    for path in _GUESSED_HOMES:
        page = c.fetch(base + path, "home", optional=True)
        if page is not None and menu_sections(page):
            c.out.forwarded.append(root.url)
            return page
    return root


def _crawl_portal(c: _Crawl, home: FetchResult) -> None:
    found = menu_sections(home)
    c.out.sections = list(found)
    c.menu = frozenset(s.url for s in found)
    c.copy_sections.update((u, Section(u, "", "news")) for u in language_alternates(home.content, home.url))
    news_urls = read_news(c, found)
    read_check_pages(c, home, found)
    _read_feeds(c, home)
    _read_sitemaps(c, home.url, news_urls)
    date_undated(c)
    for _ in range(_FILED_ROUNDS):   # sections the articles are filed under, then their posts' dates
        if not read_filed_sections(c):
            break
        date_undated(c)
    else:   # rounds spent: sections the last articles are filed under are found, not read
        read_filed_sections(c, rounds_left=False)
    read_content_sections(c, home)   # unlabelled menu entries that list news posts
    date_undated(c)
    follow_links(c)


def _read_feeds(c: _Crawl, home: FetchResult) -> None:
    """Items of the feeds the home page declares; an item linking to another site is kept apart, never counted."""
    feeds = feed_links(home.text, home.url)
    if len(feeds) > _MAX_FEEDS:
        c.out.reach("feeds", f"trang chủ khai báo {len(feeds)} nguồn RSS, chỉ đọc {_MAX_FEEDS} nguồn đầu")
    for url in feeds[:_MAX_FEEDS]:
        res = c.fetch(url, "feed")
        if res is None:
            continue
        entries = feedparser.parse(res.content).entries
        if len(entries) > c.page_links:
            c.out.reach("feed_items", f"nguồn RSS {url} có {len(entries)} mục, chỉ đọc {c.page_links} mục đầu")
        for entry in entries[:c.page_links]:
            raw = entry.get("published") or entry.get("updated") or ""
            link, title = entry.get("link"), entry.get("title", "")
            if not link:
                continue
            cand = Candidate(link, title, parse_feed_date(raw) if raw else None, "feed", via="feed")
            (c.out.news if plan.same_site(link, home.url) else c.out.offsite).append(cand)


def _read_sitemaps(c: _Crawl, base: str, news_urls: list[str]) -> None:
    """Post URLs of the sitemaps: those under the news sections are dated later from their pages;
    others shaped like the listed posts go to the second channel, which keeps those that look like
    posts. A page last modified before the window began was published before it."""
    try:
        declared = c.fetcher.sitemaps(base)
    except FetchError:
        return
    queue = declared or [f"{urlsplit(base).scheme}://{urlsplit(base).netloc}/sitemap.xml"]
    known = {cand.url for cand in c.out.news}
    seen: set[str] = set()
    read = 0   # entries read, all sitemaps together
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
        shapes = {plan.url_shape(cand.url) for cand in c.out.news if cand.via == "listing"}
        room = c.limits.max_sitemap_urls - read
        if len(pages) > room:
            c.out.reach("sitemap_urls",
                        f"đạt giới hạn {c.limits.max_sitemap_urls} địa chỉ đọc từ sơ đồ trang (sitemap)")
        read += min(len(pages), max(0, room))
        for url, lastmod in pages[:max(0, room)]:
            if url in known or url in news_urls or (lastmod and lastmod < c.window[0]):
                continue
            if not plan.same_site(url, base):   # another site's page: never a post of this portal
                c.out.offsite.append(Candidate(url, "", None, "", via="sitemap"))
            elif plan.under_sections(url, news_urls):
                c.out.news.append(Candidate(url, "", None, "", via="sitemap"))
            elif plan.url_shape(url) in shapes:   # shaped like the posts: checked as the links are
                c.sitemap_posts.append(url)
            known.add(url)
    if set(queue) - seen and not c.out.budget_spent:
        c.out.reach("sitemaps", f"đã đọc {len(seen)} sơ đồ trang (sitemap), còn {len(set(queue) - seen)} chưa đọc "
                                "(vượt giới hạn)")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
