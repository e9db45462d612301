"""Data model of the simulated world: portals, their posts and categories."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TEMPLATES = ("vhv", "hcm", "nukeviet", "wordpress", "generic")
FAULTS = ("down", "http500", "flaky500", "slow", "robots_disallow", "redirect",
          "broken_html", "wrong_charset")
FATAL_FAULTS = ("down", "http500", "robots_disallow")
NEWS, DOCUMENT, RESOURCE = "news", "document", "resource"


@dataclass(frozen=True)
class Category:
    """A section of a portal: slug, Vietnamese name, numeric id and the kind it holds."""
    slug: str
    name: str
    cid: int
    kind: str = NEWS


@dataclass
class Post:
    """One dated item; only kind "news" is counted. urls are paths on the portal."""
    id: str
    title: str
    published: datetime
    categories: list[str]
    kind: str
    urls: list[str] = field(default_factory=list)
    slug: str = ""
    views: int = 0
    body: str = ""
    author: str = ""

    @property
    def num(self) -> int:
        """The numeric post id used in URLs."""
        return int(self.id)


@dataclass
class PortalSpec:
    """One simulated school portal."""
    id: str
    template: str
    faults: tuple[str, ...]
    name: str
    posts: list[Post]
    categories: list[Category] = field(default_factory=list)
    variant: str = ""
    traits: tuple[str, ...] = ()

    def category(self, slug: str) -> Category:
        """The category with this slug (KeyError if none)."""
        for cat in self.categories:
            if cat.slug == slug:
                return cat
        raise KeyError(slug)

    @property
    def fatal(self) -> str | None:
        """The fault that makes a crawl fail, if any."""
        return next((f for f in self.faults if f in FATAL_FAULTS), None)


@dataclass
class World:
    """All portals generated from one seed."""
    seed: int
    portals: list[PortalSpec]

    def portal(self, portal_id: str) -> PortalSpec:
        """The portal with this id (KeyError if none)."""
        for portal in self.portals:
            if portal.id == portal_id:
                return portal
        raise KeyError(portal_id)
