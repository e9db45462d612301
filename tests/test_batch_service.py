"""The batch service against the real thing: Redis, Celery workers, simulated portals.

A batch through real workers; a worker SIGKILLed mid-crawl and restarted, every school done
exactly once; Redis killed and restarted mid-batch, nothing lost (reconciled from the database);
the same task delivered twice, no duplicate rows; --inline with no broker at all.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from sqlalchemy import text

from audit.config import load_settings
from audit.pipeline import crawl_step, evidence_step, score_step
from audit.rubric import find_rubric
from audit.store import Store
from tests.service import RedisServer, audit_cli, kill_worker, start_worker, wait_until

N_CRITERIA = len(find_rubric("tdm-2021-2022-school").criteria)


@pytest.fixture
def service(sim: Any, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A private Redis, a SQLite store, a registry of 8 simulated schools (one of them down)."""
    _, manifest, crawled = sim
    redis = RedisServer(tmp_path)
    env = {**os.environ, "AUDIT_BROKER_URL": redis.url, "AUDIT_DATA_DIR": str(tmp_path / "var"),
           "AUDIT_DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}", "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8",
           "AUDIT_CRAWL_DELAY": "0", "AUDIT_VISIBILITY_TIMEOUT": "8", "AUDIT_HOST_LEASE_TTL": "10", "PYTHONUNBUFFERED": "1"}
    healthy = [p for p in manifest if not crawled[p].failed and not manifest[p]["faults"]][:7]
    down = next(p for p in manifest if "down" in manifest[p]["faults"])
    schools = [{"id": pid, "name": pid, "url": manifest[pid]["url"], "rubric": "tdm-2021-2022-school"}
               for pid in healthy + [down]]
    registry = tmp_path / "truong.yaml"
    registry.write_text(yaml.safe_dump({"schools": schools}, allow_unicode=True), encoding="utf-8")
    state = {"env": env, "redis": redis, "registry": registry, "tmp": tmp_path, "schools": [s["id"] for s in schools],
             "down": down, "workers": []}
    yield state
    for w in state["workers"]:
        kill_worker(w)
    redis.stop()


def _store(env: dict[str, str]) -> Store:
    return Store(load_settings(env=env))


def _batch(service: dict[str, Any], *extra: str) -> str:
    done = audit_cli(service["env"], "batch", str(service["registry"]), "--year", "2021-2022", *extra)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _finished(service: dict[str, Any], batch_id: str) -> bool:
    store = _store(service["env"])
    try:
        p = store.batch_progress(batch_id)
        return p["pending"] == 0 and p["done"] + p["failed"] == p["total"]
    finally:
        store.close()


def _exactly_once(service: dict[str, Any], batch_id: str) -> None:
    store = _store(service["env"])
    try:
        progress = store.batch_progress(batch_id)
        assert progress["failed"] == 1 and progress["done"] == len(service["schools"]) - 1, progress
        with store.engine.connect() as db:
            runs = db.execute(text("select count(*) from runs where run_key = :k"), {"k": batch_id}).scalar()
            results = db.execute(text("select count(*) from results")).scalar()
            criteria = db.execute(text("select count(*) from criterion_results")).scalar()
            dup_pages = db.execute(text("select count(*) from (select run_id, url, kind from pages "
                                        "group by run_id, url, kind having count(*) > 1) d")).scalar()
        n = len(service["schools"])
        assert (runs, results, criteria, dup_pages) == (n, n, n * N_CRITERIA, 0)
        result = store.last_result(service["schools"][0], "2021-2022")
        assert result and result["posts"]["status"] == "ok"
    finally:
        store.close()


def test_batch_through_real_workers(service: dict[str, Any]) -> None:
    service["workers"].append(start_worker(service["env"], "w1", service["tmp"] / "w1.log"))
    batch_id = _batch(service)
    wait_until(lambda: _finished(service, batch_id), 180, "the batch did not finish")
    _exactly_once(service, batch_id)
    status = audit_cli(service["env"], "status", batch_id)
    assert status.returncode == 0
    assert status.stdout == f"Đợt {batch_id}: xong 7, lỗi 1, đang chạy 0, chưa chạy 0 (tổng 8 trường)\n"


def test_worker_killed_mid_crawl_then_restarted(service: dict[str, Any]) -> None:
    worker = start_worker(service["env"], "w1", service["tmp"] / "w1.log")
    batch_id = _batch(service)
    log = service["tmp"] / "w1.log"
    wait_until(lambda: "audit.crawl" in log.read_text(errors="replace"), 60, "no crawl started")
    time.sleep(1.0)
    kill_worker(worker)  # SIGKILL: its tasks were not acknowledged (acks_late)
    assert not _finished(service, batch_id)
    service["workers"].append(start_worker(service["env"], "w2", service["tmp"] / "w2.log"))
    wait_until(lambda: _finished(service, batch_id), 240, "the batch did not finish after the restart")
    _exactly_once(service, batch_id)


def test_redis_restarted_mid_batch_nothing_lost(service: dict[str, Any]) -> None:
    service["workers"].append(start_worker(service["env"], "w1", service["tmp"] / "w1.log"))
    batch_id = _batch(service)
    log = service["tmp"] / "w1.log"
    wait_until(lambda: "audit.crawl" in log.read_text(errors="replace"), 60, "no crawl started")
    service["redis"].stop()   # keeps nothing on disk: every queued task is gone
    time.sleep(1.0)
    service["redis"].start()
    resumed = audit_cli(service["env"], "batch", "--resume", batch_id)  # reconciled from the database
    assert resumed.returncode == 0, resumed.stderr
    wait_until(lambda: _finished(service, batch_id), 240, "the batch did not finish after Redis restarted")
    _exactly_once(service, batch_id)


def test_same_task_delivered_twice_no_duplicate_rows(service: dict[str, Any]) -> None:
    settings = load_settings(env=service["env"])
    store = Store(settings)
    try:
        school = service["schools"][0]
        store.upsert_school(school, school, _url(service, school), "tdm-2021-2022-school")
        store.create_batch("twice", "2021-2022", [school])
        for _ in range(2):
            crawl_step(store, settings, school, "2021-2022", "twice")
            evidence_step(store, settings, school, "2021-2022", "twice")
            score_step(store, settings, school, "2021-2022", "twice")
        with store.engine.connect() as db:
            counts = [db.execute(text(f"select count(*) from {t}")).scalar()
                      for t in ("runs", "results", "criterion_results", "counter_readings")]
            pages = db.execute(text("select count(*) from pages")).scalar()
        assert counts[:3] == [1, 1, N_CRITERIA] and counts[3] <= 1
        first_pages = pages
        crawl_step(store, settings, school, "2021-2022", "twice")
        with store.engine.connect() as db:
            assert db.execute(text("select count(*) from pages")).scalar() == first_pages
    finally:
        store.close()


def test_inline_batch_needs_no_broker(service: dict[str, Any]) -> None:
    env = {**service["env"], "AUDIT_BROKER_URL": "redis://127.0.0.1:1/0"}  # nothing listens there
    batch_id = _batch({**service, "env": env}, "--inline")
    assert _finished({**service, "env": env}, batch_id)
    _exactly_once({**service, "env": env}, batch_id)


def _url(service: dict[str, Any], school: str) -> str:
    registry = yaml.safe_load(service["registry"].read_text(encoding="utf-8"))
    return next(s["url"] for s in registry["schools"] if s["id"] == school)
