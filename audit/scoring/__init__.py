"""The scoring engine: pure functions from (rubric, findings, self-scores) to results."""
from audit.scoring.engine import CriterionResult, ScoreCard, Totals, score

__all__ = ["CriterionResult", "ScoreCard", "Totals", "score"]
