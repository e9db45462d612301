"""Who may see what (pure): an admin sees every school, a reviewer only the schools of their districts.

The district that counts is the one the school had in the batch or run a row comes from (the store puts it in
the row's "school"), never the school's current registration: re-registering a school under another district
hands none of its earlier batches, decisions, snapshots or documents to that district's reviewers."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, TypeVar

from audit.text import district_key

Row = TypeVar("Row", bound=Mapping[str, Any])
STATUSES = ("done", "failed")


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


def visible_rows(user: Mapping[str, Any] | None, rows: Iterable[Row]) -> list[Row]:
    """The batch rows (each with a "school" holding its "district") the user may see."""
    return [r for r in rows if can_see(user, r["school"].get("district"))]


def visible_statuses(user: Mapping[str, Any] | None, statuses: Mapping[str, str],
                     districts: Mapping[str, str | None]) -> dict[str, str]:
    """School id → run status, for the schools the user may see."""
    return {sid: st for sid, st in statuses.items() if can_see(user, districts.get(sid))}


def status_counts(statuses: Mapping[str, str]) -> dict[str, int]:
    """{"done", "failed", "pending", "total"} of school statuses (anything unfinished is pending)."""
    done = sum(1 for st in statuses.values() if st == "done")
    failed = sum(1 for st in statuses.values() if st == "failed")
    return {"done": done, "failed": failed, "pending": len(statuses) - done - failed, "total": len(statuses)}


def any_visible(user: Mapping[str, Any] | None, districts: Iterable[str | None]) -> bool:
    """Whether at least one of the districts is visible to the user."""
    return any(can_see(user, d) for d in districts)
