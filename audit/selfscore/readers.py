"""Readers that turn a sheet file into numbered rows of cell values (no interpretation), within limits.

A sheet comes from a school, so it is read as hostile input: in the sandbox's child process (see
`importer`), and bounded here. The file's size is checked first; an XLSX or DOCX package's members by the
sizes its directory declares (zipfile never inflates a member past its declared size, so these bound what
is read); every XML part is refused if it declares a DTD (entity expansion: Office never writes one); at
most MAX_TABLES sheets or tables, MAX_ROWS rows each and MAX_COLS columns are read, whatever dimension the
sheet declares; a cell holds at most MAX_CELL_CHARS characters (Excel's own limit).
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from audit.errors import InputError
from audit.selfscore.table import MAX_ROWS, Row

MAX_BYTES = 20 * 1024 * 1024          # the file as sent
MAX_PART_BYTES = 16 * 1024 * 1024     # one XML part of a package, inflated
MAX_PACKAGE_BYTES = 100 * 1024 * 1024  # all members of a package, inflated
MAX_MEMBERS = 1000
MAX_TABLES = 20                       # worksheets of a workbook, tables of a Word document
MAX_COLS = 100                        # columns read from each row (Word itself allows 63)
MAX_CELL_CHARS = 32767                # Excel's limit for one cell
_XML_SUFFIXES = (".xml", ".rels", ".vml")
MIB = 1024 * 1024
_PLAIN = (str, int, float, bool, type(None))


class Table:
    """Rows read so far and the sheets whose rows went past MAX_ROWS."""

    def __init__(self, source: str):
        self.source = source
        self.rows: list[Row] = []
        self.cut: set[int] = set()

    def add(self, where: str, cells: Iterable[Any], sheet: int) -> None:
        """Add one row: values made plain (picklable, printable), trailing blanks dropped, lengths checked."""
        values = [value if isinstance(value, _PLAIN) else _plain(value) for value in cells]
        while values and values[-1] in (None, ""):
            values.pop()
        for value in values:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise InputError(self.source, f"một ô dài {len(value)} ký tự, quá giới hạn {MAX_CELL_CHARS} ký tự "
                                              "của một ô", where)
        self.rows.append(Row(where, values, sheet))

    def result(self) -> dict[str, Any]:
        """The plain form handed back by the child process."""
        return {"rows": [(r.where, r.cells, r.sheet) for r in self.rows], "cut": sorted(self.cut)}


def _plain(value: Any) -> str:
    """A cell value of another type (a date, a time) as the text the table's reader would make of it."""
    return str(value)


def _blank(cells: Iterable[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in cells)


def check_size(path: Path) -> None:
    """Refuse a file too large to be a self-score sheet."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(str(path), f"tệp quá lớn cho một bảng tự chấm ({size / MIB:.0f} MB > {MAX_BYTES // MIB} MB)")


def check_package(path: Path, kind: str) -> None:
    """Refuse a ZIP package (XLSX, DOCX) that is not one, inflates too far, or whose XML declares a DTD."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(str(path), f"tệp {kind} có quá nhiều thành phần ({len(members)} > {MAX_MEMBERS})")
            parts = [m for m in members if m.filename.lower().endswith(_XML_SUFFIXES)]
            for member in parts:
                if member.file_size > MAX_PART_BYTES:
                    raise InputError(str(path), f"phần {member.filename} của tệp {kind} giải nén ra "
                                                f"{member.file_size / MIB:.0f} MB, quá giới hạn {MAX_PART_BYTES // MIB} MB")
            total = sum(m.file_size for m in members)
            if total > MAX_PACKAGE_BYTES:
                raise InputError(str(path), f"tệp {kind} giải nén ra {total / MIB:.0f} MB, quá giới hạn "
                                            f"{MAX_PACKAGE_BYTES // MIB} MB")
            for member in parts:
                _refuse_dtd(package, member, path, kind)
    except zipfile.BadZipFile as exc:
        raise InputError(str(path), f"không đọc được tệp {kind} (BadZipFile: {exc})") from None


def _refuse_dtd(package: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path, kind: str) -> None:
    """Refuse an XML part that declares a DTD (read up to its root element: a DTD can stand only before it)."""
    with package.open(member) as part:
        try:
            for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                break
        except DefusedXmlException:
            raise InputError(str(path), f"phần {member.filename} của tệp {kind} khai báo DTD/thực thể XML "
                                        "(có thể là tấn công mở rộng thực thể); tệp Office không bao giờ có") from None
        except ParseError as exc:
            raise InputError(str(path), f"phần {member.filename} của tệp {kind} không phải XML hợp lệ ({exc})") from None


def read_csv(path: Path) -> Table:
    """Rows of a CSV file (UTF-8, with or without BOM; comma, semicolon or tab)."""
    check_size(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "tệp CSV không phải mã UTF-8; hãy lưu lại dưới dạng CSV UTF-8") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CELL_CHARS)   # this process only reads this sheet (the sandbox's child)
    reader = csv.reader(io.StringIO(text), dialect)
    table = Table(str(path))
    try:
        for cells in reader:
            if len(table.rows) >= MAX_ROWS:
                if not _blank(cells):
                    table.cut.add(0)
                    break
                continue
            table.add(str(reader.line_num), cells[:MAX_COLS], 0)
    except csv.Error as exc:
        raise InputError(str(path), f"dòng CSV không đọc được ({exc}; một ô dài tối đa {MAX_CELL_CHARS} ký tự)",
                         reader.line_num) from None
    return table


def read_xlsx(path: Path) -> Table:
    """Rows of the worksheets, numbered as Excel shows them ("Sheet1!7" beyond the first)."""
    import openpyxl
    check_size(path)
    check_package(path, "Excel")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError) as exc:
        raise InputError(str(path), f"không đọc được tệp Excel ({exc.__class__.__name__})") from None
    table = Table(str(path))
    try:
        for index, sheet in enumerate(book.worksheets[:MAX_TABLES]):
            prefix = "" if index == 0 else f"{sheet.title}!"
            sheet.reset_dimensions()   # the dimension a file declares is not trusted (A1:XFD1048576)
            rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLS, values_only=True)
            for number, values in enumerate(rows, 1):
                if number > MAX_ROWS:
                    if not _blank(values):
                        table.cut.add(index)
                    break
                table.add(f"{prefix}{number}", values, index)
    finally:
        book.close()
    return table


def read_docx(path: Path) -> Table:
    """Rows of the tables of a Word document, numbered "bảng T, dòng R"."""
    import docx
    check_size(path)
    check_package(path, "Word")
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(str(path), f"không đọc được tệp Word ({exc.__class__.__name__})") from None
    table = Table(str(path))
    for t, word_table in enumerate(document.tables[:MAX_TABLES], 1):
        for r, row in enumerate(word_table.rows, 1):
            where = f"bảng {t}, dòng {r}"
            width = sum(tc.grid_span for tc in row._tr.tc_lst)
            if width > MAX_COLS:
                raise InputError(str(path), f"dòng có {width} cột, quá giới hạn {MAX_COLS} cột", where)
            cells = list(row.cells)
            if r > MAX_ROWS:
                if not _blank(c.text for c in cells):
                    table.cut.add(t)
                break
            table.add(where, _dedupe_merged([c.text for c in cells], [id(c._tc) for c in cells]), t)
    return table


def _dedupe_merged(texts: list[str], ids: list[int]) -> list[str]:
    """python-docx repeats a horizontally merged cell: keep its text once, blank the copies."""
    out, previous = [], None
    for text, ident in zip(texts, ids):
        out.append("" if ident == previous else text)
        previous = ident
    return out


READERS: dict[str, Callable[[Path], Table]] = {"csv": read_csv, "xlsx": read_xlsx, "docx": read_docx}


def read_table(path: str, kind: str) -> dict[str, Any]:
    """The sandboxed child's work: the sheet's rows as plain data, or the error for the user's line.

    {"rows": [(where, cells, sheet), ...], "cut": [sheet, ...]} or {"error": message, "row": where or None}."""
    try:
        return READERS[kind](Path(path)).result()
    except InputError as exc:
        return {"error": exc.message, "row": exc.row}
