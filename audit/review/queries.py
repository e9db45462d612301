"""Read-only lookups the desk needs that the Store does not offer (one query each, over the Store's engine)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store import Store
from audit.store.models import Batch, BatchSchool, Page, Result, Run, School


def school_districts(store: Store) -> dict[str, str | None]:
    """School id → district, for every registered school."""
    with Session(store.engine) as s:
        return {sid: district for sid, district in s.execute(select(School.id, School.district)).all()}


def _school_fields(school: School) -> dict[str, Any]:
    return {"id": school.id, "name": school.name, "url": school.url, "rubric": school.rubric,
            "district": school.district}


def batch_school(store: Store, batch_id: str, school_id: str) -> dict[str, Any] | None:
    """One school's row of `Store.batch_results` (the same shape), or None when it is not in the batch."""
    with Session(store.engine) as s:
        batch = s.get(Batch, batch_id)
        school = s.scalars(select(School).join(BatchSchool, BatchSchool.school_id == School.id)
                           .where(BatchSchool.batch_id == batch_id, School.id == school_id)).first()
        if batch is None or school is None:
            return None
        run = s.scalars(select(Run).where(Run.batch_id == batch_id, Run.year == batch.year, Run.school_id == school_id)
                        .order_by(Run.started_at.desc(), Run.id.desc())).first()
        data = s.scalars(select(Result.data).where(Result.run_id == run.id)).first() if run else None
        return {"school": _school_fields(school), "year": batch.year, "run_id": run.id if run else None,
                "status": run.status if run else "pending", "result": dict(data) if data is not None else None}


def snapshot_districts(store: Store, sha256: str) -> list[str | None]:
    """The districts of the schools whose runs fetched a page with these bytes (empty: unknown bytes)."""
    with Session(store.engine) as s:
        rows = s.execute(select(School.district).distinct().join(Run, Run.school_id == School.id)
                         .join(Page, Page.run_id == Run.id).where(Page.sha256 == sha256)).all()
        return [district for (district,) in rows]
