"""Reading listing sections page by page, and recording how far each one was read."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from audit.crawl import plan
from audit.crawl.memory import caught_up
from audit.crawl.outcome import ListingRun
from audit.crawl.platforms import redraw_requests, script_pages
from audit.extract.article import article_facts, language_copy
from audit.extract.discovery import (Pager, Section, classify, family_sections, language_alternates, next_pages,
                                     pager_facts, sections)
from audit.extract.listing import ListingBlock, find_blocks
from audit.fetch import FetchResult
from audit.posts.identity import Candidate, url_key
from audit.text import fold
from audit.vocabulary import HOME_LABELS

if TYPE_CHECKING:
    from audit.crawl.crawler import _Crawl

log = logging.getLogger(__name__)


def menu_sections(page: FetchResult, blocks: list[ListingBlock] | None = None) -> list[Section]:
    """Section links of a page, minus the posts its listings show (a post is no section): posts shown
    with a date, and links shaped like the page's listed posts with a title of several words."""
    blocks = find_blocks(page.text, page.url) if blocks is None else blocks
    posts = {i.url for b in blocks if b.dated_share > 0 for i in b.items}
    main = plan.main_block(blocks, set())
    return [s for s in sections(page.text, page.url)
            if s.url not in posts and not (main is not None and plan.post_like(s, main))]


def read_news(c: _Crawl, found: list[Section]) -> list[str]:
    """Read every news section (and the news sub-sections their first pages link); the other dated
    sections' first page. Returns the URLs of the news sections read."""
    queue = plan.pick_sections(found, plan.COUNTED_KINDS, set(), c.limits.max_sections)
    c.out.sections_skipped = plan.pick_sections(found, plan.COUNTED_KINDS, {s.url for s in queue}, len(found))
    known = {s.url for s in queue}
    for section in queue:  # grows while reading: sub-sections found on section pages
        more = read_section(c, section, counted=True)
        new = plan.pick_sections(more, plan.COUNTED_KINDS, known, c.limits.max_sections - len(known))
        skipped = plan.pick_sections(more, plan.COUNTED_KINDS, known | {s.url for s in new}, len(more))
        c.out.sections_skipped.extend(s for s in skipped if s not in c.out.sections_skipped)
        queue.extend(new)
        known.update(s.url for s in new)
    others = plan.pick_sections(found, plan.OTHER_DATED_KINDS, set(), len(found))
    if len(others) > c.limits.max_other_sections:
        c.out.reach("other_sections", f"{len(others) - c.limits.max_other_sections} chuyên mục văn bản, tài nguyên "
                                      "chưa được đọc (vượt giới hạn)", posts=False)
    for section in others[:c.limits.max_other_sections]:
        read_section(c, section, counted=False, max_pages=1)
    return [s.url for s in queue]


def read_filed_sections(c: _Crawl, rounds_left: bool = True) -> int:
    """Read the news sections the opened articles are filed under (breadcrumbs) or link with a news
    label, most referenced first; returns how many were read. With no rounds left they are only
    recorded as sections not read."""
    read = {run.url for run in c.out.listings} | {s.url for s in c.out.sections_skipped}
    news = {url_key(cand.url) for cand in c.out.news}
    votes: Counter[str] = Counter()
    found: dict[str, Section] = {}
    for url, facts in list(c.articles.items()):
        if url_key(url) not in news:
            continue
        filed = [s for s in facts.crumbs if s.kind in ("", "news") and fold(s.label) != fold(facts.title)]
        labelled = [s for s in facts.sections if classify(s.label) == "news"]   # not by its URL: posts' slugs say "tin tức"
        for s in filed + labelled:
            if (s.url not in read and url_key(s.url) not in news and not plan.headline(s)
                    and not urlsplit(s.url).path.lower().endswith(plan.FILE_SUFFIXES)):
                found.setdefault(s.url, replace(s, kind="news"))
                votes[s.url] += 2 if s in filed else 1
    # a breadcrumb names the post's own section; a labelled link must recur (a menu, not a related post)
    room = c.limits.max_filed_sections - sum(1 for run in c.out.listings if run.filed)
    ranked = [found[u] for u, n in votes.most_common() if n >= 2]
    picked = ranked[:max(0, room)] if rounds_left else []
    c.out.sections_skipped.extend(ranked[len(picked):])
    for section in picked:
        if c.out.budget_spent:
            break
        read_section(c, section, counted=True, filed=True)
    return len(picked)


def read_content_sections(c: _Crawl, home: FetchResult) -> int:
    """Menu entries whose label names no kind, read when their page lists news posts ("Góc nhìn chuyên
    gia", "Gương sáng"): a listing of known news posts, or one laid out like the news listings, is a
    news section whatever its label (a post's own page, shaped and dated like the posts, is not)."""
    read = {run.url for run in c.out.listings}
    news = {url_key(cand.url) for cand in c.out.news}
    candidates = [s for s in sections(home.content, home.url, unclassified=True)
                  if not s.kind and s.url not in read and s.url not in c.fetched and url_key(s.url) not in news
                  and not plan.headline(s) and fold(s.label) not in HOME_LABELS
                  and not urlsplit(s.url).path.lower().endswith(plan.FILE_SUFFIXES)]
    templates = {run.signature for run in c.out.listings if run.signature and not run.documents}
    shapes = [plan.url_shape(cand.url) for cand in c.out.news if cand.via == "listing"]
    post_shape = max(set(shapes), key=shapes.count) if shapes else None
    fingerprints = {f.where for f in c.articles.values() if f.published and f.where != "htmldate"}
    if len(candidates) > c.limits.max_content_sections:
        c.out.reach("content_sections", f"{len(candidates) - c.limits.max_content_sections} mục trên menu chưa được "
                                        "mở để xem có liệt kê tin bài không (vượt giới hạn)")
    taken = 0
    for section in candidates[:c.limits.max_content_sections]:
        page = c.fetch(section.url, "section")
        if page is None:
            continue
        main = plan.main_block(find_blocks(page.text, page.url), set(), c.menu)
        if main is None or not _lists_news(main, news, templates, post_shape):
            continue
        if plan.url_shape(page.url) != post_shape or article_facts(page.content).where not in fingerprints:
            log.info("section %s lists news posts", section.url)
            read_section(c, replace(section, kind="news"), counted=True, filed=True)
            taken += 1
    return taken


def _lists_news(main: ListingBlock, news: set[str], templates: set[str], post_shape: object) -> bool:
    """True for a listing of news posts: half its items are known news, or it is laid out like the
    news listings read (same item boxes) and its items' URLs are shaped like the posts'."""
    if len(main.items) < plan.CONTENT_LISTING_ITEMS or main.doc_share >= plan.DOCUMENT_SHARE:
        return False
    known = sum(1 for i in main.items if url_key(i.url) in news)
    shaped = sum(1 for i in main.items if plan.url_shape(i.url) == post_shape)
    return known * 2 >= len(main.items) or (main.signature in templates and shaped * 2 >= len(main.items))


def read_section(c: _Crawl, section: Section, counted: bool, max_pages: int | None = None,
                 filed: bool = False, copy: bool = False) -> list[Section]:
    """Read a section's listing pages; returns the sections linked from its first page.

    A listing in another language (a copy of the portal's) records its items as copies.
    """
    run = ListingRun(section.url, section.label, filed=filed, copy=copy)
    c.section = section.label or section.url   # what the progress line shows while its pages are read
    if counted:
        c.out.listings.append(run)
    url: str | None = section.url
    previous: set[tuple[str, ...]] = set()
    listing = ""       # the item boxes' signature of the listing read so far
    visited: set[str] = set()
    linked: list[Section] = []
    limit = max_pages or c.limits.max_listing_pages
    while True:
        if run.pages_read >= limit:
            run.stop = "cap" if max_pages is None else "end"
            break
        page = c.fetch(url, "listing" if counted else ("copy" if run.copy else "other")) \
            if url and url not in visited else None
        if page is None or url is None:
            run.stop = _fetch_stop(c, run, url is not None and url not in visited)
            break
        visited.add(url)
        run.pages_read += 1
        c.out.listing_pages += counted
        blocks = find_blocks(page.text, page.url)
        if run.pages_read == 1:
            if counted and language_copy(page.content, page.url):
                c.out.listings.remove(run)   # another language's copy: its posts only lead to ours
                run.copy, counted = True, False
            linked = menu_sections(page, blocks) + family_sections(page.content, page.url, section)
            if counted:   # this listing in other languages: its posts lead to ours
                c.copy_sections.update((u, Section(u, section.label, "news"))
                                       for u in language_alternates(page.content, page.url) if u not in c.copy_sections)
            if run.copy:   # the copy's own sections lead to more copies; they are no news sections of ours
                c.copy_sections.update((s.url, s) for s in linked if s.kind == "news")
                linked = []
        main = take(c, blocks, previous, counted, run, listing)
        if run.documents:
            run.stop = "end"
            break
        if main is None:
            run.stop = "empty" if run.pages_read == 1 else "repeat"
            break
        pager = pager_facts(page.content, page.url, len(main.items)) if run.pages_read == 1 else None
        if pager is not None:
            run.announced = pager.announced
        if plan.older_than(main, c.window[0]):
            run.stop = "window"
            break
        if _caught_up(c, main, counted):
            run.stop = "known"
            break
        previous, listing = plan.block_keys(blocks), main.signature
        run.signature = run.signature or main.signature
        following = next_pages(page.text, page.url)
        url = plan.next_listing_page(following, visited | c.fetched, section.url)
        if url is None and plan.next_listing_page(following, visited, section.url):
            run.stop = "shared"   # its next pages were read as another section's (one listing, two menu links)
            break
        if url is None and run.pages_read == 1:
            run.stop = _read_scripted(c, page, counted, run, main, pager) or \
                ("script" if pager and pager.script_only else "end")
            break
        if url is None:
            run.stop = "end"
            break
    return linked


def _fetch_stop(c: _Crawl, run: ListingRun, tried: bool) -> str:
    """Why a listing page could not be read: the budget, a failed request, or no page left."""
    if not tried:
        return "end"
    if c.out.budget_spent:
        return "budget"
    run.failed += 1
    return "error"


def take(c: _Crawl, blocks: list[ListingBlock], previous: set[tuple[str, ...]], counted: bool,
         run: ListingRun | None = None, listing: str = "") -> ListingBlock | None:
    """Record the listing's items (and other blocks' dated items); the listing, or None if repeated.

    A listing whose items show a document's fields (Số hiệu, Ngày ban hành) lists documents,
    whatever its menu label: its items are recorded apart and never counted.
    """
    menu = c.menu
    if run is not None and run.copy:   # another language's pages: links on all of them read so far are its menu
        menu = frozenset(c.copy_chrome or ())
        seen = {i.url for b in blocks for i in b.items}
        c.copy_chrome = seen if c.copy_chrome is None else c.copy_chrome & seen
    main = plan.main_block(blocks, previous, menu, listing)
    if main is None:
        return None
    if counted and main.doc_share >= plan.DOCUMENT_SHARE:
        counted = False
        if run is not None:
            log.info("listing %s lists documents", run.url)
            run.documents = True
    target = c.copies if run is not None and run.copy else (c.out.news if counted else c.out.other)
    origin = run.url if run is not None else ""   # one listing never shows one post under two URLs
    for item in main.items:
        target.append(Candidate(item.url, item.title, item.published, "listing" if item.published else "",
                                via="listing", origin=origin))
    if counted:
        for block in blocks:
            if block is not main and block.doc_share < plan.DOCUMENT_SHARE:
                c.out.news.extend(Candidate(i.url, i.title, i.published, plan.SIDEBAR, via="listing")
                                  for i in block.items if i.published)
    return main


def _read_scripted(c: _Crawl, page: FetchResult, counted: bool, run: ListingRun, first: ListingBlock,
                   pager: Pager | None) -> str:
    """Pages a script would load: VHV-CMS's redraw POSTs, or the endpoint a generic pager function
    calls ($.post, $.get, $.ajax, fetch); "" when the page has neither.

    An endpoint that fails, or answers without a listing, leaves the listing incomplete.
    """
    limit = c.limits.max_listing_pages
    requests = [("POST", url, form) for url, form in redraw_requests(page.text, page.url, limit)] or \
        script_pages(page.text, page.url, limit, pager.announced if pager else None)
    if not requests:
        return ""
    run.announced = max(run.announced or 0, len(requests) + 1)
    previous, listing = {tuple(i.url for i in first.items)}, first.signature
    for method, url, form in requests:
        res = c.fetch(url, "listing", method=method, data=form or None)
        if res is None:
            return _fetch_stop(c, run, True) if c.out.budget_spent else _redraw_failed(run)
        run.pages_read += 1
        c.out.listing_pages += counted
        blocks = find_blocks(res.text, page.url)
        main = take(c, blocks, previous, counted, run, listing)
        if main is None:
            return _redraw_failed(run)
        if plan.older_than(main, c.window[0]):
            return "window"
        if _caught_up(c, main, counted):
            return "known"
        previous, listing = plan.block_keys(blocks), main.signature
    return "cap" if run.pages_read >= limit else "end"


def _redraw_failed(run: ListingRun) -> str:
    run.failed += 1
    return "script_failed"


def _caught_up(c: _Crawl, main: ListingBlock, counted: bool) -> bool:
    """Incremental nights: stop a news listing once it reaches posts already known."""
    if not counted or not caught_up(main, c.known):
        return False
    c.out.caught_up += 1
    return True
