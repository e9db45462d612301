"""What one crawl saw: pages, errors, post candidates (plain data, no logic)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit.extract.discovery import Section
from audit.posts.identity import Candidate


@dataclass(frozen=True)
class PageRecord:
    """One fetched page, for the record (the store keeps its bytes)."""
    url: str
    kind: str
    status: int
    fetched_at: str
    sha256: str
    content: bytes = field(default=b"", repr=False, compare=False)
    etag: str | None = None
    last_modified: str | None = None


# Why reading a listing stopped, when every post it lists was read (or is known); the other stops
# ("cap", "budget", "error", "script", "script_failed") leave it incomplete.
COMPLETE_STOPS = ("end", "repeat", "window", "known", "empty", "shared")


@dataclass
class ListingRun:
    """How one listing section was read: pages read against pages announced, and why it stopped."""
    url: str
    label: str
    pages_read: int = 0
    announced: int | None = None
    stop: str = ""
    failed: int = 0
    documents: bool = False          # it turned out to list documents (items with Số hiệu, Ngày ban hành)
    filed: bool = False              # found on article pages (their breadcrumb or links), not in a menu
    copy: bool = False               # another language's copy of the portal's listing (not counted)
    signature: str = ""              # tag and class of its item boxes (the listing template)

    @property
    def complete(self) -> bool:
        """True when every page this listing needed was read."""
        if self.documents:
            return True
        if self.stop not in COMPLETE_STOPS:
            return False
        return self.stop not in ("end", "repeat") or self.announced is None or self.pages_read >= self.announced


@dataclass(frozen=True)
class Cap:
    """A bound of the crawl that was reached, and what it left unread (in Vietnamese)."""
    key: str                 # which bound: "page_links", "sitemaps", "articles", …
    reason: str
    posts: bool = True       # posts may lie in what it left unread (the count is then a lower bound)


@dataclass
class LinkChannel:
    """The second way to the posts: links among article pages, followed breadth-first."""
    articles_sampled: int = 0        # article pages opened to read their links (beyond dating)
    pages_followed: int = 0          # linked pages opened to see whether they are posts
    not_posts: int = 0               # linked pages that were no post of the news sections
    left: int = 0                    # linked pages still to open when it stopped (cap or budget)
    copies_opened: int = 0           # pages of another language's copy opened for the post they copy
    linked: frozenset[str] = frozenset()   # URL keys of every page the opened articles link to
    fingerprints: tuple[str, ...] = ()


@dataclass
class CrawlOutcome:
    """Everything a crawl of one portal produced."""
    start_url: str
    final_url: str = ""
    pages: list[PageRecord] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    robots_blocked: int = 0
    sections: list[Section] = field(default_factory=list)
    news: list[Candidate] = field(default_factory=list)
    other: list[Candidate] = field(default_factory=list)
    listing_pages: int = 0
    undated: list[str] = field(default_factory=list)
    started_at: str = ""
    finished_at: str = ""
    verify_tls: bool = True
    failure: str = ""
    counter: dict[str, Any] | None = None
    incremental: bool = False                      # listings read only until known posts
    remembered: list[Candidate] = field(default_factory=list)   # stored posts of the window, not re-read
    deleted: frozenset[str] = frozenset()          # remembered posts flagged gone from the site
    caught_up: int = 0                             # listings stopped at known posts
    not_modified: int = 0                          # conditional requests answered 304
    reused: int = 0                                # check pages taken from the last complete crawl, not re-read
    forwarded: list[str] = field(default_factory=list)   # roots the start URL forwarded through
    listings: list[ListingRun] = field(default_factory=list)
    sections_skipped: list[Section] = field(default_factory=list)   # news sections found, not read (cap)
    budget_spent: str = ""                         # why the crawl stopped early ("" when it did not)
    links: LinkChannel = field(default_factory=LinkChannel)
    caps: list[Cap] = field(default_factory=list)  # bounds reached that no listing, section or link count shows
    offsite: list[Candidate] = field(default_factory=list)   # feed/sitemap items and posts leading to another site

    def reach(self, key: str, reason: str, posts: bool = True) -> None:
        """Record a bound reached (one entry per bound: a later reason replaces an earlier one)."""
        self.caps = [c for c in self.caps if c.key != key] + [Cap(key, reason, posts)]

    @property
    def capped(self) -> bool:
        """True when any bound was reached: pages of a listing, sections, linked pages, or another (`caps`)."""
        return (bool(self.caps) or bool(self.sections_skipped) or self.links.left > 0
                or any(run.stop == "cap" for run in self.listings))

    @property
    def complete(self) -> bool:
        """True when every listing was read to the window's start (a failed listing page leaves its listing
        incomplete), no news section was skipped and no budget ran out: posts not seen may be gone."""
        return (not self.failed and self.caught_up == 0 and not self.budget_spent
                and all(run.complete for run in self.listings) and not self.sections_skipped
                and not any(c.posts for c in self.caps))

    @property
    def status(self) -> str:
        """The contract's crawl.status: failed, partial (errors, a budget or any other bound reached) or ok."""
        if self.failed:
            return "failed"
        return "partial" if self.errors or self.budget_spent or self.capped else "ok"

    @property
    def failed(self) -> bool:
        """True when the portal could not be crawled at all."""
        return bool(self.failure)
