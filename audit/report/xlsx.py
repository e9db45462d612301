"""The school report as a workbook: the sheet the school filled in, with the proposed scores beside (pure)."""
from __future__ import annotations

import io
from datetime import date
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from audit.report.fmt import safe_href, sheet_rows, text, vn_time
from audit import labels as L
from audit.report.standing import crawl_notice, difference, grade_line, parts
from audit.report.html import flag_label
from audit.rubric import Rubric

MAX_CELL = 32_000  # Excel keeps at most 32,767 characters in a cell
HEADER_ROW = 5
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="B0B7C3")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILLS = {
    "header": PatternFill("solid", fgColor="DCE6F2"),
    "group": PatternFill("solid", fgColor="E9EFF7"),
    "contradicted": PatternFill("solid", fgColor="F8D7DA"),
    "not_tested": PatternFill("solid", fgColor="E7E9EC"),
    "unverifiable": PatternFill("solid", fgColor="FFF3CD"),
    "needs_review": PatternFill("solid", fgColor="FFE0B2"),
    "total": PatternFill("solid", fgColor="EEF1F5"),
    "failed": PatternFill("solid", fgColor="F8D7DA"),
    "partial": PatternFill("solid", fgColor="FFF3CD"),
}


def put(ws: Worksheet, row: int, column: int, value: Any, href: str | None = None) -> Cell:
    """Write a cell; text stays text (a crawled "=…" never becomes a formula), numbers stay numbers."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text(value))[:MAX_CELL]
        cell.data_type = "s"
    else:
        cell.value = value
    if href and safe_href(href):
        cell.hyperlink = safe_href(href)
        cell.font = Font(color="0B57A4", underline="single")
    return cell


def _number(x: Any) -> float | int | None:
    if x is None:
        return None
    value = float(x)
    return int(value) if value.is_integer() else value


def _style_row(ws: Worksheet, row: int, columns: int, fill: PatternFill | None = None, bold: bool = False) -> None:
    for column in range(1, columns + 1):
        cell = ws.cell(row=row, column=column)
        cell.alignment, cell.border = WRAP, BOX
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = BOLD


def _reason(c: Mapping[str, Any]) -> str:
    """The reason led by the status word (the marker does not rely on the fill colour)."""
    status = text(c.get("status"))
    word = L.STATUS.get(status, (status, ""))[0]
    mark = f"{L.DISCREPANCY_MARK} " if status == "contradicted" else ""
    return f"{mark}[{word}] {text(c.get('reason'))}"


def _proposed(c: Mapping[str, Any]) -> Any:
    if c.get("proposed") is not None:
        return _number(c["proposed"])
    return L.STATUS.get(text(c.get("status")), ("", ""))[0].lower()


def _final_value(finals: Mapping[str, Any], cid: str) -> Any:
    row = (finals.get("criteria") or {}).get(cid) or {}
    return _number(row["final"]) if row.get("final") is not None else L.FINAL_SOURCE["pending"]


def _title_rows(ws: Worksheet, result: Mapping[str, Any], width: int) -> None:
    school, crawl = result.get("school") or {}, result.get("crawl") or {}
    lines = [text((result.get("rubric") or {}).get("title")).upper(),
             f"Đơn vị: {text(school.get('name')) or text(school.get('url'))} — "
             f"Cổng thông tin: {text(school.get('url'))}",
             f"Năm học: {text(result.get('school_year'))} — Thu thập: "
             f"{L.CRAWL_STATUS.get(text(crawl.get('status')), text(crawl.get('status')))}, "
             f"{vn_time(crawl.get('finished_at') or crawl.get('started_at'))}"]
    notice = crawl_notice(result)
    if notice:
        lines[2] += f" — {notice['title']}: {notice['reason']}"
    for row, line in enumerate(lines, 1):
        put(ws, row, 1, line).font = Font(bold=row == 1 or (row == 3 and notice is not None), size=13 if row == 1 else 11)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    if notice:
        ws.cell(row=3, column=1).fill = FILLS[notice["level"]]
    put(ws, 4, 1, "Tự chấm: điểm trường tự chấm. Đề xuất: điểm máy kiểm tra. «Chưa kiểm tra được» không phải 0 điểm; "
                  "«cần người đánh giá»: không có kiểm tra tự động.").font = Font(italic=True, size=9)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)


def _score_sheet(ws: Worksheet, result: Mapping[str, Any], rubric: Rubric | None,
                 finals: Mapping[str, Any] | None) -> None:
    headers = ["TT", *L.SCHOOL_COLUMNS[1:]] + ([L.FINAL_COLUMN] if finals is not None else [])
    _title_rows(ws, result, len(headers))
    for column, name in enumerate(headers, 1):
        put(ws, HEADER_ROW, column, name)
    _style_row(ws, HEADER_ROW, len(headers), FILLS["header"], bold=True)
    row = HEADER_ROW
    for r in sheet_rows(result, rubric):
        row += 1
        if r["kind"] == "group":
            put(ws, row, 1, text(r["id"]))
            put(ws, row, 2, text(r["title"]))
            put(ws, row, 3, _number(r["max"]))
            _style_row(ws, row, len(headers), FILLS["group"], bold=True)
            continue
        evidence = [text(e) for e in r.get("evidence") or []]
        values = [text(r["id"]), text(r.get("title")), _number(r.get("max")), _number(r.get("self")), _proposed(r),
                  _number(r.get("difference")), _reason(r), "\n".join(evidence)]
        if finals is not None:
            values.append(_final_value(finals, text(r["id"])))
        for column, value in enumerate(values, 1):
            put(ws, row, column, value, evidence[0] if column == 8 and len(evidence) == 1 else None)
        _style_row(ws, row, len(headers), FILLS.get(text(r.get("status"))))
    _total_row(ws, row + 1, result, finals, len(headers))
    _layout(ws, len(headers))


def _total_row(ws: Worksheet, row: int, result: Mapping[str, Any], finals: Mapping[str, Any] | None,
               width: int) -> None:
    t = result.get("totals") or {}
    values: list[Any] = ["", "TỔNG", _number(t.get("max")), _number(t.get("self")), _number(t.get("proposed")),
                         _number(difference(result)),
                         f"Xếp loại tự chấm: {text(t.get('self_grade')) or '—'}; đề xuất: "
                         f"{grade_line(result)}; {t.get('discrepancies', 0)} tiêu chí chênh lệch", ""]
    if finals is not None:
        values.append(_number(finals.get("total")))
    for column, value in enumerate(values, 1):
        put(ws, row, column, value)
    _style_row(ws, row, width, FILLS["total"], bold=True)
    for offset, part in enumerate(parts(t), 1):   # what the totals rest on, each beside its self-scores
        put(ws, row + offset, 2, part["label"])
        for column, value in ((3, part["max"]), (4, part["self"]), (5, part["proposed"])):
            put(ws, row + offset, column, _number(value))


def _layout(ws: Worksheet, width: int) -> None:
    for letter, size in zip("ABCDEFGHI", (8, 60, 10, 10, 14, 11, 60, 45, 14)):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _day(value: Any) -> date | str:
    try:
        return date.fromisoformat(text(value)[:10])
    except ValueError:
        return text(value)


def _table(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    for column, (name, size) in enumerate(zip(headers, widths), 1):
        put(ws, 1, column, name)
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = size
    _style_row(ws, 1, len(headers), FILLS["header"], bold=True)
    ws.freeze_panes = "A2"


def _posts_sheet(ws: Worksheet, result: Mapping[str, Any]) -> None:
    posts, window = result.get("posts") or {}, result.get("window") or {}
    start, end = text(window.get("start")), text(window.get("end"))
    items = sorted((i for i in posts.get("items") or [] if start <= text(i.get("published")) <= end),
                   key=lambda i: (text(i.get("published")), text(i.get("url"))))
    _table(ws, ["STT", "Ngày đăng", "Tiêu đề", "Địa chỉ", "Nguồn ngày"], [6, 12, 70, 60, 18])
    for n, item in enumerate(items, 1):
        row = n + 1
        put(ws, row, 1, n)
        put(ws, row, 2, _day(item.get("published"))).number_format = "DD/MM/YYYY"
        put(ws, row, 3, text(item.get("title")))
        put(ws, row, 4, text(item.get("url")), text(item.get("url")))
        put(ws, row, 5, L.DATE_SOURCE.get(text(item.get("date_source")), text(item.get("date_source"))))
        _style_row(ws, row, 5)
    if items:
        ws.auto_filter.ref = f"A1:E{len(items) + 1}"


def _documents_sheet(ws: Worksheet, documents: list[Mapping[str, Any]]) -> None:
    headers = ["Tệp", "Tình trạng", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu",
               "Người ký", "Năm học", "Cảnh báo", "Dùng cho tiêu chí"]
    _table(ws, headers, [30, 14, 10, 20, 13, 30, 50, 22, 11, 30, 16])
    for row, doc in enumerate(documents, 2):
        status = L.DOC_STATUS.get(text(doc.get("status")), text(doc.get("status")))
        if doc.get("reason"):
            status += f": {text(doc.get('reason'))}"
        values: list[Any] = [text(doc.get("file")), status, text(doc.get("doc_type")), text(doc.get("number")),
                             _day(doc.get("issued_on")) if doc.get("issued_on") else "", text(doc.get("issuer")),
                             text(doc.get("title")), text(doc.get("signer")), text(doc.get("school_year")),
                             "; ".join(flag_label(f) for f in doc.get("flags") or []),
                             ", ".join(text(c) for c in doc.get("criteria") or [])]
        for column, value in enumerate(values, 1):
            cell = put(ws, row, column, value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
        _style_row(ws, row, len(headers))


def render_school_xlsx(result: Mapping[str, Any], rubric: Rubric | None, *, finals: Mapping[str, Any] | None = None,
                       documents: Sequence[Mapping[str, Any]] | None = None) -> bytes:
    """The workbook: "Bảng điểm" (the sheet with proposed scores), "Tin bài", and "Minh chứng" if any documents."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bảng điểm"
    _score_sheet(sheet, result, rubric, finals)
    _posts_sheet(book.create_sheet("Tin bài"), result)
    docs = [d for d in (documents if documents is not None else result.get("evidence") or []) if isinstance(d, Mapping)]
    if docs:
        _documents_sheet(book.create_sheet("Minh chứng"), docs)
    book.properties.creator = "school-audit"
    book.properties.title = f"Báo cáo kiểm tra năm học {text(result.get('school_year'))}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
