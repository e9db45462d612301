"""Benchmark: crawl every simulated portal; print pages, wall time and CPU time per page.

The simulator runs in a separate process so that the CPU time measured is the crawler's own.
Usage: .venv/bin/python bench/crawl.py [--seed 7] [--portals 24] [--year 2021-2022] [--delay 0]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from audit.config import load_settings
from audit.crawl.crawler import crawl_school
from audit.crawl.report import posts_finding
from audit.fetch import Fetcher
from audit.rubric.model import Window
from audit.schoolyear import parse_school_year


def start_simulator(seed: int, portals: int, manifest: Path) -> subprocess.Popen[bytes]:
    """Serve the world in a child process; wait until its manifest is written."""
    proc = subprocess.Popen([sys.executable, "-m", "audit.simulator", "--seed", str(seed), "--portals", str(portals),
                             "--manifest", str(manifest)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not manifest.exists() or not manifest.stat().st_size:
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("simulator did not start")
        time.sleep(0.1)
    time.sleep(0.3)
    return proc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--portals", type=int, default=24)
    parser.add_argument("--year", default="2021-2022")
    parser.add_argument("--delay", type=float, default=0.0, help="AUDIT_CRAWL_DELAY for the run")
    args = parser.parse_args()
    settings = replace(load_settings(), allow_networks=("127.0.0.0/8",), crawl_delay=args.delay)
    year = parse_school_year(args.year)
    window = year.resolve(Window())
    with tempfile.TemporaryDirectory() as tmp:
        manifest_path = Path(tmp) / "manifest.json"
        proc = start_simulator(args.seed, args.portals, manifest_path)
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            rows, wall0, cpu0 = [], time.perf_counter(), time.process_time()
            for pid, spec in manifest.items():
                w, c = time.perf_counter(), time.process_time()
                fetcher = Fetcher(settings)
                out = crawl_school(spec["url"], fetcher, window)
                fetcher.close()
                finding = posts_finding(out, window, 3)
                expected = spec["expected"].get(args.year, {}).get("news_in_window")
                got = finding.values.get("total_in_window") if finding.tested else None
                rows.append((pid, len(out.pages), time.perf_counter() - w, time.process_time() - c, expected, got))
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{'portal':14}{'pages':>7}{'wall s':>9}{'cpu s':>8}{'expected':>10}{'counted':>9}")
    for pid, pages, w, c, expected, got in rows:
        print(f"{pid:14}{pages:>7}{w:>9.2f}{c:>8.2f}{str(expected):>10}{str(got):>9}")
    pages = sum(r[1] for r in rows)
    exact = sum(1 for r in rows if r[4] is not None and r[4] == r[5])
    healthy = sum(1 for r in rows if r[4] is not None)
    print(f"\n{len(rows)} portals, {pages} pages fetched in {wall:.1f} s wall ({pages / wall:.0f} pages/s), "
          f"CPU {cpu:.1f} s = {1000 * cpu / max(pages, 1):.1f} ms/page; "
          f"exact counts on {exact}/{healthy} healthy portals (crawl delay {args.delay:g} s)")


if __name__ == "__main__":
    main()
