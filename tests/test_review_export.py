"""Final-score exports (pure): rows from results and finals, CSV with BOM, XLSX, no formula injection."""
from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from audit.finals import final_scores
from audit.review import export
from audit.review.model import Entry

DECISION = {"id": 7, "criterion_id": "1.1", "action": "set", "score": 1.5, "note": "=1+2 thiếu minh chứng",
            "user": "an", "created_at": "2022-10-01T02:30:00+00:00"}


def _result(name: str = "THCS A") -> dict[str, Any]:
    return {"school": {"name": name},
            "crawl": {"status": "ok", "pages_fetched": 3, "errors": []},
            "criteria": [{"id": "1.1", "title": "@Tin bài", "max": 3, "self": 3.0, "proposed": 0.0,
                          "status": "contradicted", "reason": ""},
                         {"id": "1.2", "title": "Công khai", "max": 2, "self": 2.0, "proposed": 2.0,
                          "status": "confirmed", "reason": ""},
                         {"id": "1.3", "title": "Ứng dụng", "max": 5, "self": 5.0, "proposed": None,
                          "status": "unverifiable", "reason": ""}],
            "totals": {"max": 10, "self": 10.0, "proposed": 2.0}}


def _entries() -> list[Entry]:
    result = _result()
    decisions = {"1.1": DECISION}
    school = {"id": "s1", "name": "+THCS A", "district": "-Dĩ An"}
    return [Entry(school, "2022-2023", 1, "done", result, final_scores(result, decisions), decisions),
            Entry({"id": "s2", "name": "THCS B", "district": "Dĩ An"}, "2022-2023", None, "pending")]


def test_criterion_rows_carry_finals_source_and_decision() -> None:
    rows = export.criterion_rows(_entries())
    assert len(rows) == 3  # the school without a result has no criterion rows
    by_id = {r[3]: r for r in rows}
    assert by_id["1.1"][5:] == [3, 3.0, 0.0, 1.5, "quyết định", "an", "01/10/2022 09:30", "=1+2 thiếu minh chứng"]
    assert by_id["1.2"][8:10] == [2.0, "tự động"] and by_id["1.3"][8:10] == [None, "chưa quyết định"]
    assert len(rows[0]) == len(export.CRITERIA_HEADER)


def test_total_rows_one_per_school() -> None:
    rows = export.total_rows(_entries())
    assert rows[0][:10] == ["-Dĩ An", "s1", "+THCS A", "Đã xong (đầy đủ)", 10.0, 2.0, 3.5, "", 1, 1]
    assert len(rows[0]) == len(export.TOTALS_HEADER)   # verified, review and unverified points beside them
    assert rows[1][:4] == ["Dĩ An", "s2", "THCS B", "Đang chờ"] and rows[1][4:7] == [None, None, None]


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_never_start_a_formula(text: str) -> None:
    body = export.to_csv(["a", "b"], [[text, 1.5]])
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + text, "1.5"]


def test_csv_keeps_numbers_and_vietnamese() -> None:
    body = export.to_csv(export.CRITERIA_HEADER, export.criterion_rows(_entries()))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == list(export.CRITERIA_HEADER)
    assert rows[1][:3] == ["'-Dĩ An", "s1", "'+THCS A"] and rows[1][4] == "'@Tin bài"
    assert rows[1][5:10] == ["3", "3", "0", "1.5", "quyết định"] and rows[1][12] == "'=1+2 thiếu minh chứng"
    assert rows[3][8] == ""


def test_xlsx_stores_text_as_strings_and_numbers_as_numbers() -> None:
    entries = _entries()
    body = export.to_xlsx(export.criterion_rows(entries), export.total_rows(entries))
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Điểm theo tiêu chí", "Tổng theo trường"]
    sheet = book["Điểm theo tiêu chí"]
    assert [c.value for c in sheet[1]] == list(export.CRITERIA_HEADER)
    first = sheet[2]
    assert first[12].value == "=1+2 thiếu minh chứng" and first[12].data_type == "s"
    assert first[2].value == "+THCS A" and first[4].value == "@Tin bài"
    assert first[8].value == 1.5 and first[8].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    totals = book["Tổng theo trường"]
    assert [c.value for c in totals[1]] == list(export.TOTALS_HEADER) and totals.max_row == 3


def test_xlsx_drops_control_characters_from_crawled_text() -> None:
    body = export.to_xlsx([["Dĩ An", "s1", "Trường\x00 A\x1f", "1.1"]], [])
    assert load_workbook(io.BytesIO(body))["Điểm theo tiêu chí"]["C2"].value == "Trường A"


def test_file_names_are_safe() -> None:
    assert export.file_stem("2021-2022-20221001T010000") == "diem-cuoi-cung-2021-2022-20221001T010000"
    assert export.file_stem('../"Đợt 1"') == "diem-cuoi-cung-Dot-1"
    assert export.file_stem("") == "diem-cuoi-cung-dot"
