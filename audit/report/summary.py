"""The batch summary: one row per school, subtotals by district, district scores derived from schools (pure)."""
from __future__ import annotations

import io
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from audit.report.fmt import local_href, num, safe_href, signed, text
from audit import labels as L
from audit.report.standing import crawl_notice, difference, grade_line, usable
from audit.report.html import csp, environment
from audit.report.xlsx import FILLS, _style_row, put
from audit.text import fold

Finals = Mapping[str, Mapping[str, Any]]
# Sorts the school table by a clicked header (the default order, district then school, needs no script).
SORT_SCRIPT = (
    "document.querySelectorAll('table.sortable').forEach(function(t){"
    "t.querySelectorAll('th[data-col] button').forEach(function(btn){btn.addEventListener('click',function(){"
    "var th=btn.parentNode,i=+th.dataset.col,num=th.dataset.type==='num',"
    "asc=th.getAttribute('aria-sort')!=='ascending';"
    "t.querySelectorAll('th[data-col]').forEach(function(o){o.removeAttribute('aria-sort')});"
    "th.setAttribute('aria-sort',asc?'ascending':'descending');"
    "var b=t.tBodies[0],rows=[].slice.call(b.rows);"
    "rows.sort(function(a,c){var x=a.cells[i].dataset.sort,y=c.cells[i].dataset.sort;"
    "if(num){x=x===''?-1e9:+x;y=y===''?-1e9:+y;return asc?x-y:y-x}"
    "return asc?x.localeCompare(y,'vi'):y.localeCompare(x,'vi')});"
    "rows.forEach(function(r){b.appendChild(r)})})})});")
NUMERIC = frozenset({"self", "proposed", "difference", "discrepancies", "needs_person", "final"})


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _status(row: Mapping[str, Any]) -> str:
    """The crawl status of the school's result, or the run's state when there is no result."""
    result = row.get("result")
    if result:
        status = text((result.get("crawl") or {}).get("status"))
        return L.CRAWL_STATUS.get(status, status)
    return L.RUN_STATUS.get(text(row.get("status")), L.RUN_STATUS["pending"])


def school_row(row: Mapping[str, Any], finals: Mapping[str, Any] | None, link: str | None) -> dict[str, Any]:
    """One school of the batch: raw numbers (for sorting, totals and the workbook) and what is printed."""
    school, result = row.get("school") or {}, row.get("result")
    totals = (result or {}).get("totals") or {}
    criteria = (result or {}).get("criteria") or []
    self_, proposed = totals.get("self"), totals.get("proposed")
    out = {
        "district": text(school.get("district")) or L.NO_DISTRICT,
        "school": text(school.get("name")) or text(school.get("id")),
        "school_id": text(school.get("id")), "url": text(school.get("url")), "href": safe_href(school.get("url")),
        "report": local_href(link) if link else None, "crawl": _status(row), "has_result": result is not None,
        "crawl_failed": ((result or {}).get("crawl") or {}).get("status") == "failed",
        "usable": usable(result), "notice": crawl_notice(result) if result else None,
        "self": self_, "proposed": proposed, "verified": totals.get("verified_max") if result else None,
        "difference": difference(result) if result else None,
        "self_grade": text(totals.get("self_grade")), "proposed_grade": text(totals.get("proposed_grade")),
        "grade_line": grade_line(result) if result else "",
        "discrepancies": totals.get("discrepancies") if result else None,
        "needs_person": sum(c.get("status") in ("unverifiable", "not_tested", "needs_review") for c in criteria)
        if result else None,
        "final": (finals or {}).get("total"), "pending": (finals or {}).get("pending", 0) if finals else None,
        "final_grade": text((finals or {}).get("grade")),
    }
    return out


def school_rows(rows: Iterable[Mapping[str, Any]], finals: Finals | None = None,
                links: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every school, by district then school name (Vietnamese order, diacritics folded)."""
    out = [school_row(r, (finals or {}).get(text((r.get("school") or {}).get("id"))),
                      (links or {}).get(text((r.get("school") or {}).get("id")))) for r in rows]
    return sorted(out, key=lambda s: (s["district"] == L.NO_DISTRICT, fold(s["district"]), fold(s["school"]),
                                      s["school_id"]))


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def district_rows(schools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Subtotals by district (means of the scored schools, sums of the counts), then all districts."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in schools:
        groups.setdefault(s["district"], []).append(s)
    out = [_subtotal(name, members) for name, members in groups.items()]
    if len(groups) > 1:
        out.append(_subtotal("Tất cả", schools))
    return out


def _subtotal(name: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A district's figures over the schools with a usable result (a failed crawl or no result is left out and
    counted as such)."""
    scored = [m for m in members if m["usable"]]
    return {"district": name, "schools": len(members), "scored": len(scored), "left_out": len(members) - len(scored),
            "self": _mean([m["self"] for m in scored if m["self"] is not None]),
            "proposed": _mean([m["proposed"] for m in scored if m["proposed"] is not None]),
            "with_discrepancies": sum(1 for m in scored if m["discrepancies"]),
            "discrepancies": sum(m["discrepancies"] or 0 for m in scored),
            "needs_person": sum(m["needs_person"] or 0 for m in scored),
            "final": _mean([m["final"] for m in members if m["final"] is not None])}


def _printable(s: Mapping[str, Any]) -> dict[str, Any]:
    """A school row's cells as printed, with the value each cell sorts by."""
    proposed = num(s["proposed"]) + (f" (trên {num(s['verified'])} điểm đã kiểm chứng)" if s["verified"] is not None else "")
    return {**s, "self_text": num(s["self"]), "proposed_text": proposed if s["proposed"] is not None else num(None),
            "difference_text": signed(s["difference"]),
            "sort": {k: ("" if s[k] is None else f"{float(s[k]):.2f}") for k in NUMERIC}}


def render_summary_html(rows: Sequence[Mapping[str, Any]], *, finals: Finals | None = None,
                        links: Mapping[str, str] | None = None, scores: Sequence[Mapping[str, Any]] = ()) -> str:
    """The batch summary page (sortable by clicking a header; readable and printable without the script), with
    the district scores given (audit.district.district_scores)."""
    schools = school_rows(rows, finals, links)
    year = next((text(r.get("year")) for r in rows if r.get("year")), "")
    view = {"schools": [_printable(s) for s in schools], "districts": district_rows(schools),
            "scores": list(scores), "finals": finals is not None, "year": year,
            "columns": L.SUMMARY_COLUMNS, "labels": L,
            "count": len(schools), "scored": sum(1 for s in schools if s["usable"]),
            "troubled": [s for s in schools if s["notice"]]}
    return environment().get_template("summary.html").render(
        v=view, num=num, signed=signed, script=Markup(SORT_SCRIPT), csp=csp(SORT_SCRIPT),
        title=f"Tổng hợp kiểm tra CNTT các trường – năm học {year}")


def _put_row(ws: Worksheet, row: int, values: list[Any]) -> None:
    for column, value in enumerate(values, 1):
        put(ws, row, column, value)


def _schools_sheet(ws: Worksheet, schools: list[dict[str, Any]], with_finals: bool) -> None:
    headers = list(L.SUMMARY_COLUMNS) + ([L.FINAL_COLUMN, "Tiêu chí chờ quyết định"] if with_finals else [])
    _put_row(ws, 1, headers)
    _style_row(ws, 1, len(headers), FILLS["header"], bold=True)
    for n, s in enumerate(schools, 2):
        crawl = f"{s['crawl']}: {s['notice']['reason']}" if s["notice"] else s["crawl"]
        values = [s["district"], s["school"], s["url"], crawl, s["self"], s["proposed"], s["difference"],
                  s["self_grade"], s["grade_line"] if s["has_result"] else "", s["discrepancies"], s["needs_person"]]
        if with_finals:
            values += [s["final"], s["pending"]]
        _put_row(ws, n, values)
        if s["href"]:
            ws.cell(row=n, column=3).hyperlink = s["href"]
        _style_row(ws, n, len(headers), FILLS["contradicted"] if s["discrepancies"] else None)
        if s["notice"]:
            ws.cell(row=n, column=4).fill = FILLS[s["notice"]["level"]]
    for letter, size in zip("ABCDEFGHIJKLM", (18, 36, 36, 22, 9, 9, 10, 14, 14, 11, 11, 11, 11)):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = "C2"
    if schools:
        ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(headers)).column_letter}{len(schools) + 1}"


def _districts_sheet(ws: Worksheet, districts: list[dict[str, Any]]) -> None:
    headers = ["Quận/huyện", "Số trường", "Có kết quả dùng được", "Không tính (không thu thập được, chưa có kết quả)",
               "Tự chấm (trung bình)", "Đề xuất (trung bình)", "Trường có chênh lệch", "Tiêu chí chênh lệch",
               "Cần người đánh giá", "Điểm cuối cùng (trung bình)"]
    _put_row(ws, 1, headers)
    _style_row(ws, 1, len(headers), FILLS["header"], bold=True)
    for n, d in enumerate(districts, 2):
        _put_row(ws, n, [d["district"], d["schools"], d["scored"], d["left_out"], d["self"], d["proposed"],
                         d["with_discrepancies"], d["discrepancies"], d["needs_person"], d["final"]])
        _style_row(ws, n, len(headers), FILLS["total"] if d["district"] == "Tất cả" else None,
                   bold=d["district"] == "Tất cả")
    for letter, size in zip("ABCDEFGHIJ", (24, 10, 12, 18, 14, 14, 14, 14, 14, 16)):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = "A2"


def _scores_sheet(ws: Worksheet, scores: Sequence[Mapping[str, Any]]) -> None:
    headers = ["Quận/huyện", "Bộ tiêu chí", "Tiêu chí", "Tên miền", "Số trường có kết quả", "Trường trong hệ thống",
               "Tỷ lệ (%)", "Điểm chuẩn", "Điểm đề xuất", "Lý do"]
    _put_row(ws, 1, headers)
    _style_row(ws, 1, len(headers), FILLS["header"], bold=True)
    for n, d in enumerate(scores, 2):
        _put_row(ws, n, [d["district"], d["rubric"], d["criterion"], d["domain"], d["schools"], d["integrated"],
                         d["share"], d["max"], d["proposed"], d["reason"]])
        _style_row(ws, n, len(headers))
    for letter, size in zip("ABCDEFGHIJ", (22, 16, 9, 16, 12, 12, 10, 10, 10, 60)):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = "A2"


def render_summary_xlsx(rows: Sequence[Mapping[str, Any]], *, finals: Finals | None = None,
                        scores: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """The batch summary workbook: "Tổng hợp" (one row per school), "Theo quận huyện", and the district scores
    given, if any."""
    schools = school_rows(rows, finals)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    _schools_sheet(sheet, schools, finals is not None)
    _districts_sheet(book.create_sheet("Theo quận huyện"), district_rows(schools))
    if scores:
        _scores_sheet(book.create_sheet("Điểm quận huyện"), scores)
    book.properties.creator = "school-audit"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
