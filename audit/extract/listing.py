"""Find listing blocks on a page by structure: repeated sibling blocks of a title link and a date.

No per-site selectors: a link with a title-like text is climbed up to the largest ancestor
that holds no other title link (its item box); item boxes that are siblings of one kind
(same tag and class under one parent) form a block. Each item's date is read from the box's
text outside the title link, so a date inside a title ("Tuần 3 (21/09 - 25/09)") is not taken.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError, _Element

from audit.dates import find_dates, parse_date
from audit.text import clean, fold

_MIN_TITLE = 12
_MAX_CLIMB = 6
_SKIP_TAGS = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class ListingItem:
    """One listed post: its link, its title, and the date shown beside it (if any)."""
    url: str
    title: str
    published: date | None
    date_text: str = ""


@dataclass(frozen=True)
class ListingBlock:
    """Sibling item boxes of one kind: a listing, a sidebar, a related-news block."""
    signature: str
    items: tuple[ListingItem, ...]

    @property
    def dated_share(self) -> float:
        """Share of items that show a date."""
        return sum(1 for i in self.items if i.published) / len(self.items) if self.items else 0.0


def parse_html(html: str | bytes, keep_scripts: bool = False) -> _Element | None:
    """An lxml tree (scripts and styles dropped unless kept), or None for an unparsable page."""
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


def _title_links(tree: _Element, base_url: str) -> Iterator[tuple[_Element, str, str]]:
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
        if parent is None or parent.tag in ("body", "html") or hrefs_in.get(parent, set()) - {url}:
            break
        box = parent
    return box


def _hrefs_by_ancestor(links: list[tuple[_Element, str, str]]) -> dict[_Element, set[str]]:
    # Elements themselves are the keys: lxml proxies are recreated, so id() is not stable.
    result: dict[_Element, set[str]] = defaultdict(set)
    for a, url, _ in links:
        for anc in a.iterancestors():
            result[anc].add(url)
    return result


def _date_of(box: _Element, link: _Element) -> tuple[date | None, str]:
    for t in box.iter("time"):
        found = parse_date(t.get("datetime") or "") or parse_date(t.text_content())
        if found:
            return found, clean(t.get("datetime") or t.text_content())
    parts = [clean(s) for s in box.itertext() if not _inside(s, link)]
    text = " ".join(p for p in parts if p)
    matches = find_dates(text)  # offsets refer to the folded text
    return (matches[0].day, fold(text)[matches[0].start:matches[0].end]) if matches else (None, "")


def _inside(text_node: object, link: _Element) -> bool:
    parent = getattr(text_node, "getparent", lambda: None)()
    if parent is None:
        return False
    if getattr(text_node, "is_tail", False):
        parent = parent.getparent()
    while parent is not None:
        if parent is link:
            return True
        parent = parent.getparent()
    return False


def _signature(box: _Element) -> str:
    """Tag and class of an item box; class tokens with digits (post-8303, item-12) are ids, not kinds."""
    classes = sorted(c for c in (box.get("class") or "").split() if not any(ch.isdigit() for ch in c))
    return f"{box.tag}.{'.'.join(classes)}"


def find_blocks(html: str | bytes, base_url: str) -> list[ListingBlock]:
    """Every listing-like block of a page, the largest (then best dated) first."""
    tree = parse_html(html)
    if tree is None:
        return []
    links = list(_title_links(tree, base_url))
    hrefs_in = _hrefs_by_ancestor(links)
    groups: dict[tuple[_Element | None, str], list[ListingItem]] = defaultdict(list)
    for a, url, title in links:
        box = _box(a, url, hrefs_in)
        parent = box.getparent()
        key = (parent, _signature(box))
        published, text = _date_of(box, a)
        groups[key].append(ListingItem(url, title, published, text))
    blocks = [ListingBlock(sig, tuple(_unique(items))) for (_, sig), items in groups.items()]
    return sorted(blocks, key=lambda b: (len(b.items), b.dated_share), reverse=True)


def _unique(items: list[ListingItem]) -> list[ListingItem]:
    """One item per URL, in order; an image link and a title link to one post keep the longer title."""
    best: dict[str, ListingItem] = {}
    for item in items:
        kept = best.get(item.url)
        if kept is None or len(item.title) > len(kept.title):
            best[item.url] = item if kept is None else ListingItem(item.url, item.title, kept.published or item.published,
                                                                   kept.date_text or item.date_text)
    return list(best.values())
