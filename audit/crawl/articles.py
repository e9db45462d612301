"""Article pages: dating the posts listings left undated, and the second channel to the posts.

The second channel follows links among article pages (related news, "Tin cùng chuyên mục",
previous/next), breadth-first within a cap and the school's budget. A linked page counts as a
post only when it looks like the listed posts' pages: its date stands where theirs does (the
article template's fingerprint), it is no document and no other language's copy; a page listing
posts (a tag, a category) passes its items on. On portals whose listings show dates, a sample of
articles spread over the window is opened for their links; when following them finds posts the
listings missed, every listed post's page is opened and followed too. Sitemap URLs shaped like
the posts and the posts another language's copy names are followed the same way.
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Sequence
from urllib.parse import urlsplit

from audit.crawl import plan
from audit.crawl.listings import read_section
from audit.extract.article import ArticleFacts, article_facts
from audit.extract.discovery import Section, page_number
from audit.extract.listing import find_blocks
from audit.posts.identity import Candidate, url_key

if TYPE_CHECKING:
    from audit.crawl.crawler import _Crawl

log = logging.getLogger(__name__)
_SHAPE_TRIALS = 5   # linked pages of one URL shape opened before judging whether that shape holds posts
_SHAPE_YIELD = 0.2  # the share of them that must hold a post (or list new ones) for the shape to be followed on
_LIST_LINKS = 3     # a linked page listing this many posts, half of them known, is a list of posts
_COPY_ROUNDS = 3    # rounds of reading another language's sections for the posts it copies


def date_undated(c: _Crawl) -> None:
    """Open the article page of each post still without a date (and keep what it says of itself)."""
    dated = {url_key(cand.url) for cand in c.out.news if cand.published and cand.date_source != plan.SIDEBAR}
    todo = list(dict.fromkeys(cand.url for cand in c.out.news
                              if url_key(cand.url) not in dated and cand.url not in c.articles))
    titles, via = _titles_and_channels(c.out.news)
    if c.memory.incremental:  # known posts keep their known date: no need to open them again
        dated_before = c.memory.dated()
        c.out.news.extend(dated_before[url_key(u)] for u in todo if url_key(u) in dated_before)
        todo = [u for u in todo if url_key(u) not in dated_before]
    opened = 0
    for url in todo:
        if len(c.articles) >= c.limits.max_articles or c.out.budget_spent:
            break
        opened += 1
        open_article(c, url, titles.get(url, ""), via.get(url, "listing"))
    c.out.undated = todo[opened:]
    if c.out.undated and not c.out.budget_spent:
        c.out.reach("articles", f"đạt giới hạn {c.limits.max_articles} trang bài viết được mở: "
                                f"{len(c.out.undated)} bài chưa mở để xác định ngày đăng")


def _titles_and_channels(candidates: list[Candidate]) -> tuple[dict[str, str], dict[str, str]]:
    titles: dict[str, str] = {}
    via: dict[str, str] = {}
    for cand in candidates:
        if cand.title:
            titles.setdefault(cand.url, cand.title)
        if cand.via:
            via.setdefault(cand.url, cand.via)
    return titles, via


def open_article(c: _Crawl, url: str, title: str, via: str, kind: str = "article") -> ArticleFacts | None:
    """Fetch an article page, record the post it shows (or drop it when it is no news post, or is
    another site's: such a page is kept apart, never opened when its link says so)."""
    if _offsite(c, url, title, via):
        return None
    res = c.fetch(url, kind)
    if res is None or _offsite(c, res.url, title, via, url):
        return None
    facts = article_facts(res.content, res.url)
    c.articles[url] = facts
    if facts.original or facts.document or facts.forward:
        _drop(c, url, facts)
        return facts
    if any(cand.url == url and cand.date_source == plan.SIDEBAR for cand in c.out.news):
        c.out.news = [cand for cand in c.out.news if not (cand.url == url and cand.date_source == plan.SIDEBAR)]
    c.out.news.append(Candidate(url, title or facts.title, facts.published, facts.source, facts.canonical, via))
    return facts


def _offsite(c: _Crawl, url: str, title: str, via: str, listed: str = "") -> bool:
    """True (and the post moved apart, uncounted) when `url` is on another site than the portal's;
    `listed` is the portal's URL that led there (a redirect)."""
    if plan.same_site(url, c.out.final_url or c.out.start_url):
        return False
    log.info("%s leads to another site: %s", listed or url, url)
    gone = {listed or url, url}
    c.out.news = [cand for cand in c.out.news if cand.url not in gone]
    c.out.offsite.append(Candidate(url, title, None, "", via=via))
    return True


def _drop(c: _Crawl, url: str, facts: ArticleFacts) -> None:
    """A listed page that is a document, a "page has moved" stub or another language's copy of a
    post is no news post (a stub forwarding within the site leads to the post)."""
    c.out.news = [cand for cand in c.out.news if cand.url != url]
    if facts.document:
        c.out.other.append(Candidate(url, facts.title, facts.published, facts.source))
    elif facts.forward:
        c.out.links.not_posts += 1
        if plan.same_site(facts.forward, url) and facts.forward not in c.fetched:
            open_article(c, facts.forward, "", "link")
    elif facts.original and url_key(facts.original) not in _known_keys(c.out.news):
        open_article(c, facts.original, "", "link")


def follow_links(c: _Crawl) -> None:
    """The second channel: posts reached through links among article pages.

    An incremental night opens no sample (the weekly complete crawl does) and knows the posts
    remembered from earlier nights.
    """
    fingerprints = _fingerprints(c)
    _open_listed(c, [] if c.memory.incremental else _sample(c, c.limits.link_sample))
    fingerprints |= _fingerprints(c)
    c.out.links.fingerprints = tuple(sorted(fingerprints))
    if not fingerprints:
        return
    _drop_guessed_dates(c, fingerprints)
    known = _known_keys(c.out.news) | {url_key(o.url) for o in c.out.other} | _known_keys(c.memory.posts)
    skip = set(c.menu) | {run.url for run in c.out.listings}
    shapes: dict[tuple[object, ...], list[int]] = {}   # URL shape → [pages followed, posts among them]
    before = len(known)
    left = _breadth_first(c, list(c.articles.values()), fingerprints, known, skip, shapes, c.sitemap_posts)
    if len(known) > before and not c.memory.incremental:
        # the listings miss posts the links reach: every listed post's links are followed, not a sample's
        listed = _sample(c, c.limits.max_articles + 1)
        if len(listed) > c.limits.max_articles:
            c.out.reach("link_seeds", f"đạt giới hạn {c.limits.max_articles} bài được mở để theo liên kết giữa các bài")
        seeds = _open_listed(c, listed[:c.limits.max_articles])
        left = _breadth_first(c, seeds, fingerprints, known, skip, shapes)
    found = _map_copies(c, fingerprints, known)
    c.out.links.left = left + _breadth_first(c, found, fingerprints, known, skip, shapes)
    c.out.links.linked = frozenset(url_key(u) for url, f in c.articles.items() for u in f.links if u != url)


def _breadth_first(c: _Crawl, seeds: list[ArticleFacts], fingerprints: set[str], known: set[str],
                   skip: set[str], shapes: dict[tuple[object, ...], list[int]], first: Sequence[str] = ()) -> int:
    """Follow links from these pages (and the `first` URLs) breadth-first to posts not known yet; how
    many were left unopened. A URL shape (tag/x.html, ?tabid&id) whose first pages held no post is
    not followed further."""
    queue = deque(dict.fromkeys(list(first) + _new_links(c, seeds, known, skip)))
    queued = set(queue)

    post_shapes = {plan.url_shape(u) for u in known_urls(c)}

    def barren(url: str) -> bool:   # the posts' own URL shape is never given up
        shape = plan.url_shape(url)
        seen = shapes.get(shape, [0, 1])
        return shape not in post_shapes and seen[0] >= _SHAPE_TRIALS and seen[1] < _SHAPE_YIELD * seen[0]

    while queue and not c.out.budget_spent and c.out.links.pages_followed < c.limits.max_link_pages:
        url = queue.popleft()
        if url_key(url) in known or url in c.fetched or barren(url):
            continue
        seen = shapes.setdefault(plan.url_shape(url), [0, 0])
        c.out.links.pages_followed += 1
        seen[0] += 1
        facts = _follow(c, url, fingerprints, known, "sitemap" if url in first else "link")
        if facts is None:
            continue
        fresh = _new_links(c, [facts], known, skip)
        if url_key(url) in known:   # a post
            seen[1] += 1
        elif any(plan.url_shape(u) in post_shapes for u in fresh):   # a list of posts (a tag) with new ones
            seen[1] += 1
        for link in fresh:
            if link not in queued:
                queued.add(link)
                queue.append(link)
    return sum(1 for u in queue if url_key(u) not in known and u not in c.fetched and not barren(u))


def _map_copies(c: _Crawl, fingerprints: set[str], known: set[str]) -> list[ArticleFacts]:
    """Posts of another language's listings lead to the Vietnamese posts they copy (hreflang="vi").

    Each copy is opened (last, within the budget) and an original not known yet is followed; the
    sections the copies are filed under (their breadcrumbs) are read for more copies, a few rounds.
    """
    found: list[ArticleFacts] = []
    read = {run.url for run in c.out.listings}
    for _ in range(_COPY_ROUNDS):
        crumbs: dict[str, Section] = {}
        for url in dict.fromkeys(x.url for x in c.copies):
            if c.out.budget_spent:
                return found
            if c.out.links.pages_followed >= c.limits.max_link_pages:
                c.out.reach("copies", f"đạt giới hạn {c.limits.max_link_pages} trang liên kết được mở: còn bản "
                                      "tiếng nước ngoài của bài chưa mở")
                return found
            if url in c.fetched:
                continue
            c.out.links.copies_opened += 1
            res = c.fetch(url, "copy")
            facts = article_facts(res.content, res.url) if res is not None else ArticleFacts()
            crumbs.update((s.url, s) for s in facts.crumbs if s.url not in read)
            original = facts.original
            if original and url_key(original) not in known and original not in c.fetched:
                c.out.links.pages_followed += 1
                followed = _follow(c, original, fingerprints, known)
                if followed is not None:
                    found.append(followed)
        sections = {**crumbs, **{u: s for u, s in c.copy_sections.items() if u not in read}}
        if not sections:
            break
        for section in sections.values():
            read.add(section.url)
            read_section(c, section, counted=False, copy=True)
    else:
        left = {x.url for x in c.copies if x.url not in c.fetched} | (set(c.copy_sections) - read)
        if left:
            c.out.reach("copy_rounds", f"đạt giới hạn {_COPY_ROUNDS} lượt đọc bản tiếng nước ngoài: còn {len(left)} "
                                       "trang chưa mở")
    return found


def _drop_guessed_dates(c: _Crawl, fingerprints: set[str]) -> None:
    """Where the listed posts' pages print their date, a listed page dated only by htmldate's guess
    shows no date where posts do: it is no post of the news sections."""
    guessed = {u for u, f in c.articles.items() if f.where == "htmldate"}
    if guessed:
        c.out.news = [cand for cand in c.out.news if cand.url not in guessed]
        c.out.links.not_posts += len(guessed)


def _follow(c: _Crawl, url: str, fingerprints: set[str], known: set[str], via: str = "link") -> ArticleFacts | None:
    """Open a linked page; the facts when it is a post like the listed ones, else None.

    Another language's copy leads to its Vietnamese post, followed in its place.
    """
    if _offsite(c, url, "", via):
        return None
    res = c.fetch(url, "link")
    if res is None or _offsite(c, res.url, "", via, url):
        return None
    facts = article_facts(res.content, res.url)
    c.articles[url] = facts
    if facts.original and url_key(facts.original) not in known and facts.original not in c.fetched:
        return _follow(c, facts.original, fingerprints, known)
    if facts.published is None or facts.document or facts.original or facts.where not in fingerprints:
        c.out.links.not_posts += 1
        listed = _listed_posts(res.content, res.url, known)
        return replace(facts, links=listed) if listed else None
    c.out.news.append(Candidate(url, facts.title, facts.published, facts.source, facts.canonical, via))
    known.add(url_key(url))
    if facts.canonical:
        known.add(url_key(facts.canonical))
    return facts


def _listed_posts(html: bytes, url: str, known: set[str]) -> tuple[str, ...]:
    """The items of a page that is no post but lists posts, half of them known (a tag, a category); ()
    for any other page."""
    main = plan.main_block(find_blocks(html, url), set())
    if main is None or len(main.items) < _LIST_LINKS:
        return ()
    keys = [url_key(i.url) for i in main.items]
    return tuple(i.url for i in main.items) if sum(k in known for k in keys) * 2 >= len(keys) else ()


def known_urls(c: _Crawl) -> list[str]:
    """URLs of the news posts found so far."""
    return [cand.url for cand in c.out.news]


def _fingerprints(c: _Crawl) -> set[str]:
    """Where the dates of the listed news posts' pages stand (meta key, or the byline's tag and class)."""
    listed = {url_key(cand.url) for cand in c.out.news if cand.via == "listing"}
    return {f.where for u, f in c.articles.items()
            if f.published and f.where and f.where != "htmldate" and url_key(u) in listed}


def _open_listed(c: _Crawl, urls: list[str]) -> list[ArticleFacts]:
    """Open the pages of listed posts for their links (within the budget); their facts."""
    titles, _ = _titles_and_channels(c.out.news)
    opened = []
    for url in urls:
        if c.out.budget_spent:
            break
        c.out.links.articles_sampled += 1
        facts = open_article(c, url, titles.get(url, ""), "listing")
        if facts is not None:
            opened.append(facts)
    return opened


def _sample(c: _Crawl, room: int) -> list[str]:
    """Listed news posts of the window, spread over it, whose pages were not opened yet (at most `room`)."""
    start, end = c.window
    dated = sorted({(cand.published, cand.url) for cand in c.out.news
                    if cand.via == "listing" and cand.published and start <= cand.published <= end})
    pool = [u for _, u in dated if u not in c.articles]
    if len(pool) <= room:
        return pool
    step = (len(pool) - 1) / (room - 1)
    return list(dict.fromkeys(pool[round(i * step)] for i in range(room)))


def _known_keys(candidates: Iterable[Candidate]) -> set[str]:
    keys = set()
    for cand in candidates:
        keys.add(url_key(cand.url))
        if cand.canonical:
            keys.add(url_key(cand.canonical))
    return keys


def _new_links(c: _Crawl, facts: Iterable[ArticleFacts], known: set[str], skip: set[str]) -> list[str]:
    """Links of article pages that may lead to posts not known yet (same site, no file, no listing)."""
    home = c.out.final_url or c.out.start_url
    found = []
    for f in facts:
        for url in f.links:
            if url in skip or url in c.fetched or url_key(url) in known or not plan.same_site(url, home):
                continue
            path = urlsplit(url).path.lower()
            if path.endswith(plan.FILE_SUFFIXES) or page_number(url) is not None or path in ("", "/"):
                continue
            found.append(url)
    return list(dict.fromkeys(found))
