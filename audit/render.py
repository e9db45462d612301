"""Plain-text summary of a result for the terminal (Vietnamese, fixed-width)."""
from __future__ import annotations

from typing import Any

from audit import labels as L
from audit.report.standing import crawl_notice, grade_line, parts
from audit.text import vn_number


def _n(x: float | None) -> str:
    return "—" if x is None else vn_number(x)


def summary_table(result: dict[str, Any]) -> str:
    """The crawl's state when it failed or was partial, one line per criterion (id, max, self, proposed,
    status), the totals by what stands behind them, and the grades."""
    t = result["totals"]
    lines = [f"{result['school'].get('name') or result['school']['url']} — {result['rubric']['id']} — "
             f"năm học {result['school_year']}"]
    notice = crawl_notice(result)
    if notice:
        lines.append(f"[!] {notice['title']}: {notice['reason']}")
    lines.append(f"{'Mã':<8}{'Chuẩn':>6}{'Tự chấm':>9}{'Đề xuất':>9}  Kết quả")
    for c in result["criteria"]:
        word = L.STATUS.get(c["status"], (c["status"],))[0]
        lines.append(f"{c['id']:<8}{_n(c['max']):>6}{_n(c['self']):>9}{_n(c['proposed']):>9}  {word}")
    lines.append(f"{'Tổng':<8}{_n(t['max']):>6}{_n(t['self']):>9}{_n(t['proposed']):>9}  "
                 f"{t.get('discrepancies', 0)} chênh lệch")
    lines += [part["text"] for part in parts(t)]
    lines.append(f"Xếp loại tự chấm: {t.get('self_grade') or '—'}; đề xuất: {grade_line(result)}")
    return "\n".join(lines)
