"""Evaluate one check against its finding: did it hold, what was measured, what is missing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from audit import vocabulary as vocab
from audit.text import vn_number
from audit.findings import Finding, document_key
from audit.rubric.model import Check, Criterion
from audit.schoolyear import SchoolYear


@dataclass(frozen=True)
class Context:
    """What the checks need to know about the audit: the school year and its window."""
    year: SchoolYear
    window: tuple[date, date]


@dataclass(frozen=True)
class Outcome:
    """A check's result in the rubric's terms, with a Vietnamese description and its proof."""
    tested: bool
    passed: bool = False
    detail: str = ""
    measured: float | None = None
    target: float | None = None
    missing: tuple[str, ...] = ()
    missing_months: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


class _MissingValue(Exception):
    """A finding reported as tested lacks a value its check needs."""


def _value(f: Finding, key: str) -> Any:
    """A measured value the check cannot do without (never defaulted to 0)."""
    value = f.get(key)
    if value is None:
        raise _MissingValue(key)
    return value


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def finding_key(criterion: Criterion, check: Check) -> str:
    """Which finding a check reads."""
    if check.kind == vocab.DOCUMENT_CHECK:
        return document_key(criterion.id, check.name)
    return vocab.WEB_CHECKS[check.kind]


def evaluate(criterion: Criterion, check: Check, findings: dict[str, Finding], ctx: Context) -> Outcome:
    """The outcome of one automatic check (not_tested when its finding is absent or failed)."""
    finding = findings.get(finding_key(criterion, check))
    what = vocab.CHECK_NAMES_VI[check.kind]
    if finding is None:
        return Outcome(False, detail=f"chưa có kết quả kiểm tra {what}")
    if not finding.tested:
        return Outcome(False, detail=finding.reason or f"không kiểm tra được {what}", evidence=finding.evidence)
    try:
        outcome = _EVALUATORS[check.kind](check, finding, ctx)
    except _MissingValue as missing:
        return Outcome(False, detail=f"kết quả kiểm tra {what} thiếu số liệu '{missing}'",
                       evidence=finding.evidence)
    return Outcome(**{**outcome.__dict__, "evidence": outcome.evidence or finding.evidence})


def _threshold(measured: float, target: float, detail: str) -> Outcome:
    return Outcome(True, measured >= target, detail, measured, target)


def _posts_per_year(check: Check, f: Finding, ctx: Context) -> Outcome:
    n, target = _value(f, "total_in_window"), check.params["min"]
    start, end = ctx.window
    counted = f"ít nhất {n}" if _lower_bound(f) else str(n)
    return _bounded(f, n, target, f"{counted} tin bài trong năm học {ctx.year} ({_dmy(start)}–{_dmy(end)}), "
                                  f"yêu cầu tối thiểu {vn_number(target)}")


def _posts_per_week(check: Check, f: Finding, ctx: Context) -> Outcome:
    avg, target = float(_value(f, "per_week_average")), check.params["min_avg"]
    weeks = f.get("weeks_in_window")
    over = f" trong {weeks} tuần" if weeks else ""
    least = "ít nhất " if _lower_bound(f) else ""
    return _bounded(f, avg, target, f"trung bình {least}{vn_number(round(avg, 2))} tin bài/tuần{over}, "
                                    f"yêu cầu {vn_number(target)}")


def _lower_bound(f: Finding) -> bool:
    """True when the count is partial: what was read is a lower bound of what the portal holds."""
    return f.get("status") == "partial" or bool(f.get("lower_bound"))


def _bounded(f: Finding, measured: float, target: float, detail: str) -> Outcome:
    """A threshold on a count; a partial count (a lower bound) confirms a target it meets, and
    says nothing about one it does not: that check is not tested, never contradicted."""
    if not _lower_bound(f):
        return _threshold(measured, target, detail)
    reasons = (f.get("completeness") or {}).get("reasons") or []
    why = f" (chưa đọc hết: {reasons[0]})" if reasons else ""
    if measured >= target:
        return Outcome(True, True, detail + why, measured, target)
    return Outcome(False, detail=f"chưa kết luận được: {detail}, nhưng số đếm chưa đầy đủ{why}",
                   measured=measured, target=target)


def _visits_per_day(check: Check, f: Finding, ctx: Context) -> Outcome:
    per_day, target = float(_value(f, "per_day")), check.params["min_avg"]
    return _threshold(per_day, target, f"trung bình {vn_number(round(per_day))} lượt truy cập/ngày, yêu cầu {vn_number(target)}")


def _posts_used(check: Check, f: Finding, ctx: Context) -> Outcome:
    n, target = _value(f, "count"), check.params["min"]
    return _threshold(n, target, f"{n} tin bài được sử dụng trên {check.params['portal']}, yêu cầu {vn_number(target)}")


def _disclosure(check: Check, f: Finding, ctx: Context) -> Outcome:
    years = sorted(_value(f, "years"))
    found = f.get("found", bool(years))
    listed = ", ".join(years) if years else "không có năm học nào"
    if check.params.get("per_school_year"):
        ok = str(ctx.year) in years
        detail = (f"có chuyên mục công khai năm học {ctx.year}" if ok
                  else f"không có chuyên mục công khai riêng cho năm học {ctx.year} (có: {listed})")
        return Outcome(True, ok, detail, missing=() if ok else (str(ctx.year),))
    return Outcome(True, bool(found), "có chuyên mục công khai" if found else "không tìm thấy chuyên mục công khai")


def _required(check: Check, f: Finding, key: str, names: dict[str, str], what: str) -> Outcome:
    present = set(_value(f, key))
    required = list(check.params["required"])
    missing = tuple(x for x in required if x not in present)
    if not missing:
        return Outcome(True, True, f"có đủ {what}", len(required), len(required))
    listed = "; ".join(names[x] for x in missing)
    return Outcome(True, False, f"thiếu {what}: {listed}", len(required) - len(missing), len(required),
                   missing=missing)


def _forms(check: Check, f: Finding, ctx: Context) -> Outcome:
    return _required(check, f, "found", vocab.FORM_KINDS, "biểu mẫu")


def _sections(check: Check, f: Finding, ctx: Context) -> Outcome:
    return _required(check, f, "present", vocab.PORTAL_SECTIONS, "chuyên mục")


def _integration(check: Check, f: Finding, ctx: Context) -> Outcome:
    host = str(_value(f, "host")).lower().rstrip(".")
    domain = str(check.params["domain"]).lower()
    under = host == domain or host.endswith("." + domain)
    listed = f.get("listed")
    ok = under and listed is not False
    where = f"cổng {host} " + ("nằm trong" if under else "không nằm trong") + f" hệ thống {domain}"
    if listed is False:
        where += "; không có tên trong danh sách đơn vị"
    return Outcome(True, ok, where)


def _integration_share(check: Check, f: Finding, ctx: Context) -> Outcome:
    share = float(_value(f, "share"))
    n, total = f.get("integrated"), f.get("schools")
    counts = f" ({n}/{total} đơn vị)" if n is not None and total else ""
    return Outcome(True, True, f"{vn_number(round(share, 1))}% đơn vị tích hợp trong {check.params['domain']}{counts}",
                   share, 100.0)


def _documents(check: Check, f: Finding, ctx: Context) -> Outcome:
    matched = list(_value(f, "matched"))
    need = int(check.params.get("count", 1))
    missing = tuple(f.get("missing_items", []))
    shown = f.get("missing_shown") or missing   # reviewers read the item's title, never its key
    months = tuple(f.get("missing_months", []))
    ok = len(matched) >= need and not missing and not months
    parts = [f"{len(matched)} văn bản phù hợp" + (f": {', '.join(matched[:5])}" if matched else "")]
    if missing:
        parts.append("thiếu: " + "; ".join(shown))
    if months:
        parts.append(f"thiếu {len(months)} tháng: " + ", ".join(months))
    return Outcome(True, ok, "; ".join(parts), len(matched), need, missing, months)


_EVALUATORS: dict[str, Callable[[Check, Finding, Context], Outcome]] = {
    "posts_per_year": _posts_per_year, "posts_per_week": _posts_per_week,
    "visits_per_day": _visits_per_day, "portal_posts_used": _posts_used,
    "disclosure": _disclosure, "forms": _forms, "portal_sections": _sections,
    "integration": _integration, "integration_share": _integration_share, "documents": _documents,
}
