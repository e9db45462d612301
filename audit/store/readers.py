"""Which runs read a stored file: the school, its district then and its batch's kind (who may see the file)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit.store.models import Batch, Document, Page, Run


def _readers(s: Session, query: Any) -> list[dict[str, Any]]:
    rows = s.execute(query.distinct()).all()
    return [{"school_id": school_id, "district": district, "kind": kind or "registry"}
            for school_id, district, kind in rows]


def snapshot_readers(s: Session, sha256: str) -> list[dict[str, Any]]:
    """Each run that fetched a page with these bytes: school id, its district then, its batch's kind."""
    return _readers(s, select(Run.school_id, Run.district, Batch.kind).join(Page, Page.run_id == Run.id)
                    .outerjoin(Batch, Batch.id == Run.batch_id).where(Page.sha256 == sha256))


def document_readers(s: Session, sha256: str) -> list[dict[str, Any]]:
    """Each run that read an evidence file with these bytes: school id, its district then, its batch's kind."""
    return _readers(s, select(Run.school_id, Run.district, Batch.kind).join(Document, Document.run_id == Run.id)
                    .outerjoin(Batch, Batch.id == Run.batch_id).where(Document.sha256 == sha256))
