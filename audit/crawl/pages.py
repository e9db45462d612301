"""Read the pages the web checks need: disclosure, forms, portal sections, the counter."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from audit.detect.disclosure import is_disclosure
from audit.detect.links import links, school_years
from audit.detect.visits import read_counter
from audit.extract.discovery import Section
from audit.fetch import FetchResult

if TYPE_CHECKING:
    from audit.crawl.crawler import _Crawl

CHECK_KINDS = {"disclosure": "disclosure", "forms": "forms", "admission": "forms",
               "introduction": "introduction"}
OTHER_SECTION_KINDS = ("organisation", "contact", "photo_album", "qa", "resources", "documents")
_MAX_SUBPAGES = 12
_FILE_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".png")


def read_check_pages(c: _Crawl, home: FetchResult, found: list[Section]) -> None:
    """Fetch the check pages (recorded in the outcome by kind) and read the visit counter."""
    reading = read_counter(home.content)
    if reading:
        c.out.counter = {"at": home.fetched_at.isoformat(), "url": home.url, **reading}
    budget = [_MAX_SUBPAGES]
    ordered = [s for s in found if s.kind == "introduction"] + \
        [s for s in found if s.kind in CHECK_KINDS and s.kind != "introduction"]
    for section in ordered:
        page = _fetch_once(c, section.url, CHECK_KINDS[section.kind])
        if page is not None and section.kind in ("introduction", "disclosure"):
            _follow_disclosure(c, page, section.kind == "disclosure", budget, depth=2)
    for section in found:
        if section.kind in OTHER_SECTION_KINDS and section.url not in c.fetched:
            _fetch_once(c, section.url, "section")


def _fetch_once(c: _Crawl, url: str, kind: str) -> FetchResult | None:
    """Fetch a check page; one already read (say, as a listing) is recorded again under this kind."""
    if url not in c.fetched:
        return c.fetch(url, kind)
    for record in list(c.out.pages):
        if record.url == url and record.kind != kind:
            c.out.pages.append(replace(record, kind=kind))
            break
    return None


def _follow_disclosure(c: _Crawl, page: FetchResult, on_disclosure: bool, budget: list[int], depth: int) -> None:
    """Disclosure pages linked from here: "Thông tin công khai" under Giới thiệu, per-year pages."""
    host = urlsplit(page.url).netloc
    if depth <= 0:
        return
    for link in links(page.content, page.url):
        path = urlsplit(link.url).path.lower()
        wanted = is_disclosure(link.text) or (on_disclosure and bool(school_years(link.text)))
        if not wanted or urlsplit(link.url).netloc != host or path.endswith(_FILE_SUFFIXES) or link.url in c.fetched:
            continue
        if budget[0] <= 0:
            c.out.reach("disclosure_pages", f"đạt giới hạn {_MAX_SUBPAGES} trang công khai được mở", posts=False)
            return
        sub = c.fetch(link.url, "disclosure")
        if sub is not None:
            budget[0] -= 1
            _follow_disclosure(c, sub, True, budget, depth - 1)
