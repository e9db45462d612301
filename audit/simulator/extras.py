"""The feature-driven pages of a portal: their paths, the menu entries and the section URLs."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable

from audit.simulator import disclosure as dis
from audit.simulator import formpages, sections
from audit.simulator.features import RESULT_TRAP, STAFF_TRAP
from audit.simulator.vnfmt import slugify

if TYPE_CHECKING:
    from audit.simulator.base import Site

POSTS_LABEL = "Thông báo công khai"


@dataclass(frozen=True)
class MenuItem:
    """A menu entry with optional children."""
    label: str
    path: str
    children: tuple[MenuItem, ...] = ()


@dataclass(frozen=True)
class Page:
    """A static page: its title and a renderer of the inner HTML."""
    title: str
    render: Callable[[], str]


class Extras:
    """Pages, menu and URLs of one portal's disclosure, forms and content sections."""

    def __init__(self, site: Site) -> None:
        self.site, self.portal, self.feat = site, site.portal, site.portal.features
        self.pages: dict[str, Page] = {}
        self.urls: dict[str, str] = {}
        self.form_urls: dict[str, str] = {}
        self.year_urls: dict[str, str] = {}
        self.disclosure_url: str | None = None
        self.disclosure_label: str | None = None
        self.head: list[MenuItem] = []
        self.tail: list[MenuItem] = []
        self._disclosure()
        self._intro()
        self._forms()
        self._content()
        self._group()

    def add_disclosure(self, slug: str, label: str, render: Callable[[], str]) -> str:
        """Register the disclosure section and the link text leading to it."""
        self.disclosure_label = label
        return self.add("disclosure", slug, label, render)

    def add(self, key: str, slug: str, title: str, render: Callable[[], str]) -> str:
        """Register a page (and, with a key, a section URL); return its path."""
        path = self.site.page_path(slug)
        self.pages[path] = Page(title, render)
        if key:
            self.urls[key] = path
        return path

    def _disclosure(self) -> None:
        """The disclosure page(s) of this portal's case."""
        feat, site, how = self.feat, self.site, self.feat.disclosure
        label = feat.disclosure_label
        if how in ("page", "older_only", "year_pages"):
            path = self.add_disclosure("cong-khai", label, lambda: dis.main_page(feat, site, label))
            self.tail.append(MenuItem(label, path))
        elif how == "under_intro":
            path = self.add_disclosure("thong-tin-cong-khai", "Thông tin công khai",
                            lambda: dis.main_page(feat, site, "Thông tin công khai"))
        elif how == "posts":
            path = self.add_disclosure("thong-bao-cong-khai", POSTS_LABEL,
                            lambda: dis.post_listing(feat, site, POSTS_LABEL))
            self.tail.append(MenuItem(POSTS_LABEL, path))
            self._posts()
        else:
            return
        self.disclosure_url = path if how != "posts" else feat.disclosure_posts[0].urls[0]
        for first in feat.disclosure_years if how != "posts" else ():
            self.year_urls[dis.sy(first)] = path
        if how == "year_pages":
            for first in feat.disclosure_years:
                self.year_urls[dis.sy(first)] = self.add("", dis.year_slug(first), f"Công khai năm học {dis.sy(first)}",
                                                         partial(dis.year_page, feat, first, site.FILES))

    def _posts(self) -> None:
        """Detail pages of the disclosure posts."""
        for post in self.feat.disclosure_posts:
            post.urls = [self.add("", f"{post.slug}-{post.id}", post.title,
                                  partial(dis.post_detail, self.feat, post, self.site.FILES))]
            self.year_urls[post.title.rsplit(" ", 1)[1]] = post.urls[0]

    def _intro(self) -> None:
        """Giới thiệu, with organisation and (hidden disclosure) as children."""
        children = []
        org = self.feat.sections.get("organisation")
        if org:
            children.append(MenuItem(org, self.add("organisation", slugify(org), org,
                                                   lambda: sections.organisation(self.portal, org))))
        link = ""
        if self.feat.disclosure == "under_intro":
            link = f'<p>Xem thêm: <a href="{self.urls["disclosure"]}">Thông tin công khai</a></p>'
            if self.feat.intro_submenu:
                children.append(MenuItem("Thông tin công khai", self.urls["disclosure"]))
        path = self.add("introduction", "gioi-thieu", "Giới thiệu", lambda: sections.intro(self.portal, link))
        self.head.append(MenuItem("Giới thiệu", path, tuple(children)))

    def _forms(self) -> None:
        """The Biểu mẫu page, the Tuyển sinh page, form pages and the trap page."""
        feat, site = self.feat, self.site
        if any(f.menu == "forms" for f in feat.forms) or STAFF_TRAP in feat.traps or \
                (RESULT_TRAP in feat.traps and not feat.admission_label):
            path = self.add("admin_procedures", slugify(feat.forms_label), feat.forms_label,
                            lambda: formpages.listing(feat, site, "forms"))
            self.tail.append(MenuItem(feat.forms_label, path))
        if feat.admission_label:
            path = self.add("", "tuyen-sinh", feat.admission_label, lambda: formpages.listing(feat, site, "admission"))
            self.tail.append(MenuItem(feat.admission_label, path))
        for form in feat.forms:
            if form.mode == "page":
                self.add("", formpages.form_slug(form), form.label, partial(formpages.form_page, form, self.portal))
            self.form_urls[form.kind] = formpages.href(form, site)
        if RESULT_TRAP in feat.traps:
            self.add("", slugify(RESULT_TRAP), RESULT_TRAP, lambda: formpages.result_page(self.portal))

    def flat_tail(self) -> list[MenuItem]:
        """The tail entries and their children in one row (a quick-links bar)."""
        return [j for i in self.tail for j in (i, *i.children) if j.label != "Tiện ích"]

    def _group(self) -> None:
        """Keep the top menu short, as portals do: Tuyển sinh under the forms, album and Q&A under "Tiện ích"."""
        tail, labels = self.tail, (self.feat.sections.get("photo_album"), self.feat.sections.get("qa"))
        extra = [i for i in tail if i.label in labels]
        admission = [i for i in tail if i.label == self.feat.admission_label]
        forms = next((i for i in tail if i.label == self.feat.forms_label), None)
        rest = [i for i in tail if i not in extra and (forms is None or i not in admission)]
        if forms is not None and admission:
            rest[rest.index(forms)] = MenuItem(forms.label, forms.path, tuple(admission))
        if extra:
            rest.insert(len(rest) - ("contact" in self.feat.sections), MenuItem("Tiện ích", extra[0].path, tuple(extra)))
        self.tail = rest

    def _content(self) -> None:
        """Photo album, Q&A and contact; news, documents and e-learning come from the template."""
        feat = self.feat
        album = feat.sections.get("photo_album")
        if album:
            paths = [self.add("", f"album-{slugify(t)}", t, partial(sections.album_page, t, i))
                     for i, t in enumerate(sections.ALBUMS, 1)]
            self.tail.append(MenuItem(album, self.add("photo_album", "thu-vien-anh", album,
                                                      partial(sections.album, album, paths))))
        qa = feat.sections.get("qa")
        if qa:
            self.tail.append(MenuItem(qa, self.add("qa", "hoi-dap", qa, partial(sections.qa, qa))))
        contact = feat.sections.get("contact")
        if contact:
            self.tail.append(MenuItem(contact, self.add("contact", "lien-he", contact,
                                                        lambda: sections.contact(self.portal, contact))))
        self.urls.update(self.site.section_urls())
