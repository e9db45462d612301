"""Readers that turn a sheet file into numbered rows of cell values (no interpretation)."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from audit.errors import InputError
from audit.selfscore.table import Row

_MAX_BYTES = 20 * 1024 * 1024


def _check_size(path: Path) -> None:
    if path.stat().st_size > _MAX_BYTES:
        raise InputError(str(path), "tệp quá lớn cho một bảng tự chấm (trên 20 MB)")


def read_csv(path: Path) -> list[Row]:
    """Rows of a CSV file (UTF-8, with or without BOM; comma, semicolon or tab)."""
    _check_size(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "tệp CSV không phải mã UTF-8; hãy lưu lại dưới dạng CSV UTF-8") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return [Row(str(reader.line_num), cells) for cells in reader]


def read_xlsx(path: Path) -> list[Row]:
    """Rows of every worksheet, numbered as Excel shows them ("Sheet1!7" beyond the first)."""
    import openpyxl
    _check_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(str(path), f"không đọc được tệp Excel ({exc.__class__.__name__})") from None
    rows: list[Row] = []
    for index, sheet in enumerate(book.worksheets):
        prefix = "" if index == 0 else f"{sheet.title}!"
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            rows.append(Row(f"{prefix}{number}", list(values), sheet=index))
    book.close()
    return rows


def read_docx(path: Path) -> list[Row]:
    """Rows of every table in a Word document, numbered "bảng T, dòng R"."""
    import docx
    _check_size(path)
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(str(path), f"không đọc được tệp Word ({exc.__class__.__name__})") from None
    rows: list[Row] = []
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            cells = _dedupe_merged([c.text for c in row.cells], [id(c._tc) for c in row.cells])
            rows.append(Row(f"bảng {t}, dòng {r}", cells, sheet=t))
    return rows


def _dedupe_merged(texts: list[str], ids: list[int]) -> list[str]:
    """python-docx repeats a horizontally merged cell: keep its text once, blank the copies."""
    out, previous = [], None
    for text, ident in zip(texts, ids):
        out.append("" if ident == previous else text)
        previous = ident
    return out
