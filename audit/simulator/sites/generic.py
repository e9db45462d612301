"""Unseen home-made layouts: a table listing or a ul listing, ?p=N numbered pagination."""
from __future__ import annotations

import re

from audit.simulator import static
from audit.simulator.base import Request, Response, Site
from audit.simulator.extras import MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post
from audit.simulator.vnfmt import dmy, esc, hm, written



class GenericSite(Site):
    """A custom school site; variant "table" or "list" changes the markup and dates."""
    CATEGORIES = (Category("tin-tuc", "Tin tức nhà trường", 1), Category("hoat-dong", "Hoạt động", 2),
                  Category("van-ban", "Văn bản chỉ đạo", 3, DOCUMENT),
                  Category("tai-nguyen", "Tài nguyên học tập", 4, RESOURCE))
    PER_PAGE = 12

    def setup(self) -> None:
        """Routes: sections with ?p=N, details by id, static pages, files."""
        self.route(r"/", self.home)
        self.route(r"/robots\.txt", self.robots)
        self.route(r"/uploads/(?P<name>[\w.-]+)", lambda r, m: static.file_response(m["name"]))
        self.route(r"/(?P<cat>[\w-]+)", self.listing)
        self.route(r"/(?P<cat>[\w-]+)/(?P<id>\d+)-(?P<slug>[\w-]+)\.htm", self.detail)

    def listing_path(self, kind: str) -> str:
        """/van-ban or /tai-nguyen."""
        return "/van-ban" if kind == DOCUMENT else "/tai-nguyen"

    def menu_rows(self, item: MenuItem) -> str:
        """Left-menu rows; children indented below their parent."""
        sub = "".join(f'<div class="submenu">&nbsp;&nbsp;- <a href="{c.path}">{esc(c.label)}</a></div>'
                      for c in item.children)
        return f'<tr><td class="menu"><a href="{item.path}">{esc(item.label)}</a>{sub}</td></tr>'

    def post_urls(self, post: Post) -> list[str]:
        """One URL per category: /<cat>/<id>-<slug>.htm."""
        return [f"/{c}/{post.id}-{post.slug}.htm" for c in post.categories]

    def news_prefixes(self) -> list[str]:
        """The news sections."""
        return [f"/{c.slug}" for c in self.news_cats()]

    def main_listing(self, page: int) -> str:
        """/tin-tuc?p=N."""
        return "/tin-tuc" + (f"?p={page}" if page > 1 else "")

    def stamp(self, post: Post, detail: bool = False) -> str:
        """The date as this variant prints it."""
        at = post.published
        if self.portal.variant == "table":
            return f"Cập nhật lúc {hm(at)} {dmy(at)}" if detail else f"Ngày đăng: {dmy(at)}"
        return f"Hà Nội, {written(at)}" if detail else f"{hm(at)} {dmy(at)}"

    def shell(self, title: str, main: str) -> Response:
        """A table-based old layout with a left menu and a "Tin nổi bật" box."""
        menu = "".join(map(self.menu_rows, self.menu_head()))
        menu += "".join(f'<tr><td class="menu"><a href="/{c.slug}">{esc(c.name)}</a></td></tr>'
                        for c in self.portal.categories if c.kind != RESOURCE or self.elearning())
        links = " | ".join(f'<a href="{i.path}">{esc(i.label)}</a>' for i in self.extras.flat_tail())
        hot = "".join(f'<div class="hot"><a href="{p.urls[0]}">{esc(p.title)}</a><br><i>{self.stamp(p)}</i></div>'
                      for p in self.popular(4))
        page = (f'<html><head><meta charset="utf-8"><title>{esc(title)}</title></head><body>'
                f'<table width="980" align="center"><tr><td colspan="3" class="banner"><a href="/">'
                f'<b>{esc(self.portal.name.upper())}</b></a></td></tr><tr><td colspan="3" class="topnav">{links}</td></tr><tr><td width="200" valign="top">'
                f'<table>{menu}</table></td><td valign="top" width="580">{main}</td><td valign="top">'
                f'<div class="box"><div class="box-title">Tin nổi bật</div>{hot}</div>{self.counter()}'
                "</td></tr></table></body></html>")
        return Response(page)

    def rows(self, posts: list[Post], cat: str, start: int) -> str:
        """The listing markup of this variant (dates hidden on some portals)."""
        show = self.has_dates()
        if self.portal.variant == "table":
            cells = "".join(f'<tr><td class="stt">{start + i}</td><td><a href="/{cat}/{p.id}-{p.slug}.htm">'
                            f"{esc(p.title)}</a></td><td>{self.stamp(p) if show else ''}</td></tr>"
                            for i, p in enumerate(posts))
            return f'<table class="tbl-news" border="1" cellpadding="4">{cells}</table>'
        items = "".join(f'<li><a href="/{cat}/{p.id}-{p.slug}.htm">{esc(p.title)}</a>'
                        + (f' <span class="date">{self.stamp(p)}</span>' if show else "") + "</li>"
                        for p in posts)
        return f'<ul class="list-news">{items}</ul>'

    def home(self, req: Request, match: re.Match[str]) -> Response:
        """Home: the latest ten news."""
        latest = self.items()[:10]
        return self.shell(self.portal.name, "<h2>TIN MỚI</h2>" + self.rows(latest, "tin-tuc", 1))

    def listing(self, req: Request, match: re.Match[str]) -> Response:
        """A section page ?p=N with numbered links «1 2 3 »»."""
        cat = next((c for c in self.portal.categories if c.slug == match["cat"]), None)
        if cat is None or (cat.kind == RESOURCE and not self.elearning()):
            return self.not_found()
        raw = req.query.get("p", "1")
        number = int(raw) if raw.isdigit() and int(raw) > 0 else 1
        posts, pages = self.page(self.items(cat.kind, cat.slug), number)
        links = " ".join(f"<b>{i}</b>" if i == number else f'<a href="/{cat.slug}?p={i}">{i}</a>'
                         for i in range(1, pages + 1))
        if number < pages:
            links += f' <a href="/{cat.slug}?p={number + 1}">»</a>'
        main = (f'<h2 class="cat-title">{esc(cat.name.upper())}</h2>'
                f"{self.rows(posts, cat.slug, (number - 1) * self.PER_PAGE + 1)}<div class=\"paging\">"
                f"Trang: {links}</div>")
        return self.shell(cat.name, main)

    def detail(self, req: Request, match: re.Match[str]) -> Response:
        """Detail page: date as text, then the body and "Các tin khác" with dates."""
        post = self.by_id.get(match["id"])
        if post is None or match["cat"] not in post.categories:
            return self.not_found()
        others = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> ({dmy(p.published)})</li>'
                         for p in self.related(post))
        attach = (f'<p>File đính kèm: <a href="/uploads/{post.slug}.pdf">{post.slug}.pdf</a></p>'
                  if post.kind != NEWS else "")
        main = (f'<h1 class="title">{esc(post.title)}</h1><div class="date">{self.stamp(post, detail=True)}'
                f"</div><div class=\"content\">{post.body}</div>{attach}<p align=\"right\"><b>{esc(post.author)}"
                f"</b></p><h3>Các tin khác</h3><ul>{others}</ul>")
        return self.shell(post.title, main)
