"""URL schemes of unseen portals: listings, pages, posts (with their variants), static pages, endpoints."""
from __future__ import annotations

from dataclasses import dataclass

from audit.simulator.unseen.spec import DOCUMENT, PortalSpec, Post, Section

# Schemes where a post in two sections answers under both sections' URLs.
MULTI_SECTION = ("slug_section", "aspnet", "joomla")
STATIC_TABS = {"gioi-thieu": 11, "gioi-thieu-chung": 12, "co-cau-to-chuc": 13, "ban-giam-hieu": 14,
               "lien-he": 15, "album-anh": 16, "tai-nguyen": 17, "bieu-mau": 18, "tuyen-sinh": 19,
               "cong-khai": 20}


@dataclass(frozen=True)
class Endpoint:
    """A JavaScript pager's endpoint: method, path and parameters ("{page}" for the page number)."""
    method: str
    path: str
    params: dict[str, str]

    def fill(self, page: int) -> dict[str, str]:
        """The parameters for one page."""
        return {k: v.replace("{page}", str(page)) for k, v in self.params.items()}


class Urls:
    """Paths of every page of one portal (absolute URLs are made by the server)."""

    def __init__(self, spec: PortalSpec) -> None:
        self.spec = spec
        self.lay = spec.layout
        self.scheme = spec.layout.url_scheme

    def home(self) -> str:
        """The real home (after forwarding)."""
        return self.lay.home_path

    def listing(self, sec: Section) -> str:
        """Page 1 of a section."""
        key = sec.key
        return {"slug_section": f"/{key}.html", "slug_cat_id": f"/{key}/", "slug_id": f"/chuyen-muc/{key}",
                "aspnet": f"/Default.aspx?tabid={sec.tabid}&cat={sec.num}", "wordpress": f"/category/{key}/",
                "joomla": f"/index.php/{key}", "botble": f"/{key}"}[self.scheme]

    def param(self, sec: Section) -> str:
        """The page-number style of a section's pager (documents always use ?page=N)."""
        return "page" if sec.kind == DOCUMENT else self.lay.pager_param or "page"

    def page(self, sec: Section, n: int, explicit: bool = False) -> str:
        """Page n of a section (page 1 is the listing itself unless explicit)."""
        base = self.listing(sec)
        if n == 1 and not explicit:
            return base
        style = self.param(sec)
        path, _, query = base.partition("?")
        if style in ("page", "p", "PageIndex"):
            return f"{base}{'&' if query else '?'}{style}={n}"
        stem = path[:-5] if path.endswith(".html") else path.rstrip("/")
        tail = f"/page/{n}/" if style == "path_page" else f"/trang-{n}.html"
        return stem + tail + (f"?{query}" if query else "")

    def post_in(self, post: Post, key: str) -> str:
        """The post's URL as linked from the listing of section `key`."""
        sec = self.spec.section(key if self.scheme in MULTI_SECTION else post.sections[0])
        slug, pid = post.slug, post.id
        return {"slug_section": f"/{sec.key}/{slug}.html", "slug_cat_id": f"/{sec.key}/{slug}-{pid}.html",
                "slug_id": f"/bai-viet/{pid}/{slug}",
                "aspnet": f"/Default.aspx?tabid={sec.tabid}&cat={sec.num}&id={pid}",
                "wordpress": f"/{post.at:%Y}/{post.at:%m}/{slug}/",
                "joomla": f"/index.php/{sec.key}/{pid}-{slug}", "botble": f"/{slug}.html"}[self.scheme]

    def primary(self, post: Post) -> str:
        """The post's main URL (its primary section's)."""
        return self.post_in(post, post.sections[0])

    def friendly(self, post: Post) -> str | None:
        """ASP.NET: the friendly alias some posts also answer under."""
        return f"/{post.sections[0]}/{post.slug}-{post.id}.aspx" if post.friendly else None

    def shortlink(self, post: Post) -> str | None:
        """WordPress: the ?p=N short link."""
        return f"/?p={post.id}" if self.scheme == "wordpress" else None

    def featured(self, post: Post) -> str:
        """The URL used by the home page's blocks and sidebars (the friendly alias when there is one)."""
        return self.friendly(post) or self.primary(post)

    def all_urls(self, post: Post) -> list[str]:
        """Every path answering with the post, the primary first."""
        urls = [self.post_in(post, key) for key in post.sections]
        urls += [u for u in (self.friendly(post), self.shortlink(post)) if u]
        return list(dict.fromkeys(urls))

    def static(self, slug: str) -> str:
        """A static page (Giới thiệu, Liên hệ, Biểu mẫu, Công khai…)."""
        if self.scheme == "aspnet":
            tab = STATIC_TABS.get(slug) or 200 + int(slug[-4:]) % 100
            return f"/Default.aspx?tabid={tab}"
        return {"slug_section": f"/{slug}.html", "slug_cat_id": f"/page/{slug}.html", "slug_id": f"/trang/{slug}",
                "wordpress": f"/{slug}/", "joomla": f"/index.php/{slug}", "botble": f"/{slug}"}[self.scheme]

    def file(self, name: str) -> str:
        """A downloadable file."""
        return f"/uploads/files/{name}"

    def en_home(self) -> str:
        """The English home."""
        return "/en/"

    def en_post(self, post: Post) -> str:
        """The English copy of a post."""
        return f"/en/news/{post.id}-{post.slug_en}.html"

    def feed(self) -> str | None:
        """The RSS feed, if any."""
        if not self.lay.rss:
            return None
        first = next(s for s in self.spec.sections if s.kind != DOCUMENT)
        return {"wordpress": "/feed/", "joomla": f"/index.php/{first.key}?format=feed&type=rss",
                "aspnet": "/rss.aspx"}.get(self.scheme, "/rss.xml")

    def endpoint(self, sec: Section) -> Endpoint | None:
        """The JavaScript pager's endpoint of a news section (working or broken), if any."""
        lay = self.lay
        if sec.kind == DOCUMENT:
            return None
        if lay.pager == "js_ok" and lay.js_method == "GET":
            return Endpoint("GET", "/api/news", {"cat": str(sec.num), "page": "{page}"})
        if lay.pager == "js_ok":
            return Endpoint("POST", "/Services/LoadNews.ashx", {"catid": str(sec.num), "pageIndex": "{page}"})
        if lay.pager == "js_broken" and lay.broken_status == 500:
            return Endpoint("GET", "/ajax/tin-tuc.php", {"cat": str(sec.num), "page": "{page}"})
        if lay.pager == "js_broken":
            return Endpoint("POST", "/Handler/NewsPager.ashx", {"cid": str(sec.num), "p": "{page}"})
        return None
