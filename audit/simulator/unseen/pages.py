"""Page bodies of unseen portals: home, section listings, articles, documents, JS fragments."""
from __future__ import annotations

from typing import Callable

from audit.simulator.unseen.fmt import dmy, esc, iso, show
from audit.simulator.unseen.markup import Markup
from audit.simulator.unseen.pager import js_pager, link_pager
from audit.simulator.unseen.shell import Shell
from audit.simulator.unseen.spec import DOCUMENT, PortalSpec, Post, Section
from audit.simulator.unseen.structure import Structure
from audit.simulator.unseen.urls import Urls


class Pages:
    """Renders the main pages of one portal as HTML strings."""

    def __init__(self, spec: PortalSpec, urls: Urls, st: Structure, absu: Callable[[str], str]) -> None:
        self.spec, self.urls, self.st, self.absu = spec, urls, st, absu
        self.mk = Markup(spec.layout)
        self.shell = Shell(spec, urls, st, self.mk)
        self.c = spec.layout.classes

    def crumb(self, *parts: tuple[str, str]) -> str:
        """A breadcrumb: Trang chủ › section."""
        links = [f'<a href="{self.urls.home()}">Trang chủ</a>'] + [f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in parts]
        return f'<div class="{self.c["crumb"]}">' + " › ".join(links) + "</div>"

    def home(self, path: str) -> str:
        """The real home: latest news and a block per news section."""
        urls, mk = self.urls, self.mk
        main = "<h2>TIN MỚI NHẤT</h2>" + mk.listing([(p, urls.featured(p)) for p in self.st.home_latest])
        for sec, posts in self.st.home_blocks:
            main += (f'<div class="home-block"><h2><a href="{esc(urls.listing(sec))}">{esc(sec.label.upper())}</a></h2>'
                     + mk.listing([(p, urls.post_in(p, sec.key)) for p in posts])
                     + f'<a class="more" href="{esc(urls.listing(sec))}">Xem tất cả</a></div>')
        return self.shell.page("Trang chủ", main, path)

    def listing(self, sec: Section, n: int, path: str) -> str:
        """Page n of a section, with its pager."""
        pages = self.st.plain[sec.key]
        pairs = [(p, self.urls.post_in(p, sec.key)) for p in pages[n - 1]]
        head = self.crumb((sec.label, self.urls.listing(sec))) + f"<h1>{esc(sec.label)}</h1>"
        if sec.kind == DOCUMENT:
            body = self.mk.docs(pairs) + link_pager(self.urls, sec, n, len(pages), "numbered", self.c["pager"])
        else:
            body = self._news_list(sec, n, pairs)
        return self.shell.page(sec.label, head + body, path)

    def _news_list(self, sec: Section, n: int, pairs: list[tuple[Post, str]]) -> str:
        """A news listing and its pager (links, JavaScript or none)."""
        lay = self.spec.layout
        if lay.pager.startswith("js_"):
            total = len(self.st.members[sec.key])
            data = f' data-total="{total}"' if lay.js_total == "data-total" else ""
            return (self.mk.listing(pairs, f' id="news-list" data-cat="{sec.num}"{data}')
                    + js_pager(self.urls, sec, len(self.st.full[sec.key]), total, self.c["pager"]))
        pager = "" if lay.pager == "none" else link_pager(
            self.urls, sec, n, len(self.st.plain[sec.key]), lay.pager, self.c["pager"])
        return self.mk.listing(pairs) + pager

    def fragment(self, sec: Section, n: int) -> str:
        """The JS endpoint's answer for page n: item boxes only (empty past the end)."""
        pages = self.st.js_pages(sec.key)
        posts = pages[n - 1] if 1 <= n <= len(pages) else []
        return self.mk.items([(p, self.urls.post_in(p, sec.key)) for p in posts])

    def _byline(self, post: Post) -> str:
        """The date line under an article's title."""
        lay = self.spec.layout
        when = show(post.at, lay.article_format)
        label = f"{lay.article_label} " if lay.article_label else ""
        return (f'<div class="{self.c["byline"]}">{label}{when} | Lượt xem: {post.views}'
                f" | Tác giả: {esc(post.author)}</div>")

    def _article_head(self, post: Post) -> str:
        """Canonical, published-time meta, shortlink and language alternates."""
        lay, urls, out = self.spec.layout, self.urls, ""
        if lay.canonical:
            out += f'<link rel="canonical" href="{esc(self.absu(urls.primary(post)))}">'
        if lay.article_meta:
            out += f'<meta property="article:published_time" content="{iso(post.at)}">'
        short = urls.shortlink(post)
        if short:
            out += f'<link rel="shortlink" href="{self.absu(short)}">'
        if post.english:
            out += f'<link rel="alternate" hreflang="en" href="{self.absu(urls.en_post(post))}">'
        return out

    def _others(self, post: Post) -> str:
        """Previous/next links and the related block, every linked post with its date."""
        urls, lay = self.urls, self.spec.layout
        older, newer = self.st.prevnext(post)
        nav = "".join(f'<a class="{cls}" href="{esc(urls.primary(p))}">{text}</a> '
                      for p, cls, text in ((older, "prev", "« Bài trước"), (newer, "next", "Bài sau »")) if p)
        rel = [(p, urls.primary(p), show(p.at, lay.listing_format)) for p in self.st.related(post)]
        label = "Văn bản khác" if post.kind == DOCUMENT else lay.related_label
        return (f'<div class="post-nav">{nav}</div>' if nav else "") + (
            f'<div class="{self.c["related"]}"><h3>{label}</h3>{self.mk.mini(rel)}</div>')

    def article(self, post: Post, path: str) -> str:
        """A news article: title, byline, body, English link, related block (the same under every URL)."""
        sec = self.spec.section(post.sections[0])
        english = (f'<p class="lang"><a href="{self.urls.en_post(post)}" hreflang="en">English version</a></p>'
                   if post.english else "")
        main = (self.crumb((sec.label, self.urls.listing(sec))) + f'<h1 class="{self.c["title"]}-detail">'
                f'{esc(post.title)}</h1>{self._byline(post)}<div class="{self.c["content"]}">{post.body}</div>'
                f"{english}{self._others(post)}")
        return self.shell.page(post.title, main, self.urls.primary(post), self._article_head(post))

    def document(self, post: Post, path: str) -> str:
        """A document page: the fixed table of fields and its attachment."""
        sec = self.spec.section(post.sections[0])
        rows = (("Số hiệu", esc(post.number)), ("Trích yếu", esc(post.title)), ("Cơ quan ban hành", esc(post.issuer)),
                ("Ngày ban hành", dmy(post.at)), ("Người ký", esc(post.signer)),
                ("Tài liệu đính kèm", f'<a href="{self.urls.file(f"vb-{post.id}.pdf")}">Tải về</a>'))
        table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        main = (self.crumb((sec.label, self.urls.listing(sec))) + f"<h1>{esc(post.title)}</h1>"
                f'<table class="vb-detail">{table}</table>{self._others(post)}')
        return self.shell.page(post.title, main, self.urls.primary(post))
