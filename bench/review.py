"""Benchmark: the reviewers' desk over a province-sized batch (stored results, no crawling).

Stores N schools' results (the bundled sample findings scored with its self-scores, in ten
districts) and times the pages an admin opens, through the Flask test client (no network).
Usage: .venv/bin/python bench/review.py [--schools 500]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import replace
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audit.cli.score import score_once  # noqa: E402
from audit.config import load_settings  # noqa: E402
from audit.review import create_app  # noqa: E402
from audit.review.passwords import hash_password  # noqa: E402
from audit.store import Store  # noqa: E402

YEAR = "2021-2022"
RUBRIC = "tdm-2021-2022-school"


def _timed(client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return time.perf_counter() - start, len(page.data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=500)
    args = parser.parse_args()
    demo = resources.files("audit.data").joinpath("demo")
    with tempfile.TemporaryDirectory() as tmp_name, resources.as_file(demo) as folder:
        tmp = Path(tmp_name)
        settings = replace(load_settings(env={}), data_dir=tmp / "var", database_url=f"sqlite:///{tmp / 'a.sqlite3'}")
        result = score_once(RUBRIC, str(folder / "findings.json"), str(folder / "self-scores.csv"), YEAR)
        ids = [f"truong-{i:04d}" for i in range(args.schools)]
        with Store(settings) as store:
            start = time.perf_counter()
            for i, sid in enumerate(ids):
                store.upsert_school(sid, f"Trường THCS số {i}", f"http://{sid}.edu.vn/", RUBRIC, f"Quận {i % 10 + 1}")
            store.create_batch("b", YEAR, ids)
            for sid in ids:
                run = store.start_run(sid, YEAR, "b", batch_id="b")
                store.save_result(run, {**result, "school": {**result["school"], "id": sid}})
                store.finish_run(run, "done")
            stored = time.perf_counter() - start
            store.add_user("admin", hash_password("mot-mat-khau-dai"), "admin", [])
            client = create_app(settings, store).test_client()
            page = client.get("/login").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert csrf
            client.post("/login", data={"csrf_token": csrf.group(1), "username": "admin",
                                        "password": "mot-mat-khau-dai"})
            print(f"{args.schools} schools' results stored in {stored:.1f} s")
            for label, url in (("batches", "/"), ("batch page", "/batch/b"), ("newest/year", f"/batch/moi-nhat-{YEAR}"),
                               ("school page", f"/batch/b/school/{ids[0]}"),
                               ("export.xlsx", "/batch/b/export.xlsx"), ("export.csv", "/batch/b/export.csv")):
                wall, size = _timed(client, url)
                print(f"{label:12} {wall * 1000:8.0f} ms  {size / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
