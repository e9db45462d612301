"""The real portal of ../shared/realworld/olympia at a given politeness (default: the service's own
settings, AUDIT_CRAWL_DELAY 1 s and the school budget), against its hand-checked truth.

    .venv/bin/python bench/realworld.py [--delay SECONDS] [--budget SECONDS] [--scrapy]

Prints per school year the count against the truth, precision, dates right and the status with
its first reason; then requests, wall time and whether the budget was reached. With --scrapy,
the generic Scrapy CrawlSpider (bench/scrapy_baseline.py) crawls the same copy at the same delay.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(REALWORLD))

from audit.config import load_settings  # noqa: E402
from audit.crawl.budget import Budget  # noqa: E402
from audit.crawl.crawler import crawl_school  # noqa: E402
from audit.crawl.report import posts_finding  # noqa: E402
from audit.fetch import Fetcher  # noqa: E402


def path_of(url: str) -> str:
    """A URL's path as the truth writes it (extension-less HTTrack files match x.html)."""
    path = urlsplit(url).path
    return path if path.endswith(".html") else path + ".html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=None, help="seconds between requests (default: settings)")
    parser.add_argument("--budget", type=float, default=None, help="school budget in seconds (default: settings)")
    parser.add_argument("--scrapy", action="store_true")
    args = parser.parse_args()
    import serve
    truth = json.loads((REALWORLD / "olympia" / "truth.json").read_text(encoding="utf-8"))
    settings = load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"})
    if args.delay is not None:
        settings = replace(settings, crawl_delay=args.delay)
    seconds = settings.school_budget if args.budget is None else args.budget
    with serve.served(str(REALWORLD / "olympia" / "site.tar.xz"), index=truth["index_page"]) as base:
        fetcher = Fetcher(settings)
        start = time.monotonic()
        try:
            out = crawl_school(base, fetcher, (date(2021, 9, 1), date(2025, 5, 31)),
                               budget=Budget(seconds, settings.school_max_requests))
        finally:
            fetcher.close()
        wall = time.monotonic() - start
        report(truth, out)
        print(f"{len(out.pages)} requests in {wall:.0f} s at {settings.crawl_delay:g} s between requests; "
              f"budget {seconds:g} s / {settings.school_max_requests} requests: "
              f"{out.budget_spent or 'not reached'}")
        if args.scrapy:
            sys.path.insert(0, str(ROOT / "bench"))
            from scrapy_baseline import run_baseline
            result = run_baseline(base, settings.crawl_delay)
            seen = {path_of(p["url"]) for p in result["pages"]}
            posts = [p for y in truth["years"].values() for p in y["posts"]]
            found = sum(1 for p in posts if any(path_of(u) in seen for u in [p["path"], *p.get("also_at", [])]))
            print(f"scrapy: {found}/{len(posts)} posts of the four years reached; {result['requests']} requests "
                  f"in {result['wall_seconds']:.0f} s")


def report(truth: dict, out) -> None:  # type: ignore[no-untyped-def]
    """One line per school year of the truth."""
    for year, info in truth["years"].items():
        window = (date.fromisoformat(info["window"]["start"]), date.fromisoformat(info["window"]["end"]))
        finding = posts_finding(out, window, 3)
        dates = {path_of(p2): post["date"] for post in info["posts"] for p2 in [post["path"], *post.get("also_at", [])]}
        items = [i for i in finding.values["items"] if window[0].isoformat() <= i["published"] <= window[1].isoformat()]
        hits = [next((dates[path_of(u)] for u in i["urls"] if path_of(u) in dates), None) for i in items]
        right = sum(1 for i, d in zip(items, hits) if d == i["published"])
        counted = finding.values["total_in_window"]
        reasons = finding.values["completeness"]["reasons"]
        print(f"{year}: counted {counted} of {info['count']} ({(counted - info['count']) / info['count']:+.1%}); "
              f"precision {sum(d is not None for d in hits) / max(1, len(items)):.3f}; dates right "
              f"{right}/{sum(d is not None for d in hits)}; {finding.values['status']}"
              + (f" — {reasons[0]}" if reasons else ""))


if __name__ == "__main__":
    main()
