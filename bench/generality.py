"""Generality benchmark: the crawler on unseen synthetic layouts it was never tuned on.

Serves the portals of `audit.simulator.unseen` built from BENCH_SEEDS (never looked at while
developing; `--seeds tuning` uses the tuning seeds instead), crawls each one at the given
politeness and compares with the generator's truth, per school year: recall and precision of
the posts found, dates right, count error, and crawls that called themselves complete while
missing posts (the target is none). With `--scrapy`, a generic Scrapy CrawlSpider
(bench/scrapy_baseline.py) crawls the same portals at the same politeness for comparison.

    .venv/bin/python bench/generality.py [--seeds bench|tuning|9001-9010] [--delay 0] [--workers 4] [--scrapy]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audit.config import load_settings  # noqa: E402
from audit.crawl.crawler import crawl_school  # noqa: E402
from audit.crawl.outcome import CrawlOutcome  # noqa: E402
from audit.crawl.checks import check_findings  # noqa: E402
from audit.crawl.report import posts_finding  # noqa: E402
from audit.fetch import Fetcher  # noqa: E402
from audit.posts.identity import url_key  # noqa: E402
from audit.simulator.unseen import BENCH_SEEDS, TUNING_SEEDS, build_portal, serve_unseen  # noqa: E402


def seeds_of(text: str) -> tuple[int, ...]:
    """bench, tuning, or a range "9001-9010"."""
    if text == "bench":
        return BENCH_SEEDS
    if text == "tuning":
        return TUNING_SEEDS
    first, _, last = text.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


def crawl(url: str, delay: float) -> tuple[CrawlOutcome, float]:
    """Our crawl of one portal over every school year of the truth, and its wall time."""
    settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=delay)
    fetcher = Fetcher(settings)
    start = time.monotonic()
    try:
        return crawl_school(url, fetcher, (date(2020, 9, 1), date(2025, 5, 31))), time.monotonic() - start
    finally:
        fetcher.close()


def unreachable(truth: dict[str, Any]) -> set[str]:
    """URL keys of posts no crawler can reach: linked from nowhere and left out of the sitemap."""
    listed: set[str] = set()
    if truth.get("sitemap"):
        import requests
        from audit.extract.discovery import parse_sitemap
        listed = {url_key(u) for u, _ in parse_sitemap(requests.get(truth["sitemap"], timeout=30).content)[0]}
    return {url_key(p["urls"][0]) for p in truth["posts"]
            if p["reach"] == "none" and not any(url_key(u) in listed for u in p["urls"])}


def score_years(out: CrawlOutcome, truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Per school year: truth count, found, matched, right dates, status, count error."""
    hidden = unreachable(truth)
    rows = []
    for year, info in truth["years"].items():
        start, end = (date.fromisoformat(d) for d in info["window"])
        want = [p for p in truth["posts"] if p["kind"] == "news" and start.isoformat() <= p["date"] <= end.isoformat()]
        key_of = {url_key(u): i for i, p in enumerate(want) for u in p["urls"]}
        finding = posts_finding(out, (start, end), None)
        items = [i for i in finding.values.get("items", []) if start.isoformat() <= i["published"] <= end.isoformat()]
        matched: dict[int, str] = {}
        extra = twice = 0
        for item in items:
            hit = next((key_of[url_key(u)] for u in item["urls"] if url_key(u) in key_of), None)
            if hit is None:
                extra += 1
            else:
                twice += hit in matched      # one post counted under two of its URLs
                matched.setdefault(hit, item["published"])
        rows.append({"year": year, "truth": len(want), "found": len(items), "matched": len(matched), "extra": extra,
                     "twice": twice,
                     "unreachable": sum(1 for p in want if url_key(p["urls"][0]) in hidden),
                     "dates_right": sum(1 for i, d in matched.items() if want[i]["date"] == d),
                     "status": finding.values.get("status", finding.status),
                     "count": finding.values.get("total_in_window"),
                     "reasons": (finding.values.get("completeness") or {}).get("reasons", [finding.reason])[:3]})
    return rows


def disclosure_right(out: CrawlOutcome, truth: dict[str, Any]) -> bool | None:
    """Whether the disclosure finding agrees with the truth (None: not tested)."""
    finding = check_findings(out)["disclosure"]
    if not finding.tested:
        return None
    return bool(finding.get("found", bool(finding.get("years")))) == bool(truth["disclosure"]["found"])


def scrapy_row(url: str, truth: dict[str, Any], delay: float) -> dict[str, Any]:
    """The Scrapy baseline on one portal: requests, wall time, news recall and dates right."""
    from bench.scrapy_baseline import run_baseline
    result = run_baseline(url, delay)
    seen = {url_key(p["url"]): p.get("date") for p in result["pages"]}
    windows = [info["window"] for info in truth["years"].values()]
    news = [p for p in truth["posts"] if p["kind"] == "news" and any(a <= p["date"] <= b for a, b in windows)]
    found = [p for p in news if any(url_key(u) in seen for u in p["urls"])]
    right = sum(1 for p in found if any(seen.get(url_key(u)) == p["date"] for u in p["urls"]))
    return {"requests": result["requests"], "wall": result["wall_seconds"], "truth": len(news),
            "found": len(found), "dates_right": right}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="bench")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scrapy", action="store_true")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    specs = [build_portal(s) for s in seeds_of(args.seeds)]
    results: dict[str, Any] = {}
    with serve_unseen(specs) as running:
        pids = [f"unseen-{s.seed}" for s in specs]
        truths = {pid: running.truth(pid) for pid in pids}
        with ThreadPoolExecutor(args.workers) as pool:
            crawls = dict(zip(pids, pool.map(lambda pid: crawl(running.url(pid), args.delay), pids)))
        for pid in pids:
            out, wall = crawls[pid]
            results[pid] = {"requests": len(running.log(pid)), "wall": wall, "years": score_years(out, truths[pid]),
                            "disclosure_right": disclosure_right(out, truths[pid]),
                            "complete_possible": truths[pid]["complete_possible"]}
            running.reset_log(pid)
        if args.scrapy:
            for pid in pids:
                results[pid]["scrapy"] = scrapy_row(running.url(pid), truths[pid], args.delay)
    report(results, args.delay)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def report(results: dict[str, Any], delay: float) -> None:
    """Print one line per portal with a problem, then the totals."""
    rows = [y for r in results.values() for y in r["years"]]
    for pid, r in results.items():
        for y in r["years"]:
            missed = y["truth"] - y["matched"]
            if missed or y["extra"] or y["twice"] or y["dates_right"] != y["matched"]:
                print(f"{pid} {y['year']}: {y['status']:8} truth {y['truth']:4} found {y['found']:4} "
                      f"missed {missed:3} extra {y['extra']:3} twice {y['twice']:3} "
                      f"wrong dates {y['matched'] - y['dates_right']}")
    truth = sum(y["truth"] for y in rows)
    matched = sum(y["matched"] for y in rows)
    found = sum(y["found"] for y in rows)
    extra = sum(y["extra"] for y in rows)
    right = sum(y["dates_right"] for y in rows)
    complete = [y for y in rows if y["status"] == "ok"]
    lying = [y for y in complete if y["matched"] < y["truth"] - y["unreachable"]]
    hidden = sum(y["unreachable"] for y in rows)
    count_err = sum(abs((y["count"] or 0) - y["truth"]) for y in complete)
    reach_err = sum(abs((y["count"] or 0) - (y["truth"] - y["unreachable"])) for y in complete)
    disc = [r["disclosure_right"] for r in results.values()]
    requests = sum(r["requests"] for r in results.values())
    wall = sum(r["wall"] for r in results.values())
    print(f"{len(results)} portals, {len(rows)} school years, crawl delay {delay:g} s")
    reachable = truth - sum(y["unreachable"] for y in rows)
    twice = sum(y["twice"] for y in rows)
    print(f"recall {matched / max(1, truth):.4f} ({matched}/{truth}; of reachable posts "
          f"{min(matched, reachable) / max(1, reachable):.4f}); precision {(found - extra - twice) / max(1, found):.4f} "
          f"({found - extra - twice}/{found}; {extra} not posts, {twice} posts counted twice); "
          f"dates right {right / max(1, matched):.4f} ({right}/{matched})")
    print(f"complete (ok) school years {len(complete)}/{len(rows)}; count error on them {count_err} "
          f"({reach_err} against the posts a link or sitemap reaches); "
          f"reported complete but missed posts: {len(lying)} (leaving out {hidden} posts no link or sitemap reaches)")
    print(f"disclosure right {sum(1 for d in disc if d)}/{sum(1 for d in disc if d is not None)} "
          f"(not tested {sum(1 for d in disc if d is None)})")
    print(f"ours: {requests} requests, {wall:.1f} s of crawl wall time (sum over portals)")
    baseline = [r["scrapy"] for r in results.values() if "scrapy" in r]
    if baseline:
        s_truth = sum(b["truth"] for b in baseline)
        s_found = sum(b["found"] for b in baseline)
        print(f"scrapy: recall {s_found / max(1, s_truth):.4f} ({s_found}/{s_truth}); dates right "
              f"{sum(b['dates_right'] for b in baseline) / max(1, s_found):.4f}; {sum(b['requests'] for b in baseline)} "
              f"requests, {sum(b['wall'] for b in baseline):.1f} s wall")


if __name__ == "__main__":
    main()
