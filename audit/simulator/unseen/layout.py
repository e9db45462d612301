"""The layout choices of one unseen portal, each drawn from its seed (balanced by deck.deal)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from audit.simulator.unseen import vocab
from audit.simulator.unseen.deck import deal
from audit.simulator.unseen.fmt import FORMATS

URL_SCHEMES = ("slug_section", "slug_cat_id", "slug_id", "aspnet", "wordpress", "joomla", "botble")
PAGER_DECK = ("numbered:page", "numbered:p", "numbered:path_page", "numbered:trang", "numbered:PageIndex",
              "windowed", "next_only:Trang sau", "next_only:»", "next_only:Xem thêm", "page_of",
              "js_ok:GET", "js_ok:POST", "js_broken:500", "js_broken:404", "none")
PAGER_PARAMS = ("page", "p", "path_page", "trang", "PageIndex")
LINK_PAGERS = ("numbered", "windowed", "next_only", "page_of")
LISTING_DATES = ("before", "after", "column", "meta:Ngày đăng:", "meta:Cập nhật:", "meta:Đăng lúc", "absent")
FORWARDING = ("none",) * 11 + ("meta", "js", "click", "frameset", "iframe", "302:/vi/", "302:/home.html")
CONTAINERS = ("div", "li", "article", "tr")
TITLE_TAGS = ("h2", "h3", "h4", "a", "strong")
THUMBS = ("none", "empty", "alt")
CLASS_STYLES = ("random", "abbrev", "meaningful")
EXCERPTS = ("none", "plain", "trap", "trap")
RELATED_MODES = ("older", "newest", "random")
THONG_BAO = ("news_top", "doc_child", "absent")
NEWS_MENUS = ("flat", "nested_hash", "nested_link")
DISCLOSURES = ("none",) + vocab.DISCLOSURE_LABELS
SITEMAPS = ("none", "complete", "latest50")
ARTICLE_LABELS = ("", "Ngày đăng:", "Cập nhật lúc", "Đăng lúc", "Thời gian đăng:")
SIDEBARS = ("Tin mới", "Tin xem nhiều", "Tin nổi bật")
YEARS = ("2020-2021", "2021-2022", "2022-2023", "2023-2024", "2024-2025")


@dataclass
class Layout:
    """Every choice made for one portal (JSON-able via dataclasses.asdict)."""
    url_scheme: str
    pager: str
    pager_param: str | None
    next_label: str | None
    page1_explicit: bool
    js_method: str | None
    js_total: str | None
    broken_status: int | None
    per_page: int
    listing_cap: int | None
    related_only: bool
    related_mode: str
    related_label: str
    related_count: int
    prevnext: bool
    listing_dates: str
    meta_label: str | None
    listing_format: str
    article_format: str
    article_label: str
    article_meta: bool
    canonical: bool
    container: str
    title_tag: str
    thumb: str
    excerpt: str
    class_style: str
    depth: int
    inner_depth: int
    shell: str
    forwarding: str
    home_path: str
    language_copies: bool
    size: str
    n_news: int
    two_section_share: float
    friendly_share: float
    thong_bao: str
    news_menu: str
    docs_parent: str
    docs_table: bool
    disclosure: str
    disclosure_years: list[str]
    forms: dict[str, bool]
    sitemap: str
    rss: bool
    orphans: bool
    sidebars: list[str]
    classes: dict[str, str] = field(default_factory=dict)


def _classes(rng: random.Random, style: str) -> dict[str, str]:
    """A class name per role: random tokens ("x7-card"), abbreviations ("nws-itm") or words."""
    if style == "meaningful":
        return {role: rng.choice(vocab.MEANINGFUL[role]) for role in vocab.ROLES}
    if style == "abbrev":
        return {role: rng.choice(vocab.ABBREV[role]) for role in vocab.ROLES}
    names: dict[str, str] = {}
    for role in vocab.ROLES:
        while True:
            token = f"{rng.choice('abcdefghkmnpqrstvxz')}{rng.randint(1, 9)}-{rng.choice(vocab.RANDOM_TAILS)}"
            if token not in names.values():
                names[role] = token
                break
    return names


def _pager(seed: int, rng: random.Random, scheme: str) -> dict[str, Any]:
    """Pager kind and its details (param style, labels, JS endpoint behaviour)."""
    kind, _, detail = deal(seed, "pager", PAGER_DECK).partition(":")
    param: str | None = detail if kind == "numbered" else deal(seed, "pager_param", PAGER_PARAMS)
    if kind not in LINK_PAGERS:
        param = None
    elif scheme == "aspnet" and param in ("path_page", "trang"):
        param = "PageIndex"
    return {"pager": kind, "pager_param": param,
            "next_label": detail if kind == "next_only" else None,
            "page1_explicit": kind in ("numbered", "windowed") and rng.random() < 0.3,
            "js_method": detail if kind == "js_ok" else None,
            "js_total": {"GET": "data-total", "404": "data-total", "POST": "text", "500": "text"}.get(detail),
            "broken_status": int(detail) if kind == "js_broken" else None}


def _forwarding(seed: int) -> tuple[str, str]:
    """How / forwards to the real home, and the real home's path."""
    kind, _, target = deal(seed, "forwarding", FORWARDING).partition(":")
    return kind, target or {"none": "/", "meta": "/vi/", "click": "/home.html", "frameset": "/home.html",
                            "iframe": "/vi/", "js": "/Default.aspx"}[kind]


def draw_layout(seed: int) -> Layout:
    """All layout choices of the portal of `seed`."""
    rng = random.Random(f"unseen-layout-{seed}")
    scheme = deal(seed, "url_scheme", URL_SCHEMES)
    pager = _pager(seed, rng, scheme)
    kind = str(pager["pager"])
    related_only = kind in ("js_broken", "none") or deal(seed, "related_only", (True, False, False, False))
    cap = rng.randint(10, 30) if kind == "none" else rng.randint(2, 3) if related_only and kind in LINK_PAGERS else None
    dates, _, meta = deal(seed, "listing_dates", LISTING_DATES).partition(":")
    style = deal(seed, "class_style", CLASS_STYLES)
    forwarding, home = _forwarding(seed)
    size = deal(seed, "size", ("normal",) * 5 + ("large",))
    years = [y for y in YEARS if rng.random() < 0.6]
    return Layout(
        url_scheme=scheme, per_page=rng.randint(8, 20), listing_cap=cap, related_only=related_only,
        related_mode="older" if related_only else deal(seed, "related_mode", RELATED_MODES),
        related_label=rng.choice(vocab.RELATED_LABELS), related_count=rng.randint(4, 6),
        prevnext=deal(seed, "prevnext", (True, False)), listing_dates=dates, meta_label=meta or None,
        listing_format=deal(seed, "listing_format", tuple(FORMATS)),
        article_format=deal(seed, "article_format", tuple(FORMATS)),
        article_label=rng.choice(ARTICLE_LABELS), article_meta=deal(seed, "article_meta", (True, False)),
        canonical=deal(seed, "canonical", (True, False)), container=deal(seed, "container", CONTAINERS),
        title_tag=deal(seed, "title_tag", TITLE_TAGS), thumb=deal(seed, "thumb", THUMBS),
        excerpt=deal(seed, "excerpt", EXCERPTS), class_style=style, depth=deal(seed, "depth", (1, 2, 3, 4)),
        inner_depth=rng.randint(0, 2), shell=deal(seed, "shell", ("div", "table")),
        forwarding=forwarding, home_path=home,
        language_copies=deal(seed, "language_copies", (True, False, False)), size=size,
        n_news=rng.randint(1000, 2000) if size == "large" else rng.randint(120, 400),
        two_section_share=rng.uniform(0.05, 0.2), friendly_share=rng.uniform(0.3, 0.6),
        thong_bao=deal(seed, "thong_bao", THONG_BAO), news_menu=deal(seed, "news_menu", NEWS_MENUS),
        docs_parent=rng.choice(vocab.DOC_PARENTS), docs_table=deal(seed, "docs_table", (True, False)),
        disclosure=deal(seed, "disclosure", DISCLOSURES), disclosure_years=years,
        forms={k: deal(seed, f"forms_{k}", (True, True, False))
               for k in ("leave_request", "regrade_request", "admission_info")},
        sitemap=deal(seed, "sitemap", SITEMAPS), rss=deal(seed, "rss", (True, False)),
        orphans=deal(seed, "orphans", (True,) + (False,) * 19),
        sidebars=[s for s in SIDEBARS if rng.random() < 0.7] or ["Tin mới"],
        classes=_classes(rng, style), **pager)
