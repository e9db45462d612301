"""The page frame of unseen portals: head, nested menu, sidebars, footer (div or table layout)."""
from __future__ import annotations

from dataclasses import dataclass, field

from audit.simulator.unseen.fmt import dmy, esc
from audit.simulator.unseen.markup import Markup
from audit.simulator.unseen.spec import DOCUMENT, PortalSpec
from audit.simulator.unseen.structure import Structure
from audit.simulator.unseen.urls import Urls
from audit.simulator.unseen import vocab

GENERATORS = {"slug_cat_id": '<meta name="generator" content="NukeViet v4.5">',
              "wordpress": '<meta name="generator" content="WordPress 6.2.2">',
              "joomla": '<meta name="generator" content="Joomla! - Open Source Content Management">',
              "botble": '<meta name="csrf-token" content="Qm9idGxlQ01TLXVuc2Vlbi10b2tlbg">'}
VIEWSTATE = "/wEPDwUKMTY1NDU2MTA1MmRkZmV4cGxvcmUtbWUtbm90LXVuc2Vlbi1wb3J0YWw="


@dataclass
class MenuItem:
    """A menu entry; children make a nested ul."""
    label: str
    href: str
    children: list[MenuItem] = field(default_factory=list)


def statics(spec: PortalSpec) -> dict[str, str]:
    """Static page slugs present on this portal, with their headings."""
    lay = spec.layout
    pages = {"gioi-thieu": "Giới thiệu", "gioi-thieu-chung": "Giới thiệu chung", "co-cau-to-chuc": "Cơ cấu tổ chức",
             "ban-giam-hieu": "Ban Giám hiệu", "lien-he": "Liên hệ", "album-anh": "Album ảnh",
             "tai-nguyen": "Tài nguyên"}
    if lay.forms["leave_request"] or lay.forms["regrade_request"]:
        pages["bieu-mau"] = "Biểu mẫu"
    if lay.forms["admission_info"]:
        pages["tuyen-sinh"] = f"Thông tin tuyển sinh lớp {spec.grade}"
    if lay.disclosure != "none":
        pages["cong-khai"] = lay.disclosure
        pages.update({f"cong-khai-nam-hoc-{y}": f"Công khai năm học {y}" for y in lay.disclosure_years})
    return pages


def _news_menu(spec: PortalSpec, urls: Urls) -> list[MenuItem]:
    """News sections: flat top-level entries or children of a parent (href "#" or the first child)."""
    secs = [MenuItem(s.label, urls.listing(s)) for s in spec.sections if s.group == "news"]
    lay = spec.layout
    if lay.news_menu == "flat" or len(secs) < 2:
        return secs
    parent = next(p for p in vocab.NEWS_PARENTS if p not in {s.label for s in secs})
    href = secs[0].href if lay.news_menu == "nested_link" else ("#" if spec.seed % 2 else "javascript:void(0)")
    return [MenuItem(parent, href, secs)]


def menu(spec: PortalSpec, urls: Urls) -> list[MenuItem]:
    """The whole menu, in the usual order of a school portal."""
    pages, static = statics(spec), urls.static
    items = [MenuItem("Trang chủ", urls.home()),
             MenuItem("Giới thiệu", static("gioi-thieu"),
                      [MenuItem(pages[s], static(s)) for s in ("gioi-thieu-chung", "co-cau-to-chuc", "ban-giam-hieu")])]
    items += _news_menu(spec, urls)
    items += [MenuItem(s.label, urls.listing(s)) for s in spec.sections if s.group == "notice"]
    docs = [MenuItem(s.label, urls.listing(s)) for s in spec.sections if s.kind == DOCUMENT]
    items.append(MenuItem(spec.layout.docs_parent, docs[0].href, docs))
    if "cong-khai" in pages:
        years = [MenuItem(t, static(s)) for s, t in pages.items() if s.startswith("cong-khai-nam-hoc")]
        items.append(MenuItem(pages["cong-khai"], static("cong-khai"), years))
    items += [MenuItem(label, static(s)) for s, label in (("bieu-mau", "Biểu mẫu"), ("tuyen-sinh", "Tuyển sinh"))
              if s in pages]
    items += [MenuItem(pages[s], static(s)) for s in ("tai-nguyen", "album-anh", "lien-he")]
    return items


def menu_html(items: list[MenuItem], cls: str, sub: str) -> str:
    """Nested ul > li > ul markup."""
    def one(item: MenuItem) -> str:
        kids = f'<ul class="{sub}">' + "".join(map(one, item.children)) + "</ul>" if item.children else ""
        return f'<li><a href="{esc(item.href)}">{esc(item.label)}</a>{kids}</li>'
    return f'<ul class="{cls}">' + "".join(map(one, items)) + "</ul>"


class Shell:
    """Wraps page content in the portal's frame; the menu and sidebars are rendered once."""

    def __init__(self, spec: PortalSpec, urls: Urls, st: Structure, mk: Markup) -> None:
        self.spec, self.urls = spec, urls
        c = spec.layout.classes
        self.menu = menu_html(menu(spec, urls), c["menu"], c["sub"])
        self.sidebar = self._sidebar(st, mk) + self._counter()
        self.top = self._top()

    def _sidebar(self, st: Structure, mk: Markup) -> str:
        """Tin mới (publication dates), Tin xem nhiều and Tin nổi bật (updated dates)."""
        c, out = self.spec.layout.classes, []
        for label, posts in st.side.items():
            rows = []
            for p in posts:
                href = (self.urls.shortlink(p) if label == "Tin xem nhiều" else None) or self.urls.featured(p)
                when = dmy(p.at) if label == "Tin mới" else f"Cập nhật {dmy(p.updated or p.at)}"
                rows.append((p, href, when))
            out.append(f'<div class="{c["side"]}"><h3 class="{c["side_title"]}">{label}</h3>{mk.mini(rows)}</div>')
        return "".join(out)

    def _counter(self) -> str:
        """A visit counter widget."""
        total = f"{150000 + self.spec.seed * 7919 % 900000:,}".replace(",", ".")
        return f'<div class="counter">Lượt truy cập: {total}<br>Đang online: {3 + self.spec.seed % 20}</div>'

    def _top(self) -> str:
        """The top bar: school name linking home, English and RSS links when present."""
        extra = ""
        if self.spec.layout.language_copies:
            extra += f' <a class="lang" href="{self.urls.en_home()}" hreflang="en">English</a>'
        feed = self.urls.feed()
        if feed:
            extra += f' <a class="rss" href="{esc(feed)}">RSS</a>'
        return (f'<div class="top"><a class="logo" href="{self.urls.home()}"><img src="/uploads/thumbs/logo.jpg" '
                f'alt="Logo"> <b>{esc(self.spec.name.upper())}</b></a>{extra}</div>')

    def head(self, title: str, extra: str) -> str:
        """The head element."""
        feed = self.urls.feed()
        rss = f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{esc(feed)}">' if feed else ""
        return (f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{esc(title)} - {esc(self.spec.name)}</title>{GENERATORS.get(self.urls.scheme, "")}'
                f'<link rel="stylesheet" href="/css/site.css">{rss}{extra}</head>')

    def footer(self) -> str:
        """Address and copyright."""
        return (f'<div class="footer"><b>{esc(self.spec.name)}</b><br>Địa chỉ: {esc(self.spec.address)}<br>'
                f"Điện thoại: 0{220 + self.spec.seed % 70} 3{self.spec.seed * 7 % 900:03d} 456 - "
                f"Email: c2.{self.spec.seed}@edu.vn<br>Bản quyền thuộc về {esc(self.spec.name)}</div>")

    def page(self, title: str, main: str, path: str, extra_head: str = "") -> str:
        """A full page."""
        if self.spec.layout.shell == "table":
            body = (f'<table width="1000" align="center" cellpadding="0"><tr><td colspan="3">{self.top}</td></tr>'
                    f'<tr><td width="200" valign="top">{self.menu}</td><td valign="top">{main}</td>'
                    f'<td width="250" valign="top">{self.sidebar}</td></tr><tr><td colspan="3">{self.footer()}'
                    "</td></tr></table>")
        else:
            body = (f'<div class="wrapper">{self.top}<nav>{self.menu}</nav><div class="container">'
                    f'<div class="main">{main}</div><aside>{self.sidebar}</aside></div>{self.footer()}</div>')
        if self.urls.scheme == "aspnet":
            body = (f'<form method="post" action="{esc(path)}" id="Form"><input type="hidden" name="__VIEWSTATE" '
                    f'id="__VIEWSTATE" value="{VIEWSTATE}">{body}</form>')
        return f'<!DOCTYPE html><html lang="vi">{self.head(title, extra_head)}<body>{body}</body></html>'

