"""Benchmark: reports of a stored batch (per-school HTML, XLSX, snapshots, and the district summary).

Audits a 24-portal simulated world inline into a temporary store (with the demo self-scores),
then times `audit report --batch` and prints seconds per school and the files' sizes.
Usage: .venv/bin/python bench/report.py [--portals 24]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit.batch import register, run_inline  # noqa: E402
from audit.config import load_settings  # noqa: E402
from audit.registry import SchoolEntry  # noqa: E402
from audit.report import rebuild_batch  # noqa: E402
from audit.simulator import build_world, serve  # noqa: E402
from audit.store import Store  # noqa: E402

YEAR = "2021-2022"
RUBRIC = "tdm-2021-2022-school"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--portals", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name, serve(build_world(seed=7, n_portals=args.portals)) as sim, \
            resources.as_file(resources.files("audit.data").joinpath("demo", "self-scores.csv")) as sheet:
        tmp = Path(tmp_name)
        settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=0.0,
                           data_dir=tmp / "var", database_url=f"sqlite:///{tmp / 'audit.sqlite3'}")
        entries = [SchoolEntry(pid, p.name, sim.url(pid), RUBRIC, str(sheet), None,
                                 ("Quận 1", "Quận 3")[i % 2]) for i, (pid, p) in
                   enumerate((p.id, p) for p in sim.world.portals)]
        with Store(settings) as store:
            batch_id = register(store, entries, YEAR)
            start = time.perf_counter()
            run_inline(store, settings, batch_id, YEAR, [e.id for e in entries])
            audited = time.perf_counter() - start
            start = time.perf_counter()
            written = rebuild_batch(store, batch_id, tmp / "out")
            wall = time.perf_counter() - start
        sizes = {s: sum(p.stat().st_size for p in written if p.name == s) for s in ("report.html", "report.xlsx")}
        snaps = sum(1 for _ in (tmp / "out").rglob("snapshots/*.html"))
        n = len(entries)
        print(f"{n} schools audited inline in {audited:.1f} s; reports rebuilt from the store in {wall:.2f} s "
              f"({1000 * wall / n:.0f} ms per school): {len(written)} files, {snaps} snapshots; "
              f"report.html {sizes['report.html'] / n / 1024:.0f} KiB and report.xlsx "
              f"{sizes['report.xlsx'] / n / 1024:.0f} KiB per school on average")


if __name__ == "__main__":
    main()
