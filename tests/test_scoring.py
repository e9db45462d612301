"""The scoring engine: every scoring rule with the seeds' own numbers, and the meanings that
must hold (nothing unchecked becomes 0, a missing self-score stays missing)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from audit.findings import Finding, document_key
from audit.rubric import find_rubric, load_rubric
from audit.rubric.model import Rubric, Window
from audit.schoolyear import SchoolYear, parse_school_year, school_year_of
from audit.scoring import score

Y2021 = parse_school_year("2021-2022")


@lru_cache(maxsize=None)
def rubric(rubric_id: str) -> Rubric:
    return find_rubric(rubric_id)


def scored(r: Rubric, findings=None, self_scores=None, year: SchoolYear = Y2021):
    return score(r, findings or {}, self_scores or {}, year)


def result(card, cid: str):
    return next(x for x in card.results if x.criterion.id == cid)


def verdict(rubric_id: str, cid: str, findings: dict, self_score=None, year: SchoolYear = Y2021):
    """The result of one criterion of a bundled rubric."""
    selfs = {cid: self_score} if self_score is not None else {}
    return result(scored(rubric(rubric_id), findings, selfs, year), cid)


def full_marks(r: Rubric, bonus: float = 0.0) -> dict[str, float]:
    """Self-scores at max for every base criterion, plus `bonus` points spread over bonus ones."""
    scores = {c.id: c.max for c in r.criteria if not c.bonus}
    for c in (c for c in r.criteria if c.bonus):
        take = min(c.max, bonus)
        scores[c.id] = take
        bonus -= take
    assert bonus == 0, "not enough bonus criteria for that many points"
    return scores


def two_decimals(x: float | None) -> bool:
    return x is None or round(x, 2) == x


def write_rubric(tmp_path: Path, rubric_id: str, text: str) -> Rubric:
    path = tmp_path / f"{rubric_id}.yaml"
    path.write_text(text.replace("{id}", rubric_id), encoding="utf-8")
    return load_rubric(path)


# --------------------------------------------------------------------------- tiers (hcm-phong 4.2)

@pytest.mark.parametrize("share, points", [
    (59, 1), (59.9, 1), (60, 3), (69, 3), (70, 5), (79, 5),
    (80, 7), (89, 7), (89.9, 7), (90, 10), (100, 10),
])
def test_hcm_42_tiers_by_integrated_share(share, points):
    finding = Finding(values={"share": share, "integrated": None, "schools": None})
    r = verdict("hcm-phong", "4.2", {"integration_share": finding}, self_score=points)
    assert r.proposed == points
    assert r.status == "confirmed"


def test_hcm_42_contradicted_when_self_claims_more():
    r = verdict("hcm-phong", "4.2", {"integration_share": Finding(values={"share": 75})}, self_score=10)
    assert (r.proposed, r.status) == (5, "contradicted")
    assert r.difference == -5


# --------------------------------------------------------------------------- all or nothing (tdm)

@pytest.mark.parametrize("posts, points", [(0, 0), (39, 0), (40, 5), (120, 5)])
def test_tdm_33_forty_posts_or_nothing(posts, points):
    r = verdict("tdm-2021-2022-school", "3.3", {"posts": Finding(values={"total_in_window": posts})})
    assert r.proposed == points


def test_tdm_33_reason_names_count_year_and_window():
    r = verdict("tdm-2021-2022-school", "3.3", {"posts": Finding(values={"total_in_window": 39})}, 5)
    assert r.status == "contradicted"
    assert "39" in r.reason and "40" in r.reason
    assert "2021-2022" in r.reason
    assert "01/09/2021" in r.reason and "31/05/2022" in r.reason


def test_tdm_34_disclosure_of_another_year_only():
    finding = Finding(values={"years": ["2020-2021"], "found": True})
    r = verdict("tdm-2021-2022-school", "3.4", {"disclosure": finding}, self_score=3)
    assert r.proposed == 0
    assert r.status == "contradicted"
    assert "2021-2022" in r.reason


def test_tdm_34_disclosure_of_the_audited_year():
    finding = Finding(values={"years": ["2020-2021", "2021-2022"], "found": True})
    r = verdict("tdm-2021-2022-school", "3.4", {"disclosure": finding}, self_score=3)
    assert r.proposed == 3
    assert r.status == "confirmed"


def test_tdm_35_missing_form_is_named_in_vietnamese():
    finding = Finding(values={"found": ["leave_request", "admission_info"]})
    r = verdict("tdm-2021-2022-school", "3.5", {"forms": finding}, self_score=2)
    assert r.proposed == 0
    assert r.status == "contradicted"
    assert "mẫu đơn xin phúc khảo bài kiểm tra, bài thi" in r.reason
    assert "regrade_request" not in r.reason


def test_tdm_35_all_forms_found():
    finding = Finding(values={"found": ["leave_request", "regrade_request", "admission_info", "other"]})
    assert verdict("tdm-2021-2022-school", "3.5", {"forms": finding}, 2).proposed == 2


@pytest.mark.parametrize("host, points", [
    ("thcs-abc.tptdm.edu.vn", 5),
    ("THCS-ABC.tptdm.edu.vn.", 5),
    ("thcsabc.edu.vn", 0),
    ("evil-tptdm.edu.vn", 0),
    ("tptdm.edu.vn.evil.com", 0),
])
def test_tdm_32_integration_under_the_district_domain(host, points):
    r = verdict("tdm-2021-2022-school", "3.2", {"integration": Finding(values={"host": host})})
    assert r.proposed == points


# --------------------------------------------------------------------------- proportional

PROPORTIONAL = """\
id: {id}
title: "Thử tỉ lệ"
level: school
total: 5
default_scoring: proportional
groups:
  - id: "1"
    title: "Nhóm"
    points: 5
    criteria:
      - id: "1.1"
        title: "Tối thiểu 40 tin bài/năm học"
        max: 5
        check: {kind: posts_per_year, min: 40}
"""


@pytest.mark.parametrize("posts, points", [(0, 0), (30, 3.75), (40, 5), (80, 5), (7, 0.88)])
def test_proportional_posts(tmp_path, posts, points):
    r = write_rubric(tmp_path, "prop", PROPORTIONAL)
    res = result(scored(r, {"posts": Finding(values={"total_in_window": posts})}), "1.1")
    assert res.proposed == points
    assert two_decimals(res.proposed)


def test_proportional_can_be_set_per_criterion(tmp_path):
    text = PROPORTIONAL.replace("default_scoring: proportional", "default_scoring: all_or_nothing").replace(
        "check: {kind: posts_per_year, min: 40}",
        "check: {kind: posts_per_year, min: 40}\n        scoring: {rule: proportional}")
    r = write_rubric(tmp_path, "prop2", text)
    assert result(scored(r, {"posts": Finding(values={"total_in_window": 30})}), "1.1").proposed == 3.75


# --------------------------------------------------------------------------- deductions (longbien)

LB = "longbien-2021-eschool"
THREE_MONTHS = ["2021-10", "2022-01", "2022-03"]


def i11_findings(missing_months: list[str], assignment: list[str]) -> dict[str, Finding]:
    return {
        document_key("I.1.1", "monthly"): Finding(values={
            "matched": ["BC 01/BC-THCS", "BB 02/BB-THCS"], "missing_months": missing_months}),
        document_key("I.1.1", "assignment"): Finding(values={"matched": assignment}),
    }


def test_longbien_i11_quarter_point_per_missing_month():
    r = verdict(LB, "I.1.1", i11_findings(THREE_MONTHS, ["QĐ 05/QĐ-THCS phân công"]), self_score=5)
    assert r.proposed == 4.25
    assert r.status == "contradicted"
    assert "3 tháng" in r.reason
    # the sheet also has deductions only a person can judge
    assert "Người đánh giá có thể trừ thêm" in r.reason


def test_longbien_i11_missing_assignment_costs_half_a_point_more():
    assert verdict(LB, "I.1.1", i11_findings(THREE_MONTHS, [])).proposed == 3.75


def test_longbien_i11_nothing_missing():
    r = verdict(LB, "I.1.1", i11_findings([], ["QĐ 05/QĐ-THCS phân công"]), self_score=5)
    assert (r.proposed, r.status) == (5, "confirmed")


def test_longbien_i11_one_check_untested_makes_it_not_tested():
    findings = i11_findings(THREE_MONTHS, [])
    findings[document_key("I.1.1", "assignment")] = Finding(status="not_tested", reason="chưa tải minh chứng")
    r = verdict(LB, "I.1.1", findings, self_score=5)
    assert (r.status, r.proposed, r.self) == ("not_tested", None, 5)
    assert "chưa tải minh chứng" in r.reason


II31_REQUIRED = ["introduction", "organisation", "contact", "news", "elearning", "disclosure",
                 "documents", "photo_album"]


@pytest.mark.parametrize("missing, points", [
    ([], 5),
    (["photo_album"], 3),                      # the specific deduction (2) wins over 0.5
    (["contact"], 4.5),
    (["contact", "elearning"], 4),             # 0.5 each
    (["contact", "elearning", "photo_album"], 2),
    (II31_REQUIRED, 0),                        # 7 × 0.5 + 2 = 5.5 > 5: floors at 0
])
def test_longbien_ii31_portal_sections(missing, points):
    present = [s for s in II31_REQUIRED if s not in missing] + ["qa"]
    r = verdict(LB, "II.3.1", {"portal_sections": Finding(values={"present": present})})
    assert r.proposed == points


# --------------------------------------------------------------------------- pass rule (longbien)

def longbien_self(bonus: float = 0, **changes: float) -> dict[str, float]:
    """Full marks on standards I-III, `bonus` points in IV, then changes (III_2_1 → "III.2.1")."""
    scores = full_marks(rubric(LB), bonus=bonus)
    scores.update({k.replace("_", "."): v for k, v in changes.items()})
    return scores


@pytest.mark.parametrize("changes, total, verdict_start", [
    ({"bonus": 6}, 96, "Đạt - Loại A"),
    ({"bonus": 5}, 95, "Đạt - Loại A"),
    ({"bonus": 2}, 92, "Đạt - Loại B"),
    ({"bonus": 0}, 90, "Đạt - Loại B"),
    ({"bonus": 0, "I_1_2": 6}, 89, "Không đạt"),
    # standard III at exactly 50% (7.5 of 15) with a total of 92.5: not above 50%
    ({"bonus": 10, "III_1_2": 0, "III_3_1": 0, "III_2_1": 0.5}, 92.5, "Không đạt"),
    # standard III just above 50%
    ({"bonus": 10, "III_1_2": 0, "III_3_1": 0, "III_2_1": 0.75}, 92.75, "Đạt - Loại B"),
])
def test_longbien_pass_rule(changes, total, verdict_start):
    card = scored(rubric(LB), {}, longbien_self(**changes))
    assert card.totals.self == total
    assert card.totals.self_grade.startswith(verdict_start), card.totals.self_grade


def test_longbien_pass_rule_names_the_weak_standard():
    selfs = longbien_self(bonus=10, III_1_2=0, III_3_1=0, III_2_1=0.5)
    assert "III" in scored(rubric(LB), {}, selfs).totals.self_grade


def test_longbien_bonus_cannot_lift_above_100():
    card = scored(rubric(LB), {}, longbien_self(bonus=10))
    assert card.totals.self == 100
    assert card.totals.max == 100


# --------------------------------------------------------------------------- bonus and cap

def test_thachbanb_base_90_plus_bonus_10():
    r = rubric("thachbanb-2023-2024-it-staff")
    base = full_marks(r)
    assert sum(base.values()) == 90
    card = scored(r, {}, full_marks(r, bonus=10), parse_school_year("2023-2024"))
    assert card.totals.self == 100
    assert card.totals.self_grade is None  # the sheet prints no grade bands
    assert all(x.status == "unverifiable" for x in card.results)


CAPPED = """\
id: {id}
title: "Thử trần điểm"
level: staff
total: 110
cap: 100
default_scoring: all_or_nothing
groups:
  - id: "A"
    title: "Cơ bản"
    points: 90
    criteria:
      - {id: "A.1", title: "Cơ bản 1", max: 50, check: {kind: manual}}
      - {id: "A.2", title: "Cơ bản 2", max: 40, check: {kind: manual}}
  - id: "C"
    title: "Điểm thưởng"
    points: 20
    bonus: true
    criteria:
      - {id: "C.1", title: "Thưởng 1", max: 10, check: {kind: manual}}
      - {id: "C.2", title: "Thưởng 2", max: 10, check: {kind: manual}}
"""


def test_cap_holds_for_base_90_plus_bonus_20(tmp_path):
    r = write_rubric(tmp_path, "capped", CAPPED)
    card = scored(r, {}, {"A.1": 50, "A.2": 40, "C.1": 10, "C.2": 10})
    assert card.totals.max == 100
    assert card.totals.self == 100
    assert card.totals.proposed is None   # nothing verifiable: nothing proposed
    assert card.totals.estimate == 100    # the self-scores stand in the estimate


def test_cap_does_not_touch_totals_below_it(tmp_path):
    r = write_rubric(tmp_path, "capped", CAPPED)
    assert scored(r, {}, {"A.1": 50, "A.2": 30, "C.1": 10, "C.2": 5}).totals.self == 95


# --------------------------------------------------------------------------- all checks must hold

@pytest.mark.parametrize("per_week, per_day, points", [
    (3.0, 300, 10), (2.99, 5000, 0), (10, 299, 0),
])
def test_vinhphuc_31c_posts_and_visits_both_needed(per_week, per_day, points):
    findings = {"posts": Finding(values={"per_week_average": per_week, "weeks_in_window": 39}),
                "visits": Finding(values={"per_day": per_day})}
    r = verdict("vinhphuc-2016-2017-school", "3.1c", findings, year=parse_school_year("2016-2017"))
    assert r.proposed == points


# --------------------------------------------------------------------------- meanings that must hold

TDM = "tdm-2021-2022-school"


def test_manual_criterion_is_unverifiable():
    r = verdict(TDM, "1.1", {}, self_score=3)
    assert (r.status, r.proposed, r.self) == ("unverifiable", None, 3)
    assert r.reason


def test_missing_finding_is_not_tested_never_zero():
    r = verdict(TDM, "3.3", {}, self_score=5)
    assert (r.status, r.proposed, r.self) == ("not_tested", None, 5)
    assert r.difference is None


def test_failed_finding_is_not_tested_with_its_reason():
    reason = "cổng thông tin không truy cập được (HTTP 503)"
    r = verdict(TDM, "3.3", {"posts": Finding(status="not_tested", reason=reason)}, self_score=5)
    assert (r.status, r.proposed) == ("not_tested", None)
    assert reason in r.reason


def test_nothing_measured_invents_no_zero_anywhere():
    card = scored(rubric(TDM))
    for r in card.results:
        assert r.proposed is None, r.criterion.id
        assert r.status in ("unverifiable", "not_tested")
    assert card.totals.self is None
    assert card.totals.proposed is None
    assert card.totals.self_grade is None and card.totals.proposed_grade is None
    assert card.totals.discrepancies == 0
    assert card.totals.unverified_max == 100


def test_missing_self_score_stays_none_and_is_contradicted():
    r = verdict(TDM, "3.3", {"posts": Finding(values={"total_in_window": 45})})
    assert r.self is None
    assert r.proposed == 5
    assert r.status == "contradicted"
    assert "chưa tự chấm" in r.reason
    assert r.difference is None


def test_totals_self_is_none_without_self_scores():
    card = scored(rubric(TDM), {"posts": Finding(values={"total_in_window": 45})})
    assert card.totals.self is None
    assert card.totals.verified_self is None
    assert card.totals.proposed == 5
    assert card.totals.self_grade is None


def test_partly_missing_self_scores_stay_none():
    card = scored(rubric(TDM), {}, {"1.1": 3, "3.3": None})
    assert result(card, "3.3").self is None
    assert card.totals.self == 3


def test_discrepancies_count_contradicted_criteria():
    findings = {
        "posts": Finding(values={"total_in_window": 39}),                 # 3.3 → 0, self 5
        "disclosure": Finding(values={"years": ["2021-2022"]}),           # 3.4 → 3, self 3
        "integration": Finding(values={"host": "thcs-abc.tptdm.edu.vn"}),  # 3.2 → 5, self 5
        "forms": Finding(values={"found": ["leave_request"]}),            # 3.5 → 0, self 2
    }
    card = scored(rubric(TDM), findings, {"3.2": 5, "3.3": 5, "3.4": 3, "3.5": 2, "1.1": 3})
    statuses = {r.criterion.id: r.status for r in card.results}
    assert statuses["3.2"] == statuses["3.4"] == "confirmed"
    assert statuses["3.3"] == statuses["3.5"] == "contradicted"
    assert card.totals.discrepancies == 2
    assert card.totals.discrepancies == sum(1 for s in statuses.values() if s == "contradicted")
    assert card.totals.verified_self == 15
    assert card.totals.verified_proposed == 8
    # the proposed total sums the proposals (the column); the estimate keeps the self-score of 1.1, never checked
    assert card.totals.proposed == 8 and card.totals.estimate == 11
    assert card.totals.unverified_self == 3 and card.totals.verified_max == 15
    assert card.totals.basis == "đã kiểm chứng 15/100 điểm"
    assert card.totals.self == 18


@pytest.mark.parametrize("changes, total, grade", [
    ({"4.2": 0}, 90, "Xuất sắc"),
    ({"3.1": 0, "1.2": 4.99}, 89.99, "Tốt"),
    ({"3.1": 0, "3.2": 0}, 80, "Tốt"),
    ({"3.1": 0, "3.2": 0, "4.2": 9.99}, 79.99, "Khá"),
    ({"3.1": 0, "3.2": 0, "1.1": 0, "4.2": 0, "2.1": 0, "2.2": 0}, 50, "Trung bình"),
    ({"3.1": 0, "3.2": 0, "1.1": 0, "4.2": 0, "2.1": 0, "2.2": 0, "2.3": 4.99}, 49.99, "Yếu"),
])
def test_hcm_grade_bands(changes, total, grade):
    r = rubric("hcm-phong")
    card = scored(r, {}, {**full_marks(r), **changes})
    assert card.totals.self == total
    assert card.totals.self_grade == grade


def test_scores_have_at_most_two_decimals(tmp_path):
    r = write_rubric(tmp_path, "prop", PROPORTIONAL.replace("min: 40", "min: 30"))
    card = scored(r, {"posts": Finding(values={"total_in_window": 7})}, {"1.1": 1.1})
    res = result(card, "1.1")
    assert res.proposed == 1.17  # 5 × 7/30 = 1.1666…
    t = card.totals
    for value in (res.proposed, res.difference, t.self, t.proposed, t.verified_proposed, t.verified_self):
        assert two_decimals(value), value

    lb = scored(rubric(LB), i11_findings(["2021-10"] * 7, []), {"I.1.1": 1.1})
    assert result(lb, "I.1.1").proposed == 2.75
    assert all(two_decimals(x.proposed) for x in lb.results)


def test_thirds_in_self_scores_give_two_decimal_totals():
    r = rubric("thachbanb-2023-2024-it-staff")
    card = scored(r, {}, {"A.1": 10 / 3, "A.2": 10 / 3, "A.3": 10 / 3}, parse_school_year("2023-2024"))
    assert card.totals.self == 10
    assert two_decimals(card.totals.self) and two_decimals(card.totals.proposed)


# --------------------------------------------------------------------------- school years

def test_parse_school_year():
    year = parse_school_year("2021-2022")
    assert year == SchoolYear(2021)
    assert str(year) == "2021-2022"
    assert parse_school_year(" 2021 – 2022 ") == year


@pytest.mark.parametrize("text", ["2021-2023", "2021", "", "2022-2021", "21-22", "abcd-efgh"])
def test_parse_school_year_rejects(text):
    with pytest.raises(ValueError):
        parse_school_year(text)


def test_default_window():
    assert Y2021.resolve(Window()) == (date(2021, 9, 1), date(2022, 5, 31))
    assert scored(rubric(TDM)).window == (date(2021, 9, 1), date(2022, 5, 31))


def test_vinhphuc_31d_own_window():
    check = rubric("vinhphuc-2016-2017-school").criterion("3.1d").checks[0]
    assert parse_school_year("2016-2017").resolve(check.window) == (date(2016, 6, 1), date(2017, 5, 30))


@pytest.mark.parametrize("day, year", [
    (date(2022, 8, 31), "2021-2022"),
    (date(2022, 9, 1), "2022-2023"),
    (date(2022, 1, 1), "2021-2022"),
    (date(2021, 12, 31), "2021-2022"),
])
def test_school_year_of(day, year):
    assert school_year_of(day) == parse_school_year(year)


def test_month_day_falls_in_the_right_calendar_year():
    year = parse_school_year("2016-2017")
    assert year.month_day("10-15") == date(2016, 10, 15)
    assert year.month_day("01-10") == date(2017, 1, 10)
    assert year.month_day("05-25") == date(2017, 5, 25)


@pytest.mark.parametrize("cid, key, values", [
    ("3.3", "posts", {"per_week_average": 2.0}),
    ("3.4", "disclosure", {"url": "http://x/cong-khai"}),
    ("3.2", "integration", {}),
])
def test_a_tested_finding_without_its_number_is_not_tested_never_zero(cid, key, values):
    res = verdict("tdm-2021-2022-school", cid, {key: Finding(values=values)}, self_score=3)
    assert res.status == "not_tested" and res.proposed is None and "thiếu số liệu" in res.reason


def _partial(posts: int) -> Finding:
    reasons = ["chuyên mục “Tin tức”: phân trang bằng JavaScript, không đọc được các trang sau (đọc 1/9 trang)"]
    return Finding(values={"total_in_window": posts, "status": "partial", "lower_bound": True,
                           "completeness": {"complete": False, "reasons": reasons}})


def test_a_lower_bound_meeting_the_target_confirms():
    r = verdict("tdm-2021-2022-school", "3.3", {"posts": _partial(52)}, self_score=5)
    assert r.status == "confirmed" and r.proposed == 5
    assert "ít nhất 52 tin bài" in r.reason and "JavaScript" in r.reason


def test_a_lower_bound_below_the_target_is_not_tested_never_contradicted():
    r = verdict("tdm-2021-2022-school", "3.3", {"posts": _partial(12)}, self_score=5)
    assert r.status == "not_tested" and r.proposed is None
    assert "ít nhất 12" in r.reason and "chưa đầy đủ" in r.reason
