"""Final scores from reviewers' decisions (pure)."""
from __future__ import annotations

from typing import Any

import pytest

from audit.finals import DecisionError, decided_score, final_criterion, final_scores
from audit.rubric import find_rubric


def _c(cid: str, status: str, self_: float | None, proposed: float | None, max_: float = 5) -> dict[str, Any]:
    return {"id": cid, "status": status, "self": self_, "proposed": proposed, "max": max_}


def _d(action: str, score: float | None) -> dict[str, Any]:
    return {"action": action, "score": score, "note": "", "user": "an"}


def test_each_action_gives_its_score_and_bad_ones_are_refused() -> None:
    c = _c("3.3", "contradicted", 5, 0)
    assert decided_score(c, "accept", None) == 0 and decided_score(c, "keep_self", None) == 5
    assert decided_score(c, "set", 2.5) == 2.5
    with pytest.raises(DecisionError):
        decided_score(c, "set", 6)
    with pytest.raises(DecisionError):
        decided_score(_c("1.1", "unverifiable", 3, None), "accept", None)
    with pytest.raises(DecisionError):
        decided_score(_c("1.1", "unverifiable", None, None), "keep_self", None)


def test_confirmed_is_final_without_a_decision_the_rest_is_pending() -> None:
    assert final_criterion(_c("a", "confirmed", 3, 3), None)["source"] == "auto"
    assert final_criterion(_c("b", "not_tested", 3, None), None) == \
        {"final": None, "source": "pending", "decision": None, "changed": False}


def test_a_decision_keeps_its_score_when_a_later_crawl_changes_the_proposal() -> None:
    decision = _d("accept", 0)
    same = final_criterion(_c("3.3", "contradicted", 5, 0), decision)
    later = final_criterion(_c("3.3", "contradicted", 5, 2.5), decision)
    assert (same["final"], same["changed"]) == (0, False)
    assert (later["final"], later["changed"], later["source"]) == (0, True, "decision")


def test_totals_count_only_what_is_decided_and_grade_waits_for_the_rest() -> None:
    rubric = find_rubric("tdm-2021-2022-school")
    criteria = [_c(c.id, "confirmed", c.max, c.max, c.max) for c in rubric.criteria]
    criteria[0] = _c(criteria[0]["id"], "unverifiable", criteria[0]["max"], None, criteria[0]["max"])
    result = {"criteria": criteria, "totals": {"max": 100}}
    open_ = final_scores(result, {}, rubric)
    assert open_["pending"] == 1 and open_["grade"] is None and open_["total"] == 100 - criteria[0]["max"]
    done = final_scores(result, {criteria[0]["id"]: _d("set", 1)}, rubric)
    assert done["pending"] == 0 and done["decided"] == 1 and done["total"] == 100 - criteria[0]["max"] + 1
    assert done["grade"] is not None
