"""The crawler on unseen synthetic layouts (audit.simulator.unseen, TUNING seeds only: the
benchmark's seeds are never used while developing). Recall, precision, dates, and no crawl
that calls itself complete while it missed posts; forwarding roots, script pagers (working and
broken), posts only reachable through related links, budgets."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, Iterator

import pytest

from audit.crawl.budget import Budget
from audit.crawl.crawler import crawl_school
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.report import posts_finding
from audit.fetch import Fetcher
from audit.posts.identity import url_key
from audit.simulator.unseen import TUNING_SEEDS, build_portal, serve_unseen
from tests.conftest import SIM_SETTINGS

SPAN = (date(2020, 9, 1), date(2025, 5, 31))


def crawl(url: str, budget: Budget | None = None) -> CrawlOutcome:
    fetcher = Fetcher(SIM_SETTINGS)
    try:
        return crawl_school(url, fetcher, SPAN, budget=budget)
    finally:
        fetcher.close()


@pytest.fixture(scope="module")
def unseen() -> Iterator[tuple[Any, dict[str, dict[str, Any]], dict[str, CrawlOutcome]]]:
    with serve_unseen([build_portal(s) for s in TUNING_SEEDS]) as running:
        pids = [f"unseen-{s}" for s in TUNING_SEEDS]
        with ThreadPoolExecutor(4) as pool:
            outcomes = dict(zip(pids, pool.map(lambda pid: crawl(running.url(pid)), pids)))
        yield running, {pid: running.truth(pid) for pid in pids}, outcomes


def _years(truth: dict[str, Any], outcome: CrawlOutcome) -> Iterator[tuple[str, list[dict[str, Any]], Any]]:
    for year, info in truth["years"].items():
        start, end = (date.fromisoformat(d) for d in info["window"])
        want = [p for p in truth["posts"] if p["kind"] == "news" and info["window"][0] <= p["date"] <= info["window"][1]]
        yield year, want, posts_finding(outcome, (start, end), None)


def test_recall_precision_dates_and_honest_completeness(unseen) -> None:
    _, truths, outcomes = unseen
    truth_n = found_n = hits = right = 0
    dishonest = []
    for pid, outcome in outcomes.items():
        for year, want, finding in _years(truths[pid], outcome):
            first, last = truths[pid]["years"][year]["window"]
            keys = {url_key(u): p for p in want for u in p["urls"]}
            items = [i for i in finding.values["items"] if first <= i["published"] <= last]
            matched = {keys[url_key(u)]["urls"][0]: (keys[url_key(u)], i) for i in items for u in i["urls"]
                       if url_key(u) in keys}
            truth_n, found_n, hits = truth_n + len(want), found_n + len(items), hits + len(matched)
            right += sum(1 for p, i in matched.values() if p["date"] == i["published"])
            if finding.values["status"] == "ok" and len(matched) < len(want):
                dishonest.append((pid, year, len(want) - len(matched)))
    assert hits / truth_n >= 0.99 and hits / found_n >= 0.99 and right == hits
    assert dishonest == []


def _with(truths: dict[str, dict[str, Any]], **layout: Any) -> list[str]:
    return [pid for pid, t in truths.items() if all(t["layout"].get(k) == v for k, v in layout.items())]


def test_forwarding_roots_are_followed(unseen) -> None:
    running, truths, outcomes = unseen
    forwarded = [pid for pid, t in truths.items() if t["layout"]["forwarding"] != "none"]
    assert len(forwarded) >= 3
    for pid in forwarded:
        assert outcomes[pid].final_url == truths[pid]["home"], (pid, truths[pid]["layout"]["forwarding"])
        assert outcomes[pid].listing_pages > 0


def test_a_broken_script_pager_leaves_the_count_partial_with_its_reason(unseen) -> None:
    _, truths, outcomes = unseen
    broken = _with(truths, pager="js_broken")
    assert broken
    for pid in broken:
        for _, want, finding in _years(truths[pid], outcomes[pid]):
            reasons = finding.values["completeness"]["reasons"]
            assert finding.values["status"] == "partial" and any("JavaScript" in r for r in reasons), pid


def test_a_working_script_pager_is_read(unseen) -> None:
    _, truths, outcomes = unseen
    working = _with(truths, pager="js_ok")
    assert working
    for pid in working:
        runs = [r for r in outcomes[pid].listings if not r.filed and not r.documents]
        assert runs and all(r.complete and r.pages_read > 1 for r in runs if r.announced and r.announced > 1), pid


def test_posts_only_linked_from_other_posts_are_found_and_said_so(unseen) -> None:
    _, truths, outcomes = unseen
    hidden = [pid for pid, t in truths.items() if any(p["reach"] == "links" for p in t["posts"] if p["kind"] == "news")]
    assert hidden
    for pid in hidden:
        linked = {url_key(u) for p in truths[pid]["posts"] if p["reach"] == "links" and p["kind"] == "news"
                  and SPAN[0].isoformat() <= p["date"] <= SPAN[1].isoformat() for u in p["urls"][:1]}
        finding = posts_finding(outcomes[pid], SPAN, None)
        got = {url_key(u) for i in finding.values["items"] for u in i["urls"]}
        assert len(linked & got) >= 0.95 * len(linked), pid
        only_links = [i for i in finding.values["items"] if i["found_by"] == ["link"]]
        assert not only_links or finding.values["status"] == "partial", pid   # the listings miss them: said so


def test_a_spent_budget_still_gives_a_partial_result(unseen) -> None:
    running, truths, _ = unseen
    pid = max(truths, key=lambda p: len(truths[p]["posts"]))
    outcome = crawl(running.url(pid), Budget(requests=25))
    finding = posts_finding(outcome, SPAN, None)
    assert not outcome.failed and outcome.status == "partial" and "25 yêu cầu" in outcome.budget_spent
    assert len(outcome.pages) <= 25
    assert finding.tested and finding.values["status"] == "partial"
    assert any("dừng sớm" in r for r in finding.values["completeness"]["reasons"])
    timed = crawl(running.url(pid), Budget(seconds=0.5, clock=iter(range(0, 10_000)).__next__))
    assert "thời gian" in timed.budget_spent


def test_no_web_check_is_scored_from_pages_not_read() -> None:
    from audit.crawl.checks import check_findings
    from audit.crawl.outcome import PageRecord
    home = PageRecord("http://x/", "home", 200, "2024-01-01T00:00:00+00:00", "0", "<html><body>Trang chủ</body></html>".encode())
    outcome = CrawlOutcome(start_url="http://x/", final_url="http://x/", pages=[home],
                           errors=[("http://x/cong-khai", "lỗi máy chủ (500)")])
    findings = check_findings(outcome)
    for key in ("disclosure", "forms", "portal_sections"):
        assert not findings[key].tested and "không kết luận được" in findings[key].reason, key
