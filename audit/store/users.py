"""Accounts of the reviewers' desk (hashes only: hashing and checking passwords is the review app's job)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store.models import School, User
from audit.store.types import utcnow

ROLES = ("admin", "reviewer", "school")


def _as_dict(u: User) -> dict[str, Any]:
    return {"id": u.id, "username": u.username, "password_hash": u.password_hash, "role": u.role,
            "districts": list(u.districts or []), "active": bool(u.active),
            "created_at": u.created_at.isoformat() if u.created_at else None,
            "locked_until": u.locked_until, "session_version": u.session_version or 0, "school_id": u.school_id}


def _get(s: Session, username: str) -> User | None:
    return s.scalars(select(User).where(User.username == username)).first()


def _existing(s: Session, username: str) -> User:
    row = _get(s, username)
    if row is None:
        raise KeyError(f"không có tài khoản '{username}'")
    return row


def _school_of(s: Session, role: str, school_id: str | None) -> str | None:
    """The school a new account is tied to: a school account's own (which must exist), none for the others."""
    if role != "school":
        if school_id:
            raise ValueError("only a school account is tied to a school")
        return None
    if not school_id:
        raise ValueError("a school account needs its school")
    if s.get(School, school_id) is None:
        raise KeyError(f"không có trường '{school_id}'")
    return school_id


def add_user(s: Session, username: str, password_hash: str, role: str, districts: list[str],
             school_id: str | None = None) -> int:
    """Create an active account (a school account tied to its existing school); ValueError for a taken name, an
    unknown role or a school given to another role, KeyError for an unknown school."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if _get(s, username) is not None:
        raise ValueError(f"tài khoản '{username}' đã có")
    school = _school_of(s, role, school_id)
    row = User(username=username, password_hash=password_hash, role=role, districts=list(districts),
               created_at=utcnow(), active=True, school_id=school)
    s.add(row)
    s.flush()
    return row.id


def user(s: Session, username: str) -> dict[str, Any] | None:
    """The account, or None."""
    row = _get(s, username)
    return _as_dict(row) if row is not None else None


def users(s: Session) -> list[dict[str, Any]]:
    """Every account, by name."""
    return [_as_dict(u) for u in s.scalars(select(User).order_by(User.username)).all()]


def set_password(s: Session, username: str, password_hash: str) -> None:
    """Replace the password hash; KeyError for an unknown account."""
    _existing(s, username).password_hash = password_hash


def set_active(s: Session, username: str, active: bool) -> None:
    """Enable (and unlock) or disable the account; KeyError for an unknown account."""
    row = _existing(s, username)
    row.active = active
    if active:
        row.failed_logins, row.locked_until = 0, None


def record_login(s: Session, username: str, ok: bool, max_failures: int, lock: timedelta) -> None:
    """Count a failed login (locking the account for `lock` after `max_failures`), or reset after a good one."""
    row = _get(s, username)
    if row is None:
        return
    if ok:
        row.failed_logins, row.locked_until = 0, None
        return
    row.failed_logins = (row.failed_logins or 0) + 1
    if row.failed_logins >= max_failures:
        row.failed_logins, row.locked_until = 0, utcnow() + lock


def end_sessions(s: Session, username: str) -> None:
    """Raise the account's session version: every session issued before is no longer valid."""
    row = _existing(s, username)
    row.session_version = (row.session_version or 0) + 1
