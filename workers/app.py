"""The Celery application, built from the settings it is given (queues: crawl, evidence, score).

Nothing is built at import: `make_app(settings)` makes an app, and `celery -A workers.app …` asks this module for
its `app`, which is then made once from the environment's settings (module `__getattr__`, PEP 562) — the one
place where the workers read the environment. The tasks (workers/tasks.py) are shared tasks: they run on
whichever app the worker was started with and read their settings from it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Celery
from kombu import Queue

from audit.config import Settings, load_settings
from audit.nightly import beat_schedule


def make_app(settings: Settings) -> Celery:
    """A Celery app on the settings' broker, with late acks and one queue per kind of work; the settings ride
    along (`app.audit_settings`) for the tasks."""
    app = Celery("school_audit", broker=settings.broker_url, backend=settings.broker_url,
                 include=["workers.tasks"])
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_queues=(Queue("crawl"), Queue("evidence"), Queue("score")),
        task_default_queue="score",
        timezone=settings.timezone,
        enable_utc=True,
        task_serializer="json", result_serializer="json", accept_content=["json"],
        # A killed worker's unacknowledged tasks are swept back into the queue once their
        # visibility timeout has passed; sweep every quarter of it (at most every 60 s).
        broker_transport_options={"visibility_timeout": settings.visibility_timeout,
                                  "unacked_restore_interval": max(1, min(60, settings.visibility_timeout // 4)),
                                  "unacked_restore_throttle": 1},
        result_backend_transport_options={"visibility_timeout": settings.visibility_timeout},
        broker_connection_retry_on_startup=True,
        beat_schedule=beat_schedule(settings),
        task_track_started=True,
    )
    app.audit_settings = settings
    return app


@lru_cache(maxsize=1)
def _from_environment() -> Celery:
    return make_app(load_settings())


def __getattr__(name: str) -> Any:
    """`workers.app.app`: the app of `celery -A workers.app`, made on first use from the environment."""
    if name == "app":
        return _from_environment()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
