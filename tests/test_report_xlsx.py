"""The school workbook, read back with openpyxl: the sheet's layout, numbers as numbers, no formulas."""
from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from audit.finals import final_scores
from audit.report.xlsx import HEADER_ROW, render_school_xlsx
from audit.rubric import find_rubric
from tests.test_report_html import FORMULA, JS_URL, RUBRIC, SCRIPT, hostile_result

RUBRIC_OBJ = find_rubric(RUBRIC)


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return hostile_result()


@pytest.fixture(scope="module")
def book(result: dict[str, Any]) -> Workbook:
    return load_workbook(io.BytesIO(render_school_xlsx(result, RUBRIC_OBJ)))


def test_sheets_and_title_rows(book: Workbook, result: dict[str, Any]) -> None:
    assert book.sheetnames == ["Bảng điểm", "Tin bài", "Minh chứng"]
    ws = book["Bảng điểm"]
    assert ws["A1"].value == RUBRIC_OBJ.title.upper()
    assert SCRIPT in ws["A2"].value and "2021-2022" in ws["A3"].value
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["TT", "Nội dung", "Điểm chuẩn", "Tự chấm", "Đề xuất", "Chênh lệch", "Lý do", "Minh chứng"]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.column_dimensions["B"].width >= 40 and ws.cell(row=HEADER_ROW + 2, column=2).alignment.wrap_text


def test_groups_and_criteria_in_sheet_order_with_numbers(book: Workbook, result: dict[str, Any]) -> None:
    ws = book["Bảng điểm"]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1))
    group_ids = [g.id for g in RUBRIC_OBJ.groups]
    groups = [r for r in rows if r[0].value in group_ids]
    assert [r[0].value for r in groups] == group_ids and all(r[1].font.b for r in groups)
    assert [r[2].value for r in groups] == [g.points for g in RUBRIC_OBJ.groups]
    by_id = {c["id"]: c for c in result["criteria"]}
    crit = [r for r in rows if r[0].value in by_id]
    assert [r[0].value for r in crit] == [c.id for c in RUBRIC_OBJ.criteria]
    for r in crit:
        c = by_id[r[0].value]
        assert r[1].value == c["title"]
        assert r[2].value == c["max"] and isinstance(r[2].value, (int, float))
        assert r[3].value == c["self"]  # an empty self-score stays empty, never 0
        if c["proposed"] is None:
            assert r[4].value in ("chưa kiểm tra được", "cần người đánh giá") and r[5].value is None
        else:
            assert r[4].value == c["proposed"] and isinstance(r[4].value, (int, float))
            assert r[5].value == c["difference"]
        assert c["reason"] in r[6].value
        assert all(e in (r[7].value or "") for e in c["evidence"])
        if c["status"] == "contradicted":
            assert r[6].value.startswith("⚠ [Chênh lệch]") and r[0].fill.fgColor.rgb.endswith("F8D7DA")
    at = next(i for i, r in enumerate(rows) if r[1].value == "TỔNG")
    total, below = rows[at], rows[at + 1:]
    t = result["totals"]
    assert [total[1].value, total[2].value, total[3].value, total[4].value] == ["TỔNG", t["max"], t["self"], t["proposed"]]
    assert total[4].value == sum(c["proposed"] for c in result["criteria"] if c["proposed"] is not None)
    assert total[5].value == sum(c["difference"] for c in result["criteria"] if c["difference"] is not None)
    # under it, what the totals rest on: verified points and those awaiting a person, beside the self-scores
    assert [r[1].value for r in below] == ["Máy đã kiểm chứng", "Chờ người đánh giá (máy không kiểm tra được)"]
    assert below[0][2].value == t["verified_max"] and below[0][4].value == t["verified_proposed"]
    assert below[1][2].value == t["unverified_max"] and below[1][3].value == t["unverified_self"]


def test_posts_sheet(book: Workbook, result: dict[str, Any]) -> None:
    ws = book["Tin bài"]
    assert [c.value for c in ws[1]] == ["STT", "Ngày đăng", "Tiêu đề", "Địa chỉ", "Nguồn ngày"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == result["posts"]["total_in_window"]
    assert [r[0].value for r in rows] == list(range(1, len(rows) + 1))
    assert all(isinstance(r[1].value, datetime) for r in rows)
    titles = {r[2].value for r in rows}
    assert {SCRIPT, FORMULA} <= titles
    js = next(r for r in rows if r[3].value == JS_URL)
    assert js[3].hyperlink is None  # never a link
    ok = next(r for r in rows if r[3].value.startswith("http://"))
    assert ok[3].hyperlink is not None and ok[3].hyperlink.target == ok[3].value
    assert rows[0][4].value == "trang danh sách"


def test_no_cell_is_a_formula(book: Workbook) -> None:
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert found and all(c.data_type == "s" for c in found)


def test_documents_sheet(book: Workbook) -> None:
    ws = book["Minh chứng"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 3
    assert rows[0][0] == "minh-chung/KH-ung-dung-CNTT-2021-2022.pdf" and rows[0][3] == "12/KH-THCS"
    assert isinstance(rows[0][4], datetime) and rows[0][10] == "1.2"
    assert "không thấy chữ ký" in rows[1][9]
    assert rows[2][1] == "Từ chối, không mở: có mã JavaScript"


def test_final_scores_column(result: dict[str, Any]) -> None:
    finals = final_scores(result, {"3.1": {"action": "set", "score": 2.5, "note": "", "user": "a"}}, RUBRIC_OBJ)
    ws = load_workbook(io.BytesIO(render_school_xlsx(result, RUBRIC_OBJ, finals=finals)))["Bảng điểm"]
    assert ws.cell(row=HEADER_ROW, column=9).value == "Điểm cuối cùng"
    values = {r[0]: r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert values["3.1"][8] == 2.5 and values["1.1"][8] == "chờ quyết định"
    total = next(r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[1] == "TỔNG")
    assert total[8] == finals["total"]


def test_without_a_rubric_the_groups_come_from_the_result() -> None:
    result = hostile_result()
    ws = load_workbook(io.BytesIO(render_school_xlsx(result, None)))["Bảng điểm"]
    ids = [r[0] for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert ids[:2] == ["1", "1.1"] and len([i for i in ids if i and "." in i]) == len(result["criteria"])
