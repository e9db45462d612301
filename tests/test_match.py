"""Matching identified documents to the rubrics' document checks, and the scores that follow."""
from __future__ import annotations

from typing import Any

from audit.evidence.match import match_documents, month_of, window_months
from audit.rubric import find_rubric
from audit.schoolyear import parse_school_year
from audit.scoring import score

Y = parse_school_year("2021-2022")


def doc(file: str, doc_type: str, title: str, issued: str, year: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"file": file, "status": "parsed", "doc_type": doc_type, "title": title, "issued_on": issued,
            "school_year": year, **extra}


def result(rubric_id: str, docs: list[dict[str, Any]], cid: str, year=Y):
    rubric = find_rubric(rubric_id)
    findings, used = match_documents(docs, rubric, year)
    card = score(rubric, findings, {}, year)
    return next(r for r in card.results if r.criterion.id == cid), used


def test_tdm_41_needs_this_years_it_plan() -> None:
    plan = doc("kh.pdf", "KH", "Kế hoạch ứng dụng công nghệ thông tin năm học 2021-2022", "2021-09-20", "2021-2022")
    res, used = result("tdm-2021-2022-school", [plan], "4.1")
    assert res.proposed == 5 and res.evidence == ("kh.pdf",) and "4.1" in used["kh.pdf"]
    old = doc("kh.pdf", "KH", "Kế hoạch ứng dụng CNTT năm học 2020-2021", "2020-09-20", "2020-2021")
    res, _ = result("tdm-2021-2022-school", [old], "4.1")
    assert res.proposed == 0 and "0 văn bản phù hợp" in res.reason


def test_items_each_missing_one_is_named() -> None:
    plan = doc("kh.pdf", "KH", "Kế hoạch chuyển đổi số giai đoạn 2021-2025", "2021-10-01")
    res, _ = result("tdm-2021-2022-school", [plan], "4.5")
    assert res.proposed == 0 and "thiếu" in res.reason
    report = doc("bc.pdf", "BC", "Báo cáo kết quả chuyển đổi số năm 2022", "2022-05-20")
    res, _ = result("tdm-2021-2022-school", [plan, report], "4.5")
    assert res.proposed == 10


def test_longbien_quarter_point_per_missing_monthly_report() -> None:
    y = parse_school_year("2023-2024")
    months = ["9/2023", "10/2023", "11/2023", "12/2023", "1/2024", "2/2024"]  # 3 of 9 months missing
    docs = [doc(f"bb{i}.pdf", "BB", f"Biên bản kiểm tra thực hiện mô hình tháng {m}", "2024-03-01") for i, m in enumerate(months)]
    docs.append(doc("qd.pdf", "QĐ", "Quyết định phân công nhiệm vụ triển khai mô hình", "2023-09-05"))
    res, _ = result("longbien-2021-eschool", docs, "I.1.1", y)
    assert res.proposed == 4.25 and "thiếu 3 tháng" in res.reason
    res, _ = result("longbien-2021-eschool", docs[:-1], "I.1.1", y)
    assert res.proposed == 3.75  # and 0.5 for no assignment decision


def test_longbien_one_point_per_missing_regulation() -> None:
    y = parse_school_year("2023-2024")
    rules = [doc("nq.pdf", "QyĐ", "Nội quy sử dụng phòng học bộ môn", "2023-09-10")]
    res, _ = result("longbien-2021-eschool", rules, "I.1.2", y)
    assert res.proposed == 6


def test_deadline_vinhphuc_plan_before_15_october() -> None:
    y = parse_school_year("2016-2017")
    on_time = doc("kh.pdf", "KH", "Kế hoạch thực hiện nhiệm vụ công nghệ thông tin năm học 2016-2017", "2016-10-10", "2016-2017")
    late = dict(on_time, issued_on="2016-10-20")
    res, _ = result("vinhphuc-2016-2017-school", [on_time], "1b", y)
    assert res.proposed == 1
    res, _ = result("vinhphuc-2016-2017-school", [late], "1b", y)
    assert res.proposed == 0 and "sau hạn 15/10/2016" in res.reason


def test_unreadable_documents_never_match() -> None:
    bad = doc("x.pdf", "KH", "Kế hoạch ứng dụng công nghệ thông tin năm học 2021-2022", "2021-09-20", "2021-2022")
    bad["status"] = "unreadable"
    res, used = result("tdm-2021-2022-school", [bad], "4.1")
    assert res.proposed == 0 and used == {}


def test_months() -> None:
    assert window_months(*Y.resolve(find_rubric("tdm-2021-2022-school").window))[0] == "2021-09"
    assert month_of({"title": "Báo cáo tháng 10 năm 2023", "issued_on": "2023-11-02"}) == "2023-10"
    assert month_of({"title": "Biên bản họp", "issued_on": "2023-11-02"}) == "2023-11"


def test_late_documents_are_flagged() -> None:
    y = parse_school_year("2016-2017")
    late = doc("kh.pdf", "KH", "Kế hoạch thực hiện nhiệm vụ công nghệ thông tin năm học 2016-2017", "2016-10-20",
               "2016-2017", flags=[])
    match_documents([late], find_rubric("vinhphuc-2016-2017-school"), y)
    assert "after_deadline" in late["flags"]


def test_issuer_not_this_school() -> None:
    from audit.evidence.match import issuer_flags
    ours = doc("a.pdf", "KH", "x", "2021-09-01", issuer="TRƯỜNG TH THẠCH BÀN B", flags=[])
    other = doc("b.pdf", "KH", "x", "2021-09-01", issuer="TRƯỜNG THCS NGUYỄN VĂN CỪ", flags=[])
    office = doc("c.pdf", "CV", "x", "2021-09-01", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", flags=[])
    issuer_flags([ours, other, office], "Trường Tiểu học Thạch Bàn B")
    assert ours["flags"] == [] and other["flags"] == ["issuer_not_this_school"] and office["flags"] == []


def _scored(rubric_id: str, docs: list[dict[str, Any]], cid: str, selfs: dict[str, float], year=Y):
    rubric = find_rubric(rubric_id)
    findings, _ = match_documents(docs, rubric, year)
    return next(r for r in score(rubric, findings, selfs, year).results if r.criterion.id == cid)


PLAN = "Kế hoạch ứng dụng công nghệ thông tin năm học 2021-2022"


def test_a_plan_of_another_school_supports_but_never_confirms() -> None:
    theirs = doc("kh.pdf", "KH", PLAN, "2021-09-20", "2021-2022", flags=["issuer_not_this_school"])
    res = _scored("tdm-2021-2022-school", [theirs], "4.1", {"4.1": 5})
    assert res.status == "needs_review" and res.proposed == 5
    assert res.doubts == (("kh.pdf", ("issuer_not_this_school",)),)
    assert "cơ quan ban hành không phải trường này" in res.reason and "issuer_not_this_school" not in res.reason


def test_no_number_no_date_or_unsure_ocr_needs_a_reviewer() -> None:
    for flags in (["no_number", "no_date"], ["unsigned"], ["low_ocr_confidence"], ["number_readings_agree"]):
        plan = doc("kh.pdf", "KH", PLAN, "2021-09-20", "2021-2022", flags=["ocr", *flags])
        res = _scored("tdm-2021-2022-school", [plan], "4.1", {"4.1": 5})
        assert res.status == "needs_review", flags
        assert res.doubts == (("kh.pdf", tuple(flags)),)


def test_a_sure_document_confirms_beside_a_doubtful_one() -> None:
    sure = doc("kh.pdf", "KH", PLAN, "2021-09-20", "2021-2022", flags=["ocr", "number_second_reading"])
    theirs = doc("kh2.pdf", "KH", PLAN, "2021-09-21", "2021-2022", flags=["issuer_not_this_school"])
    res = _scored("tdm-2021-2022-school", [sure, theirs], "4.1", {"4.1": 5})
    assert res.status == "confirmed" and res.doubts == ()


def test_missing_items_are_named_in_words() -> None:
    plan = doc("kh.pdf", "KH", "Kế hoạch chuyển đổi số giai đoạn 2021-2025", "2021-10-01")
    res = _scored("tdm-2021-2022-school", [plan], "4.5", {"4.5": 10})
    assert "thiếu: Báo cáo chuyển đổi số" in res.reason and "report" not in res.reason
