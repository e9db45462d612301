"""NukeViet portals: /<cat>/<alias>-<id>.html, /<cat>/page-N, RSS at /news/rss/."""
from __future__ import annotations

import re

from audit.simulator import static
from audit.simulator.base import Request, Response, Site, doc_number
from audit.simulator.extras import MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post
from audit.simulator.vnfmt import dmy, esc, hm, iso, rfc822, weekday


class NukeVietSite(Site):
    """A school site running NukeViet 4 (news, laws and download modules)."""
    CATEGORIES = (Category("tin-tuc", "Tin tức", 1), Category("hoat-dong-chuyen-mon", "Hoạt động chuyên môn", 2),
                  Category("hoat-dong-doi", "Hoạt động Đội", 3), Category("thong-bao", "Thông báo", 4),
                  Category("laws", "Văn bản", 10, DOCUMENT), Category("download", "Tài nguyên", 11, RESOURCE))

    def setup(self) -> None:
        """Routes of the news, laws and download modules and the static pages."""
        self.route(r"/", self.home)
        self.route(r"/robots\.txt", self.robots)
        self.route(r"/news/rss/", self.rss)
        self.route(r"/uploads/(?P<name>[\w.-]+)", lambda r, m: static.file_response(m["name"]))
        self.route(r"/laws/", lambda r, m: self.section("laws"))
        self.route(r"/download/", lambda r, m: self.section("download") if self.elearning() else self.not_found())
        self.route(r"/laws/detail/(?P<alias>[\w-]+)-(?P<id>\d+)\.html", self.detail)
        self.route(r"/download/(?P<alias>[\w-]+)-(?P<id>\d+)\.html", self.detail)
        self.route(r"/(?P<cat>[\w-]+)/(?:page-(?P<n>\d+))?", self.listing)
        self.route(r"/(?P<cat>[\w-]+)/(?P<alias>[\w-]+)-(?P<id>\d+)\.html", self.detail)

    def page_path(self, slug: str) -> str:
        """/page/<slug>.html (the page module)."""
        return f"/page/{slug}.html"

    def listing_path(self, kind: str) -> str:
        """The laws or download module."""
        return "/laws/" if kind == DOCUMENT else "/download/"

    def nav_item(self, item: MenuItem) -> str:
        """A navbar entry; children in a dropdown."""
        sub = "".join(f'<li><a href="{c.path}">{esc(c.label)}</a></li>' for c in item.children)
        return (f'<li class="dropdown"><a href="{item.path}">{esc(item.label)}</a>'
                + (f'<ul class="dropdown-menu">{sub}</ul>' if sub else "") + "</li>")

    def post_urls(self, post: Post) -> list[str]:
        """One URL per category; laws and downloads have their own schemes."""
        if post.kind == DOCUMENT:
            return [f"/laws/detail/{post.slug}-{post.id}.html"]
        if post.kind == RESOURCE:
            return [f"/download/{post.slug}-{post.id}.html"]
        return [f"/{c}/{post.slug}-{post.id}.html" for c in post.categories]

    def news_prefixes(self) -> list[str]:
        """Every news category and the feed."""
        return [f"/{c.slug}/" for c in self.news_cats()] + ["/news/"]

    def main_listing(self, page: int) -> str:
        """The first news category, page N."""
        return "/tin-tuc/" + (f"page-{page}" if page > 1 else "")

    def shell(self, title: str, main: str, head: str = "") -> Response:
        """Frame: menu, content, block of latest and most read news."""
        menu = "".join(f'<li><a href="/{c.slug}/">{esc(c.name)}</a></li>' for c in self.portal.categories
                       if c.kind != RESOURCE or self.elearning())
        side = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> <span class="text-muted">'
                       f"{dmy(p.published)}</span></li>" for p in self.items()[:6])
        hot = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a></li>' for p in self.popular())
        page = (f'<!DOCTYPE html><html lang="vi" xmlns="http://www.w3.org/1999/xhtml"><head>'
                f'<meta charset="utf-8"><title>{esc(title)} - {esc(self.portal.name)}</title>'
                f'<link rel="alternate" href="/news/rss/" title="Tin tức" type="application/rss+xml">{head}'
                f'</head><body><header><h1 class="site-name">{esc(self.portal.name)}</h1></header>'
                f'<nav class="second-nav"><ul class="nav navbar-nav"><li><a href="/">Trang nhất</a></li>'
                f'{"".join(map(self.nav_item, self.menu_head()))}{menu}'
                f'{"".join(map(self.nav_item, self.menu_tail()))}</ul></nav>'
                f'<div class="row"><div class="col-md-16">{main}</div><div class="col-md-8">'
                f'<div class="panel"><div class="panel-heading">Tin mới</div><ul>{side}</ul></div>'
                f'<div class="panel"><div class="panel-heading">Tin xem nhiều</div><ul>{hot}</ul></div>'
                f"{self.counter()}</div></div><footer>Powered by NukeViet</footer></body></html>")
        return Response(page)

    def column(self, post: Post, cat: str) -> str:
        """div.news_column › h3 > a, then a li with a clock icon and d/m/Y H:i:s."""
        url = f"/{cat}/{post.slug}-{post.id}.html"
        at = post.published
        return (f'<div class="news_column panel panel-default"><div class="panel-body">'
                f'<a href="{url}"><img class="img-thumbnail pull-left" src="/assets/news/{post.id}.jpg"></a>'
                f'<h3><a href="{url}" title="{esc(post.title)}">{esc(post.title)}</a></h3>'
                f'<ul class="list-inline"><li><em class="fa fa-clock-o">&nbsp;</em> '
                f'{dmy(at)} {hm(at)}:{at.second:02d}</li><li><em class="fa fa-eye">&nbsp;</em> '
                f"Lượt xem: {post.views}</li></ul><p>{esc(post.title)}…</p></div></div>")

    def home(self, req: Request, match: re.Match[str]) -> Response:
        """Home: the newest posts of each category."""
        blocks = "".join(f'<h2><a href="/{c.slug}/">{esc(c.name)}</a></h2>'
                         + "".join(self.column(p, c.slug) for p in self.items(NEWS, c.slug)[:3])
                         for c in self.news_cats())
        return self.shell("Trang nhất", blocks)

    def listing(self, req: Request, match: re.Match[str]) -> Response:
        """A category page, /<cat>/ or /<cat>/page-N."""
        cat = next((c for c in self.news_cats() if c.slug == match["cat"]), None)
        if cat is None:
            return self.not_found()
        number = int(match["n"] or 1)
        posts, pages = self.page(self.items(NEWS, cat.slug), number)
        if not posts and number > 1:
            return self.not_found()
        links = "".join(f'<li><a href="/{cat.slug}/' + (f"page-{i}" if i > 1 else "") + f'">{i}</a></li>'
                        for i in range(1, pages + 1))
        nxt = f'<li><a href="/{cat.slug}/page-{number + 1}">»</a></li>' if number < pages else ""
        main = "".join(self.column(p, cat.slug) for p in posts) + f'<ul class="pagination">{links}{nxt}</ul>'
        return self.shell(cat.name, main)

    def section(self, slug: str) -> Response:
        """The laws or download module's index, with dates."""
        cat = self.portal.category(slug)
        rows = "".join(f'<tr><td>{doc_number(p) if p.kind == DOCUMENT else ""}</td><td>{dmy(p.published)}</td>'
                       f'<td><a href="{p.urls[0]}">{esc(p.title)}</a></td></tr>' for p in self.items(cat.kind))
        return self.shell(cat.name, f'<table class="table"><tr><th>Số hiệu</th><th>Ban hành</th>'
                          f"<th>Trích yếu</th></tr>{rows}</table>")

    def detail(self, req: Request, match: re.Match[str]) -> Response:
        """Article: "Thứ hai - 05/09/2023 08:15" plus itemprop datePublished."""
        post = self.by_id.get(match["id"])
        if post is None or req.path not in post.urls:
            return self.not_found()
        at = post.published
        related = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> <em>({dmy(p.published)})</em></li>'
                          for p in self.related(post))
        main = (f'<div class="news_detail" itemscope itemtype="http://schema.org/NewsArticle">'
                f'<h1 itemprop="headline">{esc(post.title)}</h1><span class="h5">{weekday(at)} - '
                f'{dmy(at)} {hm(at)}</span><meta itemprop="datePublished" content="{iso(at)}">'
                f'<div class="bodytext" itemprop="articleBody">{post.body}</div>'
                f'<p class="author">Tác giả: {esc(post.author)}</p></div>'
                f'<div class="news_other"><h4>Những tin mới hơn / cũ hơn</h4><ul>{related}</ul></div>')
        return self.shell(post.title, main)

    def rss(self, req: Request, match: re.Match[str]) -> Response:
        """RSS 2.0 of all news; pubDate in RFC 822 local time (+0700)."""
        items = "".join(f"<item><title>{esc(p.title)}</title><link>http://{req.host}{p.urls[0]}</link>"
                        f"<guid isPermaLink=\"false\">news_{p.id}</guid><pubDate>{rfc822(p.published)}</pubDate>"
                        f"<description>{esc(p.title)}</description></item>" for p in self.items())
        body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>{esc(self.portal.name)}</title><link>http://{req.host}/</link>"
                f"<description>Tin tức</description><language>vi</language>{items}</channel></rss>")
        return Response(body, ctype="application/rss+xml; charset=utf-8")
