"""The visit counter widget, and visits per day from two readings on different days."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Sequence

from audit.dates import VN
from audit.extract.listing import parse_html
from audit.findings import NOT_TESTED, Finding, not_tested
from audit.text import fold, vn_number
from audit.vocabulary import COUNTER_LABELS

# A number right after a label: 1.234.567 / 1,234,567 / 1 234 567 / 1234567.
_NUMBER = r"\s*[:：]?\s*(\d{1,3}(?:[.,\s\u00a0]\d{3})+|\d+)(?![\d.,]\d)"


def read_counter(html: bytes | str) -> dict[str, int] | None:
    """{"total", "today", "online"} as far as the page shows them; None without a counter."""
    tree = parse_html(html)
    if tree is None:
        return None
    text = fold(" ".join(tree.itertext()))
    reading: dict[str, int] = {}
    for label, field in COUNTER_LABELS:
        if field in reading:
            continue
        m = re.search(re.escape(label) + _NUMBER, text)
        if m:
            reading[field] = int(re.sub(r"\D", "", m.group(1)))
    return reading if "total" in reading else None


def visits_finding(readings: Sequence[dict[str, Any]]) -> Finding:
    """Visits per day from the first and last readings ({"at": ISO time, "total": n, "url"})."""
    usable = sorted((r for r in readings if r.get("total") is not None), key=lambda r: r["at"])
    if not usable:
        return not_tested("không tìm thấy bộ đếm lượt truy cập trên trang chủ")
    first, last = usable[0], usable[-1]
    t0, t1 = datetime.fromisoformat(first["at"]), datetime.fromisoformat(last["at"])
    if t0.astimezone(VN).date() == t1.astimezone(VN).date():
        reason = (f"mới có số đọc bộ đếm của một ngày ({vn_number(first['total'])} lượt, "
                  f"{t0.astimezone(VN):%d/%m/%Y}); cần hai lần đọc ở hai ngày khác nhau")
        return Finding(status=NOT_TESTED, values={"readings": list(usable)}, reason=reason)
    days = (t1 - t0).total_seconds() / 86400
    per_day = max(0.0, (last["total"] - first["total"]) / days)
    return Finding(values={"per_day": round(per_day, 1), "readings": list(usable), "days": round(days, 2)},
                   evidence=tuple(dict.fromkeys(r.get("url", "") for r in usable if r.get("url"))))
