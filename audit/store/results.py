"""Evidence documents, result documents with one row per criterion, and the newest good result."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from audit.result import upgrade
from audit.store.models import Batch, BatchSchool, CriterionResult, Document, Page, Result, Run, School
from audit.store.runs import get_batch, get_run
from audit.store.sql import insert_ignore, upsert
from audit.store.types import utcnow


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def save_documents(s: Session, run_id: int, docs: list[dict[str, Any]]) -> None:
    """Replace the run's evidence documents with these."""
    get_run(s, run_id)
    s.execute(delete(Document).where(Document.run_id == run_id))
    rows = [{"run_id": run_id, "file": str(d["file"]), "sha256": str(d["sha256"]), "status": d.get("status"),
             "doc_type": d.get("doc_type"), "number": d.get("number"), "issued_on": _day(d.get("issued_on")),
             "data": d} for d in docs]
    insert_ignore(s, Document, rows, ["run_id", "sha256", "file"])


def documents_of(s: Session, run_id: int) -> list[dict[str, Any]]:
    """The run's evidence documents as saved."""
    return [dict(d) for d in s.scalars(select(Document.data).where(Document.run_id == run_id)
                                       .order_by(Document.id)).all()]


def save_result(s: Session, run_id: int, result: dict[str, Any]) -> None:
    """Replace the run's result document and its criterion rows."""
    get_run(s, run_id)
    status = (result.get("crawl") or {}).get("status")
    upsert(s, Result, {"run_id": run_id, "crawl_status": status, "data": result, "saved_at": utcnow()},
           ["run_id"], ["crawl_status", "data", "saved_at"])
    s.execute(delete(CriterionResult).where(CriterionResult.run_id == run_id))
    rows = [{"run_id": run_id, "criterion_id": str(c["id"]), "max_score": c["max"], "self_score": c.get("self"),
             "proposed": c.get("proposed"), "status": c["status"], "reason": c.get("reason") or ""}
            for c in result.get("criteria", [])]
    insert_ignore(s, CriterionResult, rows, ["run_id", "criterion_id"])


def criterion_rows(s: Session, run_id: int) -> list[dict[str, Any]]:
    """The run's criterion rows: id, max, self, proposed, status, reason."""
    rows = s.scalars(select(CriterionResult).where(CriterionResult.run_id == run_id)
                     .order_by(CriterionResult.id)).all()
    return [{"id": r.criterion_id, "max": r.max_score, "self": r.self_score, "proposed": r.proposed,
             "status": r.status, "reason": r.reason} for r in rows]


def last_result(s: Session, school_id: str, year: str, good_only: bool) -> dict[str, Any] | None:
    """The newest result document of the school and year (good: its crawl did not fail)."""
    query = (select(Result.data).join(Run, Run.id == Result.run_id)
             .where(Run.school_id == school_id, Run.year == year)
             .order_by(Run.started_at.desc(), Run.id.desc()).limit(1))
    if good_only:
        query = query.where(Result.crawl_status.is_distinct_from("failed"), Run.status != "failed")
    data = s.scalars(query).first()
    return upgrade(dict(data)) if data is not None else None


def stale_schools(s: Session, year: str, before: datetime) -> list[str]:
    """Schools with no good result for the year saved at or after `before` (oldest first); a school's own
    unsubmitted check is no result of the school's (the nightly audit still comes)."""
    good = (select(Run.school_id, Result.saved_at).join(Result, Result.run_id == Run.id)
            .outerjoin(Batch, Batch.id == Run.batch_id)
            .where(Run.year == year, Result.crawl_status.is_distinct_from("failed"), Run.status != "failed",
                   Batch.kind.is_distinct_from(PRIVATE)))
    newest: dict[str, datetime] = {}
    for school_id, saved in s.execute(good).all():
        if school_id not in newest or saved > newest[school_id]:
            newest[school_id] = saved
    schools = s.scalars(select(School.id).order_by(School.id)).all()
    stale = [sid for sid in schools if sid not in newest or newest[sid] < before]
    return sorted(stale, key=lambda sid: (sid in newest, newest.get(sid, before), sid))


def batches(s: Session) -> list[dict[str, Any]]:
    """Every batch, newest first: id, year, created_at, and its schools' ids."""
    rows = s.scalars(select(Batch).order_by(Batch.created_at.desc(), Batch.id.desc())).all()
    members = s.execute(select(BatchSchool.batch_id, BatchSchool.school_id).order_by(BatchSchool.school_id)).all()
    by_batch: dict[str, list[str]] = {}
    for batch_id, school_id in members:
        by_batch.setdefault(batch_id, []).append(school_id)
    return [{"id": b.id, "year": b.year, "created_at": b.created_at.isoformat() if b.created_at else None,
             "schools": by_batch.get(b.id, []), "kind": b.kind} for b in rows]


def _school_fields(school: School, district: str | None) -> dict[str, Any]:
    """The registry fields of a row, with the district the school had in that batch or run (not its current one:
    access follows it)."""
    return {"id": school.id, "name": school.name, "url": school.url, "rubric": school.rubric, "district": district}


def _member_districts(s: Session, batch_id: str) -> dict[str, str | None]:
    return dict(s.execute(select(BatchSchool.school_id, BatchSchool.district)
                          .where(BatchSchool.batch_id == batch_id)).all())


def batch_school(s: Session, batch_id: str, school_id: str) -> dict[str, Any] | None:
    """One school's row of `batch_results` (the same shape), or None when it is not in the batch."""
    batch = s.get(Batch, batch_id)
    member = s.get(BatchSchool, (batch_id, school_id))
    school = s.get(School, school_id)
    if batch is None or member is None or school is None:
        return None
    run = s.scalars(select(Run).where(Run.batch_id == batch_id, Run.year == batch.year, Run.school_id == school_id)
                    .order_by(Run.started_at.desc(), Run.id.desc())).first()
    data = s.scalars(select(Result.data).where(Result.run_id == run.id)).first() if run else None
    district = run.district if run else member.district
    return {"school": _school_fields(school, district), "year": batch.year, "run_id": run.id if run else None,
            "status": run.status if run else "pending", "result": upgrade(dict(data)) if data is not None else None}


def school_districts(s: Session) -> dict[str, str | None]:
    """School id → district now, for every registered school."""
    return {sid: district for sid, district in s.execute(select(School.id, School.district)).all()}


def batch_districts(s: Session, batch_id: str) -> dict[str, str | None]:
    """School id → the district it had in the batch (its run's, else its membership's); KeyError for an unknown
    batch."""
    batch = get_batch(s, batch_id)
    districts = _member_districts(s, batch_id)
    runs = s.execute(select(Run.school_id, Run.district).where(Run.batch_id == batch_id, Run.year == batch.year)
                     .order_by(Run.started_at, Run.id)).all()
    districts.update({sid: district for sid, district in runs if sid in districts})
    return districts


def snapshot_districts(s: Session, sha256: str) -> list[str | None]:
    """The districts of the runs that fetched a page with these bytes, as the school had then (empty: unknown)."""
    rows = s.execute(select(Run.district).distinct().join(Page, Page.run_id == Run.id)
                     .where(Page.sha256 == sha256)).all()
    return [district for (district,) in rows]


def snapshot_url(s: Session, sha256: str) -> str | None:
    """The URL of the first page fetched with these bytes (None: unknown bytes)."""
    return s.scalars(select(Page.url).where(Page.sha256 == sha256).order_by(Page.id).limit(1)).first()


def document_districts(s: Session, sha256: str) -> list[str | None]:
    """The districts of the runs that read an evidence file with these bytes, as the school had then."""
    rows = s.execute(select(Run.district).distinct().join(Document, Document.run_id == Run.id)
                     .where(Document.sha256 == sha256)).all()
    return [district for (district,) in rows]


def batch_results(s: Session, batch_id: str) -> list[dict[str, Any]]:
    """Each school of the batch: registry fields (with its district in the batch), its run in the batch (run_id,
    status) and result (or None)."""
    batch = get_batch(s, batch_id)
    members = _member_districts(s, batch_id)
    schools = s.scalars(select(School).join(BatchSchool, BatchSchool.school_id == School.id)
                        .where(BatchSchool.batch_id == batch_id).order_by(School.id)).all()
    runs = {r.school_id: r for r in s.scalars(select(Run).where(Run.batch_id == batch_id, Run.year == batch.year)
                                               .order_by(Run.started_at, Run.id)).all()}
    stored = select(Result.run_id, Result.data).join(Run, Run.id == Result.run_id) \
        .where(Run.batch_id == batch_id, Run.year == batch.year)
    data_of: dict[int, dict[str, Any]] = {run_id: data for run_id, data in s.execute(stored).all()}
    out = []
    for school in schools:
        run = runs.get(school.id)
        data = data_of.get(run.id) if run else None
        district = run.district if run else members.get(school.id)
        out.append({"school": _school_fields(school, district), "year": batch.year,
                    "run_id": run.id if run else None, "status": run.status if run else "pending",
                    "result": upgrade(dict(data)) if data is not None else None})
    return out


PRIVATE = "self"   # a school's own check: not a result of the school's until it submits it


def _good(status: str, crawl_status: str | None) -> bool:
    return status != "failed" and crawl_status != "failed"


def _newest_runs(s: Session, year: str, school_id: str | None) -> dict[str, tuple[int, str, str | None]]:
    """School id → (run id, run status, district in that run) of its newest result of the year, a good one when
    it has any (a school's own unsubmitted checks left out)."""
    query = (select(Run.school_id, Run.id, Run.status, Run.district, Result.crawl_status)
             .join(Result, Result.run_id == Run.id).outerjoin(Batch, Batch.id == Run.batch_id)
             .where(Run.year == year, Batch.kind.is_distinct_from(PRIVATE)).order_by(Run.started_at, Run.id))
    if school_id is not None:
        query = query.where(Run.school_id == school_id)
    newest: dict[str, tuple[int, str, str | None, bool]] = {}
    for sid, run_id, status, district, crawl_status in s.execute(query).all():
        good = _good(status, crawl_status)
        held = newest.get(sid)
        if held is None or good or not held[3]:
            newest[sid] = (run_id, status, district, good)
    return {sid: (run_id, status, district) for sid, (run_id, status, district, _) in newest.items()}


def latest_statuses(s: Session, year: str) -> dict[str, str]:
    """School id → run status of each school's newest result of the year (no result documents read)."""
    return {sid: status for sid, (_, status, _) in _newest_runs(s, year, None).items()}


def latest_districts(s: Session, year: str) -> dict[str, str | None]:
    """School id → its district in the run of its newest result of the year (who may see that result)."""
    return {sid: district for sid, (_, _, district) in _newest_runs(s, year, None).items()}


def latest_results(s: Session, year: str, school_id: str | None = None) -> list[dict[str, Any]]:
    """Each school's newest result of the school year (a good one when it has any), in the shape of
    `batch_results`: what reviewers look at when a school is crawled every night."""
    newest = _newest_runs(s, year, school_id)
    ids = [run_id for run_id, _, _ in newest.values()]
    data_of = {run_id: data for run_id, data in s.execute(select(Result.run_id, Result.data)
                                                          .where(Result.run_id.in_(ids))).all()}
    schools = {sc.id: sc for sc in s.scalars(select(School).where(School.id.in_(list(newest)))).all()}
    return [{"school": _school_fields(schools[sid], district), "year": year, "run_id": run_id, "status": status,
             "result": upgrade(dict(data_of[run_id]))} for sid, (run_id, status, district) in sorted(newest.items())]
