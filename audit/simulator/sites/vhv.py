"""VHV-CMS portals: JS-only pagination via a base64-settings POST "redraw"."""
from __future__ import annotations

import base64
import json
import re

from audit.simulator import static
from audit.simulator.base import Request, Response, Site, doc_number
from audit.simulator.extras import MenuItem
from audit.simulator.model import DOCUMENT, NEWS, RESOURCE, Category, Post
from audit.simulator.vnfmt import dmy, esc, hm, iso_compact

_PATHS = {"hoat-dong": "/tin-tuc-thong-bao/hoat-dong",
          "thi-dua-khen-thuong": "/tin-tuc-thong-bao/thi-dua-khen-thuong",
          "tin-tuc-su-kien": "/tin-tuc-su-kien", "van-ban": "/van-ban",
          "tai-nguyen": "/tai-nguyen"}


class VhvSite(Site):
    """A school site on a provincial VHV-CMS portal."""
    CATEGORIES = (Category("hoat-dong", "Hoạt động", 1011),
                  Category("thi-dua-khen-thuong", "Thi đua - Khen thưởng", 1012),
                  Category("tin-tuc-su-kien", "Tin tức - Sự kiện", 1013),
                  Category("van-ban", "Văn bản - Công văn", 1020, DOCUMENT),
                  Category("tai-nguyen", "Tài nguyên", 1030, RESOURCE))

    FILES = "/data/files/"

    def setup(self) -> None:
        """Routes: home, static pages, files, redraw POST, listings and articles."""
        self.route(r"/", self.home)
        self.route(r"/", self.redraw, method="POST")
        self.route(r"/robots\.txt", self.robots)
        self.route(r"/data/files/(?P<name>[\w.-]+)", lambda r, m: static.file_response(m["name"]))
        self.route(r"(?P<path>/[\w/-]+)\.html", self.dispatch)

    def page_path(self, slug: str) -> str:
        """/<slug>.html."""
        return f"/{slug}.html"

    def listing_path(self, kind: str) -> str:
        """/van-ban.html or /tai-nguyen.html."""
        return "/van-ban.html" if kind == DOCUMENT else "/tai-nguyen.html"

    def post_urls(self, post: Post) -> list[str]:
        """One URL per category the post is in."""
        return [f"{_PATHS[c]}/{post.slug}.html" for c in post.categories]

    def news_prefixes(self) -> list[str]:
        """The news sections."""
        return ["/tin-tuc-thong-bao/", "/tin-tuc-su-kien"]

    def main_listing(self, page: int) -> str:
        """Page N is only reachable by POST; GET always gives page 1."""
        return "/tin-tuc-thong-bao/hoat-dong.html"

    def dispatch(self, req: Request, match: re.Match[str]) -> Response:
        """Static page, listing or article by path."""
        path = match["path"]
        by_path = {v: k for k, v in _PATHS.items()}
        if path == "/tai-nguyen" and not self.elearning():
            return self.not_found()
        if path in by_path:
            return self.listing(self.portal.category(by_path[path]))
        parent, _, slug = path.rpartition("/")
        cat = by_path.get(parent)
        post = next((p for p in self.portal.posts if p.slug == slug and cat in p.categories), None)
        return self.article(post, self.portal.category(cat or "")) if post and cat else self.not_found()

    def shell(self, title: str, main: str, head: str = "") -> Response:
        """The VHV page frame: header, menu, main column and the sidebar."""
        news = "".join(f'<li><a href="{_PATHS[c.slug]}.html">{esc(c.name)}</a></li>'
                       for c in self.news_cats() if c.slug != "tin-tuc-su-kien")
        res = self.portal.category("tai-nguyen").name
        nav = ('<ul class="nav navbar-nav menu-top"><li><a href="/">Trang chủ</a></li>'
               + "".join(self.nav_item(i) for i in self.menu_head())
               + f'<li class="dropdown"><a href="javascript:void(0)">Tin tức - Thông báo</a><ul class="dropdown-menu">{news}</ul></li>'
               '<li><a href="/tin-tuc-su-kien.html">Tin tức - Sự kiện</a></li><li><a href="/van-ban.html">Văn bản</a></li>'
               + (f'<li><a href="/tai-nguyen.html">{esc(res)}</a></li>' if self.elearning() else "")
               + "".join(self.nav_item(i) for i in self.menu_tail()) + "</ul>")
        side = self.side_block("Tin mới", self.items()[:5]) + self.side_block("Tin nổi bật", self.popular())
        page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{esc(title)} - '
                f'{esc(self.portal.name)}</title>{head}<script src="/3rdparty/jquery.min.js"></script>'
                f'<script src="/js/vhv.app.js"></script></head><body><div class="header"><div class="logo">'
                f'{esc(self.portal.name)}</div></div><nav class="menu">{nav}</nav><div class="container">'
                f'<div class="col-md-9 main">{main}</div><div class="col-md-3 sidebar">{side}'
                f'{self.counter()}</div></div><div class="footer">Bản quyền © {esc(self.portal.name)}. '
                "Thiết kế bởi VHV</div></body></html>")
        return Response(page)

    def nav_item(self, item: MenuItem) -> str:
        """A top menu entry; children open in a dropdown."""
        if not item.children:
            return f'<li><a href="{item.path}">{esc(item.label)}</a></li>'
        sub = "".join(f'<li><a href="{c.path}">{esc(c.label)}</a></li>' for c in item.children)
        return f'<li class="dropdown"><a href="{item.path}">{esc(item.label)}</a><ul class="dropdown-menu">{sub}</ul></li>'

    def side_block(self, title: str, posts: list[Post]) -> str:
        """A sidebar list of posts with dd/mm/yy dates."""
        items = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> <span class="time-news">'
                        f"{dmy(p.published, short_year=True)}</span></li>" for p in posts)
        return f'<div class="box-news-hot"><h3 class="title-box">{title}</h3><ul>{items}</ul></div>'

    def item(self, post: Post, cat: Category) -> str:
        """One listing item (div.news-listType10)."""
        url = f"{_PATHS[cat.slug]}/{post.slug}.html"
        return (f'<div class="news-listType10 clearfix"><div class="image"><a href="{url}">'
                f'<img src="/data/images/{post.id}.jpg" alt=""></a></div><div class="content">'
                f'<h2 class="title"><a href="{url}" title="{esc(post.title)}">{esc(post.title)}</a></h2>'
                f'<div class="info"><span class="time-news">{dmy(post.published, short_year=True)}</span> '
                f'<span class="category-news">{esc(cat.name)}</span> <span class="view-news">'
                f'<i class="fa fa-eye"></i> {post.views}</span></div></div></div>')

    def settings(self, cat: Category, total: int) -> str:
        """The base64 JSON settings embedded in a listing."""
        data = {"itemsPerPage": self.PER_PAGE, "totalItems": total, "pageNo": 1,
                "orderBy": "publishTime DESC", "categoryId": str(cat.cid), "layout": "listType10"}
        return base64.b64encode(json.dumps(data).encode()).decode()

    def listing(self, cat: Category) -> Response:
        """Page 1 of a category; ?page=N is ignored; documents use a table."""
        if cat.kind != NEWS:
            return self.doc_table(cat)
        posts = self.items(NEWS, cat.slug)
        first, pages = self.page(posts, 1)
        b64 = self.settings(cat, len(posts))
        url = f"/?module=Content.Listing&moduleId={cat.cid}&cmd=redraw&site=30512&layout=listType10"
        main = (f'<h1 class="title-module">{esc(cat.name)}</h1><div id="Content-Listing-{cat.cid}" '
                f'class="vhv-module" data-settings="{b64}">{"".join(self.item(p, cat) for p in first)}'
                f'</div><div class="pagination-wrap" id="paging-{cat.cid}"></div><script>'
                f"$(function(){{VHV.Content.Listing.init('#Content-Listing-{cat.cid}', {{'settings': "
                f"'{b64}', 'totalPages': {pages}, 'url': '{url}'}});}});</script>")
        return self.shell(cat.name, main)

    def redraw(self, req: Request, match: re.Match[str]) -> Response:
        """POST /?module=Content.Listing&cmd=redraw with pageNo: the items' HTML."""
        if req.query.get("module") != "Content.Listing" or req.query.get("cmd") != "redraw":
            return self.home(req, match)
        cid = req.query.get("moduleId", "")
        try:
            data = json.loads(base64.b64decode(req.form.get("settings", "")) or b"{}")
            cid = str(data.get("categoryId", cid))
            number = int(req.form.get("pageNo", req.query.get("pageNo", "1")))
        except ValueError:
            return Response("Bad request", status=400, ctype="text/plain; charset=utf-8")
        cat = next((c for c in self.news_cats() if str(c.cid) == cid), self.news_cats()[0])
        posts, _ = self.page(self.items(NEWS, cat.slug), number)
        return Response("".join(self.item(p, cat) for p in posts))

    def home(self, req: Request, match: re.Match[str]) -> Response:
        """Home: latest news blocks per category."""
        blocks = "".join(f'<div class="home-block"><h2><a href="{_PATHS[c.slug]}.html">{esc(c.name)}</a>'
                         f'</h2>{"".join(self.item(p, c) for p in self.items(NEWS, c.slug)[:4])}</div>'
                         for c in self.news_cats())
        return self.shell("Trang chủ", blocks)

    def article(self, post: Post, cat: Category) -> Response:
        """Article page with the published_time meta and an "other news" block."""
        if post.kind == DOCUMENT:
            return self.doc_detail(post)
        head = (f'<meta property="article:published_time" itemprop="datePublished" '
                f'content="{iso_compact(post.published)}"><meta property="og:title" content="{esc(post.title)}">')
        attach = (f'<div class="attach-file"><b>Tập tin đính kèm</b><a href="/data/files/{post.slug}.pdf">'
                  f"{post.slug}.pdf</a></div>") if "công khai" in post.title or post.kind == RESOURCE else ""
        other = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> ({dmy(p.published)})</li>'
                        for p in self.related(post))
        main = (f'<div class="article-detail"><h1 class="title-detail">{esc(post.title)}</h1><div class="info-detail">'
                f'<span class="time-news">{dmy(post.published)} {hm(post.published)}</span> <span class="view">'
                f'Lượt xem: {post.views}</span></div><div class="content-detail">{post.body}</div>{attach}'
                f'<div class="author">{esc(post.author)}</div></div><div class="other-news"><h3>Tin khác</h3>'
                f"<ul>{other}</ul></div>")
        return self.shell(post.title, main, head)

    def doc_table(self, cat: Category) -> Response:
        """Documents or resources as a table with their issue dates."""
        rows = "".join(f'<tr><td><a href="{p.urls[0]}">{esc(p.title)}</a></td><td>{doc_number(p)}</td>'
                       f"<td>{dmy(p.published)}</td></tr>" for p in self.items(cat.kind))
        return self.shell(cat.name, f'<h1>{esc(cat.name)}</h1><table class="table-document"><tr>'
                          f"<th>Tiêu đề</th><th>Số hiệu</th><th>Ngày ban hành</th></tr>{rows}</table>")

    def doc_detail(self, post: Post) -> Response:
        """The fixed VHV document table."""
        fields = (("Tiêu đề văn bản", esc(post.title)), ("Số hiệu", doc_number(post)),
                  ("Cơ quan ban hành", "Phòng GD&ĐT"), ("Ngày ban hành", dmy(post.published)),
                  ("Ngày hiệu lực", dmy(post.published)), ("Trạng thái", "Còn hiệu lực"),
                  ("Loại tài liệu", post.title.split(" ")[0]), ("Người ký", esc(post.author)),
                  ("Tài liệu đính kèm", f'<a href="/data/files/{post.slug}.pdf">Tải về tại đây</a>'))
        rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields)
        return self.shell(post.title, f'<table class="document-detail">{rows}</table>')
