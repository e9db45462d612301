"""Plain-text summary of a result for the terminal (Vietnamese, fixed-width)."""
from __future__ import annotations

from typing import Any

from audit.text import vn_number

_STATUS = {"confirmed": "khớp", "contradicted": "CHÊNH", "unverifiable": "cần người",
           "not_tested": "chưa k.tra"}


def _n(x: float | None) -> str:
    return "—" if x is None else vn_number(x)


def summary_table(result: dict[str, Any]) -> str:
    """One line per criterion (id, max, self, proposed, status) and the totals."""
    t = result["totals"]
    lines = [f"{result['school'].get('name') or result['school']['url']} — {result['rubric']['id']} — "
             f"năm học {result['school_year']}",
             f"{'Mã':<8}{'Chuẩn':>6}{'Tự chấm':>9}{'Đề xuất':>9}  Kết quả"]
    for c in result["criteria"]:
        lines.append(f"{c['id']:<8}{_n(c['max']):>6}{_n(c['self']):>9}{_n(c['proposed']):>9}  {_STATUS[c['status']]}")
    lines.append(f"{'Tổng':<8}{_n(t['max']):>6}{_n(t['self']):>9}{_n(t['proposed']):>9}  "
                 f"{t['discrepancies']} chênh lệch")
    lines.append(f"Xếp loại: tự chấm {t.get('self_grade') or '—'}; đề xuất {t.get('proposed_grade') or '—'}")
    lines.append(f"Máy kiểm tra được {_n(t.get('verified_max'))}/{_n(t['max'])} điểm; "
                 f"{_n(t.get('unverified_max'))} điểm cần người đánh giá hoặc chưa kiểm tra được.")
    return "\n".join(lines)
