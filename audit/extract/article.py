"""An article page's own publication date, and its canonical URL (pure).

Order, cheapest and surest first: meta tags and JSON-LD, a `time` element by the title, the
visible date printed by the title (a byline such as "Thứ sáu, 18/9/2026, 20:22"), and only
then htmldate. Text from the title on is read up to a related-news heading ("Tin cùng
chuyên mục"…), so other posts' dates are never taken.
"""
from __future__ import annotations

import json
from datetime import date

from lxml.etree import _Element, iterwalk

from audit.dates import find_dates, parse_date
from audit.extract.listing import date_segments, drop_scripts, parse_html
from audit.text import clean, fold
from audit.vocabulary import ARTICLE_DATE_META, RELATED_BLOCK_WORDS

_AFTER_TITLE = 400
_BEFORE_TITLE = 160


def article_date(html: str | bytes) -> tuple[date | None, str]:
    """(date, source) where source is 'meta' or 'article'; (None, '') when none is found."""
    tree = parse_html(html, keep_scripts=True)
    if tree is None:
        return None, ""
    found = _from_meta(tree)
    if found:
        return found, "meta"
    drop_scripts(tree)
    found = _by_title(tree)
    if found is None:
        guess = _htmldate(tree)  # a date printed in the title is what the post is about, not its date
        found = guess if guess not in _title_dates(tree) else None
    return (found, "article") if found else (None, "")


def _from_meta(tree: _Element) -> date | None:
    for meta in tree.iter("meta"):
        key = fold(meta.get("property") or meta.get("itemprop") or meta.get("name") or "")
        if key in ARTICLE_DATE_META:
            found = parse_date(meta.get("content") or "")
            if found:
                return found
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        found = _json_ld_date(script.text or "")
        if found:
            return found
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


def _title_dates(tree: _Element) -> set[date]:
    title = _title_element(tree)
    texts = [title.text_content()] if title is not None else []
    texts.append(tree.findtext(".//title") or "")
    return {m.day for t in texts for m in find_dates(t)}


def _by_title(tree: _Element) -> date | None:
    title = _title_element(tree)
    if title is None:
        return None
    for t in title.xpath("following::time[@datetime][position() <= 2]"):
        found = parse_date(t.get("datetime") or "")
        if found:
            return found
    before, after = _text_around(tree, title)
    for text in (after, before):
        matches = find_dates(text)
        if matches:
            return matches[0 if text is after else -1].day
    return None


def _text_around(tree: _Element, title: _Element) -> tuple[str, str]:
    """Short segments shortly before the title, and after it up to a related-news heading.

    The title's own text is skipped (titles carry dates that are not the publication date).
    """
    before: list[str] = []
    after: list[str] = []
    title_text = clean(title.text_content())
    state = "before"
    for event, el in iterwalk(tree, events=("start", "end")):
        if el is title:
            state = "title" if event == "start" else "after"
            if event == "start":
                continue
        text = el.text if event == "start" else el.tail
        if state == "title" or not text or not text.strip():
            continue
        if state == "after" and any(w in fold(text) for w in RELATED_BLOCK_WORDS):
            break
        (after if state == "after" else before).append(text)
        if state == "after" and sum(len(t) for t in after) > _AFTER_TITLE:
            break
    return date_segments(before, title_text)[-_BEFORE_TITLE:], date_segments(after, title_text)[:_AFTER_TITLE]


def _htmldate(tree: _Element) -> date | None:
    """htmldate's guess, last: it can pick a listed or related date on busy pages."""
    from htmldate import find_date
    try:
        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None


def canonical_url(html: str | bytes) -> str | None:
    """The page's declared canonical URL (link rel=canonical, then og:url)."""
    tree = parse_html(html)
    if tree is None:
        return None
    for href in tree.xpath('//link[@rel="canonical"]/@href|//meta[@property="og:url"]/@content'):
        if clean(str(href)):
            return clean(str(href))
    return None
