"""Schools, batches and runs: idempotent by (school, school year, run key)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store.models import Batch, BatchSchool, Run, School
from audit.store.sql import insert_ignore, upsert
from audit.status import FINISHED
from audit.store.types import utcnow

_SCHOOL_FIELDS = ("name", "url", "rubric", "district", "self_scores", "evidence")


def upsert_school(s: Session, school_id: str, fields: dict[str, Any]) -> None:
    """Create the school or update its registry fields."""
    now = utcnow()
    upsert(s, School, {"id": school_id, **fields, "created_at": now, "updated_at": now}, ["id"],
           [*_SCHOOL_FIELDS, "updated_at"])


def school_fields(s: Session, school_id: str) -> dict[str, Any]:
    """The school's registry fields; KeyError for an unknown school."""
    row = s.get(School, school_id)
    if row is None:
        raise KeyError(f"no school {school_id}")
    return {"id": row.id, **{f: getattr(row, f) for f in _SCHOOL_FIELDS}}


def get_batch(s: Session, batch_id: str) -> Batch:
    """The batch; KeyError for an unknown id."""
    batch = s.get(Batch, batch_id)
    if batch is None:
        raise KeyError(f"no batch {batch_id}")
    return batch


def create_batch(s: Session, batch_id: str, year: str, school_ids: list[str], new: bool = False,
                 kind: str = "registry") -> None:
    """Create the batch (once) and add its schools (each once, with the district each has now: who may see it
    in this batch). new: the id must not exist yet (IntegrityError otherwise, nothing written)."""
    row = {"id": batch_id, "year": year, "created_at": utcnow(), "kind": kind}
    if new:
        s.add(Batch(**row))
        s.flush()
    else:
        insert_ignore(s, Batch, [row], ["id"])
    ids = list(dict.fromkeys(school_ids))
    districts: dict[str, str | None] = dict(s.execute(select(School.id, School.district)).all()) if ids else {}
    insert_ignore(s, BatchSchool, [{"batch_id": batch_id, "school_id": sid, "district": districts.get(sid)}
                                   for sid in ids], ["batch_id", "school_id"])


def run_district(s: Session, school_id: str, batch_id: str | None) -> str | None:
    """The district a new run belongs to: the school's in the batch it runs for, else its district now."""
    if batch_id is not None:
        member = s.get(BatchSchool, (batch_id, school_id))
        if member is not None:
            return member.district
    school = s.get(School, school_id)
    return school.district if school is not None else None


def start_run(s: Session, school_id: str, year: str, run_key: str, batch_id: str | None) -> int:
    """The run's id, creating it the first time; a redelivered unfinished or failed run runs again."""
    insert_ignore(s, Run, [{"school_id": school_id, "year": year, "run_key": run_key, "batch_id": batch_id,
                            "district": run_district(s, school_id, batch_id), "status": "running",
                            "started_at": utcnow()}], ["school_id", "year", "run_key"])
    run = s.scalars(select(Run).where(Run.school_id == school_id, Run.year == year, Run.run_key == run_key)).one()
    if run.status == "failed":
        run.status, run.error, run.finished_at = "running", None, None
    if batch_id is not None and run.batch_id is None:
        run.batch_id, run.district = batch_id, run_district(s, school_id, batch_id)
    return run.id


def get_run(s: Session, run_id: int) -> Run:
    """The run; KeyError for an unknown id."""
    run = s.get(Run, run_id)
    if run is None:
        raise KeyError(f"no run {run_id}")
    return run


def finish_run(s: Session, run_id: int, status: str, error: str | None) -> None:
    """Mark the run done or failed."""
    if status not in FINISHED:
        raise ValueError(f"a run finishes 'done' or 'failed', not {status!r}")
    run = get_run(s, run_id)
    run.status, run.error, run.finished_at = status, error, utcnow()


def school_statuses(s: Session, batch_id: str) -> dict[str, str]:
    """Each school of the batch with the status of its run in the batch ('pending' without one)."""
    batch = get_batch(s, batch_id)
    members = s.scalars(select(BatchSchool.school_id).where(BatchSchool.batch_id == batch_id)
                        .order_by(BatchSchool.school_id)).all()
    statuses = {sid: "pending" for sid in members}
    runs = s.execute(select(Run.school_id, Run.status).where(Run.batch_id == batch_id, Run.year == batch.year)
                     .order_by(Run.started_at, Run.id)).all()
    for school_id, status in runs:  # oldest first: a newer finished run wins; a finished school stays finished
        current = statuses.get(school_id)
        if current is not None and (status in FINISHED or current not in FINISHED):
            statuses[school_id] = status
    return statuses


def batch_progress(s: Session, batch_id: str) -> dict[str, Any]:
    """Counts of done, failed and pending (incl. running) schools, and each school's status."""
    schools = school_statuses(s, batch_id)
    done = sum(v == "done" for v in schools.values())
    failed = sum(v == "failed" for v in schools.values())
    return {"done": done, "failed": failed, "pending": len(schools) - done - failed, "total": len(schools),
            "schools": schools}
