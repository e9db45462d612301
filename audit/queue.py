"""The broker's client side (imperative shell): a Celery app made from the settings given, which sends schools'
audits to the workers by task name and asks whether any worker is listening.

Nothing here imports `workers/`: the task names ("audit.crawl", "audit.evidence", "audit.score") and their
queues are the interface between the two, and the workers' own app (workers/app.py) serves them.
"""
from __future__ import annotations

from typing import Any

from celery import Celery, chord, group

from audit.config import Settings
from audit.fetch.netguard import parse_resolve
from audit.fetch.politeness import interleave, server_keys
from audit.store import Store

Plan = list[tuple[str, int]]   # (school id, seconds to wait before starting it)


def client(settings: Settings) -> Celery:
    """A Celery app on the configured broker (and result backend: the chord waits there), JSON only."""
    app = Celery("school_audit", broker=settings.broker_url, backend=settings.broker_url)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                    broker_connection_retry_on_startup=True, timezone=settings.timezone, enable_utc=True)
    return app


def send_audit(app: Celery, school_id: str, year: str, run_key: str, countdown: int = 0) -> Any:
    """One school's audit: crawl and evidence in parallel (after `countdown` s), then score (a chord)."""
    args = (school_id, year, run_key)
    parts = group(app.signature("audit.crawl", args=args, queue="crawl", immutable=True, countdown=countdown),
                  app.signature("audit.evidence", args=args, queue="evidence", immutable=True, countdown=countdown))
    return chord(parts)(app.signature("audit.score", args=args, queue="score"))


def by_server(store: Store, settings: Settings, plan: Plan) -> Plan:
    """The plan in an order that takes the schools' servers (politeness keys) in turn, so the workers'
    threads spread over servers instead of queueing behind one."""
    def url(school_id: str) -> str:
        try:
            return str(store.school(school_id)["url"])
        except KeyError:
            return school_id
    keys = server_keys(settings.politeness_key, [url(sid) for sid, _ in plan], parse_resolve(settings.resolve))
    of = {sid: key for (sid, _), key in zip(plan, keys)}
    return interleave(plan, lambda item: of[item[0]])


def send_spread(app: Celery, store: Store, settings: Settings, batch_id: str, year: str, plan: Plan) -> None:
    """Send each school of a batch after its delay, servers taken in turn (idempotent: a school sent twice
    redoes its own run, never adds one)."""
    for school_id, countdown in by_server(store, settings, plan):
        send_audit(app, school_id, year, batch_id, countdown)


def workers_listening(app: Celery, timeout: float = 1.0) -> int:
    """How many Celery workers answer a ping on the broker (the first answer ends the wait); the broker's own
    errors are raised (no broker here)."""
    return len(app.control.ping(timeout=timeout, limit=1) or [])
