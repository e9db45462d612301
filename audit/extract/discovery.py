"""Where a portal keeps its posts: sections from menus, pagination, feeds and sitemaps (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from audit.dates import parse_feed_date
from audit.extract.listing import parse_html
from audit.text import clean, fold
from audit.vocabulary import NEXT_PAGE_WORDS, PAGER_WORDS, SECTION_WORDS

_MAX_LABEL = 60
_PAGE_IN_URL = re.compile(r"(?:[?&](?:page|p|trang|pageno|paged)=(\d+))|(?:/page[-/](\d+)/?)(?:$|[?#])", re.I)


@dataclass(frozen=True)
class Section:
    """A link to a part of the portal, classified by its label or URL."""
    url: str
    label: str
    kind: str


def classify(label: str, url: str = "") -> str | None:
    """The section kind of a menu label (or, failing that, of its URL slug)."""
    text = fold(label)
    slug = fold(re.sub(r"[-_/.]+", " ", urlsplit(url).path))
    for source in (text, slug):
        for kind, words in SECTION_WORDS:
            if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", source) for w in words):
                return kind
    return None


def sections(html: str | bytes, base_url: str) -> list[Section]:
    """Same-site links with short labels (menus, headings) and the section kind they lead to."""
    tree = parse_html(html)
    if tree is None:
        return []
    host = urlsplit(base_url).netloc
    found: dict[str, Section] = {}
    for a in tree.iter("a"):
        label = clean(a.text_content()) or clean(a.get("title") or "")
        url = urldefrag(urljoin(base_url, (a.get("href") or "").strip()))[0]
        if not label or len(label) > _MAX_LABEL or urlsplit(url).netloc != host or url in found:
            continue
        if _pager_label(label):  # "2", "»", "Trang sau": a listing's pager, not a section
            continue
        kind = classify(label, url)
        if kind:
            found[url] = Section(url, label, kind)
    return list(found.values())


def _pager_label(label: str) -> bool:
    """True for a pager's link text: numbers, arrows, "Trang sau", "Trang 3", "Last »"."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(label)).split()
    return all(w.isdigit() or w in PAGER_WORDS for w in words)


def page_number(url: str) -> int | None:
    """The page number a listing URL asks for (?page=3, ?p=3, /page-3, /page/3/)."""
    m = _PAGE_IN_URL.search(url)
    return int(m.group(1) or m.group(2)) if m else None


def next_pages(html: str | bytes, page_url: str) -> list[str]:
    """Candidate URLs of the following listing pages: rel=next and "Trang sau" first, then numbers."""
    tree = parse_html(html)
    if tree is None:
        return []
    current = page_number(page_url) or 1
    first: list[str] = []
    numbered: list[tuple[int, str]] = []
    for a in tree.iter("a", "link"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        url = urldefrag(urljoin(page_url, href))[0]
        text = fold(a.text_content() if a.tag == "a" else "")
        rel = (a.get("rel") or "").lower()
        if "next" in rel.split() or text in NEXT_PAGE_WORDS:
            first.append(url)
        elif text.isdigit() and int(text) > current:
            numbered.append((int(text), url))
    ordered = first + [u for _, u in sorted(numbered)]
    return [u for u in dict.fromkeys(ordered) if u != page_url]


def feed_links(html: str | bytes, base_url: str) -> list[str]:
    """RSS/Atom feeds the page declares."""
    tree = parse_html(html)
    if tree is None:
        return []
    xpath = '//link[@rel="alternate"][contains(@type,"rss") or contains(@type,"atom")]/@href'
    return list(dict.fromkeys(urljoin(base_url, str(h)) for h in tree.xpath(xpath)))


def parse_sitemap(xml: bytes) -> tuple[list[tuple[str, date | None]], list[str]]:
    """(page URLs with their lastmod day, child sitemaps) of a sitemap or sitemap index."""
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return [], []
    if root is None:
        return [], []
    pages, children = [], []
    for node in root:
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        loc = next((clean(c.text or "") for c in node if isinstance(c.tag, str) and etree.QName(c).localname == "loc"), "")
        mod = next((c.text or "" for c in node if isinstance(c.tag, str) and etree.QName(c).localname == "lastmod"), "")
        if loc and tag == "sitemap":
            children.append(loc)
        elif loc and tag == "url":
            pages.append((loc, parse_feed_date(mod) if mod else None))
    return pages, children
