"""The Celery application, configured once from Settings (queues: crawl, evidence, score)."""
from __future__ import annotations

from celery import Celery
from kombu import Queue

from audit.config import Settings, load_settings
from audit.nightly import beat_schedule


def make_app(settings: Settings | None = None) -> Celery:
    """A Celery app on the configured broker, with late acks and one queue per kind of work."""
    settings = settings or load_settings()
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
    return app


app = make_app()
