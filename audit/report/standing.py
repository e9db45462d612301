"""What a school's result rests on, in words for people (pure): the crawl's state first, then the points a
machine verified, those resting on doubtful evidence and those awaiting a person, each beside the self-scores,
and the proposed grade with what it rests on. Every renderer (HTML, XLSX, summary, desk, terminal) uses these."""
from __future__ import annotations

from typing import Any, Mapping

from audit import labels as L
from audit.report.fmt import num, text

USABLE_CRAWL = ("ok", "partial")


def crawl_notice(result: Mapping[str, Any]) -> dict[str, str] | None:
    """The banner a failed or partial crawl puts first: {"level", "title", "reason"} (None for a full crawl)."""
    crawl = result.get("crawl") or {}
    status = text(crawl.get("status"))
    if status not in ("failed", "partial"):
        return None
    errors = crawl.get("errors") or []
    reason = text(crawl.get("reason")) or (text(errors[0].get("error")) if errors else "")
    return {"level": status, "title": L.CRAWL_NOTICE[status], "reason": reason or L.NO_REASON}


def usable(result: Mapping[str, Any] | None) -> bool:
    """Whether a school's result can stand in district figures: there is one and its crawl did not fail."""
    return bool(result) and (result or {}).get("crawl", {}).get("status") in USABLE_CRAWL


def parts(totals: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The totals split by what stands behind them: (label, points, self, proposed) per part that has points."""
    rows = [("verified", totals.get("verified_max"), totals.get("verified_self"), totals.get("verified_proposed")),
            ("review", totals.get("review_max"), totals.get("review_self"), totals.get("review_proposed")),
            ("unverified", totals.get("unverified_max"), totals.get("unverified_self"), None)]
    return [{"key": key, "label": L.TOTAL_PARTS[key], "max": points, "self": self_, "proposed": proposed,
             "text": f"{L.TOTAL_PARTS[key]}: {num(points)} điểm (tự chấm {num(self_)}"
                     + (f", đề xuất {num(proposed)})" if proposed is not None else ")")}
            for key, points, self_, proposed in rows if points]


def grade_line(result: Mapping[str, Any]) -> str:
    """The proposed grade with what it rests on, or why there is none."""
    totals = result.get("totals") or {}
    if (result.get("crawl") or {}).get("status") == "failed":
        return L.NO_GRADE_FAILED
    grade = text(totals.get("proposed_grade"))
    if not grade:
        return L.NO_GRADE_UNVERIFIED
    basis = text(totals.get("basis")) or f"đã kiểm chứng {num(totals.get('verified_max'))}/{num(totals.get('max'))} điểm"
    rest = L.GRADE_REST if totals.get("unverified_max") or totals.get("review_max") else ""
    return f"{grade} ({basis}{rest})"


def difference(result: Mapping[str, Any]) -> float | None:
    """The "Chênh lệch" column's sum: proposed minus self over the criteria that have both."""
    values = [float(c["difference"]) for c in result.get("criteria") or [] if c.get("difference") is not None]
    return round(sum(values), 2) if values else None
