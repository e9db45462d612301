"""Benchmark: a batch of simulated schools through Celery on Redis; a second night after it.

Prints wall time, pages fetched and pages per second for each night, and the second night's
requests compared with the first. Starts its own Redis, simulator and worker (loopback only).
Usage: .venv/bin/python bench/batch.py [--portals 24] [--concurrency 8]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit.config import load_settings  # noqa: E402
from audit.store import Store  # noqa: E402
from tests.service import RedisServer, audit_cli, kill_worker, wait_until  # noqa: E402


def _night(env: dict[str, str], registry: Path) -> tuple[str, float]:
    start = time.perf_counter()
    done = audit_cli(env, "batch", str(registry), "--year", "2021-2022")
    batch_id = done.stdout.strip().splitlines()[-1]
    store = Store(load_settings(env=env))
    try:
        wait_until(lambda: store.batch_progress(batch_id)["pending"] == 0, 1800, "batch did not finish", 0.5)
    finally:
        store.close()
    return batch_id, time.perf_counter() - start


def _pages(env: dict[str, str], batch_id: str) -> int:
    store = Store(load_settings(env=env))
    try:
        with store.engine.connect() as db:
            return int(db.execute(text("select count(*) from pages p join runs r on r.id = p.run_id "
                                       "where r.run_key = :b"), {"b": batch_id}).scalar() or 0)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--portals", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        redis = RedisServer(tmp)
        manifest_path = tmp / "manifest.json"
        sim = subprocess.Popen([sys.executable, "-m", "audit.simulator", "--portals", str(args.portals),
                                "--manifest", str(manifest_path)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        wait_until(lambda: manifest_path.exists() and manifest_path.stat().st_size > 0, 60, "no simulator")
        time.sleep(0.3)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
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
                batch_id, wall = _night(env, registry)
                pages = _pages(env, batch_id)
                nights.append(pages)
                print(f"night {night}: {len(manifest)} schools, {pages} pages in {wall:.1f} s wall "
                      f"({pages / wall:.0f} pages/s) through Celery ({args.concurrency} threads)")
            print(f"second night made {nights[1]} requests, {100 * nights[1] / max(1, nights[0]):.0f}% of the first "
                  "(recrawls are not incremental yet)")
        finally:
            kill_worker(worker)
            sim.terminate()
            redis.stop()


if __name__ == "__main__":
    main()
