"""Benchmark: a province night. Many schools on a handful of shared servers, two Celery workers, two nights.

The simulator serves `--schools` portals as virtual hosts of `--servers` loopback addresses
(127.0.0.2, 127.0.0.3, …; the names reach them through AUDIT_RESOLVE, no DNS) and logs every
request it answers. Two Celery worker processes (thread pool) on a private Redis crawl the batch
with politeness keyed by server address (AUDIT_POLITENESS_KEY=ip) at `--delay` s between requests
to one server. The registry lists the schools server by server (as one sorted by platform would):
the batch's enqueue order takes the servers in turn. Between the nights every school publishes one
news post and a day passes.
Prints, per night: requests per server per second from the simulator's log (against the limit),
wall time, pages/s, workers' CPU per page, workers' memory, store growth; then night 2's share of
night 1's requests and a projection to `--project` schools at the default politeness (1 s, one
request in flight per server) on one 2-core machine.
Usage: .venv/bin/python bench/province.py [--schools 500] [--servers 5] [--delay 0.05] [--workers 2]
       [--concurrency 8] [--project 2500] [--project-servers 10] [--log requests.tsv]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit.config import load_settings  # noqa: E402
from audit.simulator import build_world  # noqa: E402
from audit.simulator.server import Running, serve, shared_hosts  # noqa: E402
from audit.store import Store  # noqa: E402
from tests.service import ROOT, RedisServer, audit_cli, kill_worker, wait_until  # noqa: E402

YEAR = "2022-2023"
TICKS = os.sysconf("SC_CLK_TCK")
Entry = tuple[float, str, str, str, str, int]


@dataclass
class Night:
    """What one night measured."""
    wall: float
    log: list[Entry]
    cpu: float                  # s of CPU of the worker processes
    rss_mb: list[float]         # peak resident memory of each worker (MiB)
    store: dict[str, int]       # growth: snapshot bytes, database bytes, rows
    sim_cpu: float              # s of CPU of this process (the simulator serving)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / TICKS


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def store_size(env: dict[str, str], tmp: Path) -> dict[str, int]:
    """Snapshot bytes, database bytes (with its WAL) and rows of every table."""
    store = Store(load_settings(env=env))
    try:
        with store.engine.connect() as db:
            rows = sum(int(db.execute(text(f'select count(*) from "{name}"')).scalar() or 0)
                       for name in inspect(store.engine).get_table_names())
    finally:
        store.close()
    database = sum(p.stat().st_size for p in tmp.glob("audit.sqlite3*"))
    return {"snapshot_bytes": folder_bytes(tmp / "var" / "snapshots"), "database_bytes": database, "rows": rows}


def start_workers(env: dict[str, str], n: int, concurrency: int, tmp: Path) -> list[subprocess.Popen[bytes]]:
    """`n` Celery worker processes on every queue, each a thread pool of `concurrency`."""
    procs = []
    for i in range(n):
        cmd = [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "crawl,evidence,score",
               "--pool", "threads", "-c", str(concurrency), "-n", f"w{i}@%h", "--loglevel", "WARNING",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]
        log = (tmp / f"worker{i}.log").open("ab")
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True))
    return procs


def run_night(env: dict[str, str], registry: Path, sim: Running, workers: list[subprocess.Popen[bytes]],
              tmp: Path) -> Night:
    """Queue the registry as a batch and wait for it; measure it."""
    assert sim.log is not None
    mark, before = len(sim.log.entries), store_size(env, tmp)
    cpu0, sim0, start = sum(cpu_seconds(w.pid) for w in workers), time.process_time(), time.perf_counter()
    done = audit_cli(env, "batch", str(registry), "--year", YEAR)
    batch_id = done.stdout.strip().splitlines()[-1]
    store = Store(load_settings(env=env))
    try:
        wait_until(lambda: store.batch_progress(batch_id)["pending"] == 0, 3600, "the batch did not finish", 1.0)
    finally:
        store.close()
    wall = time.perf_counter() - start
    cpu = sum(cpu_seconds(w.pid) for w in workers) - cpu0
    after = store_size(env, tmp)
    return Night(wall, sim.log.since(mark), cpu, [peak_rss_mb(w.pid) for w in workers],
                 {k: after[k] - before[k] for k in after}, time.process_time() - sim0)


def max_in_window(times: list[float], width: float) -> int:
    """The most requests that started within any `width` seconds."""
    return max((bisect_right(times, t + width - 1e-9) - i for i, t in enumerate(times)), default=0)


def per_server(log: list[Entry], delay: float, wall: float) -> list[str]:
    """One line per server: requests, their rate while it had work, the most in any 1 s and 10 s against the
    limit (one request every `delay` s: at most 1 + w/delay starts in any w s), the smallest gap."""
    times: dict[str, list[float]] = defaultdict(list)
    for at, server, *_ in log:
        times[server].append(at)
    lines = []
    for server, ts in sorted(times.items()):
        ts.sort()
        span = max(ts[-1] - ts[0], 1e-9)
        gaps = sorted(b - a for a, b in zip(ts, ts[1:]))
        lines.append(f"  {server:22} {len(ts):6} requests, {len(ts) / span:5.1f}/s over {span:6.1f} s "
                     f"({100 * span / wall:3.0f}% of the night); most in any 1 s {max_in_window(ts, 1.0):3} "
                     f"(limit {1 + round(1 / delay)}), in any 10 s {max_in_window(ts, 10.0):4} "
                     f"(limit {1 + round(10 / delay)}); smallest gap {gaps[0] * 1000 if gaps else 0:.0f} ms")
    return lines


def kinds(log: list[Entry]) -> str:
    """What the requests were: robots.txt, home pages, feeds and sitemaps, the rest; and the 304s."""
    counts: dict[str, int] = defaultdict(int)
    for _, _, _, _, path, status in log:
        bare = path.split("?")[0].lower()
        kind = ("robots.txt" if bare == "/robots.txt" else "home" if path == "/" else
                "feeds/sitemaps" if any(w in bare for w in ("rss", "feed", "sitemap", ".xml")) else "other")
        counts[kind] += 1
        counts["304 Not Modified"] += status == 304
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def report(n: int, night: Night, schools: int, delay: float) -> float:
    """Print one night's figures; return its requests per school."""
    requests = len(night.log)
    print(f"night {n}: {schools} schools, {requests} requests in {night.wall:.1f} s wall "
          f"({requests / night.wall:.1f} pages/s); workers' CPU {night.cpu:.1f} s = "
          f"{1000 * night.cpu / max(1, requests):.1f} ms per page; peak memory per worker "
          f"{', '.join(f'{m:.0f}' for m in night.rss_mb)} MiB")
    print(f"  store growth: snapshots {night.store['snapshot_bytes'] / 2**20:.1f} MiB, database "
          f"{night.store['database_bytes'] / 2**20:.1f} MiB, {night.store['rows']} rows "
          f"({night.store['snapshot_bytes'] / schools / 1024:.0f} KiB and {night.store['rows'] / schools:.0f} "
          f"rows per school)")
    print(f"  requests: {kinds(night.log)}; simulator (this process) CPU {night.sim_cpu:.1f} s")
    for line in per_server(night.log, delay, night.wall):
        print(line)
    return requests / schools


def project(schools: int, servers: int, per_school: list[float], cpu_per_page: float) -> None:
    """Nightly wall time at the default politeness (1 s, one request in flight per server) on 2 cores."""
    for label, r in zip(("full night (night 1)", "incremental night (night 2)"), per_school):
        busiest = -(-schools // servers) * r          # requests to the busiest server, 1 s apart
        cpu = schools * r * cpu_per_page / 2          # both cores busy
        fits = int(3600 / max(r, 1e-9))
        print(f"  {label}: {schools * r:.0f} requests; politeness bound {busiest / 3600:.1f} h on the busiest of "
              f"{servers} servers ({-(-schools // servers)} schools each), CPU bound {cpu / 3600:.2f} h on 2 cores "
              f"-> about {max(busiest, cpu) / 3600:.1f} h; one server holds {fits} schools per hour at this rate")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--servers", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.05, help="s between requests to one server")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--project", type=int, default=2500)
    parser.add_argument("--project-servers", type=int, default=10)
    parser.add_argument("--log", type=Path, help="write the simulator's request log here (TSV, night by night)")
    args = parser.parse_args()
    world = build_world(seed=7, n_portals=args.schools)
    with tempfile.TemporaryDirectory() as tmp_name, \
            serve(world, hosts=shared_hosts(world, args.servers), record=True) as sim:
        tmp = Path(tmp_name)
        redis = RedisServer(tmp)
        registry = tmp / "truong.csv"
        by_server = sorted(sim.urls.items(), key=lambda item: sim.hosts[item[0]][1])  # a registry listed by platform
        registry.write_text("id,name,url,rubric\n" + "".join(
            f"{pid},{pid},{url},tdm-2021-2022-school\n" for pid, url in by_server), encoding="utf-8")
        env = {**os.environ, "AUDIT_BROKER_URL": redis.url, "AUDIT_DATA_DIR": str(tmp / "var"),
               "AUDIT_DATABASE_URL": f"sqlite:///{tmp / 'audit.sqlite3'}", "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8",
               "AUDIT_CRAWL_DELAY": str(args.delay), "AUDIT_PER_HOST": "1", "AUDIT_POLITENESS_KEY": "ip",
               "AUDIT_RESOLVE": sim.resolve_pairs()}
        workers = start_workers(env, args.workers, args.concurrency, tmp)
        print(f"{args.schools} schools on {args.servers} servers, {args.workers} workers x {args.concurrency} "
              f"threads, {args.delay} s between requests to one server, one in flight")
        try:
            nights: list[Night] = []
            per_school = []
            for n in (1, 2):
                if n == 2:
                    sim.publish_news()     # one new post per school
                    sim.advance_days(1)
                nights.append(run_night(env, registry, sim, workers, tmp))
                per_school.append(report(n, nights[-1], args.schools, args.delay))
            if args.log:
                args.log.write_text("".join(f"{n}\t{at:.4f}\t{server}\t{host}\t{method}\t{path}\t{status}\n"
                                            for n, night in enumerate(nights, 1)
                                            for at, server, host, method, path, status in night.log))
            first, second = len(nights[0].log), len(nights[1].log)
            print(f"night 2 (one new post per school) made {second} requests, {100 * second / max(1, first):.1f}% "
                  f"of night 1's {first}")
            cpu_per_page = sum(n.cpu for n in nights) / max(1, first + second)
            print(f"projection to {args.project} schools on {args.project_servers} servers, 1 s between requests, "
                  f"2 cores ({1000 * cpu_per_page:.1f} ms CPU per page):")
            project(args.project, args.project_servers, per_school, cpu_per_page)
        finally:
            for worker in workers:
                kill_worker(worker)
            redis.stop()


if __name__ == "__main__":
    main()
