"""Benchmark: a batch of simulated schools through Celery on Redis; a second night after it.

Between the nights every school publishes one news post. Prints wall time, requests and pages
per second for each night, and the second (incremental) night's requests compared with the
first, with how many were answered 304 Not Modified. Starts its own Redis, simulated portals
(in this process) and worker (loopback only).
Usage: .venv/bin/python bench/batch.py [--portals 24] [--concurrency 8]
"""
from __future__ import annotations

import argparse
import os
from typing import Any
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit.config import load_settings  # noqa: E402
from audit.simulator import build_world, serve  # noqa: E402
from audit.simulator.model import FATAL_FAULTS as FATAL  # noqa: E402
from audit.store import Store  # noqa: E402
from tests.service import RedisServer, audit_cli, kill_worker, wait_until  # noqa: E402


YEAR = "2022-2023"


def _night(env: dict[str, str], registry: Path) -> tuple[str, float]:
    start = time.perf_counter()
    done = audit_cli(env, "batch", str(registry), "--year", YEAR)
    batch_id = done.stdout.strip().splitlines()[-1]
    store = Store(load_settings(env=env))
    try:
        wait_until(lambda: store.batch_progress(batch_id)["pending"] == 0, 1800, "batch did not finish", 0.5)
    finally:
        store.close()
    return batch_id, time.perf_counter() - start


def _pages(env: dict[str, str], batch_id: str) -> tuple[int, int, int]:
    """Requests of the batch's crawls (one page row each), of them 304s, and listing pages read."""
    store = Store(load_settings(env=env))
    try:
        with store.engine.connect() as db:
            rows = db.execute(text("select p.status, count(*) from pages p join runs r on r.id = p.run_id "
                                   "where r.run_key = :b group by p.status"), {"b": batch_id}).all()
            listings = db.execute(text("select count(*) from pages p join runs r on r.id = p.run_id "
                                       "where r.run_key = :b and p.kind = 'listing'"), {"b": batch_id}).scalar()
        counts = {int(status): int(n) for status, n in rows}
        return sum(counts.values()), counts.get(304, 0), int(listings or 0)
    finally:
        store.close()


def _exact(env: dict[str, str], batch_id: str, truth: dict[str, Any]) -> tuple[int, int]:
    """Healthy schools whose counted posts equal the simulator's truth (after tonight's new posts)."""
    store = Store(load_settings(env=env))
    try:
        rows = {r["school"]["id"]: r["result"] for r in store.batch_results(batch_id)}
    finally:
        store.close()
    healthy = [pid for pid, v in truth.items() if not v["faults"] or not set(v["faults"]) & set(FATAL)]
    exact = sum(1 for pid in healthy if rows.get(pid) and rows[pid]["posts"].get("total_in_window")
                == truth[pid]["expected"][YEAR]["news_in_window"])
    return exact, len(healthy)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--portals", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name, serve(build_world(seed=7, n_portals=args.portals)) as sim:
        tmp = Path(tmp_name)
        redis = RedisServer(tmp)
        manifest = sim.manifest()
        registry = tmp / "truong.csv"
        registry.write_text("id,name,url,rubric\n" + "".join(
            f"{pid},{pid},{v['url']},tdm-2021-2022-school\n" for pid, v in manifest.items()), encoding="utf-8")
        env = {**os.environ, "AUDIT_BROKER_URL": redis.url, "AUDIT_DATA_DIR": str(tmp / "var"),
               "AUDIT_DATABASE_URL": f"sqlite:///{tmp / 'audit.sqlite3'}", "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8",
               "AUDIT_CRAWL_DELAY": "0"}
        worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q",
                                   "crawl,evidence,score", "--pool", "threads", "-c", str(args.concurrency),
                                   "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
                                  env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            nights = []
            for night in (1, 2):
                if night == 2:
                    sim.publish_news()  # one new post per school
                batch_id, wall = _night(env, registry)
                requests, not_modified, listings = _pages(env, batch_id)
                nights.append(requests)
                exact, healthy = _exact(env, batch_id, sim.manifest())
                print(f"night {night}: {len(manifest)} schools, {requests} requests in {wall:.1f} s wall "
                      f"({requests / wall:.0f} pages/s) through Celery ({args.concurrency} threads); "
                      f"{listings} listing pages; {not_modified} answered 304 Not Modified; "
                      f"post counts exact on {exact}/{healthy} healthy schools")
            print(f"second night (one new post per school) made {nights[1]} requests, "
                  f"{100 * nights[1] / max(1, nights[0]):.0f}% of the first night's {nights[0]}")
        finally:
            kill_worker(worker)
            redis.stop()


if __name__ == "__main__":
    main()
