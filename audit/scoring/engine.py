"""Score one school: per-criterion results and totals from (rubric, findings, self-scores)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Mapping

from audit.findings import Finding
from audit.rubric.model import Criterion, Rubric, Window
from audit.schoolyear import SchoolYear
from audit import status
from audit.scoring import reasons
from audit.scoring.outcomes import Context, Outcome, evaluate, finding_key
from audit.scoring.rules import person_deductions, points, round2
from audit.scoring.totals import Totals, totals

CONFIRMED, CONTRADICTED = status.Criterion.CONFIRMED, status.Criterion.CONTRADICTED
UNVERIFIABLE, NOT_TESTED = status.Criterion.UNVERIFIABLE, status.Criterion.NOT_TESTED
NEEDS_REVIEW = status.Criterion.NEEDS_REVIEW   # a proposal that rests on doubtful evidence: final only when a reviewer decides


@dataclass(frozen=True)
class CriterionResult:
    """The verdict on one criterion, as the contract's `criteria` item."""
    criterion: Criterion
    self: float | None
    proposed: float | None
    status: str
    reason: str
    evidence: tuple[str, ...] = ()
    doubts: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (file, doubt flags) the proposal rests on

    @property
    def difference(self) -> float | None:
        """Proposed minus self, when both exist."""
        if self.self is None or self.proposed is None:
            return None
        return round2(self.proposed - self.self)


@dataclass(frozen=True)
class ScoreCard:
    """All criterion results of one school and their totals."""
    rubric: Rubric
    year: SchoolYear
    window: tuple[date, date]
    results: tuple[CriterionResult, ...]
    totals: Totals


def score(rubric: Rubric, findings: Mapping[str, Finding], self_scores: Mapping[str, float | None],
          year: SchoolYear, crawl_failed: bool = False) -> ScoreCard:
    """Score every criterion of the rubric and total them (no proposed grade when the crawl failed)."""
    window = year.resolve(rubric.window)
    results = tuple(score_criterion(c, dict(findings), self_scores.get(c.id), Context(year, window))
                    for c in rubric.criteria)
    return ScoreCard(rubric, year, window, results, totals(rubric, results, crawl_failed))


def score_criterion(c: Criterion, findings: dict[str, Finding], self_score: float | None,
                    ctx: Context) -> CriterionResult:
    """One criterion's verdict: unverifiable, not tested, confirmed, contradicted, or needs review (it rests on
    doubtful evidence)."""
    if c.manual:
        return CriterionResult(c, self_score, None, UNVERIFIABLE, reasons.unverifiable(c))
    outcomes = {k.name: evaluate(c, k, findings, _context(ctx, k.window)) for k in c.checks if not k.manual}
    proof = tuple(dict.fromkeys(e for o in outcomes.values() for e in o.evidence))
    untested = [o for o in outcomes.values() if not o.tested]
    if untested:
        return CriterionResult(c, self_score, None, NOT_TESTED, reasons.not_tested(untested), proof)
    proposed = points(c, outcomes)
    agrees = self_score is not None and round2(self_score) == proposed
    reason = reasons.verified(c, outcomes, self_score, proposed, person_deductions(c))
    doubts = _doubts_relied_on(c, findings, ctx, outcomes, proposed)
    if doubts:
        return CriterionResult(c, self_score, proposed, NEEDS_REVIEW, reason + reasons.doubtful(doubts), proof,
                               doubts)
    return CriterionResult(c, self_score, proposed, CONFIRMED if agrees else CONTRADICTED, reason, proof)


def _doubts_relied_on(c: Criterion, findings: dict[str, Finding], ctx: Context, outcomes: dict[str, Outcome],
                      proposed: float) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The doubtful documents the verdict rests on: those whose removal would change a check's verdict or the
    points (none when the sure documents alone give the same)."""
    doubtful: dict[str, tuple[str, ...]] = {}
    sure = dict(findings)
    for k in c.checks:
        key = finding_key(c, k)
        f = findings.get(key)
        if f is None or not f.tested or not f.get("doubtful"):
            continue
        doubtful.update({file: tuple(flags) for file, flags in f.values["doubtful"].items()})
        sure[key] = replace(f, values={**f.values, **f.values["sure"]})
    if not doubtful:
        return ()
    alone = {k.name: evaluate(c, k, sure, _context(ctx, k.window)) for k in c.checks if not k.manual}
    same = points(c, alone) == proposed and all(alone[n].passed == o.passed for n, o in outcomes.items())
    return () if same else tuple(doubtful.items())


def _context(ctx: Context, window: Window | None) -> Context:
    """The check's own counting window, when it has one."""
    return Context(ctx.year, ctx.year.resolve(window)) if window else ctx
