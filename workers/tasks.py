"""Thin Celery tasks: load the context, call the pipeline step, which saves its own output.

Shared tasks: they belong to whichever app the worker runs (workers/app.py `make_app(settings)`) and take their
settings from it."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import OperationalError

from audit.config import Settings, load_settings
from audit.fetch import TransientFetchError
from audit.nightly import nightly, requeue_stale
from audit.pipeline import crawl_step, evidence_step, score_step
from audit.queue import send_audit, send_spread
from audit.store import Store
from celery import Celery, current_app, shared_task

TRANSIENT = (TransientFetchError, RedisConnectionError, OperationalError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


def _app() -> Celery:
    app: Celery = current_app._get_current_object()
    return app


@lru_cache(maxsize=1)
def _context() -> tuple[Settings, Store]:
    """This worker process's settings (its app's, else the environment's) and store (made once per process,
    never shared across forks)."""
    settings = getattr(_app(), "audit_settings", None) or load_settings()
    return settings, Store(settings)


def _limiter(settings: Settings) -> Any:
    from audit.fetch.redis_limiter import RedisHostLimiter
    return RedisHostLimiter(settings.broker_url, settings.per_host, lease_ttl=settings.host_lease_ttl)


@shared_task(name="audit.crawl", queue="crawl", soft_time_limit=3000, time_limit=3600, **RETRY)
def crawl_task(school_id: str, year: str, run_key: str) -> dict[str, Any]:
    """Crawl one school's portal."""
    settings, store = _context()
    return crawl_step(store, settings, school_id, year, run_key, _limiter(settings))


@shared_task(name="audit.evidence", queue="evidence", soft_time_limit=3000, time_limit=3600, **RETRY)
def evidence_task(school_id: str, year: str, run_key: str) -> dict[str, Any]:
    """Parse one school's evidence PDFs."""
    settings, store = _context()
    return evidence_step(store, settings, school_id, year, run_key)


@shared_task(name="audit.score", queue="score", soft_time_limit=600, time_limit=900, **RETRY)
def score_task(_parts: Any, school_id: str, year: str, run_key: str) -> dict[str, Any]:
    """Score one school once its crawl and evidence are done."""
    settings, store = _context()
    return score_step(store, settings, school_id, year, run_key)


def audit_school_async(school_id: str, year: str, run_key: str, countdown: int = 0) -> Any:
    """A chord per school: crawl and evidence in parallel (after `countdown` s), then score."""
    return send_audit(_app(), school_id, year, run_key, countdown)


def enqueue_spread(batch_id: str, year: str, plan: list[tuple[str, int]]) -> None:
    """Enqueue each school after its delay, servers taken in turn."""
    settings, store = _context()
    send_spread(_app(), store, settings, batch_id, year, plan)


@shared_task(name="audit.nightly", queue="score")
def nightly_task() -> str | None:
    """Tonight's batch of the configured registry (Celery beat)."""
    settings, store = _context()
    return nightly(store, settings, datetime.now(ZoneInfo(settings.timezone)), enqueue_spread)


@shared_task(name="audit.requeue_stale", queue="score")
def requeue_stale_task() -> str | None:
    """Re-queue schools without a recent good result (Celery beat, hourly)."""
    settings, store = _context()
    return requeue_stale(store, settings, datetime.now(ZoneInfo(settings.timezone)), enqueue_spread)
