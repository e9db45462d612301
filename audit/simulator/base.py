"""The request/response types and the base class every portal template extends."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, ClassVar

from audit.simulator import sections
from audit.simulator.extras import Extras, MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post, PortalSpec
from audit.simulator.vnfmt import esc

HTML = "text/html; charset=utf-8"


@dataclass
class Request:
    """What a template needs from an HTTP request."""
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"


@dataclass
class Response:
    """A rendered answer."""
    body: str | bytes = ""
    status: int = 200
    ctype: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request, "re.Match[str]"], Response]


class Site:
    """A portal template: routes requests to renderers over one PortalSpec."""
    CATEGORIES: ClassVar[tuple[Category, ...]] = ()
    PER_PAGE: ClassVar[int] = 10
    FILES: ClassVar[str] = "/uploads/"

    def __init__(self, portal: PortalSpec, day_of: Callable[[], int] = lambda: 0) -> None:
        self.portal = portal
        self.day_of = day_of
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.by_id = {p.id: p for p in portal.posts}
        self._sorted: dict[tuple[str, str | None], list[Post]] = {}
        self.setup()
        self.extras = Extras(self)

    def page_path(self, slug: str) -> str:
        """The path of a static page (templates override)."""
        return f"/{slug}"

    def section_urls(self) -> dict[str, str]:
        """Paths of the template's own sections: news, documents and (if shown) e-learning."""
        out = {"news": self.main_listing(1), "documents": self.listing_path(DOCUMENT)}
        if self.elearning():
            out["elearning"] = self.listing_path(RESOURCE)
        return out

    def listing_path(self, kind: str) -> str:
        """The path of the documents or resources listing (templates override)."""
        raise NotImplementedError

    def elearning(self) -> bool:
        """False when this portal shows no e-learning section."""
        return "elearning" in self.portal.features.sections

    def shell(self, title: str, main: str) -> Response:
        """The template's page frame (templates override)."""
        raise NotImplementedError

    def menu_head(self) -> list[MenuItem]:
        """Feature menu entries placed first (Giới thiệu)."""
        return self.extras.head

    def menu_tail(self) -> list[MenuItem]:
        """Feature menu entries placed after the news (disclosure, forms, album, Q&A, contact)."""
        return self.extras.tail

    def counter(self) -> str:
        """The visit counter widget of the current simulated day ("" without one)."""
        return sections.counter(self.portal.features.counter, self.day_of())

    def setup(self) -> None:
        """Register routes (templates override)."""

    def route(self, pattern: str, handler: Handler, method: str = "GET") -> None:
        """Register a full-match path pattern."""
        self.routes.append((method, re.compile(pattern), handler))

    def handle(self, req: Request) -> Response:
        """A feature page, else the first matching route, else a 404 page."""
        page = self.extras.pages.get(req.path)
        if page is not None and req.method in ("GET", "HEAD"):
            return self.shell(page.title, page.render())
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(req.path)
            if match and (req.method == method or (method == "GET" and req.method == "HEAD")):
                return handler(req, match)
        return self.not_found()

    def not_found(self) -> Response:
        """A plain Vietnamese 404 page."""
        body = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
                "<title>Không tìm thấy trang</title></head><body><h1>404</h1>"
                '<p>Trang bạn yêu cầu không tồn tại. <a href="/">Về trang chủ</a></p></body></html>')
        return Response(body, status=404)

    def post_urls(self, post: Post) -> list[str]:
        """Every path a post is reachable under (templates override)."""
        raise NotImplementedError

    def robots(self, req: Request, match: re.Match[str] | None = None) -> Response:
        """robots.txt; the robots_disallow fault blocks the news sections."""
        lines = ["User-agent: *", "Disallow: /admin/"]
        if "robots_disallow" in self.portal.faults:
            lines += [f"Disallow: {p}" for p in self.news_prefixes()]
        return Response("\n".join(lines) + "\n", ctype="text/plain; charset=utf-8")

    def news_prefixes(self) -> list[str]:
        """Path prefixes holding the news (for robots_disallow)."""
        return ["/"]

    def main_listing(self, page: int) -> str:
        """URL path (with query) of page N of the main news listing."""
        raise NotImplementedError

    # -- changes between nights ---------------------------------------------------------
    def publish(self, post: Post) -> None:
        """Add a post to the portal (a school publishing news)."""
        post.urls = self.post_urls(post)
        self.portal.posts.append(post)
        self.by_id[post.id] = post
        self._sorted.clear()

    def remove(self, post_id: str) -> None:
        """Delete a post from the portal (its pages answer 404 from now on)."""
        self.portal.posts[:] = [p for p in self.portal.posts if p.id != post_id]
        self.by_id.pop(post_id, None)
        self._sorted.clear()

    # -- data helpers -------------------------------------------------------------------
    def items(self, kind: str = NEWS, cat: str | None = None) -> list[Post]:
        """Posts of a kind (and category), newest first."""
        key = (kind, cat)
        if key not in self._sorted:
            chosen = [p for p in self.portal.posts
                      if p.kind == kind and (cat is None or cat in p.categories)]
            self._sorted[key] = sorted(chosen, key=lambda p: p.published, reverse=True)
        return list(self._sorted[key])

    def documents(self) -> list[Post]:
        """Documents, newest first."""
        return self.items(DOCUMENT)

    def resources(self) -> list[Post]:
        """Resources, newest first."""
        return self.items(RESOURCE)

    def popular(self, n: int = 5) -> list[Post]:
        """The most viewed news (the "Tin nổi bật" block)."""
        return sorted(self.items(), key=lambda p: p.views, reverse=True)[:n]

    def related(self, post: Post, n: int = 4) -> list[Post]:
        """Other posts of the same category around this one (the related block)."""
        same = self.items(post.kind, post.categories[0])
        i = same.index(post)
        return [p for p in same[max(0, i - 2):i + 3] if p is not post][:n]

    def page(self, items: list[Post], number: int) -> tuple[list[Post], int]:
        """One page of items and the number of pages."""
        pages = max(1, -(-len(items) // self.PER_PAGE))
        start = (number - 1) * self.PER_PAGE
        return items[start:start + self.PER_PAGE], pages

    def news_cats(self) -> list[Category]:
        """The news categories."""
        return [c for c in self.portal.categories if c.kind == NEWS]

    def has_dates(self) -> bool:
        """False when this portal's listings show no dates."""
        return "listing_nodate" not in self.portal.traits


def doc_number(post: Post) -> str:
    """The "Số hiệu" printed in a document title."""
    title = post.title
    return title.split(" số ", 1)[1].split(" về ", 1)[0] if " số " in title else post.id


def text_page(title: str, heading: str, paras: list[str]) -> str:
    """Inner HTML of a static page: a heading and paragraphs."""
    return f"<h1>{esc(heading)}</h1>" + "".join(f"<p>{p}</p>" for p in paras) + f"<!-- {esc(title)} -->"
