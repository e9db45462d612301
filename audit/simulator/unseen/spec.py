"""The model of an unseen portal: sections, posts and the spec build_portal returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from audit.simulator.unseen.layout import Layout

NEWS, DOCUMENT = "news", "document"


@dataclass(frozen=True)
class Section:
    """A listing of news or documents: URL key, menu label, numeric ids, menu group."""
    key: str
    label: str
    kind: str
    num: int
    tabid: int
    group: str            # "news", "notice" (top-level Thông báo), "docs"


@dataclass
class Post:
    """One dated item (news is counted, documents are not); sections are keys, primary first."""
    id: int
    kind: str
    title: str
    slug: str
    at: datetime
    sections: tuple[str, ...]
    excerpt: str = ""
    body: str = ""
    author: str = ""
    views: int = 0
    updated: datetime | None = None
    title_en: str = ""
    slug_en: str = ""
    english: bool = False
    friendly: bool = False
    orphan: bool = False
    number: str = ""
    issuer: str = ""
    signer: str = ""

    @property
    def day(self) -> str:
        """The local publication day, YYYY-MM-DD."""
        return self.at.date().isoformat()


@dataclass
class PortalSpec:
    """A whole unseen portal, deterministic from its seed."""
    seed: int
    id: str
    name: str
    name_en: str
    grade: int
    address: str
    layout: Layout
    sections: list[Section]
    posts: list[Post]                      # news and documents, newest first
    popular: list[int] = field(default_factory=list)
    featured: list[int] = field(default_factory=list)

    def section(self, key: str) -> Section:
        """The section with this key."""
        return next(s for s in self.sections if s.key == key)

    def news(self) -> list[Post]:
        """News posts, newest first."""
        return [p for p in self.posts if p.kind == NEWS]
