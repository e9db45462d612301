"""Links and headings of a page, with folded text, for the detectors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from audit.extract.listing import parse_html
from audit.text import clean, fold

_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*[-–/]\s*(20\d{2})(?!\d)")


@dataclass(frozen=True)
class Link:
    """A link: absolute URL, visible text, and folded text plus file name for matching."""
    url: str
    text: str
    folded: str


def links(html: bytes | str, base_url: str) -> Iterator[Link]:
    """Every http(s) link of a page (text from the anchor, its title, or the file name)."""
    tree = parse_html(html)
    if tree is None:
        return
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        url = urldefrag(urljoin(base_url, href))[0]
        if not href or urlsplit(url).scheme not in ("http", "https"):
            continue
        text = clean(a.text_content()) or clean(a.get("title") or "")
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        yield Link(url, text, fold(f"{text} {re.sub(r'[-_.]+', ' ', name)}"))


def headings(html: bytes | str) -> list[str]:
    """Texts of the page's headings and its title."""
    tree = parse_html(html)
    if tree is None:
        return []
    return [clean(h.text_content()) for h in tree.xpath("//h1|//h2|//h3|//h4|//title|//strong|//b")]


def school_years(text: str) -> list[str]:
    """School years named in a text ("năm học 2021-2022", "NH 2021 - 2022")."""
    return [f"{a}-{b}" for a, b in _YEAR.findall(text) if int(b) == int(a) + 1]


def page_text(html: bytes | str) -> str:
    """All visible text of a page, folded."""
    tree = parse_html(html)
    return fold(tree.text_content()) if tree is not None else ""
