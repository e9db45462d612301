"""Totals of a score card: self and proposed sums, how much is verified, grades, pass rule."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from audit.rubric.model import Group, Rubric
from audit.scoring.rules import round2

if TYPE_CHECKING:
    from audit.scoring.engine import CriterionResult


@dataclass(frozen=True)
class Totals:
    """The contract's `totals`, plus how much of the score a machine verified."""
    max: float
    self: float | None
    proposed: float | None
    self_grade: str | None
    proposed_grade: str | None
    discrepancies: int
    verified_max: float
    verified_self: float | None
    verified_proposed: float
    unverified_max: float


def totals(rubric: Rubric, results: Sequence[CriterionResult]) -> Totals:
    """Sum the results. The proposed total keeps the self-score where nothing could be checked."""
    verified = [r for r in results if r.proposed is not None]
    selfs = [r.self for r in results if r.self is not None]
    self_total = _cap(rubric, sum(selfs)) if selfs else None
    proposed_of: Callable[[CriterionResult], float | None] = lambda r: r.proposed if r.proposed is not None else r.self
    proposed_parts = [proposed_of(r) for r in results]
    proposed_total = _cap(rubric, sum(p for p in proposed_parts if p is not None)) if verified or selfs else None
    v_self = [r.self for r in verified if r.self is not None]
    return Totals(
        max=rubric.cap, self=self_total, proposed=proposed_total,
        self_grade=grade(rubric, results, lambda r: r.self),
        proposed_grade=grade(rubric, results, proposed_of),
        discrepancies=sum(1 for r in results if r.status == "contradicted"),
        verified_max=round2(sum(r.criterion.max for r in verified)),
        verified_self=round2(sum(v_self)) if v_self else None,
        verified_proposed=round2(sum(r.proposed or 0.0 for r in verified)),
        unverified_max=round2(sum(r.criterion.max for r in results if r.proposed is None)),
    )


def _cap(rubric: Rubric, value: float) -> float:
    return round2(min(rubric.cap, value))


def grade(rubric: Rubric, results: Sequence[CriterionResult],
          value: Callable[[CriterionResult], float | None]) -> str | None:
    """Grade band, or the pass rule's verdict; None when nothing is scored or no bands exist."""
    return grade_of(rubric, {r.criterion.id: value(r) for r in results})


def grade_of(rubric: Rubric, values: dict[str, float | None]) -> str | None:
    """Grade band (or pass verdict) of criterion id → score; None when nothing is scored."""
    if all(v is None for v in values.values()):
        return None
    total = _cap(rubric, sum(v for v in values.values() if v is not None))
    if rubric.pass_rule:
        return _pass_verdict(rubric, values, total)
    return next((g.name for g in rubric.grades if total >= g.min), None)


def _pass_verdict(rubric: Rubric, values: dict[str, float | None], total: float) -> str:
    rule = rubric.pass_rule
    assert rule is not None
    weak = [g.id for g in rubric.groups if not g.bonus and _group_sum(g, values) <= rule.min_group_share * g.points]
    if total < rule.min_total or weak:
        why = f"tổng {total:g} < {rule.min_total:g}" if total < rule.min_total else \
            "tiêu chuẩn " + ", ".join(weak) + f" không quá {rule.min_group_share:.0%} số điểm"
        return f"Không đạt ({why})"
    cls = next((c.name for c in rule.classes if total >= c.min), None)
    return f"Đạt - {cls}" if cls else "Đạt"


def _group_sum(group: Group, values: dict[str, float | None]) -> float:
    return sum(values.get(c.id) or 0.0 for c in group.all_criteria())
