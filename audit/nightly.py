"""Nightly audits: when, how spread out, and which stale schools to re-queue (pure planning)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, Callable

from celery.schedules import crontab

from audit.config import Settings
from audit.schoolyear import school_year_of

Enqueue = Callable[[str, str, list[tuple[str, int]]], None]


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Celery beat: the nightly batch at the configured local time, a stale sweep every hour."""
    hour, minute = (int(x) for x in settings.nightly_at.split(":"))
    return {
        "nightly-batch": {"task": "audit.nightly", "schedule": crontab(hour=hour, minute=minute)},
        "requeue-stale": {"task": "audit.requeue_stale", "schedule": crontab(minute=17)},
    }


def spread(school_ids: list[str], jitter: int, seed: str) -> list[tuple[str, int]]:
    """Each school with a start delay in [0, jitter) s, shuffled: a host is not hit by all its schools at once."""
    rng = random.Random(seed)
    order = list(school_ids)
    rng.shuffle(order)
    return [(sid, rng.randrange(jitter) if jitter > 0 else 0) for sid in order]


def nightly(store: Any, settings: Settings, now: datetime, enqueue: Enqueue) -> str | None:
    """Register tonight's batch from the configured registry and enqueue it, spread over the jitter."""
    from audit.batch import register
    from audit.registry import load_registry
    if not settings.registry:
        return None
    year = str(school_year_of(now.date()))
    batch_id = register(store, load_registry(settings.registry), year, f"nightly-{now:%Y%m%d}")
    schools = list(store.batch_progress(batch_id)["schools"])
    enqueue(batch_id, year, spread(schools, settings.nightly_jitter, batch_id))
    return batch_id


def requeue_stale(store: Any, settings: Settings, now: datetime, enqueue: Enqueue) -> str | None:
    """Re-queue the schools whose last good result is older than the configured age."""
    year = str(school_year_of(now.date()))
    stale = store.stale_schools(year, now - timedelta(hours=settings.max_age_hours))
    if not stale:
        return None
    batch_id = f"requeue-{now:%Y%m%dT%H%M}"
    store.create_batch(batch_id, year, stale)
    enqueue(batch_id, year, [(sid, 0) for sid in stale])
    return batch_id
