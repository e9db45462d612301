"""The real school portal of ../shared/realworld/olympia (Botble CMS, HTTrack copy), against its
hand-checked truth: counts per school year, every date, precision, and an honest status.

Served by ../shared/realworld/serve.py on loopback (crawl delay 0 here; bench/realworld.py
measures the default politeness).
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from audit.config import load_settings
from audit.crawl.checks import check_findings
from audit.crawl.crawler import crawl_school
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.report import posts_finding
from audit.fetch import Fetcher

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
OLYMPIA = REALWORLD / "olympia"


def path_of(url: str) -> str:
    """A URL's path as the truth writes it (extension-less HTTrack files match x.html)."""
    path = urlsplit(url).path
    return path if path.endswith(".html") else path + ".html"


@pytest.fixture(scope="module")
def olympia() -> Iterator[tuple[dict[str, Any], CrawlOutcome]]:
    if not (REALWORLD / "serve.py").exists():
        pytest.skip(f"the real portal's copy is not at {REALWORLD}")
    sys.path.insert(0, str(REALWORLD))
    import serve  # the realworld folder's own small server
    truth = json.loads((OLYMPIA / "truth.json").read_text(encoding="utf-8"))
    settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=0.0)
    with serve.served(str(OLYMPIA / "site.tar.xz"), index=truth["index_page"]) as base:
        fetcher = Fetcher(settings)
        try:
            yield truth, crawl_school(base, fetcher, (date(2021, 9, 1), date(2025, 5, 31)))
        finally:
            fetcher.close()


@pytest.mark.parametrize("year", ["2021-2022", "2022-2023", "2023-2024", "2024-2025"])
def test_counts_dates_and_precision_per_school_year(olympia: tuple[dict[str, Any], CrawlOutcome], year: str) -> None:
    truth, outcome = olympia
    info = truth["years"][year]
    window = (date.fromisoformat(info["window"]["start"]), date.fromisoformat(info["window"]["end"]))
    finding = posts_finding(outcome, window, 3)
    assert finding.tested
    dates: dict[str, str] = {}
    for post in info["posts"]:
        for path in [post["path"], *post.get("also_at", [])]:
            dates[path_of(path)] = post["date"]
    items = [i for i in finding.values["items"] if window[0].isoformat() <= i["published"] <= window[1].isoformat()]
    hits = [next((dates[path_of(u)] for u in i["urls"] if path_of(u) in dates), None) for i in items]
    wrong = [(i["url"], i["published"], d) for i, d in zip(items, hits) if d is not None and d != i["published"]]
    assert wrong == []                                                   # every date right
    assert sum(d is not None for d in hits) / len(items) >= 0.98          # precision
    error = abs(finding.values["total_in_window"] - info["count"]) / info["count"]
    assert error <= 0.02, (finding.values["total_in_window"], info["count"])


def test_the_count_says_what_it_did_not_see(olympia: tuple[dict[str, Any], CrawlOutcome]) -> None:
    """Posts that only links among articles reach: the listings are incomplete, and the result says so."""
    _, outcome = olympia
    finding = posts_finding(outcome, (date(2021, 9, 1), date(2022, 5, 31)), 3)
    completeness = finding.values["completeness"]
    assert finding.values["status"] == "partial" and finding.values["lower_bound"] is True
    assert completeness["reasons"] and completeness["channels"]["listings"] > 400
    assert not outcome.budget_spent and outcome.status == "partial"   # a few menu pages answer 404


def test_language_copies_are_not_extra_posts(olympia: tuple[dict[str, Any], CrawlOutcome]) -> None:
    _, outcome = olympia
    finding = posts_finding(outcome, (date(2021, 9, 1), date(2025, 5, 31)), 3)
    assert not [u for i in finding.values["items"] for u in i["urls"] if urlsplit(u).path.startswith("/en/")]


def test_web_checks_say_only_what_the_pages_read_show(olympia: tuple[dict[str, Any], CrawlOutcome]) -> None:
    """No "Công khai" section in the menus (the README's trap 7): missing, said from pages read. The
    copy lacks the "Giới thiệu chung" page (404): the portal's contents are not concluded from it."""
    _, outcome = olympia
    findings = check_findings(outcome)
    assert findings["disclosure"].tested and not findings["disclosure"].get("found")
    contents = findings["portal_sections"]
    assert not contents.tested and "Giới thiệu chung" in contents.reason
    forms = findings["forms"]
    assert not forms.tested or "admission_info" in forms.get("found", [])
