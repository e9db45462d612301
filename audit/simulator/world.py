"""Deterministic generation of the simulated world from a seed."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from audit.simulator import content, features
from audit.simulator.model import (DOCUMENT, FAULTS, NEWS, RESOURCE, TEMPLATES, VN, Post,
                                   PortalSpec, World)
from audit.simulator.sites import SITES
from audit.simulator.vnfmt import slugify

YEARS = (2020, 2021, 2022)
# Which templates a fault prefers (the first free portal of these gets it).
_FAULT_PREFS = {
    "down": ("generic", "wordpress"), "http500": ("nukeviet", "hcm"),
    "flaky500": ("hcm", "vhv"), "slow": ("wordpress", "generic"),
    "robots_disallow": ("nukeviet", "wordpress"), "redirect": ("vhv", "generic"),
    "broken_html": ("generic", "vhv"), "wrong_charset": ("vhv", "nukeviet"),
}


def build_world(seed: int = 7, n_portals: int = 24) -> World:
    """All portals, their posts (with URLs) and faults, fully determined by the seed."""
    rng = random.Random(seed)
    templates = [TEMPLATES[i % len(TEMPLATES)] for i in range(n_portals)]
    counters: dict[str, int] = {}
    portals = []
    for template in templates:
        counters[template] = counters.get(template, 0) + 1
        portals.append(_portal(rng, template, counters[template]))
    _assign_faults(portals)
    features.assign(portals, seed)
    for portal in portals:
        _neutral_titles(portal)
        _relabel_resources(portal)
        site = SITES[portal.template](portal)
        for post in portal.posts:
            post.urls = site.post_urls(post)
    return World(seed=seed, portals=portals)


def _portal(rng: random.Random, template: str, index: int) -> PortalSpec:
    """One portal without faults."""
    name = content.school_name(rng)
    variant = ("table", "list")[(index - 1) % 2] if template == "generic" else ""
    traits: tuple[str, ...] = ("listing_nodate",) if template in ("wordpress", "hcm", "generic") \
        and rng.random() < 0.35 else ()
    if rng.random() < 0.3:
        traits += ("disclosure_partial",)
    spec = PortalSpec(id=f"{template}-{index:02d}", template=template, faults=(), name=name,
                      posts=[], categories=list(SITES[template].CATEGORIES), variant=variant,
                      traits=traits)
    spec.posts = _posts(rng, spec)
    return spec


# News titles that would read as disclosure or admission information: the ground truth of those
# checks comes from the features only, so such news get a neutral title.
_NEUTRAL = (("Bảng ba công khai năm học ", "Hội nghị triển khai nhiệm vụ năm học "),
            ("Thông báo tuyển sinh lớp 6 năm học ", "Thông báo lịch họp cha mẹ học sinh năm học "))


def _neutral_titles(portal: PortalSpec) -> None:
    """Rename news that look like disclosure or admission notices (slugs stay unique)."""
    seen = {p.slug for p in portal.posts}
    for post in portal.posts:
        for old, new in _NEUTRAL:
            if post.kind == NEWS and post.title.startswith(old):
                title = new + post.title[len(old):]
                post.body = post.body.replace(post.title.lower(), title.lower())
                post.title, slug = title, slugify(title, 60)
                post.slug = slug if slug not in seen else f"{slug}-{post.id}"
                seen.add(post.slug)


def _relabel_resources(portal: PortalSpec) -> None:
    """The e-learning section takes this portal's label."""
    label = portal.features.sections.get("elearning")
    if label:
        portal.categories = [replace(c, name=label) if c.kind == RESOURCE else c for c in portal.categories]


def _assign_faults(portals: list[PortalSpec]) -> None:
    """Give each fault to one portal, preferring the templates where it looks real."""
    for fault in FAULTS:
        free = [p for p in portals if not p.faults]
        if not free:
            return
        preferred = [p for p in free if p.template in _FAULT_PREFS[fault]]
        chosen = (preferred or free)[0]
        chosen.faults = (fault,)


def _moment(rng: random.Random, day: date) -> datetime:
    """A local publication time on this day; about 8 % between 00:05 and 00:59."""
    if rng.random() < 0.08:
        hour, minute = 0, rng.randint(5, 59)
    else:
        hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    return datetime(day.year, day.month, day.day, hour, minute, rng.randint(0, 59), tzinfo=VN)


def _days(rng: random.Random, first: int, low: bool) -> list[date]:
    """News days of one school year: mostly in the window, a few in June–August."""
    start, end = date(first, 9, 1), date(first + 1, 5, 31)
    span = (end - start).days
    count = rng.randint(30, 39) if low else rng.randint(40, 70)
    days = [start + timedelta(days=rng.randint(0, span)) for _ in range(count)]
    summer_end = date(first + 1, 6, 30) if first == YEARS[-1] else date(first + 1, 8, 31)
    for _ in range(rng.randint(2, 5)):
        days.append(date(first + 1, 6, 1) + timedelta(days=rng.randint(0, (summer_end - date(first + 1, 6, 1)).days)))
    return days


def _edge_moments(rng: random.Random) -> list[datetime]:
    """Posts just outside and inside the window edges, some shortly after midnight."""
    first = rng.choice(YEARS[:2])
    return [
        datetime(first + 1, 8, 31, rng.randint(7, 17), rng.randint(0, 59), tzinfo=VN),
        datetime(first + 1, 9, 1, 0, 30, tzinfo=VN),          # in window; UTC says 31/08
        datetime(rng.choice(YEARS) + 1, 6, 1, rng.randint(7, 17), 10, tzinfo=VN),
        datetime(rng.choice(YEARS) + 1, 6, 1, 0, 20, tzinfo=VN),  # outside; UTC says 31/05
        datetime(rng.choice(YEARS) + 1, 5, 31, 23, 40, tzinfo=VN),
    ]


def _posts(rng: random.Random, spec: PortalSpec) -> list[Post]:
    """News, documents and resources of a portal, with increasing numeric ids."""
    low = rng.random() < 0.3
    moments = [_moment(rng, d) for y in YEARS for d in _days(rng, y, low)]
    moments += _edge_moments(rng)
    news_cats = [c.slug for c in spec.categories if c.kind == NEWS]
    items: list[tuple[datetime, str]] = [(m, NEWS) for m in moments]
    for first in YEARS:
        for kind, count in ((DOCUMENT, rng.randint(4, 9)), (RESOURCE, rng.randint(2, 5))):
            for _ in range(count):
                day = date(first, 9, 1) + timedelta(days=rng.randint(0, 300))
                items.append((_moment(rng, day), kind))
    items.sort()
    posts: list[Post] = []
    num, seen = rng.randint(120, 4000), set()
    for moment, kind in items:
        num += rng.randint(1, 40)
        post = _post(rng, spec, num, moment, kind, news_cats)
        for _ in range(6):
            if post.slug not in seen:
                break
            post = _post(rng, spec, num, moment, kind, news_cats)
        if post.slug in seen:
            post.title += " (tiếp theo)"
            post.slug = f"{post.slug}-{num}"
        seen.add(post.slug)
        posts.append(post)
    return posts


def _post(rng: random.Random, spec: PortalSpec, num: int, moment: datetime, kind: str,
          news_cats: list[str]) -> Post:
    """One post of the given kind."""
    if kind == NEWS:
        title = content.news_title(rng, moment)
        cats = rng.sample(news_cats, 2) if rng.random() < 0.15 else [rng.choice(news_cats)]
    elif kind == DOCUMENT:
        title, cats = content.document_title(rng, moment)[0], _section(spec, DOCUMENT)
    else:
        title, cats = content.resource_title(rng), _section(spec, RESOURCE)
    return Post(id=str(num), title=title, published=moment, categories=cats, kind=kind,
                slug=slugify(title, 60), views=rng.randint(15, 2400),
                body=content.body(rng, title, spec.name), author=rng.choice(content.AUTHORS))


def _section(spec: PortalSpec, kind: str) -> list[str]:
    """The category holding documents or resources on this template."""
    return [next(c.slug for c in spec.categories if c.kind == kind)]
