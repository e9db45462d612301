"""hcm.edu.vn platform: /<slug>/c/<catId> categories, ct/ctmb/ctfull post variants, sitemap."""
from __future__ import annotations

import re
import zlib

from audit.simulator import static
from audit.simulator.base import Request, Response, Site
from audit.simulator.extras import MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post
from audit.simulator.vnfmt import dmy, esc, hm, weekday

VARIANTS = ("ct", "ctmb", "ctfull")


class HcmSite(Site):
    """A school site on the Ho Chi Minh City education portal."""
    CATEGORIES = (Category("tin-tuc-su-kien", "Tin tức - Sự kiện", 18231),
                  Category("hoat-dong-chuyen-mon", "Hoạt động chuyên môn", 18232),
                  Category("doan-doi", "Hoạt động Đoàn - Đội", 18233),
                  Category("van-ban-chi-dao", "Văn bản chỉ đạo", 18240, DOCUMENT),
                  Category("tai-nguyen", "Kho học liệu", 18250, RESOURCE))
    FILES = "/tep/"

    def setup(self) -> None:
        """Routes of the platform."""
        self.route(r"/", self.home)
        self.route(r"/robots\.txt", self.robots)
        self.route(r"/sitemap\.xml", self.sitemap)
        self.route(r"/Timkiem", lambda r, m: self.shell("Tìm kiếm", "<p>Nhập từ khóa</p>"))
        self.route(r"/tep/(?P<name>[\w.-]+)", lambda r, m: static.file_response(m["name"]))
        self.route(r"/(?P<slug>[\w-]+)/c/(?P<cid>\d+)", self.category_page)
        self.route(r"/(?P<cs>[\w-]+)/(?P<ps>[\w-]+)/(?P<v>ct|ctmb|ctfull)/(?P<cid>\d+)/(?P<pid>\d+)",
                   self.detail)

    def page_path(self, slug: str) -> str:
        """/<slug>/c/<pageId>, like a category."""
        return f"/{slug}/c/{18300 + zlib.crc32(slug.encode()) % 600}"

    def listing_path(self, kind: str) -> str:
        """The documents or resources category."""
        cat = next(c for c in self.portal.categories if c.kind == kind)
        return f"/{cat.slug}/c/{cat.cid}"

    def menu_entry(self, item: MenuItem) -> str:
        """A qimenu entry with an optional submenu."""
        sub = "".join(f'<li><a href="{c.path}">{esc(c.label)}</a></li>' for c in item.children)
        return f'<li><a href="{item.path}">{esc(item.label)}</a>' + \
            (f'<ul class="qisubmenu">{sub}</ul>' if sub else "") + "</li>"

    def cat_of(self, slug: str) -> Category:
        """Category by slug; documents and resources live in their own categories."""
        return self.portal.category(slug)

    def url(self, post: Post, variant: str = "ct", cat: str | None = None) -> str:
        """A post URL under one variant and category."""
        category = self.cat_of(cat or post.categories[0])
        return f"/{category.slug}/{post.slug}/{variant}/{category.cid}/{post.id}"

    def post_urls(self, post: Post) -> list[str]:
        """Every category × every variant."""
        return [self.url(post, v, c) for c in post.categories for v in VARIANTS]

    def news_prefixes(self) -> list[str]:
        """The news categories' prefixes."""
        return [f"/{c.slug}/" for c in self.news_cats()]

    def main_listing(self, page: int) -> str:
        """The first news category, page N."""
        cat = self.news_cats()[0]
        return f"/{cat.slug}/c/{cat.cid}" + (f"?page={page}" if page > 1 else "")

    def robots(self, req: Request, match: re.Match[str] | None = None) -> Response:
        """Disallow /Timkiem and point at the sitemap."""
        lines = ["User-agent: *", "Disallow: /Timkiem"]
        if "robots_disallow" in self.portal.faults:
            lines += [f"Disallow: {p}" for p in self.news_prefixes()]
        lines.append(f"Sitemap: http://{req.host}/sitemap.xml")
        return Response("\n".join(lines) + "\n", ctype="text/plain; charset=utf-8")

    def sitemap(self, req: Request, match: re.Match[str]) -> Response:
        """Every post once, with <lastmod>."""
        urls = "".join(f"<url><loc>http://{req.host}{self.url(p)}"
                       f"</loc><lastmod>{p.published.date().isoformat()}</lastmod></url>"
                       for p in self.portal.posts)
        body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{urls}</urlset>')
        return Response(body, ctype="application/xml; charset=utf-8")

    def shell(self, title: str, main: str) -> Response:
        """Frame: top menu of categories, content, "Tin mới" column."""
        menu = "".join(f'<li><a href="/{c.slug}/c/{c.cid}">{esc(c.name)}</a></li>'
                       for c in self.portal.categories if c.kind != RESOURCE or self.elearning())
        menu = "".join(map(self.menu_entry, self.menu_head())) + menu
        links = " | ".join(f'<a href="{i.path}">{esc(i.label)}</a>' for i in self.extras.flat_tail())
        latest = "".join(f'<li><a href="{self.url(p, "ctmb")}">{esc(p.title)}</a>'
                         f'<span class="qi-date">{dmy(p.published, pad=False)}</span></li>'
                         for p in self.items()[:6])
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title></head>'
                f'<body><div id="qiheader"><a href="/">{esc(self.portal.name)}</a></div>'
                f'<ul class="qimenu"><li><a href="/">Trang chủ</a></li>{menu}</ul>'
                f'<div class="qilinks">{links}</div><div class="qicontent">{main}</div><div class="qiright"><div class="qititle">Tin mới'
                f'</div><ul class="qitinmoi">{latest}</ul>{self.counter()}</div>'
                '<div class="qifooter">Sở Giáo dục và Đào tạo TP. Hồ Chí Minh</div></body></html>')
        return Response(page)

    def teaser(self, post: Post, variant: str, cat: str | None = None) -> str:
        """A listing item; dates hidden on some portals."""
        date = f'<span class="qi-date">{dmy(post.published, pad=False)}</span>' if self.has_dates() else ""
        return (f'<div class="qi-item"><a class="qi-title" href="{self.url(post, variant, cat)}">'
                f"{esc(post.title)}</a>{date}</div>")

    def home(self, req: Request, match: re.Match[str]) -> Response:
        """Home: a few news of each category, linked with the ctmb variant."""
        blocks = "".join(f'<div class="qiblock"><h2>{esc(c.name)}</h2>'
                         + "".join(self.teaser(p, "ctmb", c.slug) for p in self.items(NEWS, c.slug)[:5])
                         + "</div>" for c in self.news_cats())
        return self.shell(self.portal.name, blocks)

    def category_page(self, req: Request, match: re.Match[str]) -> Response:
        """A category listing with ?page=N numbered pagination."""
        cat = next((c for c in self.portal.categories if str(c.cid) == match["cid"]), None)
        if cat is None or (cat.kind == RESOURCE and not self.elearning()):
            return self.not_found()
        number = int(req.query.get("page", "1")) if req.query.get("page", "1").isdigit() else 1
        posts, pages = self.page(self.items(cat.kind, cat.slug), number)
        active = ' class="active"'
        links = "".join(f'<a href="/{cat.slug}/c/{cat.cid}?page={i}"{active if i == number else ""}>'
                        f"{i}</a> " for i in range(1, pages + 1))
        main = (f'<h1 class="qititle">{esc(cat.name)}</h1>'
                + "".join(self.teaser(p, "ct", cat.slug) for p in posts)
                + f'<div class="qipaging">{links}</div>')
        return self.shell(cat.name, main)

    def detail(self, req: Request, match: re.Match[str]) -> Response:
        """Post detail under any variant; the slug part is not checked, the ids are."""
        post = self.by_id.get(match["pid"])
        if post is None or not any(u.endswith(f"/{match['cid']}/{post.id}") for u in post.urls):
            return self.not_found()
        at = post.published
        related = "".join(f'<li><a href="{self.url(p, "ctfull")}">{esc(p.title)}</a> '
                          f"<span>({dmy(p.published)})</span></li>" for p in self.related(post))
        main = (f'<h1 class="qititle">{esc(post.title)}</h1><div class="qidate">{weekday(at)}, '
                f"{dmy(at, pad=False)}, {hm(at)} , Lượt đọc : {post.views}</div>"
                f'<div class="qicontentdetail">{post.body}</div>'
                f'<div class="qi-tep-dinhkem">Tải file : <a href="/tep/{post.slug}.pdf">{post.slug}.pdf</a></div>'
                f'<div class="qiauthor">{esc(post.author)}</div><div class="qinguontin">Nguồn tin: Nhà trường</div>'
                f'<div class="qitincungchuyenmuc"><h3>Tin cùng chuyên mục</h3><ul>{related}</ul></div>')
        return self.shell(post.title, main)
