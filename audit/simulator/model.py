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
DISCLOSURE_HOWS = ("page", "year_pages", "posts", "under_intro", "older_only", "none")
FORM_KINDS = ("leave_request", "regrade_request", "admission_info", "admin_procedure")
SECTION_KEYS = ("introduction", "organisation", "contact", "news", "documents", "disclosure",
                "elearning", "photo_album", "qa", "admin_procedures")


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


@dataclass(frozen=True)
class Form:
    """One form or procedure: kind, link text, "file" (with its name) or "page", menu page."""
    kind: str
    label: str
    mode: str
    file: str = ""
    menu: str = "forms"


@dataclass(frozen=True)
class Counter:
    """The visit counter widget: values, number format, labels and markup style."""
    base: int
    per_day: int
    online: int
    fmt: str
    labels: tuple[str, str, str]
    style: str

    def total(self, day: int) -> int:
        """The total on a simulated day."""
        return self.base + self.per_day * day

    def today(self, day: int) -> int:
        """Today's visits on a simulated day (varies around per_day)."""
        return max(1, self.per_day + (day * 37 + self.base) % 41 - 20)


@dataclass
class Features:
    """Per-portal variety of the web checks: disclosure, forms, sections, counter, directory."""
    disclosure: str = "page"
    disclosure_label: str = "Công khai"
    disclosure_years: tuple[int, ...] = ()
    groups: tuple[str, ...] = ("quality", "conditions", "finance")
    annual_report: bool = False
    intro_submenu: bool = False
    disclosure_posts: list[Post] = field(default_factory=list)
    forms: tuple[Form, ...] = ()
    forms_label: str = "Biểu mẫu"
    admission_label: str = ""
    traps: tuple[str, ...] = ()
    sections: dict[str, str] = field(default_factory=dict)
    counter: Counter | None = None
    listed: bool = False


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
    features: Features = field(default_factory=Features)

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
    day: int = 0
    ward: str = "phuong-1"

    def portal(self, portal_id: str) -> PortalSpec:
        """The portal with this id (KeyError if none)."""
        for portal in self.portals:
            if portal.id == portal_id:
                return portal
        raise KeyError(portal_id)
