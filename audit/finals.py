"""Final scores: a school's result with the reviewers' newest decisions applied (pure).

A criterion's final score is the reviewer's decision when there is one: `accept` takes the
proposed score, `keep_self` the self-score, `set` the reviewer's own number. Without a
decision, a `confirmed` criterion (self-score and verified score agree) is final as it
stands; every other criterion is pending: its final score is None until a reviewer decides,
and the final total counts only what is decided (with the number pending beside it).
"""
from __future__ import annotations

from typing import Any, Mapping

from audit.rubric import Rubric
from audit.scoring.rules import round2
from audit.scoring.totals import grade_of

ACTIONS = ("accept", "keep_self", "set")
ACTION_LABELS = {"accept": "Chấp nhận điểm đề xuất", "keep_self": "Giữ điểm tự chấm", "set": "Cho điểm khác"}


class DecisionError(ValueError):
    """A decision that cannot apply to the criterion (message in Vietnamese)."""


def decided_score(criterion: Mapping[str, Any], action: str, score: float | None) -> float:
    """The score a decision gives the criterion; DecisionError when it cannot apply."""
    if action == "accept":
        if criterion.get("proposed") is None:
            raise DecisionError("Tiêu chí chưa có điểm đề xuất; hãy giữ điểm tự chấm hoặc cho điểm khác.")
        return float(criterion["proposed"])
    if action == "keep_self":
        if criterion.get("self") is None:
            raise DecisionError("Trường chưa tự chấm tiêu chí này; hãy cho điểm khác.")
        return float(criterion["self"])
    if action == "set":
        if score is None or not 0 <= score <= float(criterion["max"]):
            raise DecisionError(f"Điểm phải từ 0 đến {criterion['max']:g}.")
        return round2(score)
    raise DecisionError(f"Quyết định không hợp lệ: {action}")


def final_criterion(criterion: Mapping[str, Any], decision: Mapping[str, Any] | None) -> dict[str, Any]:
    """{"final", "source" (decision/auto/pending), "decision", "changed"} for one criterion of a result.

    A decision keeps the score it gave when it was taken; "changed" is True when tonight's result
    would now give another (a later crawl changed the proposal, or the sheet the self-score).
    """
    if decision is not None:
        try:
            now = decided_score(criterion, decision["action"], decision.get("score"))
        except DecisionError:
            now = None
        kept = decision.get("score")
        value = float(kept) if kept is not None else now
        if value is None:
            return {"final": None, "source": "pending", "decision": dict(decision), "changed": True}
        return {"final": value, "source": "decision", "decision": dict(decision), "changed": now != value}
    if criterion["status"] == "confirmed" and criterion.get("self") is not None:
        return {"final": float(criterion["self"]), "source": "auto", "decision": None, "changed": False}
    return {"final": None, "source": "pending", "decision": None, "changed": False}


def final_scores(result: Mapping[str, Any], decisions: Mapping[str, Mapping[str, Any]],
                 rubric: Rubric | None = None) -> dict[str, Any]:
    """Per-criterion finals and the final total (capped) and grade; decisions: criterion id → newest."""
    rows = {c["id"]: final_criterion(c, decisions.get(c["id"])) for c in result["criteria"]}
    values = {cid: row["final"] for cid, row in rows.items()}
    decided = [v for v in values.values() if v is not None]
    cap = rubric.cap if rubric is not None else float(result["totals"]["max"])
    pending = sum(1 for row in rows.values() if row["source"] == "pending")
    return {"criteria": rows,
            "total": round2(min(cap, sum(decided))) if decided else None,
            "grade": grade_of(rubric, values) if rubric is not None and not pending else None,
            "pending": pending,
            "decided": sum(1 for row in rows.values() if row["source"] == "decision")}
