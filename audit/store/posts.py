"""Posts kept once seen (first/last seen, flagged when gone from the site) and counter readings."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.schoolyear import parse_school_year
from audit.store.models import CounterReading, Post
from audit.store.runs import get_run
from audit.store.sql import upsert
from audit.store.types import parse_time, utcnow


def _day(text: Any) -> date | None:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def save_posts(s: Session, school_id: str, year: str, run_id: int, items: list[dict[str, Any]],
               complete: bool = True) -> None:
    """Record the posts this run saw; earlier posts of the school year onwards not seen now are flagged missing.

    Only a complete reading of the listings flags anything: an empty list (a crawl that read no listing)
    or an incremental night (listings read until known posts) is no proof that a post was deleted.
    """
    get_run(s, run_id)
    now = utcnow()
    seen = {str(item["url"]): item for item in items}
    for url, item in seen.items():
        upsert(s, Post, {"school_id": school_id, "url": url, "title": str(item.get("title") or ""),
                         "published": _day(item.get("published")), "date_source": item.get("date_source"),
                         "first_seen": now, "last_seen": now, "first_run_id": run_id, "last_run_id": run_id,
                         "missing_since": None},
               ["school_id", "url"], ["title", "published", "date_source", "last_seen", "last_run_id",
                                      "missing_since"])
    if not seen or not complete:
        return
    covered_from = parse_school_year(year).month_day("09-01")
    gone = s.scalars(select(Post).where(Post.school_id == school_id, Post.published >= covered_from,
                                        Post.missing_since.is_(None), Post.last_run_id != run_id)).all()
    shown = {str(u) for item in items for u in item.get("urls") or [item["url"]]}   # every URL of a post seen
    for post in gone:
        if post.url not in shown:
            post.missing_since = now


def _post_dict(p: Post) -> dict[str, Any]:
    return {"url": p.url, "title": p.title, "published": p.published.isoformat() if p.published else None,
            "date_source": p.date_source, "first_seen": p.first_seen.isoformat(),
            "last_seen": p.last_seen.isoformat(),
            "missing_since": p.missing_since.isoformat() if p.missing_since else None,
            "deleted": p.missing_since is not None}


def posts_for(s: Session, school_id: str, window: tuple[date, date]) -> list[dict[str, Any]]:
    """Every post ever seen dated in the window (both ends included), deleted ones flagged."""
    rows = s.scalars(select(Post).where(Post.school_id == school_id, Post.published >= window[0],
                                        Post.published <= window[1]).order_by(Post.published, Post.url)).all()
    return [_post_dict(p) for p in rows]


def post_history(s: Session, school_id: str) -> list[dict[str, Any]]:
    """Every post of the school ever seen with when and by which runs (for the integrity findings)."""
    rows = s.scalars(select(Post).where(Post.school_id == school_id).order_by(Post.published, Post.url)).all()
    return [{**_post_dict(p), "first_run_id": p.first_run_id, "last_run_id": p.last_run_id} for p in rows]


def known_post_urls(s: Session, school_id: str) -> set[str]:
    """URLs of every post of the school ever seen."""
    return set(s.scalars(select(Post.url).where(Post.school_id == school_id)).all())


def save_counter(s: Session, school_id: str, run_id: int, reading: dict[str, Any] | None) -> None:
    """Keep this run's counter reading (one per run; saving again replaces it)."""
    get_run(s, run_id)
    if not reading or reading.get("total") is None:
        return
    at = parse_time(reading.get("at")) or utcnow()
    upsert(s, CounterReading, {"school_id": school_id, "run_id": run_id, "at": at, "total": reading.get("total"),
                               "today": reading.get("today"), "online": reading.get("online"),
                               "url": reading.get("url")},
           ["school_id", "run_id"], ["at", "total", "today", "online", "url"])


def counter_readings(s: Session, school_id: str) -> list[dict[str, Any]]:
    """The school's readings, oldest first: {"at", "total", "today", "online", "url"}."""
    rows = s.scalars(select(CounterReading).where(CounterReading.school_id == school_id)
                     .order_by(CounterReading.at, CounterReading.id)).all()
    return [{"at": r.at.isoformat(), "total": r.total, "today": r.today, "online": r.online, "url": r.url}
            for r in rows]
