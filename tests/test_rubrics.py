"""Rubric files: the six transcribed sheets load, match their seeds, and broken files are
reported as `path:LINE: message` with the line a person has to edit."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audit.cli import main
from audit.rubric import find_rubric, load_rubric
from audit.rubric.check import check_files

RUBRIC_IDS = [
    "hcm-phong",
    "tdm-2021-2022-school",
    "vinhphuc-2016-2017-school",
    "vinhphuc-2016-2017-phong",
    "longbien-2021-eschool",
    "thachbanb-2023-2024-it-staff",
]
LEVELS = {"school", "district", "staff"}


def criterion(rubric_id: str, cid: str):
    c = find_rubric(rubric_id).criterion(cid)
    assert c is not None, f"{rubric_id} has no criterion {cid}"
    return c


def only_check(c):
    assert len(c.checks) == 1, f"{c.id} has {len(c.checks)} checks"
    return c.checks[0]


# --------------------------------------------------------------------------- the six rubrics

@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_rubric_loads_with_total_100_and_criteria(rubric_id):
    rubric = find_rubric(rubric_id)
    assert rubric.id == rubric_id
    assert rubric.total == 100
    assert rubric.level in LEVELS
    assert len(rubric.criteria) > 0
    assert sum(g.points for g in rubric.groups) == 100
    ids = [c.id for c in rubric.criteria]
    assert len(ids) == len(set(ids)), "criterion ids must be unique"


def test_check_files_on_the_bundled_rubrics_reports_nothing():
    problems, checked = check_files([])
    assert problems == []
    assert checked == len(RUBRIC_IDS)


def test_tdm_web_criteria_as_printed():
    c33 = criterion("tdm-2021-2022-school", "3.3")
    assert c33.max == 5
    assert only_check(c33).kind == "posts_per_year"
    assert only_check(c33).params["min"] == 40
    assert c33.scoring.rule == "all_or_nothing"

    c34 = criterion("tdm-2021-2022-school", "3.4")
    assert c34.max == 3
    assert only_check(c34).kind == "disclosure"
    assert only_check(c34).params["per_school_year"] is True

    c35 = criterion("tdm-2021-2022-school", "3.5")
    assert c35.max == 2
    assert set(only_check(c35).params["required"]) == {"leave_request", "regrade_request", "admission_info"}

    c32 = criterion("tdm-2021-2022-school", "3.2")
    assert only_check(c32).kind == "integration"
    assert only_check(c32).params["domain"] == "tptdm.edu.vn"


def test_tdm_grade_bands():
    bands = [(g.name, g.min) for g in find_rubric("tdm-2021-2022-school").grades]
    assert bands == [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]


def test_hcm_phong_42_tiers_and_44():
    c42 = criterion("hcm-phong", "4.2")
    assert c42.max == 10
    assert only_check(c42).kind == "integration_share"
    assert only_check(c42).params["domain"] == "hcm.edu.vn"
    assert c42.scoring.rule == "tiers"
    assert [(t.min, t.points) for t in c42.scoring.tiers] == [(90, 10), (80, 7), (70, 5), (60, 3), (0, 1)]
    # the source repeats 4.2.2 / 4.2.3; the transcription makes them unique
    tier_ids = [t.id for t in c42.scoring.tiers]
    assert len(set(tier_ids)) == len(tier_ids)

    c44 = criterion("hcm-phong", "4.4")
    assert c44.max == 5
    assert [g.points for g in find_rubric("hcm-phong").groups] == [25, 25, 25, 25]


def test_vinhphuc_school_31c_and_31d():
    c31c = criterion("vinhphuc-2016-2017-school", "3.1c")
    assert c31c.max == 10
    kinds = {k.kind: k.params for k in c31c.checks}
    assert kinds["posts_per_week"]["min_avg"] == 3
    assert kinds["visits_per_day"]["min_avg"] == 300

    c31d = criterion("vinhphuc-2016-2017-school", "3.1d")
    check = only_check(c31d)
    assert check.kind == "portal_posts_used"
    assert check.params["min"] == 24
    assert (check.window.start, check.window.end) == ((6, 1), (5, 30))


def test_vinhphuc_phong_thresholds():
    c31b = criterion("vinhphuc-2016-2017-phong", "3.1b")
    kinds = {k.kind: k.params for k in c31b.checks}
    assert kinds["posts_per_week"]["min_avg"] == 5
    assert kinds["visits_per_day"]["min_avg"] == 2000
    assert only_check(criterion("vinhphuc-2016-2017-phong", "3.1c")).params["min"] == 48


def test_longbien_monthly_report_deduction_and_pass_rule():
    rubric = find_rubric("longbien-2021-eschool")
    c = criterion("longbien-2021-eschool", "I.1.1")
    assert c.max == 5
    assert c.scoring.rule == "deductions"
    monthly = [d for d in c.scoring.deductions if d.per == "missing_month"]
    assert len(monthly) == 1 and monthly[0].points == 0.25
    target = {k.name: k for k in c.checks}[monthly[0].check]
    assert target.kind == "documents" and target.params.get("per_month") is True

    assert [(g.id, g.points, g.bonus) for g in rubric.groups] == [
        ("I", 35, False), ("II", 40, False), ("III", 15, False), ("IV", 10, True)]
    assert rubric.cap == 100
    assert rubric.pass_rule is not None
    assert rubric.pass_rule.min_total == 90
    assert rubric.pass_rule.min_group_share == 0.5
    assert [(k.name, k.min) for k in rubric.pass_rule.classes] == [("Loại A", 95), ("Loại B", 90)]


def test_thachbanb_c_group_is_bonus():
    rubric = find_rubric("thachbanb-2023-2024-it-staff")
    assert rubric.level == "staff"
    groups = {g.id: g for g in rubric.groups}
    assert (groups["A"].points, groups["B"].points, groups["C"].points) == (20, 70, 10)
    assert groups["C"].bonus is True
    assert not groups["A"].bonus and not groups["B"].bonus
    c_criteria = [c for c in rubric.criteria if c.group == "C"]
    assert c_criteria and all(c.bonus for c in c_criteria)
    assert not any(c.bonus for c in rubric.criteria if c.group != "C")


# --------------------------------------------------------------------------- broken files
#
# Each broken file marks the line the error must point at with `# HERE`.

HEADER = """\
id: {id}
title: "Bộ tiêu chí thử"
level: school
total: 10
default_scoring: all_or_nothing
"""

GROUP_OK = """\
groups:
  - id: "1"
    title: "Nhóm 1"
    points: 10
    criteria:
      - id: "1.1"
        title: "Tiêu chí 1"
        max: 5
        check: {kind: posts_per_year, min: 40}
      - id: "1.2"
        title: "Tiêu chí 2"
        max: 5
        check: {kind: manual}
"""


def write_rubric(tmp_path: Path, rubric_id: str, body: str) -> Path:
    path = tmp_path / f"{rubric_id}.yaml"
    path.write_text(body.replace("{id}", rubric_id), encoding="utf-8")
    return path


def marked_line(path: Path) -> int:
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "# HERE" in line]
    assert len(lines) == 1, "a broken file marks exactly one line"
    return lines[0]


def only_problem(path: Path) -> tuple[int, str]:
    problems, checked = check_files([path])
    assert checked == 1
    assert len(problems) == 1, problems
    match = re.fullmatch(r"(.+):(\d+): (.+)", problems[0], re.S)
    assert match, problems[0]
    assert match.group(1) == str(path)
    return int(match.group(2)), match.group(3)


def test_a_good_small_file_passes(tmp_path):
    path = write_rubric(tmp_path, "good", HEADER + GROUP_OK)
    assert check_files([path]) == ([], 1)
    assert load_rubric(path).total == 10


BROKEN = {
    "duplicate-criterion-id": ("duplicate", HEADER + GROUP_OK.replace(
        '      - id: "1.2"', '      - id: "1.1"  # HERE')),
    # 5 + 4 under a group of 10 points (the groups still sum to the total)
    "criteria-do-not-sum-to-group": ("sum", HEADER + GROUP_OK.replace(
        '  - id: "1"', '  - id: "1"  # HERE').replace(
        "max: 5\n        check: {kind: manual}", "max: 4\n        check: {kind: manual}")),
    "groups-do-not-sum-to-total": ("total", HEADER.replace("total: 10", "total: 20  # HERE") + GROUP_OK),
    "unknown-check-kind": ("unknown check kind", HEADER + GROUP_OK.replace(
        "check: {kind: posts_per_year, min: 40}",
        "check:\n          name: dem_tin\n          kind: posts_per_month  # HERE\n          min: 40")),
    "unknown-form-kind": ("bogus_form", HEADER + GROUP_OK.replace(
        "check: {kind: posts_per_year, min: 40}",
        "check: {kind: forms, required: [leave_request, bogus_form]}  # HERE")),
    "unquoted-numeric-id": ("quote", HEADER + GROUP_OK.replace(
        '      - id: "1.2"', "      - id: 1.2  # HERE")),
    "yaml-syntax-error": ("YAML", HEADER + GROUP_OK.replace(
        'title: "Tiêu chí 2"', "title: Tiêu chí: hai  # HERE")),
    "yaml-bad-indentation": ("YAML", HEADER + GROUP_OK.replace(
        "    points: 10", "   points: 10  # HERE")),
    "missing-default-scoring": ("default_scoring", HEADER.replace(
        "id: {id}", "id: {id}  # HERE").replace("default_scoring: all_or_nothing\n", "") + GROUP_OK),
    "missing-month-without-per-month": ("per_month", HEADER + GROUP_OK.replace(
        '      - id: "1.1"\n        title: "Tiêu chí 1"\n        max: 5\n        check: {kind: posts_per_year, min: 40}',
        '      - id: "1.1"  # HERE\n'
        '        title: "Tiêu chí 1"\n'
        "        max: 5\n"
        "        check: {kind: documents, types: [BC], school_year: true}\n"
        "        scoring:\n"
        "          rule: deductions\n"
        "          deductions:\n"
        "            - {points: 0.25, per: missing_month, title: \"Mỗi báo cáo tháng thiếu\"}")),
    "grades-not-highest-first": ("highest first", HEADER
                                 + "grades:  # HERE\n"
                                   "  - {name: \"Khá\", min: 50}\n"
                                   "  - {name: \"Tốt\", min: 80}\n"
                                   "  - {name: \"Yếu\", min: 0}\n" + GROUP_OK),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validator_reports_the_right_line(tmp_path, name):
    keyword, body = BROKEN[name]
    path = write_rubric(tmp_path, name, body)
    line, message = only_problem(path)
    assert line == marked_line(path), message
    assert keyword.lower() in message.lower()


def test_group_sum_message_names_both_numbers(tmp_path):
    path = write_rubric(tmp_path, "sums", HEADER.replace("total: 10", "total: 9") + GROUP_OK.replace(
        "    points: 10", "    points: 9"))
    _, message = only_problem(path)
    assert "10" in message and "9" in message


@pytest.mark.parametrize("documents_check", [
    # the check's own deadline
    '{kind: documents, types: [KH], deadline: "15-10"}',
    # the first of two items (the second one is fine)
    '{kind: documents, items: [{name: plan, types: [KH], deadline: "15-10"}, {name: report, types: [BC]}]}',
], ids=["check-deadline", "first-item-deadline"])
def test_a_deadline_that_is_not_month_day_is_reported(tmp_path, documents_check):
    """"15-10" (day and month swapped) is a likely transcription slip; it would only blow up
    at audit time (SchoolYear.month_day -> date(..., 15, 10))."""
    body = HEADER + GROUP_OK.replace("check: {kind: posts_per_year, min: 40}",
                                     f"check: {documents_check}  # HERE")
    path = write_rubric(tmp_path, "deadline", body)
    problems, _ = check_files([path])
    assert len(problems) == 1, f"deadline '15-10' was not reported: {problems}"
    line, message = only_problem(path)
    assert line == marked_line(path)
    assert "deadline" in message


def test_a_criterion_without_check_is_judged_by_a_person(tmp_path):
    """The loader defaults a missing `check` to {kind: manual}; that default must load."""
    body = HEADER + GROUP_OK.replace("        check: {kind: manual}\n", "")
    path = write_rubric(tmp_path, "nocheck", body)
    assert check_files([path]) == ([], 1)
    c = load_rubric(path).criterion("1.2")
    assert c.manual
    assert c.check_kind is None


def test_id_differing_from_file_name_is_reported(tmp_path):
    path = tmp_path / "other-name.yaml"
    path.write_text((HEADER + GROUP_OK).replace("{id}", "the-id"), encoding="utf-8")
    line, message = only_problem(path)
    assert line == 1
    assert "file name" in message


# --------------------------------------------------------------------------- the CLI

def test_cli_rubrics_list(capsys):
    assert main(["rubrics", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 6
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 4 for row in rows), rows
    assert sorted(row[0] for row in rows) == sorted(RUBRIC_IDS)
    for rid, title, level, total in rows:
        assert title.strip()
        assert level in LEVELS
        assert total == "100"
    by_id = {row[0]: row for row in rows}
    assert by_id["hcm-phong"][2] == "district"
    assert by_id["thachbanb-2023-2024-it-staff"][2] == "staff"


def test_cli_rubrics_show_json(capsys):
    assert main(["rubrics", "show", "tdm-2021-2022-school", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"id", "title", "total", "criteria"} <= set(doc)
    assert doc["id"] == "tdm-2021-2022-school"
    assert doc["total"] == 100
    for c in doc["criteria"]:
        assert {"id", "title", "max", "group", "check", "bonus"} <= set(c), c
        assert c["bonus"] is False
    by_id = {c["id"]: c for c in doc["criteria"]}
    assert list(by_id)[:2] == ["1.1", "1.2"]  # sheet order
    assert by_id["3.3"]["check"] == "posts_per_year"
    assert by_id["3.3"]["max"] == 5
    assert by_id["3.3"]["group"] == "3"
    assert by_id["1.1"]["check"] is None  # a person judges it


def test_cli_rubrics_show_json_marks_bonus(capsys):
    assert main(["rubrics", "show", "thachbanb-2023-2024-it-staff", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    bonus = {c["id"] for c in doc["criteria"] if c["bonus"]}
    assert bonus == {"C.1", "C.2", "C.3", "C.4"}


def test_cli_rubrics_show_text(capsys):
    assert main(["rubrics", "show", "hcm-phong"]) == 0
    out = capsys.readouterr().out
    assert "hcm-phong" in out and "4.2" in out


def test_cli_rubrics_check_all_ok(capsys):
    assert main(["rubrics", "check"]) == 0
    assert "6" in capsys.readouterr().out


def test_cli_rubrics_check_broken_file(tmp_path, capsys):
    keyword, body = BROKEN["duplicate-criterion-id"]
    path = write_rubric(tmp_path, "broken", body)
    assert main(["rubrics", "check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{path}:{marked_line(path)}: ")
    assert keyword in err[0]


def test_cli_rubrics_show_unknown_id(capsys):
    assert main(["rubrics", "show", "no-such"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "no-such" in lines[0]
    assert "Traceback" not in captured.err
    assert captured.out == ""
