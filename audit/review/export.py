"""Final scores of a batch as CSV (UTF-8 with BOM, for Excel) and XLSX (pure: from rows to bytes).

Text from crawled sites and reviewers' notes never becomes a formula: in CSV a cell starting with
= + - @ (or a tab / carriage return) is prefixed with an apostrophe; in XLSX every text cell is
written with the string type.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Any, Iterable, Sequence

from audit.report.standing import grade_line
from audit.review import labels
from audit.review.model import Entry

Cell = str | float | int | None
CRITERIA_HEADER = ("Quận/huyện", "Mã trường", "Trường", "Mã tiêu chí", "Nội dung", "Điểm chuẩn", "Tự chấm",
                   "Đề xuất", "Điểm cuối cùng", "Nguồn", "Người quyết định", "Thời gian", "Ghi chú")
TOTALS_HEADER = ("Quận/huyện", "Mã trường", "Trường", "Tình trạng thu thập", "Tự chấm", "Đề xuất",
                 "Điểm cuối cùng", "Xếp loại", "Đã quyết định", "Chưa quyết định", "Điểm máy đã kiểm chứng",
                 "Điểm chờ người xem lại", "Điểm chờ người đánh giá", "Xếp loại đề xuất")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _school_cells(e: Entry) -> list[Cell]:
    return [e.school.get("district") or "", e.school["id"], e.school.get("name") or ""]


def _decision_cells(final: dict[str, Any]) -> list[Cell]:
    decision = final.get("decision") if final.get("source") == "decision" else None
    if not decision:
        return ["", "", ""]
    return [decision.get("user") or "", labels.local_time(decision.get("created_at")), decision.get("note") or ""]


def criterion_rows(entries: Iterable[Entry]) -> list[list[Cell]]:
    """One row per school × criterion (schools without a result have none)."""
    rows: list[list[Cell]] = []
    for e in entries:
        if e.result is None or e.finals is None:
            continue
        for c in e.result.get("criteria", []):
            final = e.finals["criteria"].get(c["id"], {})
            rows.append(_school_cells(e) + [c["id"], c.get("title", ""), c.get("max"), c.get("self"),
                                            c.get("proposed"), final.get("final"),
                                            labels.SOURCE.get(str(final.get("source")), "")]
                        + _decision_cells(final))
    return rows


def total_rows(entries: Iterable[Entry]) -> list[list[Cell]]:
    """One row per school: its totals and how much is still to decide."""
    rows: list[list[Cell]] = []
    for e in entries:
        totals = (e.result or {}).get("totals", {})
        crawl = ((e.result or {}).get("crawl") or {}).get("status")
        finals = e.finals or {}
        rows.append(_school_cells(e) + [labels.run_label(e.status, crawl), totals.get("self"), totals.get("proposed"),
                                        finals.get("total"), finals.get("grade") or "", finals.get("decided"),
                                        finals.get("pending"), totals.get("verified_max"), totals.get("review_max"),
                                        totals.get("unverified_max"), grade_line(e.result) if e.result else ""])
    return rows


def csv_safe(value: Cell) -> Cell:
    """A text cell that a spreadsheet will not read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    return str(csv_safe(value))


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a BOM (Excel reads the Vietnamese right), formula-safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: Any, value: Cell, style: dict[str, Any] | None = None) -> Any:
    """One streamed cell; text stays text (never a formula, whatever it starts with); numbers go as they are."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if not isinstance(value, str) and not style:
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, setting in (style or {}).items():
        setattr(cell, name, setting)
    return cell


def _xlsx_sheet(sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Cell]], widths: Sequence[int]) -> None:
    """Stream a sheet (write-only: a province's export stays fast): bold header, widths, frozen, filtered."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    bold = {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="top")}
    sheet.append([_xlsx_cell(sheet, h, bold) for h in header])
    count = 1
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"


def to_xlsx(criteria: Iterable[Sequence[Cell]], totals: Iterable[Sequence[Cell]]) -> bytes:
    """A workbook: the criteria sheet and the per-school totals sheet."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    _xlsx_sheet(book.create_sheet("Điểm theo tiêu chí"), CRITERIA_HEADER, criteria,
                (16, 22, 30, 10, 60, 10, 10, 10, 12, 16, 16, 17, 40))
    _xlsx_sheet(book.create_sheet("Tổng theo trường"), TOTALS_HEADER, totals, (16, 22, 30, 24, 10, 10, 12, 12, 12, 14, 14, 14, 14, 40))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_name(text: str) -> str:
    """Text as a safe download file name: ASCII, no path, no quotes ("" when nothing is left)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", bare.replace("đ", "d").replace("Đ", "D")).strip(".-")


def file_stem(batch_id: str) -> str:
    """A safe download name for the batch's export."""
    return f"diem-cuoi-cung-{safe_name(batch_id) or 'dot'}"
