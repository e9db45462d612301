"""Routing of one unseen portal: an explicit table of every path, rendered on demand and cached."""
from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Callable
from urllib.parse import parse_qsl, urlsplit

from audit.simulator.unseen import english, feeds, statics
from audit.simulator.unseen.pages import Pages
from audit.simulator.unseen.shell import statics as static_slugs
from audit.simulator.unseen.spec import DOCUMENT, PortalSpec, Section
from audit.simulator.unseen.structure import Structure
from audit.simulator.unseen.urls import Endpoint, Urls

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
Key = tuple[str, tuple[tuple[str, str], ...]]
CACHE_BYTES = 3_000_000          # rendered pages kept per portal (rendering one takes about 0.1 ms)
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
FILE_TYPES = {"pdf": "application/pdf", "doc": "application/msword",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
SERVER = {"aspnet": {"Server": "Microsoft-IIS/10.0", "X-Powered-By": "ASP.NET", "X-AspNet-Version": "4.0.30319"},
          "wordpress": {"Server": "Apache", "X-Powered-By": "PHP/8.0.30"},
          "joomla": {"Server": "Apache", "X-Powered-By": "PHP/7.4.33"},
          "slug_cat_id": {"Server": "Apache", "X-Powered-By": "PHP/7.4.33"},
          "botble": {"Server": "nginx", "X-Powered-By": "PHP/8.1.2"}}


@dataclass
class Answer:
    """An HTTP answer: status, body, content type and extra headers."""
    status: int
    body: bytes
    ctype: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


def key_of(path: str, query: str | dict[str, str]) -> Key:
    """The route key of a path and its (sorted) query."""
    items = query.items() if isinstance(query, dict) else parse_qsl(query, keep_blank_values=True)
    return path, tuple(sorted(items))


class Site:
    """Answers requests for one portal; pages are rendered once and kept."""

    def __init__(self, spec: PortalSpec, base: str) -> None:
        self.spec, self.base = spec, base.rstrip("/")
        self.urls = Urls(spec)
        self.st = Structure(spec)
        self.pages = Pages(spec, self.urls, self.st, self.absu)
        self.routes: dict[Key, Callable[[], Answer]] = {}
        self.significant: dict[str, set[str]] = defaultdict(set)
        self.endpoints: dict[str, tuple[Endpoint, list[Section]]] = {}
        self.cache: OrderedDict[Key, Answer] = OrderedDict()
        self.cache_bytes = 0
        self.lock = threading.Lock()
        self.headers = SERVER.get(spec.layout.url_scheme, {"Server": "nginx"})
        self._register_all()

    def absu(self, path: str) -> str:
        """An absolute URL of a path."""
        return self.base + path

    def add(self, url: str, render: Callable[[], Answer]) -> None:
        """Register a path (with its query) once."""
        path, _, query = url.partition("?")
        key = key_of(path, query)
        if key in self.routes:
            raise ValueError(f"{self.spec.id}: two pages at {url}")
        self.routes[key] = render
        self.significant[path].update(k for k, _ in key[1])

    def html(self, make: Callable[[str], str], url: str) -> None:
        """Register an HTML page rendered by make(path)."""
        self.add(url, lambda: Answer(200, make(url).encode("utf-8")))

    def _register_all(self) -> None:
        """Every page of the portal."""
        self._register_root()
        self._register_sections()
        self._register_posts()
        self._register_statics()
        self._register_feeds()
        if self.spec.layout.language_copies:
            self._register_english()

    def _register_root(self) -> None:
        """/ (the home or a forwarder) and the real home."""
        lay, home = self.spec.layout, self.urls.home()
        if lay.forwarding == "302":
            self.add("/", lambda: Answer(302, b"", headers={"Location": self.absu(home)}))
        elif lay.forwarding != "none":
            self.add("/", lambda: Answer(200, statics.forwarder(lay.forwarding, home).encode("utf-8")))
        self.html(self.pages.home, home)
        if lay.url_scheme == "aspnet" and home != "/Default.aspx":
            self.html(self.pages.home, "/Default.aspx")

    def _register_sections(self) -> None:
        """Listing pages reachable without JavaScript, and the JS endpoints."""
        for sec in self.spec.sections:
            for n in range(1, len(self.st.plain[sec.key]) + 1):
                self.html(partial(self.pages.listing, sec, n), self.urls.page(sec, n))
            if self.spec.layout.page1_explicit and sec.kind != DOCUMENT and len(self.st.plain[sec.key]) > 1:
                self.html(partial(self.pages.listing, sec, 1), self.urls.page(sec, 1, True))
            ep = self.urls.endpoint(sec)
            if ep:
                self.endpoints.setdefault(ep.path, (ep, []))[1].append(sec)

    def _register_posts(self) -> None:
        """Every URL of every post."""
        for post in self.spec.posts:
            make = self.pages.document if post.kind == DOCUMENT else self.pages.article
            for url in self.urls.all_urls(post):
                self.html(partial(make, post), url)

    def _register_statics(self) -> None:
        """Static pages and downloadable files."""
        for slug in static_slugs(self.spec):
            self.html(partial(statics.static_page, self.pages, slug), self.urls.static(slug))
        for name in statics.file_names(self.spec):
            ctype = FILE_TYPES[name.rsplit(".", 1)[1]]
            self.add(self.urls.file(name), partial(Answer, 200, PDF, ctype))

    def _register_feeds(self) -> None:
        """robots.txt, sitemap and RSS."""
        spec, urls = self.spec, self.urls
        self.add("/robots.txt", lambda: Answer(200, feeds.robots(spec, self.absu).encode(), TEXT))
        if spec.layout.sitemap != "none":
            self.add(feeds.SITEMAP_PATH, lambda: Answer(200, feeds.sitemap(spec, urls, self.absu).encode("utf-8"),
                                                        "application/xml; charset=utf-8"))
        feed = urls.feed()
        if feed:
            self.add(feed, lambda: Answer(200, feeds.rss(spec, urls, self.absu).encode("utf-8"),
                                          "application/rss+xml; charset=utf-8"))

    def _register_english(self) -> None:
        """/en/ pages."""
        self.html(partial(english.en_home, self.pages), self.urls.en_home())
        self.html(partial(english.en_news, self.pages), english.NEWS_PATH)
        for post in english.copies(self.pages):
            self.html(partial(english.en_post, self.pages, post), self.urls.en_post(post))

    def endpoint(self, path: str, params: dict[str, str]) -> Answer:
        """A JS pager endpoint: a fragment of items, or its permanent failure."""
        ep, secs = self.endpoints[path]
        lay = self.spec.layout
        if lay.pager == "js_broken":
            status = lay.broken_status or 500
            return Answer(status, f"<h1>{status}</h1>".encode())
        names = list(ep.params)
        sec = next((s for s in secs if params.get(names[0]) == str(s.num)), None)
        raw = params.get(names[1], "")
        if sec is None or not raw.isdigit():
            return Answer(400, b"Bad request")
        return Answer(200, self.pages.fragment(sec, int(raw)).encode("utf-8"))

    def static_asset(self, path: str) -> Answer | None:
        """Thumbnails and the stylesheet (any name under the folder)."""
        if path.startswith("/uploads/thumbs/"):
            return Answer(200, GIF, "image/gif")
        if path.startswith("/css/"):
            return Answer(200, b"body{font-family:Arial,sans-serif}", "text/css")
        return None

    def lookup(self, path: str, query: str) -> Answer | None:
        """The page at path?query; unknown parameters on a known path are ignored (as real sites do)."""
        key = key_of(path, query)
        if key not in self.routes and path in self.significant:
            keep = self.significant[path]
            key = path, tuple(kv for kv in key[1] if kv[0] in keep)
        if key not in self.routes:
            return None
        return self._cached(key)

    def _cached(self, key: Key) -> Answer:
        """The rendered page, from a per-portal LRU cache bounded in bytes."""
        with self.lock:
            found = self.cache.get(key)
            if found is not None:
                self.cache.move_to_end(key)
                return found
        answer = self.routes[key]()
        with self.lock:
            self.cache[key] = answer
            self.cache_bytes += len(answer.body)
            while self.cache_bytes > CACHE_BYTES and len(self.cache) > 1:
                self.cache_bytes -= len(self.cache.popitem(last=False)[1].body)
        return answer

    def handle(self, method: str, target: str, form: dict[str, str]) -> Answer:
        """The answer to one request (any method; POST forms only matter to endpoints)."""
        parts = urlsplit(target)
        path = parts.path or "/"
        if path in self.endpoints:
            return self.endpoint(path, {**dict(parse_qsl(parts.query)), **form})
        found = self.lookup(path, parts.query) or self.static_asset(path)
        if found is None:
            return Answer(404, self.not_found().encode("utf-8"))
        return found

    def not_found(self) -> str:
        """The 404 page."""
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang</title></head>'
                f'<body><h1>404 - Không tìm thấy trang</h1><p><a href="{self.urls.home()}">Về trang chủ</a></p>'
                "</body></html>")
