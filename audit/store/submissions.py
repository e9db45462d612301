"""A school's submitted self-checks: the result, uploads and sheet frozen as they were when it submitted.

Submitting turns the self-check's batch from kind "self" (the school's own, seen by nobody else) into
"submitted": its district's reviewers see it, and its result counts as the school's newest. A submitted run is
frozen: no pipeline step saves into it again, and a second submit of the same audit is refused.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from audit.result import upgrade
from audit.store.models import Audit, Batch, Result, Run, Submission
from audit.store.types import utcnow

PRIVATE, SUBMITTED = "self", "submitted"


class SubmitError(ValueError):
    """Why an audit cannot be submitted (a Vietnamese sentence for the school)."""


class AlreadySubmitted(SubmitError):
    """The audit was submitted before: its submission is kept as it was."""

    def __init__(self, submission: dict[str, Any]) -> None:
        super().__init__("bản tự kiểm tra này đã được nộp; mỗi bản chỉ nộp một lần")
        self.submission = submission


def as_dict(row: Submission, with_data: bool = False) -> dict[str, Any]:
    """A submission's fields (and its frozen data when asked)."""
    out: dict[str, Any] = {"id": row.id, "school_id": row.school_id, "year": row.year, "audit_id": row.audit_id,
                           "run_id": row.run_id, "district": row.district, "submitted_by": row.submitted_by,
                           "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None}
    if with_data:
        out["data"] = dict(row.data)
    return out


def _of_audit(s: Session, audit_id: str) -> Submission | None:
    return s.scalars(select(Submission).where(Submission.audit_id == audit_id)).first()


def _done_run(s: Session, audit: Audit) -> tuple[Run, dict[str, Any]]:
    """The audit's finished run and its result; SubmitError when it is not done."""
    run = s.scalars(select(Run).where(Run.batch_id == audit.id, Run.school_id == audit.school_id,
                                      Run.year == audit.year).order_by(Run.id.desc())).first()
    if run is None or run.status != "done":
        raise SubmitError("bản tự kiểm tra chưa chạy xong hoặc bị lỗi: chưa nộp được")
    data = s.scalars(select(Result.data).where(Result.run_id == run.id)).first()
    if data is None:
        raise SubmitError("bản tự kiểm tra chưa có kết quả: chưa nộp được")
    return run, upgrade(dict(data))


def frozen_data(audit: Audit, result: dict[str, Any]) -> dict[str, Any]:
    """What a submission keeps: the result document, the uploads (name, sha256, size) and the sheet (its upload
    and the self-scores read from it)."""
    uploads = [{k: u.get(k) for k in ("name", "sha256", "size", "role")} for u in audit.uploads or []]
    sheet = next((u for u in uploads if u.get("role") == "self_scores"), None)
    scores = {str(c["id"]): c.get("self") for c in result.get("criteria", [])}
    return {"result": result, "uploads": uploads, "sheet": {**(sheet or {}), "scores": scores}}


def submit(s: Session, audit_id: str, username: str) -> dict[str, Any]:
    """Freeze a finished self-check as a submission (its batch becomes "submitted"); SubmitError when it is not a
    finished self-check, AlreadySubmitted when it was submitted before."""
    audit = s.get(Audit, audit_id)
    if audit is None or audit.kind != PRIVATE:
        raise SubmitError("không có bản tự kiểm tra này")
    earlier = _of_audit(s, audit_id)
    if earlier is not None:
        raise AlreadySubmitted(as_dict(earlier))
    run, result = _done_run(s, audit)
    claimed = s.execute(update(Batch).where(Batch.id == audit_id, Batch.kind == PRIVATE).values(kind=SUBMITTED))
    if getattr(claimed, "rowcount", 0) != 1:
        raise SubmitError("bản tự kiểm tra này không còn nộp được")
    row = Submission(school_id=audit.school_id, year=audit.year, audit_id=audit_id, run_id=run.id,
                     district=run.district, submitted_by=username, submitted_at=utcnow(),
                     data=frozen_data(audit, result))
    s.add(row)
    s.flush()
    return as_dict(row)


def submission_of(s: Session, audit_id: str, with_data: bool = False) -> dict[str, Any] | None:
    """The audit's submission, or None."""
    row = _of_audit(s, audit_id)
    return as_dict(row, with_data) if row is not None else None


def submissions(s: Session, school_id: str | None = None, year: str | None = None) -> list[dict[str, Any]]:
    """Submissions (of one school, one school year), newest first."""
    query = select(Submission).order_by(Submission.submitted_at.desc(), Submission.id.desc())
    if school_id is not None:
        query = query.where(Submission.school_id == school_id)
    if year is not None:
        query = query.where(Submission.year == year)
    return [as_dict(row) for row in s.scalars(query).all()]


def submitted_run(s: Session, school_id: str, year: str, run_key: str) -> int | None:
    """The run of the submission whose audit has this run key (None: not submitted)."""
    return s.scalars(select(Submission.run_id).where(Submission.audit_id == run_key,
                                                     Submission.school_id == school_id,
                                                     Submission.year == year)).first()


def is_frozen(s: Session, run_id: int) -> bool:
    """Whether the run was submitted (nothing may save into it again)."""
    return s.scalars(select(Submission.id).where(Submission.run_id == run_id)).first() is not None


def check_open(s: Session, run_id: int) -> None:
    """FrozenRun when the run was submitted."""
    if is_frozen(s, run_id):
        raise FrozenRun(run_id)


class FrozenRun(RuntimeError):
    """A step tried to save into a submitted run."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"run {run_id} was submitted: its result is frozen")
        self.run_id = run_id
