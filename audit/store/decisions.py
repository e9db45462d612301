"""Reviewers' decisions: an append-only history per school, year, district and criterion (the newest wins).

A decision belongs to the district the school had where it was made: re-registering the school under another
district starts that district's reviewers on a clean history (they never see the earlier district's notes)."""
from __future__ import annotations

from enum import Enum
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store.models import Decision, School
from audit.store.types import utcnow
from audit.text import district_key

ACTIONS = ("accept", "keep_self", "set")


class Scope(Enum):
    """Not one named district: every district's decisions (reading, for admin tools and tests), or the district
    the school has now (the default when recording one outside the desk)."""
    EVERY = "every district"
    CURRENT = "the school's district now"


EVERY, CURRENT = Scope.EVERY, Scope.CURRENT
District = str | None | Scope


def _resolve(s: Session, school_id: str, district: District) -> str | None | Scope:
    if district is CURRENT:
        school = s.get(School, school_id)
        return school.district if school is not None else None
    return district


def add_decision(s: Session, school_id: str, year: str, criterion_id: str, action: str, score: float | None,
                 note: str, user: str, district: District = CURRENT) -> int:
    """Append a decision made on the school as of `district` (the district it had in the batch decided on;
    by default its district now); its id."""
    resolved = _resolve(s, school_id, district)
    if isinstance(resolved, Scope):
        raise ValueError("a decision belongs to one district")
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if action == "set" and score is None:
        raise ValueError("action 'set' needs a score")
    row = Decision(school_id=school_id, year=year, criterion_id=criterion_id, action=action, score=score,
                   note=note, reviewer=user, district=resolved, created_at=utcnow())
    s.add(row)
    s.flush()
    return row.id


def _as_dict(d: Decision) -> dict[str, Any]:
    return {"id": d.id, "criterion_id": d.criterion_id, "action": d.action, "score": d.score, "note": d.note,
            "user": d.reviewer, "district": d.district, "created_at": d.created_at.isoformat()}


def _of(rows: Sequence[Decision], district: str | None | Scope) -> list[Decision]:
    if district is EVERY:
        return list(rows)
    key = district_key(district if isinstance(district, str) else None)
    return [d for d in rows if district_key(d.district) == key]


def decisions(s: Session, school_id: str, year: str, district: District = EVERY) -> list[dict[str, Any]]:
    """The whole history (of one district's reviewers when given; CURRENT: of the school's district now), oldest
    first."""
    rows = s.scalars(select(Decision).where(Decision.school_id == school_id, Decision.year == year)
                     .order_by(Decision.id)).all()
    return [_as_dict(d) for d in _of(rows, _resolve(s, school_id, district))]


def latest_decisions(s: Session, school_id: str, year: str, district: District = EVERY) -> dict[str, dict[str, Any]]:
    """Criterion id → its newest decision (of one district's reviewers when given)."""
    return {d["criterion_id"]: d for d in decisions(s, school_id, year, district)}


def latest_for_schools(s: Session, school_ids: list[str], year: str,
                       districts: dict[str, str | None] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """School id → criterion id → newest decision, for many schools in one query (each school's of its district in
    `districts` when given)."""
    out: dict[str, dict[str, dict[str, Any]]] = {sid: {} for sid in school_ids}
    rows = s.scalars(select(Decision).where(Decision.school_id.in_(school_ids), Decision.year == year)
                     .order_by(Decision.id)).all() if school_ids else []
    for d in rows:
        if districts is None or district_key(districts.get(d.school_id)) == district_key(d.district):
            out[d.school_id][d.criterion_id] = _as_dict(d)
    return out
