"""Reviewers' decisions: an append-only history per school, year and criterion (the newest wins)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store.models import Decision
from audit.store.types import utcnow

ACTIONS = ("accept", "keep_self", "set")


def add_decision(s: Session, school_id: str, year: str, criterion_id: str, action: str, score: float | None,
                 note: str, user: str) -> int:
    """Append a decision; its id."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if action == "set" and score is None:
        raise ValueError("action 'set' needs a score")
    row = Decision(school_id=school_id, year=year, criterion_id=criterion_id, action=action, score=score,
                   note=note, reviewer=user, created_at=utcnow())
    s.add(row)
    s.flush()
    return row.id


def _as_dict(d: Decision) -> dict[str, Any]:
    return {"id": d.id, "criterion_id": d.criterion_id, "action": d.action, "score": d.score, "note": d.note,
            "user": d.reviewer, "created_at": d.created_at.isoformat()}


def decisions(s: Session, school_id: str, year: str) -> list[dict[str, Any]]:
    """The whole history, oldest first."""
    rows = s.scalars(select(Decision).where(Decision.school_id == school_id, Decision.year == year)
                     .order_by(Decision.id)).all()
    return [_as_dict(d) for d in rows]


def latest_decisions(s: Session, school_id: str, year: str) -> dict[str, dict[str, Any]]:
    """Criterion id → its newest decision."""
    return {d["criterion_id"]: d for d in decisions(s, school_id, year)}


def latest_for_schools(s: Session, school_ids: list[str], year: str) -> dict[str, dict[str, dict[str, Any]]]:
    """School id → criterion id → newest decision, for many schools in one query."""
    out: dict[str, dict[str, dict[str, Any]]] = {sid: {} for sid in school_ids}
    rows = s.scalars(select(Decision).where(Decision.school_id.in_(school_ids), Decision.year == year)
                     .order_by(Decision.id)).all() if school_ids else []
    for d in rows:
        out[d.school_id][d.criterion_id] = _as_dict(d)
    return out
