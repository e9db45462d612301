"""What an article page says about itself, from one parse (pure): its date, and where that
date stood, its canonical URL, its language copies, the links it offers to other posts.

Date order, cheapest and surest first: meta tags and JSON-LD, a `time` element by the title,
the visible date printed by the title (a byline such as "Thứ sáu, 18/9/2026, 20:22"), and
only then htmldate. Text from the title on is read up to a related-news heading ("Tin cùng
chuyên mục"…), so other posts' dates are never taken. Where the date stood (a meta key, or
the tag and class of the byline's element) is the article template's fingerprint: pages
reached by links count as posts only when their date stands where the listed posts' does.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.etree import _Element, iterwalk

from audit.dates import find_dates, parse_date
from audit.extract.discovery import Section, breadcrumbs, sections_in
from audit.extract.forward import forward_in
from audit.extract.listing import drop_scripts, parse_html, signature, title_links
from audit.text import clean, fold
from audit.vocabulary import ARTICLE_DATE_META, DOCUMENT_FIELD_WORDS, NEIGHBOUR_LINK_WORDS, RELATED_BLOCK_WORDS

_AFTER_TITLE = 400
_BYLINE_CHARS = 120   # a byline ("Cập nhật lúc … | Lượt xem … | Tác giả …") is short; longer text is prose
_BEFORE_TITLE = 160
_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})\s*(?:/|-|\s+nam\s+)\s*(\d{4})(?!\d)")
_DOC_FIELDS_MIN = 2
_DOC_FIELDS_CHARS = 3000
_ROOT_PATHS = ("", "/", "/index.html", "/index.htm", "/index.php", "/vi", "/vi/", "/home", "/trang-chu")


@dataclass(frozen=True)
class ArticleFacts:
    """An article page's own facts."""
    published: date | None = None
    source: str = ""                      # "meta" or "article" ("" without a date)
    where: str = ""                       # fingerprint of where the date stood
    canonical: str | None = None
    original: str | None = None           # set on another language's copy: the Vietnamese post it copies
    title: str = ""
    links: tuple[str, ...] = ()           # same-site links that may lead to other posts
    document: bool = False                # shows a document's fields (Số hiệu, Ngày ban hành…)
    crumbs: tuple[Section, ...] = ()      # its breadcrumb trail: the sections it is filed under
    sections: tuple[Section, ...] = ()    # section links the page shows (menus, sidebars)
    forward: str | None = None            # a "page has moved" stub: where it forwards to


def article_facts(html: str | bytes, url: str = "") -> ArticleFacts:
    """Everything the crawler reads from an article page; empty facts for an unparsable page."""
    tree = parse_html(html, keep_scripts=True)
    if tree is None:
        return ArticleFacts()
    meta = _from_meta(tree)
    forward = forward_in(tree, url) if url else None   # drops the scripts
    drop_scripts(tree)
    published, where = (meta[0], f"meta:{meta[1]}") if meta else _by_title(tree)
    if published is None:
        guess = _htmldate(tree)  # a date (or month) printed in the title is what the post is about, not its date
        published, where = (guess, "htmldate") if guess and not _about(guess, tree) else (None, "")
    source = "" if published is None else ("meta" if meta else "article")
    return ArticleFacts(published, source, where, _canonical(tree, url), _original(tree, url), _heading(tree),
                        _links(tree, url) if url else (), _document(tree),
                        tuple(breadcrumbs(tree, url)) if url else (), tuple(sections_in(tree, url)) if url else (),
                        forward)


def article_date(html: str | bytes) -> tuple[date | None, str]:
    """(date, source) where source is 'meta' or 'article'; (None, '') when none is found."""
    facts = article_facts(html)
    return facts.published, facts.source


def language_copy(html: str | bytes, url: str) -> str | None:
    """For a page in another language that names its Vietnamese version: that version's URL."""
    tree = parse_html(html)
    return None if tree is None else _original(tree, url)


def canonical_url(html: str | bytes) -> str | None:
    """The page's declared canonical URL (link rel=canonical, then og:url)."""
    tree = parse_html(html)
    return None if tree is None else _canonical(tree)


def _from_meta(tree: _Element) -> tuple[date, str] | None:
    for meta in tree.iter("meta"):
        key = fold(meta.get("property") or meta.get("itemprop") or meta.get("name") or "")
        if key in ARTICLE_DATE_META:
            found = parse_date(meta.get("content") or "")
            if found:
                return found, key
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        found = _json_ld_date(script.text or "")
        if found:
            return found, "json-ld"
    return None


def _json_ld_date(text: str) -> date | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    for node in data if isinstance(data, list) else [data]:
        if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
            return parse_date(node["datePublished"])
    return None


def _title_element(tree: _Element) -> _Element | None:
    heads = tree.xpath("//h1")
    if heads:
        return heads[0]
    page_title = fold(tree.findtext(".//title") or "")
    for h in tree.xpath("//h2|//h3"):
        text = fold(h.text_content())
        if len(text) > 10 and text in page_title:
            return h
    return None


def _about(guess: date, tree: _Element) -> bool:
    """True when a guessed date is one the title names: the day itself, or the first of a month it
    names ("Lịch công tác tháng 3/2023" is no post of 1 March)."""
    title = _title_element(tree)
    texts = ([title.text_content()] if title is not None else []) + [tree.findtext(".//title") or ""]
    if guess in {m.day for t in texts for m in find_dates(t)}:
        return True
    months = {(int(m), int(y)) for t in texts for m, y in _MONTH_YEAR.findall(fold(t))}
    return guess.day == 1 and (guess.month, guess.year) in months


def _by_title(tree: _Element) -> tuple[date | None, str]:
    """The date printed next to the title, and the signature of the element it stood in."""
    title = _title_element(tree)
    if title is None:
        return None, ""
    before, after = _segments_around(tree, title)
    for segments, last in ((after, False), (before, True)):
        found = _first_date(segments, last)
        if found:
            return found
    return None, ""


def _first_date(segments: list[tuple[str, _Element]], last: bool) -> tuple[date, str] | None:
    """The first (or last) date of the joined segments, with the signature of its element."""
    joined = " ".join(text for text, _ in segments)
    matches = find_dates(joined)
    if not matches:
        return None
    match = matches[-1 if last else 0]
    offset = 0
    for text, el in segments:
        offset += len(text) + 1
        if match.start < offset:
            return match.day, signature(el)
    return match.day, ""


def _segments_around(tree: _Element, title: _Element) -> tuple[list[tuple[str, _Element]], list[tuple[str, _Element]]]:
    """Short folded segments (with their element) shortly before the title, and after it up to a
    related-news heading; a `<time datetime>` counts with its machine-readable value. The title's
    own text, prose and repeats of the title are skipped."""
    before: list[tuple[str, _Element]] = []
    after: list[tuple[str, _Element]] = []
    title_text = fold(title.text_content())
    state = "before"
    for event, el in iterwalk(tree, events=("start", "end")):
        if el is title:
            state = "title" if event == "start" else "after"
            if event == "start":
                continue
        text = el.text if event == "start" else el.tail
        if event == "start" and el.tag == "time" and el.get("datetime") and state != "title":
            text = f"{el.get('datetime')} {text or ''}"   # a machine-readable date stands for its element
        if state == "title" or not text or not text.strip():
            continue
        folded = fold(text)
        if state == "after" and any(w in folded for w in RELATED_BLOCK_WORDS):
            break
        if len(folded) > _BYLINE_CHARS or (title_text and title_text in folded):
            continue
        owner = el if event == "start" else el.getparent()
        (after if state == "after" else before).append((folded, owner if owner is not None else el))
        if state == "after" and sum(len(t) for t, _ in after) > _AFTER_TITLE:
            break
    return _tail(before, _BEFORE_TITLE), after


def _tail(segments: list[tuple[str, _Element]], chars: int) -> list[tuple[str, _Element]]:
    """The last segments holding at most about `chars` characters."""
    kept: list[tuple[str, _Element]] = []
    for seg in reversed(segments):
        if sum(len(t) for t, _ in kept) > chars:
            break
        kept.insert(0, seg)
    return kept


def _htmldate(tree: _Element) -> date | None:
    """htmldate's guess, last: it can pick a listed or related date on busy pages."""
    from htmldate import find_date
    try:
        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None


def _canonical(tree: _Element, url: str = "") -> str | None:
    """The declared canonical URL (link rel=canonical, then og:url), made absolute against the page's."""
    for href in tree.xpath('//link[@rel="canonical"]/@href|//meta[@property="og:url"]/@content'):
        if clean(str(href)):
            return urljoin(url, clean(str(href))) if url else clean(str(href))
    return None


def _original(tree: _Element, url: str) -> str | None:
    """For a page in another language that names its Vietnamese version (hreflang="vi"): that version."""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip().lower()
    if not lang or lang.startswith("vi"):
        return None
    for link in tree.xpath('//link[@rel="alternate"][@hreflang]'):
        href = urldefrag(urljoin(url, (link.get("href") or "").strip()))[0]
        if (link.get("hreflang") or "").lower().startswith("vi") and urlsplit(href).path not in _ROOT_PATHS:
            return href
    return None


def _heading(tree: _Element) -> str:
    """The article's heading (h1), else the page title."""
    node = next(iter(tree.xpath("//h1") or tree.xpath("//title")), None)
    return clean(node.text_content()) if node is not None else ""


def _links(tree: _Element, url: str) -> tuple[str, ...]:
    """Links that may lead to other posts: title-like links, and previous/next ones."""
    found = [link for _, link, _ in title_links(tree, url)]
    host = urlsplit(url).netloc
    for a in tree.iter("a"):
        words = fold(a.text_content())
        rel = (a.get("rel") or "").lower().split()
        if "prev" in rel or "next" in rel or any(words.startswith(w) for w in NEIGHBOUR_LINK_WORDS):
            href = urldefrag(urljoin(url, (a.get("href") or "").strip()))[0]
            if urlsplit(href).netloc == host:
                found.append(href)
    return tuple(u for u in dict.fromkeys(found) if u != url)


def _document(tree: _Element) -> bool:
    """True for a document's page: the text after its title shows at least two of a document's fields."""
    title = _title_element(tree)
    texts = title.xpath("following::text()") if title is not None else tree.xpath("//body/descendant::text()")
    text, size = [], 0
    for t in texts:
        text.append(str(t))
        size += len(t)
        if size > _DOC_FIELDS_CHARS:
            break
    folded = fold(" ".join(text))
    return sum(w in folded for w in DOCUMENT_FIELD_WORDS) >= _DOC_FIELDS_MIN
