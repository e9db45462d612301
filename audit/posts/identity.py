"""One post, however many URLs and categories it is listed under.

Two candidates are the same post when their normalised URLs agree (host without www,
no fragment or tracking parameters, platform variants folded by POST_ID_PATTERNS), when an
article page declared a canonical URL, or when they carry the same title and the same date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from audit.text import fold
from audit.vocabulary import POST_ID_PATTERNS, TRACKING_PARAMS

_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in POST_ID_PATTERNS)
# Which date sources to trust most when the same post was dated more than once.
_SOURCE_RANK = {"meta": 0, "article": 1, "feed": 2, "listing": 3, "sitemap": 4, "url": 5, "sidebar": 6}


@dataclass(frozen=True)
class Candidate:
    """A post as one page showed it."""
    url: str
    title: str
    published: date | None
    date_source: str
    canonical: str | None = None
    via: str = ""          # the channel that found it: listing, feed, sitemap, link ("" remembered)


@dataclass(frozen=True)
class Post:
    """A post after merging: its preferred URL, every URL seen, its best date."""
    url: str
    title: str
    published: date | None
    date_source: str
    urls: tuple[str, ...]
    via: frozenset[str] = frozenset()


def url_key(url: str) -> str:
    """A normalised form of a post URL for comparison."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    for pattern in _PATTERNS:
        m = pattern.search(parts.path)
        if m:
            return f"{host}#post:{m.group(1)}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in TRACKING_PARAMS))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, ""))


def merge(candidates: Iterable[Candidate]) -> list[Post]:
    """Candidates grouped into posts, in first-seen order."""
    items = list(candidates)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, c in enumerate(items):
        for key in _keys(c):
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[Candidate]] = {}
    for i, c in enumerate(items):
        groups.setdefault(find(i), []).append(c)
    return [_post(group) for _, group in sorted(groups.items())]


def _keys(c: Candidate) -> list[str]:
    keys = [url_key(c.url)]
    if c.canonical:
        keys.append(url_key(c.canonical))
    title = fold(c.title)
    if c.published and len(title) >= 15:
        keys.append(f"title:{title}|{c.published.isoformat()}")
    return keys


def _post(group: list[Candidate]) -> Post:
    dated = sorted((c for c in group if c.published), key=lambda c: _SOURCE_RANK.get(c.date_source, 9))
    best = dated[0] if dated else group[0]
    url = next((c.canonical for c in group if c.canonical), group[0].url)
    title = max((c.title for c in group), key=len)
    urls = tuple(dict.fromkeys(c.url for c in group))
    via = frozenset(c.via for c in group if c.via)
    return Post(url, title, best.published, best.date_source if best.published else "", urls, via)
