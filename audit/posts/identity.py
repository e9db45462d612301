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
from audit.vocabulary import CATEGORY_PARAMS, POST_ID_PATTERNS, POST_PARAMS, TRACKING_PARAMS

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
    via: str = ""          # the channel that found it: listing, feed, sitemap, link, memory (earlier runs)
    origin: str = ""       # the listing (section) that showed it


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


def url_shape(url: str) -> tuple[object, ...]:
    """A URL's shape: path depth, first directory, extension and query keys (tag/x.html vs x.html)."""
    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    first = re.sub(r"\d", "#", segments[0]) if len(segments) > 1 else ""   # /2024/10/x/ and /2023/05/y/ alike
    ext = segments[-1].rpartition(".")[2] if segments and "." in segments[-1] else ""
    keys = tuple(sorted(k for k, _ in parse_qsl(parts.query)))
    return len(segments), first, ext, keys


def merge(candidates: Iterable[Candidate]) -> list[Post]:
    """Candidates grouped into posts, in first-seen order.

    URLs and canonical URLs join candidates first; the same title on the same date joins what is
    left, unless the two sides name different canonical URLs, one listing shows both, or their URLs
    are of one shape and name different posts.
    """
    items = list(candidates)
    parent = list(range(len(items)))
    # what a group is known by: canonical URLs, its URL in each listing that showed it, and the
    # post each of its URL shapes names
    canon: dict[int, set[tuple[str, str, str]]] = {i: _identity(c) for i, c in enumerate(items)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, strict: bool) -> None:
        a, b = find(i), find(j)
        if a == b or (strict and _conflict(canon[a], canon[b])):
            return
        parent[a] = b
        canon[b] = canon[b] | canon.pop(a)

    for strict, keys_of in ((False, _url_keys), (True, _title_keys)):
        first: dict[str, int] = {}
        for i, c in enumerate(items):
            for key in keys_of(c):
                if key in first:
                    union(i, first[key], strict)
                else:
                    first[key] = i
    groups: dict[int, list[Candidate]] = {}
    for i, c in enumerate(items):
        groups.setdefault(find(i), []).append(c)
    return [_post(group) for group in groups.values()]   # insertion order: first seen first


def _identity(c: Candidate) -> set[tuple[str, str, str]]:
    ids = {("canonical", "", url_key(c.canonical))} if c.canonical else set()
    if c.origin:
        ids.add(("listing", c.origin, url_key(c.url)))
    return ids | {("shape", repr(url_shape(c.url)), _leaf(c.url))}


def _leaf(url: str) -> str:
    """What names the post within its URL shape: the last path segment and the query's values,
    category parameters left out (?cat=1&id=5 and ?cat=2&id=5 are one post, filed twice)."""
    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    query = parse_qsl(parts.query)
    named = sorted(f"{k}={v}" for k, v in query if k.lower() in POST_PARAMS)
    if named:   # ?tabid=77&cat=60&id=3366 and ?tabid=162&cat=53&id=3366: post 3366 filed twice
        return "/".join(segments[-1:]) + "?" + "&".join(named)
    values = sorted(f"{k}={v}" for k, v in query if k.lower() not in CATEGORY_PARAMS and k.lower() not in TRACKING_PARAMS)
    return "/".join(segments[-1:]) + "?" + "&".join(values)


def _conflict(a: set[tuple[str, str, str]], b: set[tuple[str, str, str]]) -> bool:
    """True when two groups are two posts: they name different canonical URLs, one listing shows
    both under different URLs (a re-post beside its original, "(tiếp theo)" twice), or URLs of
    one shape name different posts (/tin/a.html and /tin/b.html)."""
    def named(ids: set[tuple[str, str, str]]) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = {}
        for kind, key, value in ids:
            out.setdefault((kind, key), set()).add(value)
        return out

    names_a, names_b = named(a), named(b)
    return any(not names_a[k] & names_b[k] for k in names_a.keys() & names_b.keys())


def _url_keys(c: Candidate) -> list[str]:
    return [url_key(c.url)] + ([url_key(c.canonical)] if c.canonical else [])


def _title_keys(c: Candidate) -> list[str]:
    title = fold(c.title)
    return [f"title:{title}|{c.published.isoformat()}"] if c.published and len(title) >= 15 else []


def _post(group: list[Candidate]) -> Post:
    dated = sorted((c for c in group if c.published), key=lambda c: _SOURCE_RANK.get(c.date_source, 9))
    best = dated[0] if dated else group[0]
    url = next((c.canonical for c in group if c.canonical), group[0].url)
    title = max((c.title for c in group), key=len)
    urls = tuple(dict.fromkeys(c.url for c in group))
    via = frozenset(c.via for c in group if c.via)
    return Post(url, title, best.published, best.date_source if best.published else "", urls, via)
