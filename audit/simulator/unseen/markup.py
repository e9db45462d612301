"""Listing markup of unseen portals: item boxes, their wrappers, and document lists."""
from __future__ import annotations

from audit.simulator.unseen.fmt import dmy, esc, show
from audit.simulator.unseen.layout import Layout
from audit.simulator.unseen.spec import Post

LIST_TAGS = {"li": "ul", "tr": "table", "div": "div", "article": "div"}


class Markup:
    """Renders item boxes the way one portal does."""

    def __init__(self, lay: Layout) -> None:
        self.lay = lay
        self.c = lay.classes

    def date(self, post: Post) -> str:
        """A listing date in the portal's listing format."""
        return show(post.at, self.lay.listing_format)

    def title(self, post: Post, raw: str) -> str:
        """The title link in its tag."""
        tag, cls, text, href = self.lay.title_tag, self.c["title"], esc(post.title), esc(raw)
        if tag == "a":
            return f'<a class="{cls}" href="{href}">{text}</a>'
        if tag == "strong":
            return f'<strong class="{cls}"><a href="{href}">{text}</a></strong>'
        return f'<{tag} class="{cls}"><a href="{href}" title="{text}">{text}</a></{tag}>'

    def thumb(self, post: Post, raw: str) -> str:
        """A thumbnail: a second link to the post (empty text or the image alt)."""
        if self.lay.thumb == "none":
            return ""
        href = esc(raw)
        alt = esc(post.title) if self.lay.thumb == "alt" else ""
        return f'<a class="{self.c["thumb"]}" href="{href}"><img src="/uploads/thumbs/{post.id}.jpg" alt="{alt}"></a>'

    def stamp(self, post: Post) -> str:
        """The date element (plain, in a meta line, or nothing)."""
        lay = self.lay
        if lay.listing_dates == "absent":
            return ""
        if lay.listing_dates != "meta":
            return f'<span class="{self.c["date"]}">{self.date(post)}</span>'
        if lay.meta_label == "Cập nhật:":
            line = f"Cập nhật: {self.date(post)} | Lượt xem: {post.views}"
        else:
            line = f"{lay.meta_label} {self.date(post)}"
        return f'<div class="{self.c["meta"]}">{line}</div>'

    def excerpt(self, post: Post) -> str:
        """The excerpt paragraph, if the portal shows one."""
        if self.lay.excerpt == "none" or not post.excerpt:
            return ""
        return f'<p class="{self.c["excerpt"]}">{esc(post.excerpt)}</p>'

    def _inner(self, html: str) -> str:
        """Wrap an item's content in the portal's inner boxes."""
        for i in range(self.lay.inner_depth):
            html = f'<div class="{self.c["inner"]}{"-" + str(i) if i else ""}">{html}</div>'
        return html

    def item(self, post: Post, href: str) -> str:
        """One item box."""
        lay = self.lay
        title, stamp = self.title(post, href), self.stamp(post)
        thumb, excerpt = self.thumb(post, href), self.excerpt(post)
        column = lay.listing_dates == "column"
        if lay.listing_dates == "before":
            main = stamp + title + excerpt
        else:
            main = title + ("" if column else stamp) + excerpt
        cls = self.c["item"]
        if lay.container == "tr":
            cells = (f"<td>{thumb}</td>" if thumb else "") + f"<td>{self._inner(main)}</td>"
            return f'<tr class="{cls}">{cells}{f"<td>{stamp}</td>" if column else ""}</tr>'
        side = f'<div class="{self.c["date"]}-col">{stamp}</div>' if column else ""
        return f'<{lay.container} class="{cls}">{thumb}{self._inner(main)}{side}</{lay.container}>'

    def items(self, pairs: list[tuple[Post, str]]) -> str:
        """Item boxes, no wrapper (also the JS endpoint's fragment)."""
        return "".join(self.item(post, href) for post, href in pairs)

    def listing(self, pairs: list[tuple[Post, str]], attrs: str = "") -> str:
        """Item boxes in their list element and 1-4 wrapper divs."""
        tag = LIST_TAGS[self.lay.container]
        inner = f"<tbody>{self.items(pairs)}</tbody>" if tag == "table" else self.items(pairs)
        html = f'<{tag} class="{self.c["list"]}"{attrs}>{inner}</{tag}>'
        for i in range(self.lay.depth):
            html = f'<div class="{self.c["wrap"]}{"-" + str(i) if i else ""}">{html}</div>'
        return html

    def docs(self, pairs: list[tuple[Post, str]]) -> str:
        """A document list: a Số hiệu | Trích yếu | Ngày ban hành table, or items with those lines."""
        if self.lay.docs_table:
            rows = "".join(f"<tr><td>{esc(p.number)}</td><td><a href=\"{esc(href)}\">{esc(p.title)}</a></td>"
                           f"<td>{dmy(p.at)}</td></tr>" for p, href in pairs)
            return ('<table class="vb-table" border="1"><thead><tr><th>Số hiệu</th><th>Trích yếu</th>'
                    f"<th>Ngày ban hành</th></tr></thead><tbody>{rows}</tbody></table>")
        items = "".join(f'<div class="vb-item"><a href="{esc(href)}">{esc(p.title)}</a><div>Số hiệu: {esc(p.number)}'
                        f" - Ngày ban hành: {dmy(p.at)} - Cơ quan ban hành: {esc(p.issuer)}</div></div>"
                        for p, href in pairs)
        return f'<div class="vb-list">{items}</div>'

    def mini(self, posts: list[tuple[Post, str, str]]) -> str:
        """A short list (sidebars, related): title links followed by a date text."""
        return "<ul>" + "".join(f'<li><a href="{esc(href)}">{esc(p.title)}</a> <span class="d">({when})</span></li>'
                                for p, href, when in posts) + "</ul>"
