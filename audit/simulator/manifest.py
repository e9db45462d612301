"""Ground truth computed from the generated posts (never hand-written)."""
from __future__ import annotations

from datetime import date
from typing import Any

from audit.schoolyear import SchoolYear
from audit.simulator.checks import portal_checks
from audit.simulator.model import NEWS, PortalSpec, World
from audit.simulator.sites import SITES

YEARS = (2020, 2021, 2022)


def window(first: int) -> tuple[date, date]:
    """The counting window of a school year: 1 September – 31 May, inclusive."""
    return date(first, 9, 1), date(first + 1, 5, 31)


def year_counts(portal: PortalSpec) -> dict[str, Any]:
    """News per school year inside its window, and per ISO week, by local date."""
    out: dict[str, Any] = {}
    for first in YEARS:
        start, end = window(first)
        days = [p.published.date() for p in portal.posts
                if p.kind == NEWS and start <= p.published.date() <= end]
        weeks: dict[str, int] = {}
        for day in sorted(days):
            iso = day.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
            weeks[label] = weeks.get(label, 0) + 1
        out[str(SchoolYear(first))] = {"news_in_window": len(days),
                                       "window": [start.isoformat(), end.isoformat()],
                                       "per_week": weeks}
    return out


def expected(portal: PortalSpec) -> dict[str, Any]:
    """What a correct crawler reports: the counts, or a failed crawl with its reason."""
    fatal = portal.fatal
    if fatal:
        return {"crawl": "failed", "reason": fatal}
    return year_counts(portal)


def portal_entry(portal: PortalSpec, base: str, details: dict[str, str], day: int = 0) -> dict[str, Any]:
    """The manifest entry of one portal; post URLs are absolute."""
    root = base.rstrip("/")
    posts = [{"id": p.id, "title": p.title, "published": p.published.date().isoformat(),
              "time": p.published.strftime("%H:%M:%S"), "kind": p.kind,
              "categories": list(p.categories), "urls": [root + u for u in p.urls]}
             for p in portal.posts]
    return {"template": portal.template, "variant": portal.variant, "name": portal.name,
            "faults": list(portal.faults), "traits": list(portal.traits), "url": base,
            "details": details, "expected": expected(portal), "counts": year_counts(portal),
            "posts": posts, "checks": portal_checks(SITES[portal.template](portal), root, day)}


def build_manifest(world: World, urls: dict[str, str] | None = None,
                   details: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """One entry per portal id; without urls (not serving) post URLs stay paths."""
    urls, details = urls or {}, details or {}
    return {p.id: portal_entry(p, urls.get(p.id, ""), details.get(p.id, {}), world.day)
            for p in world.portals}
