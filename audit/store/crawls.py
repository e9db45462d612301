"""A run's crawl: its pages (bytes kept once per sha256) and the HTTP validators of the newest fetches."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.store.models import Page, Run, Snapshot
from audit.store.runs import get_run
from audit.store.snapshots import SnapshotFiles
from audit.store.sql import insert_ignore
from audit.store.types import parse_time, utcnow


def crawl_status(outcome: CrawlOutcome) -> str:
    """ok, partial (some errors) or failed, as in the result's crawl.status."""
    return outcome.status


def _page_row(run_id: int, page: PageRecord) -> dict[str, Any]:
    return {"run_id": run_id, "url": page.url, "kind": page.kind, "status": page.status,
            "fetched_at": parse_time(page.fetched_at), "sha256": page.sha256,
            "etag": page.etag, "last_modified": page.last_modified}


def store_bytes(s: Session, files: SnapshotFiles, blobs: Iterable[tuple[str, bytes]]) -> None:
    """Write each distinct content (sha256, bytes) once (file first, then its row: a row always has its file)."""
    rows = {}
    for sha256, content in blobs:
        if sha256 not in rows:
            files.put(content, sha256)
            rows[sha256] = {"sha256": sha256, "size": len(content), "stored_at": utcnow()}
    insert_ignore(s, Snapshot, list(rows.values()), ["sha256"])


def save_crawl(s: Session, files: SnapshotFiles, run_id: int, outcome: CrawlOutcome) -> None:
    """Replace the run's pages and crawl summary with this outcome's."""
    run = get_run(s, run_id)
    pages = list({(p.url, p.kind): p for p in outcome.pages}.values())  # a URL fetched twice: the last fetch
    store_bytes(s, files, ((p.sha256, p.content) for p in pages))
    s.execute(delete(Page).where(Page.run_id == run_id))
    insert_ignore(s, Page, [_page_row(run_id, p) for p in pages], ["run_id", "url", "kind"])
    run.crawl_status = crawl_status(outcome)
    run.start_url, run.final_url = outcome.start_url, outcome.final_url or None
    run.crawl_started_at, run.crawl_finished_at = parse_time(outcome.started_at), parse_time(outcome.finished_at)
    run.crawl_failure = outcome.failure or None
    run.crawl_errors = [{"url": u, "error": e} for u, e in outcome.errors]
    run.crawl_complete = outcome.complete


def last_complete_crawl(s: Session, school_id: str, other_than: int | None = None,
                        year: str | None = None) -> datetime | None:
    """When the school's newest crawl that read every listing through finished (leaving out one run; with `year`,
    only crawls of that school year or earlier: a crawl reads back to its own year's start, no further)."""
    query = select(Run.crawl_finished_at).where(Run.school_id == school_id, Run.crawl_complete.is_(True))
    if other_than is not None:
        query = query.where(Run.id != other_than)
    if year is not None:
        query = query.where(Run.year <= year)   # "2021-2022" < "2022-2023": school years sort as text
    return s.scalars(query.order_by(Run.crawl_finished_at.desc()).limit(1)).first()


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def crawl_history(s: Session, school_id: str) -> list[dict[str, Any]]:
    """Each run of the school, oldest crawl first: its year, status, crawl times and whether it read every listing."""
    rows = s.scalars(select(Run).where(Run.school_id == school_id).order_by(Run.crawl_started_at, Run.id)).all()
    return [{"run_id": r.id, "year": r.year, "status": r.status, "run_finished_at": _iso(r.finished_at),
             "crawl_status": r.crawl_status, "complete": bool(r.crawl_complete),
             "crawl_started_at": _iso(r.crawl_started_at), "crawl_finished_at": _iso(r.crawl_finished_at)}
            for r in rows]


def page_validators(s: Session, school_id: str) -> dict[str, tuple[str | None, str | None, str]]:
    """URL → (ETag, Last-Modified, sha256) of the school's newest fetch of it (URLs without validators left out)."""
    rows = s.execute(select(Page.url, Page.etag, Page.last_modified, Page.sha256).join(Run, Run.id == Page.run_id)
                     .where(Run.school_id == school_id, Page.status.in_((200, 304)))
                     .order_by(Page.fetched_at, Page.id)).all()
    newest = {url: (etag, modified, sha) for url, etag, modified, sha in rows}
    return {url: v for url, v in newest.items() if v[:2] != (None, None)}


def recent_pages(s: Session, school_id: str, kinds: tuple[str, ...], since: datetime) -> dict[str, tuple[str, str]]:
    """URL → (sha256, ISO time read) of the school's newest good read of each page of these kinds read since then."""
    rows = s.execute(select(Page.url, Page.sha256, Page.fetched_at).join(Run, Run.id == Page.run_id)
                     .where(Run.school_id == school_id, Page.kind.in_(kinds), Page.status.in_((200, 304)),
                            Page.fetched_at >= since)
                     .order_by(Page.fetched_at, Page.id)).all()
    return {url: (sha, at.isoformat()) for url, sha, at in rows if at is not None}


def pages_of(s: Session, run_id: int) -> list[dict[str, Any]]:
    """The run's pages, for a reviewer (the bytes come from `snapshot(sha256)`)."""
    rows = s.scalars(select(Page).where(Page.run_id == run_id).order_by(Page.id)).all()
    return [{"url": p.url, "kind": p.kind, "status": p.status,
             "fetched_at": p.fetched_at.isoformat() if p.fetched_at else None, "sha256": p.sha256,
             "etag": p.etag, "last_modified": p.last_modified} for p in rows]
