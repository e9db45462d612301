"""Our crawler against a generic Scrapy CrawlSpider (bench/scrapy_baseline.py) on the simulated
world, at equal politeness (the same delay between two requests to a portal, one at a time):
recall of the news posts of the school years the simulator keeps, requests, wall time.

    .venv/bin/python bench/compare.py [--seed 7] [--portals 24] [--delay 0.05]
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit.config import load_settings  # noqa: E402
from audit.crawl.crawler import crawl_school  # noqa: E402
from audit.crawl.report import posts_finding  # noqa: E402
from audit.fetch import Fetcher  # noqa: E402
from audit.posts.identity import url_key  # noqa: E402
from audit.simulator import build_world, serve  # noqa: E402
from scrapy_baseline import run_baseline  # noqa: E402

SPAN = (date(2020, 9, 1), date(2023, 5, 31))


def ours(url: str, delay: float) -> tuple[set[str], int, float]:
    """URL keys of the posts we counted over the span, requests made, wall seconds."""
    settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=delay)
    fetcher = Fetcher(settings)
    start = time.monotonic()
    try:
        out = crawl_school(url, fetcher, SPAN)
    finally:
        fetcher.close()
    wall = time.monotonic() - start
    items = posts_finding(out, SPAN, None).values.get("items", [])
    return {url_key(u) for i in items for u in i["urls"]}, len(out.pages), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--portals", type=int, default=24)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    totals: dict[str, Any] = {"truth": 0, "ours": 0, "scrapy": 0, "ours_req": 0, "scrapy_req": 0,
                              "ours_wall": 0.0, "scrapy_wall": 0.0}
    with serve(build_world(seed=args.seed, n_portals=args.portals)) as running:
        manifest = running.manifest()
        for pid, entry in manifest.items():
            if "crawl" in entry["expected"]:
                continue
            news = [p for p in entry["posts"] if p["kind"] == "news"
                    and SPAN[0].isoformat() <= p["published"] <= SPAN[1].isoformat()]
            found, requests, wall = ours(entry["url"], args.delay)
            base = run_baseline(entry["url"], args.delay)
            seen = {url_key(p["url"]) for p in base["pages"]}
            mine = sum(1 for p in news if any(url_key(u) in found for u in p["urls"]))
            theirs = sum(1 for p in news if any(url_key(u) in seen for u in p["urls"]))
            print(f"{pid:14} posts {len(news):4}  ours {mine:4} in {requests:5} requests {wall:6.1f} s   "
                  f"scrapy {theirs:4} in {base['requests']:5} requests {base['wall_seconds']:6.1f} s")
            for key, value in (("truth", len(news)), ("ours", mine), ("scrapy", theirs), ("ours_req", requests),
                               ("scrapy_req", base["requests"]), ("ours_wall", wall),
                               ("scrapy_wall", base["wall_seconds"])):
                totals[key] += value
    t = totals
    print(f"delay {args.delay:g} s: ours recall {t['ours'] / t['truth']:.4f} with {t['ours_req']} requests in "
          f"{t['ours_wall']:.0f} s; scrapy recall {t['scrapy'] / t['truth']:.4f} with {t['scrapy_req']} requests in "
          f"{t['scrapy_wall']:.0f} s; ours/scrapy: requests {t['ours_req'] / t['scrapy_req']:.2f}, "
          f"wall {t['ours_wall'] / t['scrapy_wall']:.2f}")


if __name__ == "__main__":
    main()
