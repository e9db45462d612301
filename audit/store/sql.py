"""INSERT … ON CONFLICT for the two supported backends (race-free idempotent writes)."""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from audit.store.models import Base

CHUNK = 200  # rows per statement (SQLite limits bound parameters)


def _insert(session: Session, model: type[Base]) -> Any:
    table = model.__table__
    assert isinstance(table, Table)
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported database backend: {name}")


def insert_ignore(session: Session, model: type[Base], rows: Sequence[dict[str, Any]],
                  keys: Sequence[str]) -> None:
    """Insert the rows; a row whose unique key already exists is left as it is."""
    for start in range(0, len(rows), CHUNK):
        stmt = _insert(session, model).values(list(rows[start:start + CHUNK]))
        session.execute(stmt.on_conflict_do_nothing(index_elements=keys))


def upsert(session: Session, model: type[Base], row: dict[str, Any], keys: Sequence[str],
           update: Sequence[str]) -> None:
    """Insert the row, or update the named columns of the row with the same unique key."""
    stmt = _insert(session, model).values(row)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
    session.execute(stmt)
