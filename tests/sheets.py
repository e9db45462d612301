"""Build real-looking self-score sheets (XLSX, DOCX, CSV) the way schools fill them in."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

Rows = Sequence[Sequence[object]]
TDM_HEADER = ("STT", "NỘI DUNG", "Điểm chuẩn", "Tự chấm", "Kèm minh chứng")


def write_xlsx(path: Path, rows: Rows, title: str = "TIÊU CHUẨN ĐÁNH GIÁ NHIỆM VỤ CNTT") -> Path:
    """A workbook with a title block above the table, merged group rows and a totals formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    book = Workbook()
    sheet = book.active
    sheet.title = "Tự chấm"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Tiêu chuẩn: 100 điểm"
    sheet["A3"] = "- Đơn vị: Trường THCS Nguyễn Văn Cừ"
    first = 5
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, 1):
            cell = sheet.cell(row=first + offset, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = first + len(rows)
    sheet.cell(row=last, column=2, value="Tổng cộng")
    sheet.cell(row=last, column=4, value=f"=SUM(D{first + 1}:D{last - 1})")
    book.save(path)
    return path


def write_docx(path: Path, rows: Rows) -> Path:
    """A Word document with the letter's heading, then the table as the seeds print it."""
    import docx
    document = docx.Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    document.add_heading("TIÊU CHUẨN ĐÁNH GIÁ NHIỆM VỤ CÔNG NGHỆ THÔNG TIN (CNTT)", level=1)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = "" if value is None else str(value)
    document.add_paragraph("HIỆU TRƯỞNG")
    document.save(str(path))
    return path


def write_csv(path: Path, rows: Rows, delimiter: str = ",") -> Path:
    """A UTF-8 CSV (with BOM, as Excel saves it)."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path
