"""Totals of a score card: self and proposed sums, how much is verified, grades, pass rule."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from audit.rubric.model import Group, Rubric
from audit.scoring.rules import round2
from audit.status import Criterion
from audit.text import vn_number

if TYPE_CHECKING:
    from audit.scoring.engine import CriterionResult


@dataclass(frozen=True)
class Totals:
    """The contract's `totals`: the points a machine verified, those resting on doubtful evidence and those
    awaiting a person, each beside the self-scores; what the grade would be if the unchecked self-scores stood."""
    max: float
    self: float | None
    proposed: float | None          # the sum of the criteria's proposals (capped): the "Đề xuất" column's sum
    self_grade: str | None
    proposed_grade: str | None      # the grade of `estimate`; None when the crawl failed or nothing was verified
    discrepancies: int
    verified_max: float             # confirmed and contradicted criteria
    verified_self: float | None
    verified_proposed: float
    unverified_max: float           # not tested and unverifiable criteria (no proposal)
    unverified_self: float | None
    review_max: float               # needs_review criteria (a proposal that rests on doubtful evidence)
    review_self: float | None
    review_proposed: float
    needs_review: int
    estimate: float | None          # proposals where there are, self-scores elsewhere
    basis: str                      # what the proposed grade rests on, for people


def _sum(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round2(sum(present)) if present else None


def totals(rubric: Rubric, results: Sequence[CriterionResult], crawl_failed: bool = False) -> Totals:
    """Sum the results by what stands behind them; no proposed grade for a school whose crawl failed."""
    def of(*statuses: str) -> list[CriterionResult]:
        return [r for r in results if r.status in statuses]
    verified, review = of(Criterion.CONFIRMED, Criterion.CONTRADICTED), of(Criterion.NEEDS_REVIEW)
    unverified = of(Criterion.NOT_TESTED, Criterion.UNVERIFIABLE)
    selfs = [r.self for r in results if r.self is not None]
    proposals = [r.proposed for r in results if r.proposed is not None]
    estimate_of: Callable[[CriterionResult], float | None] = lambda r: r.proposed if r.proposed is not None else r.self
    estimate = _sum([estimate_of(r) for r in results])
    verified_max = round2(sum(r.criterion.max for r in verified))
    return Totals(
        max=rubric.cap, self=_cap(rubric, sum(selfs)) if selfs else None,
        proposed=_cap(rubric, sum(proposals)) if proposals else None,
        self_grade=grade(rubric, results, lambda r: r.self),
        proposed_grade=None if crawl_failed or not proposals else grade(rubric, results, estimate_of),
        discrepancies=len(of(Criterion.CONTRADICTED)),
        verified_max=verified_max, verified_self=_sum([r.self for r in verified]),
        verified_proposed=round2(sum(r.proposed or 0.0 for r in verified)),
        unverified_max=round2(sum(r.criterion.max for r in unverified)), unverified_self=_sum([r.self for r in unverified]),
        review_max=round2(sum(r.criterion.max for r in review)), review_self=_sum([r.self for r in review]),
        review_proposed=round2(sum(r.proposed or 0.0 for r in review)), needs_review=len(review),
        estimate=_cap(rubric, estimate) if estimate is not None else None,
        basis=basis(verified_max, rubric.cap, crawl_failed),
    )


def basis(verified_max: float, cap: float, crawl_failed: bool) -> str:
    """What a proposed grade rests on, in words ("đã kiểm chứng 20/100 điểm")."""
    if crawl_failed:
        return "không thu thập được cổng thông tin: không đề xuất xếp loại"
    return f"đã kiểm chứng {vn_number(verified_max)}/{vn_number(cap)} điểm"


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
