"""Batches: register a registry's schools, run them inline or enqueue them, report progress."""
from __future__ import annotations

import logging
import secrets
import sys
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from audit import labels
from audit.config import Settings
from audit.pipeline import audit_inline
from audit.queue import client, send_spread
from audit.store import Store

log = logging.getLogger(__name__)


ID_TRIES = 5


def new_batch_id(prefix: str, now: datetime | None = None) -> str:
    """A readable id no other batch has (the run key of every run of the batch): "<prefix>-<UTC time>-<random>",
    e.g. "2022-2023-20261122T010000-3f9a1c"; two batches started in the same second differ by the suffix."""
    return f"{prefix}-{(now or datetime.now(timezone.utc)):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def create_new_batch(store: Store, prefix: str, year: str, school_ids: list[str], kind: str = "registry") -> str:
    """Create a batch under a fresh id (never one already taken: the store refuses it and another id is drawn)."""
    for _ in range(ID_TRIES - 1):
        batch_id = new_batch_id(prefix)
        try:
            store.create_batch(batch_id, year, school_ids, new=True, kind=kind)
            return batch_id
        except IntegrityError:
            continue
    batch_id = new_batch_id(prefix)
    store.create_batch(batch_id, year, school_ids, new=True, kind=kind)
    return batch_id


def register(store: Store, entries: list[Any], year: str, batch_id: str | None = None) -> str:
    """Upsert the schools and create the batch (each school kept with its district now: who may see it there);
    its id, unique unless one is given (a given id is reused: the nightly batch of a day), is also every run's
    key."""
    for e in entries:
        store.upsert_school(e.id, e.name, e.url, e.rubric, e.district, e.self_scores, e.evidence)
    ids = [e.id for e in entries]
    if batch_id is None:
        return create_new_batch(store, year, year, ids)
    store.create_batch(batch_id, year, ids)
    return batch_id


def run_inline(store: Store, settings: Settings, batch_id: str, year: str, school_ids: list[str]) -> None:
    """Audit the schools here, one after another; one school's failure never stops the batch."""
    for school_id in school_ids:
        try:
            audit_inline(store, settings, school_id, year, batch_id)
        except Exception as exc:  # noqa: BLE001 - recorded on the run, the batch goes on
            log.exception("school %s failed", school_id)
            store.finish_run(store.start_run(school_id, year, batch_id), "failed", f"{type(exc).__name__}: {exc}")


def enqueue(store: Store, settings: Settings, batch_id: str, year: str, school_ids: list[str]) -> None:
    """One chord per school on the broker, servers taken in turn (idempotent: re-enqueueing redoes, never
    doubles)."""
    send_spread(client(settings), store, settings, batch_id, year, [(school_id, 0) for school_id in school_ids])


def status_counts(progress: dict[str, Any]) -> str:
    """"xong 12, lỗi 1, đang chạy 2, chưa chạy 25 (tổng 40 trường)": each run status in Vietnamese."""
    running = sum(v == "running" for v in progress.get("schools", {}).values())
    counts = {"done": progress["done"], "failed": progress["failed"], "running": running,
              "pending": progress["pending"] - running}
    words = ", ".join(f"{labels.RUN_STATUS[status]} {n}" for status, n in counts.items())
    return f"{words} (tổng {progress['total']} trường)"


def progress_line(progress: dict[str, Any], width: int = 30) -> str:
    """"[#####.....] 13/40 đã kết thúc; xong 12, lỗi 1, ..." (a bar for a terminal)."""
    total = max(1, progress["total"])
    finished = progress["done"] + progress["failed"]
    bar = "#" * round(width * finished / total)
    return f"[{bar:<{width}}] {finished}/{progress['total']} đã kết thúc; {status_counts(progress)}"


def print_status(store: Store, batch_id: str, write: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Print a batch's progress in Vietnamese (with a bar in a terminal); KeyError for an unknown batch."""
    progress = store.batch_progress(batch_id)
    write = write or sys.stdout.write
    line = progress_line(progress) if sys.stdout.isatty() else status_counts(progress)
    write(f"Đợt {batch_id}: {line}\n")
    return progress
