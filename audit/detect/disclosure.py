"""Public disclosure ("Công khai"): which school years have their own section, page or post.

Years are read only from headings, link texts and post titles (a paragraph citing "Thông tư
36/2017" or an old year is not a disclosure of that year). The Thông tư 36/2017 groups and
Thông tư 09/2024's annual report are recognised by their words on the disclosure pages.
"""
from __future__ import annotations

from typing import Any

from audit.detect import Page
from audit.detect.links import headings, links, page_text, school_years
from audit.findings import Finding
from audit.text import fold
from audit.vocabulary import DISCLOSURE_GROUPS, DISCLOSURE_WORDS


def is_disclosure(text: str) -> bool:
    """True when a label or title speaks of public disclosure."""
    folded = fold(text)
    return any(w in folded for w in DISCLOSURE_WORDS)


def _about_disclosure(text: str) -> bool:
    """A heading or link that names disclosure or one of its groups (not a sidebar's news title)."""
    folded = fold(text)
    return is_disclosure(text) or any(w in folded for words in DISCLOSURE_GROUPS.values() for w in words)


def _page_items(page: Page) -> list[dict[str, Any]]:
    items = [{"year": y, "url": page.url, "title": h, "kind": "section"}
             for h in headings(page.html) if _about_disclosure(h) for y in school_years(h)]
    for link in links(page.html, page.url):
        if not _about_disclosure(link.text):
            continue
        for year in school_years(link.text):
            kind = "file" if link.url.lower().endswith((".pdf", ".doc", ".docx", ".xls", ".xlsx")) else "page"
            items.append({"year": year, "url": link.url, "title": link.text, "kind": kind})
    return items


def detect_disclosure(pages: list[Page], titled: list[tuple[str, str]]) -> Finding:
    """The `disclosure` finding from the disclosure pages read and the posts listed (not the
    directives of Văn bản: "…về việc thực hiện ba công khai" is no disclosure of a year)."""
    items = [i for p in pages for i in _page_items(p)]
    posts = [(t, u) for t, u in titled if is_disclosure(t) and school_years(t)]
    items += [{"year": y, "url": u, "title": t, "kind": "post"} for t, u in posts for y in school_years(t)]
    text = " ".join(page_text(p.html) for p in pages) + " " + fold(" ".join(t for t, _ in posts))
    groups = [g for g, words in DISCLOSURE_GROUPS.items() if any(w in text for w in words)]
    url = pages[0].url if pages else (posts[0][1] if posts else None)
    values = {"found": bool(pages or posts), "url": url, "years": sorted({i["year"] for i in items}),
              "items": _unique(items), "groups": groups}
    proof = tuple(dict.fromkeys([p.url for p in pages] + [u for _, u in posts]))[:20]
    return Finding(values=values, evidence=proof)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        key = (item["year"], item["url"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
