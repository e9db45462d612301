"""Crawling the simulated portals: exact counts and dates on every healthy portal, faults reported.

The world has every template (VHV-CMS, hcm.edu.vn, NukeViet, WordPress, unseen generic
layouts), their traps and every fault; the crawler has no per-portal code.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from audit.cli import main
from audit.crawl.report import crawl_section, posts_finding
from audit.result import schema_errors
from audit.schoolyear import parse_school_year
from audit.rubric.model import Window

from tests.conftest import YEARS


def _healthy(manifest: dict) -> list[str]:
    return [pid for pid, v in manifest.items() if "crawl" not in v["expected"]]


def test_the_world_has_every_template_and_fault(world) -> None:
    manifest, _ = world
    templates = {v["template"] for v in manifest.values()}
    faults = {f for v in manifest.values() for f in v["faults"]}
    assert templates >= {"vhv", "hcm", "nukeviet", "wordpress", "generic"}
    assert faults >= {"down", "http500", "flaky500", "slow", "robots_disallow", "redirect", "broken_html",
                      "wrong_charset"}
    assert len(_healthy(manifest)) >= 20


@pytest.mark.parametrize("year", YEARS)
def test_counts_and_every_date_exact_on_healthy_portals(world, year: str) -> None:
    manifest, outcomes = world
    start, end = parse_school_year(year).resolve(Window())
    wrong = {}
    for pid in _healthy(manifest):
        v = manifest[pid]
        finding = posts_finding(outcomes[(pid, year)], (start, end), 3)
        assert finding.tested, (pid, finding.reason)
        want = {(p["title"], p["published"]) for p in v["posts"]
                if p["kind"] == "news" and start.isoformat() <= p["published"] <= end.isoformat()}
        got = {(i["title"], i["published"]) for i in finding.values["items"]
               if start <= date.fromisoformat(i["published"]) <= end}
        if got != want or finding.values["total_in_window"] != v["expected"][year]["news_in_window"]:
            wrong[pid] = {"missing": sorted(want - got)[:3], "extra": sorted(got - want)[:3]}
    assert wrong == {}


def test_documents_and_resources_are_reported_but_not_counted(world) -> None:
    manifest, outcomes = world
    for pid in _healthy(manifest):
        news = {p["title"] for p in manifest[pid]["posts"] if p["kind"] == "news"}
        finding = posts_finding(outcomes[(pid, "2021-2022")], (date(2021, 9, 1), date(2022, 5, 31)), 3)
        assert all(i["title"] in news for i in finding.values["items"]), pid


@pytest.mark.parametrize("fault, crawl_status", [("down", "failed"), ("http500", "failed"),
                                                 ("robots_disallow", "partial")])
def test_fatal_faults_are_not_tested_never_zero(world, fault: str, crawl_status: str) -> None:
    manifest, outcomes = world
    pid = next(p for p, v in manifest.items() if fault in v["faults"])
    outcome = outcomes[(pid, "2021-2022")]
    finding = posts_finding(outcome, (date(2021, 9, 1), date(2022, 5, 31)), 3)
    assert not finding.tested and finding.reason
    assert crawl_section(outcome)["status"] == crawl_status
    if fault == "robots_disallow":
        assert outcome.robots_blocked > 0 and "robots" in finding.reason


def test_recoverable_faults_are_crawled(world) -> None:
    manifest, outcomes = world
    for fault in ("flaky500", "slow", "redirect", "broken_html", "wrong_charset"):
        pid = next(p for p, v in manifest.items() if fault in v["faults"])
        assert not outcomes[(pid, "2021-2022")].failed, fault


def test_audit_school_end_to_end_and_exit_codes(world, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AUDIT_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("AUDIT_CRAWL_DELAY", "0")
    manifest, _ = world
    healthy = next(p for p in _healthy(manifest) if not manifest[p]["faults"])
    down = next(p for p, v in manifest.items() if "down" in v["faults"])
    code = main(["school", manifest[healthy]["url"], "--rubric", "tdm-2021-2022-school", "--year", "2021-2022",
                 "--out", str(tmp_path / "ok")])
    result = json.loads((tmp_path / "ok" / "result.json").read_text(encoding="utf-8"))
    assert code == 0 and schema_errors(result) == []
    assert result["posts"]["total_in_window"] == manifest[healthy]["expected"]["2021-2022"]["news_in_window"]
    c33 = next(c for c in result["criteria"] if c["id"] == "3.3")
    assert c33["status"] in ("confirmed", "contradicted") and c33["evidence"]
    code = main(["school", manifest[down]["url"], "--rubric", "tdm-2021-2022-school", "--year", "2021-2022",
                 "--out", str(tmp_path / "down")])
    result = json.loads((tmp_path / "down" / "result.json").read_text(encoding="utf-8"))
    assert code == 3 and schema_errors(result) == [] and result["crawl"]["status"] == "failed"
    web = [c for c in result["criteria"] if c["id"] in ("3.2", "3.3")]
    assert all(c["status"] == "not_tested" and c["proposed"] is None for c in web)
    assert "3.3" in capsys.readouterr().out


def test_bad_url_is_bad_input(capsys) -> None:
    assert main(["school", "http://", "--rubric", "tdm-2021-2022-school"]) == 2
    assert "URL" in capsys.readouterr().err
