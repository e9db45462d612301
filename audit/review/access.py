"""Who may see what (pure): an admin sees every school, a reviewer only the schools of their districts, a school
account only its own school.

The district that counts is the one the school had in the batch or run a row comes from (the store puts it in
the row's "school"), never the school's current registration: re-registering a school under another district
hands none of its earlier batches, decisions, snapshots or documents to that district's reviewers.

A school's own checks (batches of kind "self") are its account's alone: no reviewer or admin sees them, in a list
or by URL, until the school submits one (its batch is then of kind "submitted", seen like any other)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, TypeVar

from audit.text import district_key

Row = TypeVar("Row", bound=Mapping[str, Any])
STATUSES = ("done", "failed")
SCHOOL = "school"
PRIVATE = "self"          # the kind of a school's own, unsubmitted check
DECIDERS = ("admin", "reviewer")


def is_admin(user: Mapping[str, Any]) -> bool:
    """An active admin."""
    return bool(user.get("active")) and user.get("role") == "admin"


def can_see(user: Mapping[str, Any] | None, district: str | None) -> bool:
    """Whether the user may see (and decide) a school of this district; a school without one: admins only."""
    if user is None or not user.get("active"):
        return False
    if is_admin(user):
        return True
    if user.get("role") != "reviewer" or not district_key(district):
        return False
    return district_key(district) in {district_key(d) for d in user.get("districts") or []}


def is_school(user: Mapping[str, Any] | None) -> bool:
    """An active school account."""
    return user is not None and bool(user.get("active")) and user.get("role") == SCHOOL


def can_decide(user: Mapping[str, Any] | None) -> bool:
    """Whether the user records decisions (an active admin or reviewer; never a school)."""
    return user is not None and bool(user.get("active")) and user.get("role") in DECIDERS


def can_see_kind(user: Mapping[str, Any] | None, kind: str | None) -> bool:
    """Whether batches of this kind may be shown to the user at all: a school's own checks only to school
    accounts (each then sees its own school's rows only)."""
    return kind != PRIVATE or is_school(user)


def can_see_row(user: Mapping[str, Any] | None, school_id: str | None, district: str | None,
                kind: str | None = None) -> bool:
    """Whether the user may see a school's row (batch row, run, page or document) of a batch of this kind: a
    school account its own school's only, an admin or reviewer (by `can_see`) never a school's own check."""
    if user is None or not user.get("active"):
        return False
    if user.get("role") == SCHOOL:
        return bool(school_id) and school_id == user.get("school_id")
    return can_see_kind(user, kind) and can_see(user, district)


def visible_rows(user: Mapping[str, Any] | None, rows: Iterable[Row], kind: str | None = None) -> list[Row]:
    """The rows of a batch of this kind (each with a "school" holding its "id" and "district") the user may see."""
    return [r for r in rows if can_see_row(user, r["school"].get("id"), r["school"].get("district"), kind)]


def visible_statuses(user: Mapping[str, Any] | None, statuses: Mapping[str, str],
                     districts: Mapping[str, str | None], kind: str | None = None) -> dict[str, str]:
    """School id → run status, for the schools of a batch of this kind the user may see."""
    return {sid: st for sid, st in statuses.items() if can_see_row(user, sid, districts.get(sid), kind)}


def status_counts(statuses: Mapping[str, str]) -> dict[str, int]:
    """{"done", "failed", "pending", "total"} of school statuses (anything unfinished is pending)."""
    done = sum(1 for st in statuses.values() if st == "done")
    failed = sum(1 for st in statuses.values() if st == "failed")
    return {"done": done, "failed": failed, "pending": len(statuses) - done - failed, "total": len(statuses)}


def any_visible(user: Mapping[str, Any] | None, districts: Iterable[str | None]) -> bool:
    """Whether at least one of the districts is visible to the user."""
    return any(can_see(user, d) for d in districts)


def any_readable(user: Mapping[str, Any] | None, readers: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the user may see a stored file one of these runs read (each: school_id, district, kind)."""
    return any(can_see_row(user, r.get("school_id"), r.get("district"), r.get("kind")) for r in readers)
