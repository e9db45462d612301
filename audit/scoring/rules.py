"""Points from check outcomes, per the criterion's scoring rule (all pure arithmetic)."""
from __future__ import annotations

from audit import vocabulary as vocab
from audit.rubric.model import Criterion, Deduction
from audit.scoring.outcomes import Outcome


def points(criterion: Criterion, outcomes: dict[str, Outcome]) -> float:
    """Proposed points for a criterion whose automatic checks all ran."""
    rule = criterion.scoring.rule
    values = list(outcomes.values())
    if rule == "proportional":
        return round2(criterion.max * min(_ratio(o) for o in values))
    if rule == "tiers":
        return _tier_points(criterion, values)
    if rule == "deductions":
        return round2(max(0.0, criterion.max - sum(_deducted(d, criterion, outcomes)
                                                   for d in criterion.scoring.deductions)))
    return criterion.max if all(o.passed for o in values) else 0.0


def person_deductions(criterion: Criterion) -> bool:
    """True when the sheet also has deductions only a person can judge."""
    return any(d.per not in vocab.MACHINE_DEDUCTIONS for d in criterion.scoring.deductions)


def round2(x: float) -> float:
    """Scores carry at most two decimals."""
    return round(x + 0.0, 2)


def _ratio(o: Outcome) -> float:
    if o.passed:
        return 1.0
    if o.measured is None or not o.target:
        return 0.0
    return max(0.0, min(1.0, o.measured / o.target))


def _tier_points(criterion: Criterion, values: list[Outcome]) -> float:
    measured = next((o.measured for o in values if o.measured is not None), None)
    if measured is None:
        return 0.0
    for tier in sorted(criterion.scoring.tiers, key=lambda t: -t.min):
        if measured >= tier.min:
            return tier.points
    return 0.0


def _deducted(d: Deduction, criterion: Criterion, outcomes: dict[str, Outcome]) -> float:
    if d.per not in vocab.MACHINE_DEDUCTIONS:
        return 0.0
    outcome = outcomes.get(d.check) if d.check else next(iter(outcomes.values()), None)
    if outcome is None:
        return 0.0
    if d.per == "missing_month":
        return d.points * len(outcome.missing_months)
    if d.per == "missing_document":
        return d.points if not outcome.measured else 0.0
    specific = {i for other in criterion.scoring.deductions if other.per == "missing_item" for i in other.items}
    if d.items:
        return d.points * sum(1 for m in outcome.missing if m in d.items)
    return d.points * sum(1 for m in outcome.missing if m not in specific)
