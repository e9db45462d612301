"""What earlier crawls of a school saw, for incremental recrawls (plain data and pure tests).

An incremental night reads each news listing only until it reaches posts already known, sends
conditional requests (If-None-Match / If-Modified-Since) for pages fetched before, and does not
open again the article pages of posts whose date is known. The posts it did not reach are
remembered from the store, so the count stays the whole school year's.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from audit.extract.listing import ListingBlock
from audit.posts.identity import Candidate, url_key
from audit.text import fold

CAUGHT_UP_TAIL = 2   # a listing page whose last items are all known: the rest of the listing is known too


@dataclass(frozen=True)
class Validator:
    """The HTTP validators and content hash of a page's newest fetch."""
    etag: str | None
    last_modified: str | None
    sha256: str


def full_crawl_due(school_id: str, last_full: datetime | None, now: datetime, days: int) -> bool:
    """Whether tonight's crawl of a school must read everything: never read in full yet, the last full reading
    older than `days`, or the school's own night of the cycle (a slot from its id, so that schools first read
    together spread their full readings over the days instead of all falling on the same night) when the last
    full reading is not from the last day."""
    if last_full is None or days <= 0 or now - last_full >= timedelta(days=days):
        return True
    slot = int(hashlib.sha256(school_id.encode("utf-8")).hexdigest(), 16) % days
    return now.date().toordinal() % days == slot and now - last_full >= timedelta(hours=20)


# Pages of the web checks that an incremental night takes from the last complete crawl instead of reading again
# (each is read again once it is older than full_recrawl_days: every full crawl reads them all).
REUSED_KINDS = ("introduction", "disclosure", "forms", "section")


@dataclass(frozen=True)
class Memory:
    """Posts and pages remembered from earlier runs; `incremental` stops listings at known posts."""
    posts: tuple[Candidate, ...] = ()
    deleted: frozenset[str] = frozenset()
    validators: dict[str, Validator] = field(default_factory=dict)
    load: Callable[[str], bytes] | None = None
    incremental: bool = False
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)   # check page URL → (sha256, ISO time read)

    def keys(self) -> frozenset[str]:
        """Identity keys of every remembered post (URL and title|date, as the post merge uses)."""
        return frozenset(k for c in self.posts for k in post_keys(c.url, c.title, c.published))

    def since(self, start: date) -> list[Candidate]:
        """Remembered posts dated on or after the window's start (what a full crawl would list again)."""
        return [c for c in self.posts if c.published and c.published >= start]

    def dated(self) -> dict[str, Candidate]:
        """URL key → remembered post with a date (their article pages need no new visit)."""
        return {url_key(c.url): c for c in self.posts if c.published}


def post_keys(url: str, title: str, published: date | None) -> list[str]:
    """The keys a listing item is recognised by."""
    keys = [url_key(url)]
    folded = fold(title)
    if published and len(folded) >= 15:
        keys.append(f"title:{folded}|{published.isoformat()}")
    return keys


def caught_up(block: ListingBlock, known: frozenset[str]) -> bool:
    """True when the listing page's last items are all known posts (older pages hold only known posts)."""
    tail = block.items[-CAUGHT_UP_TAIL:]
    return bool(known) and len(tail) == CAUGHT_UP_TAIL and all(
        any(k in known for k in post_keys(i.url, i.title, i.published)) for i in tail)


MEMORY = "memory"   # the channel of a post known from earlier runs (an incremental crawl starts after a complete one)


def remembered(rows: Iterable[dict[str, object]]) -> tuple[tuple[Candidate, ...], frozenset[str]]:
    """Stored posts (store.posts_for rows) as crawl candidates, and the URLs of those flagged deleted."""
    posts, deleted = [], set()
    for row in rows:
        day = date.fromisoformat(str(row["published"])) if row.get("published") else None
        posts.append(Candidate(str(row["url"]), str(row.get("title") or ""), day, str(row.get("date_source") or ""),
                               via=MEMORY))
        if row.get("deleted"):
            deleted.add(str(row["url"]))
    return tuple(posts), frozenset(deleted)
