"""Where a portal keeps its posts: sections from menus, pagination, feeds and sitemaps (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml.etree import _Element

from audit.dates import parse_feed_date
from audit.extract.listing import parse_html
from audit.text import clean, fold
from audit.vocabulary import HOME_LABELS, LANGUAGE_LABELS, NEIGHBOUR_LINK_WORDS, NEXT_PAGE_WORDS, PAGER_WORDS, SECTION_WORDS

_MAX_LABEL = 60
_PAGE_IN_URL = re.compile(r"(?:[?&](?:page|p|trang|pageno|paged|pageindex|pagenumber|pagenum|pg|currentpage|page_no)"
                          r"=(\d+))|(?:/(?:page|trang)[-/](\d+)(?:\.html?|/)?)(?:$|[?#])", re.I)


@dataclass(frozen=True)
class Section:
    """A link to a part of the portal, classified by its label or URL (and its menu parent's label)."""
    url: str
    label: str
    kind: str
    parent: str = ""


@dataclass(frozen=True)
class Pager:
    """What a listing page says about its pagination."""
    announced: int | None = None    # pages the pager announces (its last number, "Trang 1/12", total / per page)
    total_items: int | None = None  # items the page says the list holds ("Tổng số: 143 tin")
    script_only: bool = False       # page links that only JavaScript can follow (no usable href)


_TITLE_WORDS = 4
_KIND_PATTERNS = tuple((kind, re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])"))
                       for kind, words in SECTION_WORDS)


def classify(label: str, url: str = "") -> str | None:
    """The section kind of a menu label (or, failing that, of its URL slug)."""
    return _classify(label, urlsplit(url).path)


@lru_cache(maxsize=8192)
def _classify(label: str, path: str) -> str | None:
    text = fold(label)
    slug = fold(re.sub(r"[-_/.]+", " ", path))
    # a label of several words that names no kind is a post's title: its URL's words say where it is filed
    sources = (text,) if len([w for w in text.split() if any(ch.isalnum() for ch in w)]) >= _TITLE_WORDS else (text, slug)
    for source in sources:
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(source):
                return kind
    return None


def sections(html: str | bytes, base_url: str, unclassified: bool = False) -> list[Section]:
    """Same-site links with short labels (menus, headings) and the section kind they lead to
    (with `unclassified`, also those whose label names no kind: kind "")."""
    tree = parse_html(html)
    return [] if tree is None else sections_in(tree, base_url, unclassified)


def sections_in(tree: _Element, base_url: str, unclassified: bool = False) -> list[Section]:
    """`sections` of a parsed page."""
    host = urlsplit(base_url).netloc
    found: dict[str, Section] = {}
    for a in tree.iter("a"):
        label = clean(a.text_content()) or clean(a.get("title") or "")
        url = urldefrag(urljoin(base_url, (a.get("href") or "").strip()))[0]
        if not label or len(label) > _MAX_LABEL or urlsplit(url).netloc != host or url in found:
            continue
        if _pager_label(label) or fold(label).strip("«»‹›<> ").startswith(NEIGHBOUR_LINK_WORDS) \
                or fold(label) in LANGUAGE_LABELS or (page_number(url) or 1) > 1:
            continue   # "2", "»", "Xem thêm", "« Bài trước", ?page=3: a pager or a post's neighbour, not a section
        parent = _parent_label(a)
        kind = inherit(classify(label, url), classify(parent) if parent else None)
        if kind or unclassified:
            found[url] = Section(url, label, kind or "", parent)
    return list(found.values())


_CRUMB_XPATH = ('//*[contains(translate(@class,"BREADCRUMB","breadcrumb"),"breadcrumb") or '
                'contains(translate(@id,"BREADCRUMB","breadcrumb"),"breadcrumb") or '
                'contains(@itemtype,"BreadcrumbList") or @aria-label="breadcrumb"]')


def breadcrumbs(tree: _Element, base_url: str) -> list[Section]:
    """The links of a page's breadcrumb trail (Trang chủ › Tin tức › Hoạt động), home and self left out;
    each with its label's kind ("" when the label names none: the caller decides)."""
    host = urlsplit(base_url).netloc
    found: dict[str, Section] = {}
    for trail in tree.xpath(_CRUMB_XPATH)[:2]:
        for a in trail.iter("a"):
            label = clean(a.text_content()) or clean(a.get("title") or "")
            url = urldefrag(urljoin(base_url, (a.get("href") or "").strip()))[0]
            parts = urlsplit(url)
            if (label and len(label) <= _MAX_LABEL and parts.netloc == host and parts.path not in ("", "/")
                    and fold(label) not in HOME_LABELS
                    and url != base_url and not (a.get("href") or "").strip().lower().startswith(("javascript:", "#"))):
                found.setdefault(url, Section(url, label, classify(label, url) or "", "breadcrumb"))
    return list(found.values())


def family_sections(html: str | bytes, page_url: str, section: Section) -> list[Section]:
    """Sub-sections of a listing in its own URL family: tabs and filters such as "?cate=15" links
    whose path is the section's (or starts with its name), whatever their labels say."""
    tree = parse_html(html)
    if tree is None:
        return []
    base = urlsplit(section.url)
    directory, _, name = base.path.rpartition("/")
    stem = name.rpartition(".")[0] or name
    found: dict[str, Section] = {}
    for a in tree.iter("a"):
        label = clean(a.text_content()) or clean(a.get("title") or "")
        url = urldefrag(urljoin(page_url, (a.get("href") or "").strip()))[0]
        parts = urlsplit(url)
        folder, _, leaf = parts.path.rpartition("/")
        if (not label or len(label) > _MAX_LABEL or _pager_label(label) or parts.netloc != base.netloc
                or not parts.query or parts.query == base.query or page_number(url) is not None
                or folder != directory or len(stem) < 3 or not leaf.startswith(stem) or url in found):
            continue
        kind = classify(label) or "news"
        found[url] = Section(url, label, kind, section.label)
    return list(found.values())


_OTHER_LANGUAGE_LABELS = ("en", "eng", "english", "tieng anh")


def language_alternates(html: str | bytes, base_url: str) -> list[str]:
    """This page in other languages: its hreflang alternates (not Vietnamese) and language switches
    ("ENG", "English") on the same site; another language's copy of the portal starts there."""
    tree = parse_html(html)
    if tree is None:
        return []
    host = urlsplit(base_url).netloc
    found = [urljoin(base_url, (link.get("href") or "").strip())
             for link in tree.xpath('//link[@rel="alternate"][@hreflang]')
             if not (link.get("hreflang") or "").lower().startswith(("vi", "x-default"))]
    found += [urljoin(base_url, (a.get("href") or "").strip()) for a in tree.iter("a")
              if fold(clean(a.text_content())) in _OTHER_LANGUAGE_LABELS]
    return [u for u in dict.fromkeys(urldefrag(u)[0] for u in found) if urlsplit(u).netloc == host and u != base_url]


def inherit(own: str | None, parent: str | None) -> str | None:
    """A menu entry's kind given its parent's: "Thông báo" under "Văn bản" lists documents,
    "Tuyển dụng" under "Tin tức" lists news; an entry that names its own kind keeps it."""
    if parent in _CONTAINING_KINDS and own in (None, "news"):
        return parent
    return own or (parent if parent == "news" else None)


# Kinds whose menu children hold the same kind of item even when the child's label reads as news.
_CONTAINING_KINDS = ("documents", "resources", "disclosure", "forms")
_LABEL_TAGS = ("a", "span", "strong", "b", "h2", "h3", "h4", "h5", "h6", "p", "div", "label")


def _parent_label(a: _Element) -> str:
    """The label of the menu entry a link sits under: the label element just before its sub-list.

    Covers `li > a + ul > li > a` menus and `td > a + div.submenu > a` layouts alike: walking up
    from the link, the first list-like ancestor whose previous sibling is a short label.
    """
    node = a
    for _ in range(4):
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "table", "tr"):
            return ""
        if node.tag not in ("ul", "ol", "div", "nav"):
            continue
        prev = node.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None and prev.tag in _LABEL_TAGS:
            text = clean(prev.text_content())
            if text and len(text) <= _MAX_LABEL and len(prev.findall(".//a")) <= 1:
                return text
    return ""


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
        if "next" in rel.split() or _next_label(text):
            first.append(url)
        elif text.isdigit() and int(text) > current:
            numbered.append((int(text), url))
    ordered = first + [u for _, u in sorted(numbered)]
    return [u for u in dict.fromkeys(ordered) if u != page_url]


_OF_PAGES = (re.compile(r"\btrang\s*(?<![\d/.-])\d+\s*(?:/|cua|tren|trong)\s*(\d+)(?![\d/.-])"),
             re.compile(r"(?<![\d/.-])\d+\s*/\s*(\d+)\s*trang\b(?!\s*(?:sau|tiep|truoc|ke|dau|cuoi))"),
             re.compile(r"\bpage\s*\d+\s*(?:/|of)\s*(\d+)(?![\d/.-])"),
             re.compile(r"\bco\s*(\d+)\s*trang\b"))
_TOTAL_ITEMS = re.compile(r"\b(?:tong so|tong cong|co tat ca|tong)\s*:?\s*(\d{1,6})\s*"
                          r"(?:tin|bai|ban tin|bai viet|ket qua|muc|ban ghi)\b")
_SCRIPT_HREF = ("javascript:", "#")
_MAX_PAGES = 1000   # more pages than this is a year or a count, not a pager


def pager_facts(html: str | bytes, page_url: str, per_page: int = 0) -> Pager:
    """The pagination a listing page announces: numbered links, "Trang 1/12", totals, script-only links."""
    tree = parse_html(html, keep_scripts=True)
    if tree is None:
        return Pager()
    numbers, linked, scripted = [], 0, 0
    for el in tree.iter("a", "span", "li", "button"):
        text = clean(el.text_content())
        if not text.isdigit() or len(text) > 4 or len(el) > 1:
            continue
        href = (el.get("href") or "").strip() if el.tag == "a" else ""
        if href and not href.lower().startswith(_SCRIPT_HREF):
            if page_number(urljoin(page_url, href)) == int(text):
                numbers.append(int(text))
                linked += 1
        elif el.get("onclick") or el.get("data-page") or (el.tag == "a" and href.lower().startswith(_SCRIPT_HREF)):
            scripted += int(text) > 1
            numbers.append(int(text))
    folded = fold(" ".join(t for t in tree.xpath("//body/descendant::text()[not(ancestor::script)]") if len(t) < 200))
    announced = [int(m.group(1)) for rx in _OF_PAGES for m in rx.finditer(folded) if 1 < int(m.group(1)) <= _MAX_PAGES]
    total = next((int(m.group(1)) for m in _TOTAL_ITEMS.finditer(folded)), None)
    if total and per_page:
        announced.append(-(-total // per_page))
    return Pager(max(numbers + announced, default=None), total, scripted >= 1 and not linked)


_ARROWS = re.compile(r"[»›>→]+")


def _next_label(folded: str) -> bool:
    """True for a next-page link's text: "Trang sau", "Trang sau ›", "Xem thêm", "»", "Next >>"."""
    bare = " ".join(re.sub(r"[^\w\s]+", " ", _ARROWS.sub(" ", folded)).split())
    return folded in NEXT_PAGE_WORDS or (bare in NEXT_PAGE_WORDS if bare else bool(_ARROWS.fullmatch(folded.replace(" ", ""))))


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
