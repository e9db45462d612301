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

    @property
    def complete(self) -> bool:
        """True when every listing was read to the window's start without error (unseen posts may be gone)."""
        return not self.failed and self.caught_up == 0 and not self.errors

    @property
    def failed(self) -> bool:
        """True when the portal could not be crawled at all."""
        return bool(self.failure)
