"""WordPress school sites: /category/<slug>/page/N/, <time datetime>, rel=next, /feed/."""
from __future__ import annotations

import re

from audit.simulator import static
from audit.simulator.base import Request, Response, Site
from audit.simulator.extras import MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post
from audit.simulator.vnfmt import dmy, esc, iso, rfc822



class WordPressSite(Site):
    """A school blog on WordPress with a Vietnamese theme."""
    CATEGORIES = (Category("tin-tuc", "Tin tức", 2), Category("hoat-dong", "Hoạt động", 3),
                  Category("thong-bao", "Thông báo", 4), Category("van-ban", "Văn bản", 20, DOCUMENT),
                  Category("tai-nguyen", "Tài nguyên", 21, RESOURCE))

    FILES = "/wp-content/uploads/2021/09/"

    def setup(self) -> None:
        """Routes: home (also ?p=ID), categories, posts, pages, feed, uploads."""
        self.route(r"/", self.home)
        self.route(r"/robots\.txt", self.robots)
        self.route(r"/feed/", self.feed)
        self.route(r"/wp-content/uploads/\d{4}/\d{2}/(?P<name>[\w.-]+)", lambda r, m: static.file_response(m["name"]))
        self.route(r"/category/(?P<cat>[\w-]+)/(?:page/(?P<n>\d+)/)?", self.listing)
        self.route(r"/\d{4}/\d{2}/\d{2}/(?P<slug>[\w-]+)/", self.single)
        self.route(r"/(?P<page>[\w-]+)/", self.static_page)

    def page_path(self, slug: str) -> str:
        """/<slug>/ (a WordPress page)."""
        return f"/{slug}/"

    def listing_path(self, kind: str) -> str:
        """The documents or resources page."""
        return "/van-ban/" if kind == DOCUMENT else "/tai-nguyen/"

    def menu_item(self, item: MenuItem) -> str:
        """A menu-item li; children in ul.sub-menu."""
        sub = "".join(f'<li class="menu-item"><a href="{c.path}">{esc(c.label)}</a></li>' for c in item.children)
        cls = "menu-item menu-item-has-children" if sub else "menu-item"
        return (f'<li class="{cls}"><a href="{item.path}">{esc(item.label)}</a>'
                + (f'<ul class="sub-menu">{sub}</ul>' if sub else "") + "</li>")

    def permalink(self, post: Post) -> str:
        """/YYYY/MM/DD/slug/ (local date)."""
        return f"/{post.published:%Y/%m/%d}/{post.slug}/"

    def upload(self, post: Post) -> str:
        """The attached file of a document or resource."""
        return f"/wp-content/uploads/{post.published:%Y/%m}/{post.slug}.pdf"

    def post_urls(self, post: Post) -> list[str]:
        """Permalink and the ?p= shortlink (301); documents are PDF uploads."""
        if post.kind != NEWS:
            return [self.upload(post)]
        return [self.permalink(post), f"/?p={post.id}"]

    def news_prefixes(self) -> list[str]:
        """Categories, date archives and the feed."""
        return ["/category/", "/20", "/feed/"]

    def main_listing(self, page: int) -> str:
        """/category/tin-tuc/page/N/."""
        return "/category/tin-tuc/" + (f"page/{page}/" if page > 1 else "")

    def shell(self, title: str, main: str, head: str = "") -> Response:
        """Theme frame: header menu, content, widgets (recent posts with dates)."""
        menu = "".join(f'<li class="menu-item"><a href="/category/{c.slug}/">{esc(c.name)}</a></li>'
                       for c in self.news_cats())
        own = [MenuItem("Văn bản", "/van-ban/")] + \
            ([MenuItem(self.portal.category("tai-nguyen").name, "/tai-nguyen/")] if self.elearning() else [])
        menu = "".join(map(self.menu_item, self.menu_head())) + menu + \
            "".join(map(self.menu_item, own + self.menu_tail()))
        recent = "".join(f'<li><a href="{self.permalink(p)}">{esc(p.title)}</a> <span class="post-date">'
                         f"{dmy(p.published)}</span></li>" for p in self.items()[:5])
        page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8"><title>{esc(title)} – '
                f'{esc(self.portal.name)}</title><link rel="alternate" type="application/rss+xml" '
                f'href="/feed/">{head}</head><body class="wp-theme-school"><header class="site-header">'
                f'<p class="site-title"><a href="/" rel="home">{esc(self.portal.name)}</a></p>'
                f'<nav id="site-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav></header>'
                f'<main id="main" class="site-main">{main}</main><aside id="secondary" class="widget-area">'
                f'<section class="widget widget_recent_entries"><h2 class="widget-title">Tin mới</h2>'
                f"<ul>{recent}</ul></section>{self.counter()}</aside><footer>{esc(self.portal.name)} – Vận hành bởi "
                "WordPress</footer></body></html>")
        return Response(page)

    def entry(self, post: Post) -> str:
        """An archive entry; some themes print no date in archives."""
        meta = (f'<div class="entry-meta"><span class="posted-on">Đăng lúc <a href="{self.permalink(post)}">'
                f'<time class="entry-date published" datetime="{iso(post.published)}">'
                f"{dmy(post.published)}</time></a></span></div>") if self.has_dates() else ""
        cats = ", ".join(f'<a href="/category/{c}/" rel="category tag">{esc(self.portal.category(c).name)}</a>'
                         for c in post.categories)
        return (f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish">'
                f'<header class="entry-header"><h2 class="entry-title"><a href="{self.permalink(post)}" '
                f'rel="bookmark">{esc(post.title)}</a></h2>{meta}</header><div class="entry-summary">'
                f'<p>{esc(post.title)} […]</p></div><footer class="entry-footer"><span class="cat-links">'
                f"{cats}</span></footer></article>")

    def home(self, req: Request, match: re.Match[str]) -> Response:
        """Home, or a 301 from the ?p=ID shortlink to the permalink."""
        post = self.by_id.get(req.query.get("p", ""))
        if post is not None and post.kind == NEWS:
            return Response("", status=301, headers={"Location": self.permalink(post)})
        return self.shell("Trang chủ", "".join(self.entry(p) for p in self.items()[:10]))

    def listing(self, req: Request, match: re.Match[str]) -> Response:
        """Category archive page N with rel=next/prev and "Trang sau"."""
        cat = next((c for c in self.news_cats() if c.slug == match["cat"]), None)
        number = int(match["n"] or 1)
        posts, pages = self.page(self.items(NEWS, cat.slug), number) if cat else ([], 0)
        if cat is None or not posts:
            return self.not_found()
        base = f"/category/{cat.slug}/"
        head, nav = "", ""
        if number < pages:
            head += f'<link rel="next" href="{base}page/{number + 1}/">'
            nav += f'<a class="next page-numbers" href="{base}page/{number + 1}/">Trang sau »</a>'
        if number > 1:
            prev = base if number == 2 else f"{base}page/{number - 1}/"
            head += f'<link rel="prev" href="{prev}">'
            nav = f'<a class="prev page-numbers" href="{prev}">« Trang trước</a> ' + nav
        main = (f'<header class="page-header"><h1 class="page-title">Chuyên mục: {esc(cat.name)}</h1></header>'
                + "".join(self.entry(p) for p in posts) + f'<nav class="navigation pagination">{nav}</nav>')
        return self.shell(cat.name, main, head)

    def single(self, req: Request, match: re.Match[str]) -> Response:
        """A post: published and (later) updated <time> elements, related posts."""
        post = next((p for p in self.items() if self.permalink(p) == req.path), None)
        if post is None:
            return self.not_found()
        related = "".join(f'<li><a href="{self.permalink(p)}">{esc(p.title)}</a> '
                          f'<time datetime="{iso(p.published)}">{dmy(p.published)}</time></li>'
                          for p in self.related(post))
        updated = post.published.replace(hour=23, minute=59) if post.published.hour < 23 else post.published
        main = (f'<article id="post-{post.id}" class="post type-post"><h1 class="entry-title">{esc(post.title)}'
                f'</h1><div class="entry-meta"><time class="entry-date published" datetime="{iso(post.published)}">'
                f'{dmy(post.published)}</time><time class="updated" datetime="{iso(updated)}">{dmy(updated)}'
                f'</time> bởi <span class="author vcard">{esc(post.author)}</span></div><div class="entry-content">'
                f'{post.body}</div></article><div class="related-posts"><h3>Bài viết liên quan</h3><ul>{related}</ul></div>')
        return self.shell(post.title, main)

    def static_page(self, req: Request, match: re.Match[str]) -> Response:
        """The documents and resources pages (other pages come from the features)."""
        slug = match["page"]
        if slug not in ("van-ban", "tai-nguyen") or (slug == "tai-nguyen" and not self.elearning()):
            return self.not_found()
        kind = DOCUMENT if slug == "van-ban" else RESOURCE
        title = self.portal.category(slug).name
        body = "<ul>" + "".join(f'<li><a href="{self.upload(p)}">{esc(p.title)}</a> – Ngày ban hành: '
                                f"{dmy(p.published)}</li>" for p in self.items(kind)) + "</ul>"
        return self.shell(title, f'<h1 class="entry-title">{esc(title)}</h1>{body}')

    def feed(self, req: Request, match: re.Match[str]) -> Response:
        """The last 10 posts; WordPress writes pubDate in GMT (+0000)."""
        items = "".join(f"<item><title>{esc(p.title)}</title><link>http://{req.host}{self.permalink(p)}</link>"
                        f"<pubDate>{rfc822(p.published, utc=True)}</pubDate><guid isPermaLink=\"false\">"
                        f"http://{req.host}/?p={p.id}</guid></item>" for p in self.items()[:10])
        body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{esc(self.portal.name)}</title><link>http://{req.host}/</link>{items}</channel></rss>")
        return Response(body, ctype="application/rss+xml; charset=UTF-8")
