"""The other web checks on the simulated portals: every finding exactly as the ground truth,
with the URL that proves it, and scored through the engine with Vietnamese reasons."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import requests

from audit.crawl.checks import check_findings
from audit.crawl.report import integration_finding, posts_finding
from audit.detect.integration import listed_in
from audit.detect.visits import read_counter, visits_finding
from audit.rubric import find_rubric
from audit.schoolyear import parse_school_year
from audit.scoring import score
from tests.conftest import ROOT


def _readable(sim: Any) -> list[str]:
    _, manifest, crawled = sim
    return [pid for pid in manifest if not crawled[pid].failed]


def test_most_portals_are_checked(sim) -> None:
    _, manifest, crawled = sim
    assert len(_readable(sim)) >= 20
    hows = {manifest[p]["checks"]["disclosure"]["how"] for p in _readable(sim)}
    assert hows >= {"page", "year_pages", "posts", "under_intro", "older_only", "none"}


def test_disclosure_years_groups_and_proof(sim) -> None:
    _, manifest, crawled = sim
    wrong = {}
    for pid in _readable(sim):
        truth = manifest[pid]["checks"]["disclosure"]
        f = check_findings(crawled[pid])["disclosure"]
        proof = [f.values["url"]] + [i["url"] for i in f.values["items"]]
        got = (f.values["found"], f.values["years"], sorted(f.values["groups"]) if truth["years"] else [])
        want = (bool(truth["years"] or truth["url"]), sorted(truth["years"]),
                sorted(truth["groups"]) if truth["years"] else [])
        if got != want or (truth["url"] and truth["url"] not in proof):
            wrong[pid] = (truth["how"], got, want)
    assert wrong == {}


def test_forms_kinds_and_urls(sim) -> None:
    _, manifest, crawled = sim
    wrong = {}
    for pid in _readable(sim):
        f = check_findings(crawled[pid])["forms"]
        got = {i["kind"]: i["url"] for i in f.values["items"]}
        if got != manifest[pid]["checks"]["forms"]:
            wrong[pid] = (got, manifest[pid]["checks"]["forms"])
    assert wrong == {}


def test_portal_contents_and_urls(sim) -> None:
    _, manifest, crawled = sim
    wrong = {}
    for pid in _readable(sim):
        f = check_findings(crawled[pid])["portal_sections"]
        if f.values["urls"] != manifest[pid]["checks"]["sections"]:
            wrong[pid] = (f.values["urls"], manifest[pid]["checks"]["sections"])
    assert wrong == {}


def test_counter_readings(sim) -> None:
    _, manifest, crawled = sim
    for pid in _readable(sim):
        truth = manifest[pid]["checks"]["counter"]
        reading = crawled[pid].counter
        assert (reading or {}).get("total") == (truth or {}).get("total"), pid


def test_visits_per_day_from_two_days(sim) -> None:
    running, manifest, crawled = sim
    pid = next(p for p in _readable(sim) if manifest[p]["checks"]["counter"])
    first = crawled[pid].counter
    one_day = visits_finding([first])
    assert not one_day.tested and "hai ngày" in one_day.reason
    running.advance_days(2)
    try:
        later = read_counter(requests.get(manifest[pid]["url"], timeout=10).content)
    finally:
        running.advance_days(-2)
    assert later is not None
    at = (datetime.fromisoformat(first["at"]) + timedelta(days=2)).astimezone(timezone.utc).isoformat()
    f = visits_finding([first, {**later, "at": at}])
    assert f.tested and f.values["per_day"] == manifest[pid]["checks"]["counter"]["per_day"]


def test_directory_listing(sim) -> None:
    running, manifest, _ = sim
    page = requests.get(running.directory_url(), timeout=10)
    for pid, v in manifest.items():
        assert listed_in(page.content, page.url, v["url"]) == v["checks"]["listed_in_directory"], pid


def test_scored_with_vietnamese_reasons(sim) -> None:
    _, manifest, crawled = sim
    rubric, year = find_rubric("tdm-2021-2022-school"), parse_school_year("2021-2022")
    window = year.resolve(rubric.window)
    for pid in _readable(sim):
        out, truth = crawled[pid], manifest[pid]["checks"]
        findings = {"posts": posts_finding(out, window, None), "integration": integration_finding(out),
                    **check_findings(out)}
        card = score(rubric, findings, {"3.4": 3, "3.5": 2}, year)
        by_id = {r.criterion.id: r for r in card.results}
        has_year = "2021-2022" in truth["disclosure"]["years"]
        assert by_id["3.4"].proposed == (3 if has_year else 0), pid
        assert ("Đạt" if has_year else "Chưa đạt") in by_id["3.4"].reason
        all_forms = {"leave_request", "regrade_request", "admission_info"} <= set(truth["forms"])
        assert by_id["3.5"].proposed == (2 if all_forms else 0), pid
        if not all_forms:
            assert "thiếu biểu mẫu" in by_id["3.5"].reason and by_id["3.5"].status == "contradicted"
        assert by_id["3.5"].evidence or not truth["forms"]
        assert by_id["3.1"].status in ("confirmed", "contradicted") and by_id["3.1"].proposed is not None


def test_rubric_directory_is_read_by_the_audit(sim, tmp_path) -> None:
    from audit.rubric import load_rubric
    from audit.school import run_audit
    from tests.conftest import SIM_SETTINGS
    running, manifest, crawled = sim
    text = (ROOT / "rubrics" / "tdm-2021-2022-school.yaml").read_text(encoding="utf-8")
    text = text.replace("check: {kind: integration, domain: tptdm.edu.vn}",
                        f'check: {{kind: integration, domain: tptdm.edu.vn, directory: "{running.directory_url()}"}}')
    path = tmp_path / "tdm-2021-2022-school.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    for listed in (True, False):
        pid = next(p for p in _readable(sim) if manifest[p]["checks"]["listed_in_directory"] is listed)
        document, _ = run_audit([manifest[pid]["url"]], rubric, parse_school_year("2021-2022"), {}, SIM_SETTINGS)
        c32 = next(c for c in document["criteria"] if c["id"] == "3.2")
        assert ("không có tên trong danh sách đơn vị" in c32["reason"]) is (not listed), pid
