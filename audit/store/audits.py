"""Audits started on the desk or the API: one school, one batch of the same id, its uploads and live progress."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit import status
from audit.result import upgrade
from audit.store.models import Audit, Batch, Result, Run, School
from audit.store.types import utcnow

KINDS = ("desk", "api", "self")


def create_audit(s: Session, audit_id: str, fields: dict[str, Any]) -> None:
    """Record an audit of an existing batch (same id): school_id, year, kind, created_by, self_scores, evidence,
    uploads, previous_run_id."""
    if fields["kind"] not in KINDS:
        raise ValueError(f"an audit's kind is one of {', '.join(KINDS)}, not {fields['kind']!r}")
    s.add(Audit(id=audit_id, created_at=utcnow(), uploads=list(fields.get("uploads") or []),
                **{k: v for k, v in fields.items() if k != "uploads"}))


def set_error(s: Session, audit_id: str, error: str) -> None:
    """Note why an audit could not be started (it then reads as failed)."""
    row = s.get(Audit, audit_id)
    if row is not None:
        row.error = error


def _run(s: Session, audit: Audit) -> Run | None:
    return s.scalars(select(Run).where(Run.batch_id == audit.id, Run.school_id == audit.school_id,
                                       Run.year == audit.year).order_by(Run.id.desc())).first()


def status_of(audit: Audit, run: Run | None) -> str:
    """queued (no run yet), running, done or failed (the run's, or failed when it could not be started)."""
    if run is None:
        return status.Audit.FAILED if audit.error else status.Audit.QUEUED
    return run.status


def _as_dict(s: Session, audit: Audit, with_result: bool) -> dict[str, Any]:
    run = _run(s, audit)
    batch = s.get(Batch, audit.id)
    out: dict[str, Any] = {
        "id": audit.id, "school_id": audit.school_id, "year": audit.year, "kind": audit.kind,
        "batch_kind": batch.kind if batch is not None else None,
        "created_by": audit.created_by, "created_at": audit.created_at.isoformat() if audit.created_at else None,
        "self_scores": audit.self_scores, "evidence": audit.evidence, "uploads": list(audit.uploads or []),
        "previous_run_id": audit.previous_run_id, "error": audit.error or (run.error if run else None),
        "status": status_of(audit, run), "run_id": run.id if run else None,
        "district": run.district if run else None, "progress": dict(run.progress or {}) if run else {},
        "finished_at": run.finished_at.isoformat() if run and run.finished_at else None}
    if with_result:
        data = s.scalars(select(Result.data).where(Result.run_id == run.id)).first() if run else None
        out["result"] = upgrade(dict(data)) if data is not None else None
    return out


def audit(s: Session, audit_id: str, with_result: bool = False) -> dict[str, Any] | None:
    """The audit with its run's status, district and progress (and result document), or None."""
    row = s.get(Audit, audit_id)
    return _as_dict(s, row, with_result) if row is not None else None


def audits_of(s: Session, school_id: str, year: str | None = None) -> list[dict[str, Any]]:
    """The school's audits (of one school year when given), newest first."""
    query = select(Audit).where(Audit.school_id == school_id).order_by(Audit.created_at.desc(), Audit.id.desc())
    if year is not None:
        query = query.where(Audit.year == year)
    return [_as_dict(s, a, False) for a in s.scalars(query).all()]


def inputs(s: Session, school_id: str, run_key: str) -> dict[str, Any] | None:
    """The uploaded sheet and evidence folder of the audit a run belongs to (None: not an audit's run)."""
    row = s.get(Audit, run_key)
    if row is None or row.school_id != school_id:
        return None
    return {"self_scores": row.self_scores, "evidence": row.evidence}


def set_progress(s: Session, run_id: int, progress: dict[str, Any]) -> None:
    """Merge live counts into the run's progress (pages, posts, section, documents, stage)."""
    run = s.get(Run, run_id)
    if run is not None:
        run.progress = {**(run.progress or {}), **progress}


def run_result(s: Session, run_id: int, with_result: bool = True) -> dict[str, Any] | None:
    """A run: run_id, school_id, year, batch_id, kind (its batch's), district, status, finished_at, and its result
    document (None before scoring) when asked; None for an unknown run."""
    run = s.get(Run, run_id)
    if run is None:
        return None
    batch = s.get(Batch, run.batch_id) if run.batch_id else None
    out: dict[str, Any] = {"run_id": run.id, "school_id": run.school_id, "year": run.year, "batch_id": run.batch_id,
                           "kind": batch.kind if batch is not None else None, "district": run.district,
                           "status": run.status, "finished_at": run.finished_at.isoformat() if run.finished_at else None}
    if with_result:
        data = s.scalars(select(Result.data).where(Result.run_id == run.id)).first()
        out["result"] = upgrade(dict(data)) if data is not None else None
    return out


def schools(s: Session) -> list[dict[str, Any]]:
    """Every registered school: id, name, url, rubric, district (by district, then name)."""
    rows = s.scalars(select(School)).all()
    out = [{"id": r.id, "name": r.name, "url": r.url, "rubric": r.rubric, "district": r.district} for r in rows]
    return sorted(out, key=lambda r: (r["district"] or "", r["name"] or r["id"]))
