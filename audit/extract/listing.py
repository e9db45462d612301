"""Find listing blocks on a page by structure: repeated sibling blocks of a title link and a date.

No per-site selectors: a link with a title-like text is climbed up to the largest ancestor
that holds no other title link (its item box); item boxes that are siblings of one kind
(same tag and class under one parent) form a block. Each item's date is read from the box's
text outside the title link, so a date inside a title ("Tuần 3 (21/09 - 25/09)") is not taken.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError, _Element

from audit.dates import find_dates, parse_date
from audit.fetch.charset import decode
from audit.text import clean, fold
from audit.vocabulary import DOCUMENT_FIELD_WORDS

_MIN_TITLE = 12
MAX_DATE_SEGMENT = 80
_MAX_CLIMB = 6
_SKIP_TAGS = ("script", "style", "noscript", "template")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ID_CLASS = re.compile(r"^[A-Za-z_-]*[-_]\d+$")  # post-8303, item_12: ids, not kinds
# A document's number as offices print it: 123/KH-THCS, 15/QĐ-PGD&ĐT, 45/2021/NĐ-CP.
_DOC_NUMBER = re.compile(r"(?<![\w/])\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*)+")


@dataclass(frozen=True)
class ListingItem:
    """One listed post: its link, its title, and the date shown beside it (if any)."""
    url: str
    title: str
    published: date | None
    date_text: str = ""
    doc_like: bool = False   # shows a document's fields (số hiệu, ngày ban hành) or its number


@dataclass(frozen=True)
class ListingBlock:
    """Sibling item boxes of one kind: a listing, a sidebar, a related-news block."""
    signature: str
    items: tuple[ListingItem, ...]

    @property
    def dated_share(self) -> float:
        """Share of items that show a date."""
        return sum(1 for i in self.items if i.published) / len(self.items) if self.items else 0.0

    @property
    def doc_share(self) -> float:
        """Share of items that look like documents (a Văn bản list, whatever its label)."""
        return sum(1 for i in self.items if i.doc_like) / len(self.items) if self.items else 0.0


def parse_html(html: str | bytes, keep_scripts: bool = False) -> _Element | None:
    """An lxml tree (scripts and styles dropped unless kept), or None for an unparsable page.

    Bytes are decoded first (meta charset, then detection): lxml alone reads undeclared bytes
    as Latin-1, which garbles Vietnamese.
    """
    if isinstance(html, bytes):
        html = decode(html, None)[0]
    html = _XML_DECL.sub("", html, count=1)  # lxml refuses a str that declares its encoding
    if not html.strip():
        return None
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None
    if not keep_scripts:
        drop_scripts(tree)
    return tree


def drop_scripts(tree: _Element) -> None:
    """Remove script, style and template elements (their text is not page text)."""
    for bad in list(tree.iter(*_SKIP_TAGS)):
        bad.drop_tree()


def title_links(tree: _Element, base_url: str) -> Iterator[tuple[_Element, str, str]]:
    host = urlsplit(base_url).netloc
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        title = clean(a.text_content()) or clean(a.get("title") or "")
        if urlsplit(url).netloc == host and len(title) >= _MIN_TITLE and " " in title:
            yield a, url, title


def _box(a: _Element, url: str, hrefs_in: dict[_Element, set[str]]) -> _Element:
    box = a
    for _ in range(_MAX_CLIMB):
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html") or _other_link(hrefs_in.get(parent), url):
            break
        box = parent
    return box


def _other_link(hrefs: set[str] | None, url: str) -> bool:
    """True when an element holds a title link to another URL than `url` (no set copied: a listing's
    parent holds thousands)."""
    return hrefs is not None and (len(hrefs) > 1 or (len(hrefs) == 1 and url not in hrefs))


def _hrefs_by_ancestor(links: list[tuple[_Element, str, str]]) -> dict[_Element, set[str]]:
    # Elements themselves are the keys: lxml proxies are recreated, so id() is not stable.
    result: dict[_Element, set[str]] = defaultdict(set)
    for a, url, _ in links:
        for anc in a.iterancestors():
            result[anc].add(url)
    return result


def date_segments(texts: Iterable[str], title: str) -> str:
    """The short text segments that may carry a date: not prose, not a repeat of the title.

    A listing's or byline's date stands in a short element of its own ("05/09/21",
    "Đăng lúc: 5/9/2022 - Lượt xem: 120"); an excerpt or body that repeats the title
    ("Thông báo lịch kiểm tra ngày 12/11/2021 […]") is not a date line.
    """
    folded_title = fold(title)
    keep = []
    for raw in texts:
        seg = clean(raw)
        if seg and len(seg) <= MAX_DATE_SEGMENT and not (folded_title and folded_title in fold(seg)):
            keep.append(seg)
    return " ".join(keep)


def _date_of(box: _Element, title: str) -> tuple[date | None, str]:
    """The date shown in an item box, outside its title link(s)."""
    for t in box.iter("time"):
        found = parse_date(t.get("datetime") or "") or parse_date(t.text_content())
        if found:
            return found, clean(t.get("datetime") or t.text_content())
    text = date_segments(_text_outside_titles(box), title)
    matches = find_dates(text)  # offsets refer to the folded text
    return (matches[0].day, fold(text)[matches[0].start:matches[0].end]) if matches else (None, "")


def _text_outside_titles(el: _Element) -> Iterator[str]:
    """Text of an element in document order, skipping title links (their dates are not dates)."""
    if el.tag == "a" and len(clean(el.text_content())) >= _MIN_TITLE:
        return
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _text_outside_titles(child)
        if child.tail:
            yield child.tail


def signature(box: _Element) -> str:
    """Tag and class of an item box; class tokens with digits (post-8303, item-12) are ids, not kinds."""
    classes = sorted(c for c in (box.get("class") or "").split() if not _ID_CLASS.match(c))
    return f"{box.tag}.{'.'.join(classes)}"


def find_blocks(html: str | bytes, base_url: str) -> list[ListingBlock]:
    """Every listing-like block of a page, the largest (then best dated) first."""
    tree = parse_html(html)
    if tree is None:
        return []
    links = list(title_links(tree, base_url))
    hrefs_in = _hrefs_by_ancestor(links)
    tables: dict[_Element, bool] = {}
    groups: dict[tuple[_Element | None, str], list[ListingItem]] = defaultdict(list)
    for a, url, title in links:
        box = _box(a, url, hrefs_in)
        parent = box.getparent()
        key = (parent, signature(box))
        published, text = _date_of(box, title)
        doc = _doc_fields(box) or _doc_table(box, tables)
        groups[key].append(ListingItem(url, title, published, text, doc))
    blocks = [ListingBlock(sig, tuple(_unique(items))) for (_, sig), items in groups.items()]
    return sorted(blocks, key=lambda b: (len(b.items), b.dated_share), reverse=True)


def _doc_fields(box: _Element) -> bool:
    """True when an item box shows a document's fields or number outside its title."""
    text = " ".join(_text_outside_titles(box))
    return bool(_DOC_NUMBER.search(text)) or any(w in fold(text) for w in DOCUMENT_FIELD_WORDS)


def _doc_table(box: _Element, cache: dict[_Element, bool]) -> bool:
    """True when the item is a row of a table headed with a document's fields (Số hiệu, Ngày ban hành)."""
    table = next(box.iterancestors("table"), None) if box.tag == "tr" else None
    if table is None:
        return False
    if table not in cache:
        head = table.xpath("./tr/th|./thead/tr/th|./tbody/tr/th|./thead/tr/td")
        text = " ".join(h.text_content() for h in head) if head else _first_row_text(table)
        cache[table] = any(w in fold(text) for w in DOCUMENT_FIELD_WORDS)
    return cache[table]


def _first_row_text(table: _Element) -> str:
    row = next(table.iter("tr"), None)
    return row.text_content() if row is not None else ""


def _unique(items: list[ListingItem]) -> list[ListingItem]:
    """One item per URL, in order; an image link and a title link to one post keep the longer title."""
    best: dict[str, ListingItem] = {}
    for item in items:
        kept = best.get(item.url)
        if kept is None or len(item.title) > len(kept.title):
            best[item.url] = item if kept is None else ListingItem(item.url, item.title, kept.published or item.published,
                                                                   kept.date_text or item.date_text,
                                                                   kept.doc_like or item.doc_like)
    return list(best.values())
