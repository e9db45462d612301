"""Downloads: a batch's final scores (XLSX, CSV) and stored snapshots of crawled pages."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, g

from audit.report.snapshots import inert_page
from audit.review import export
from audit.review.auth import desk
from audit.review.model import Entry
from audit.review.security import SNAPSHOT_CSP

bp = Blueprint("files", __name__)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entries(batch_id: str) -> list[Entry]:
    found = desk().batch(g.user, batch_id)
    if found is None:
        abort(404)
    return found[1]


def _download(body: bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/batch/<batch_id>/export.xlsx")
def export_xlsx(batch_id: str) -> Response:
    """The visible schools' final scores per criterion, and their totals, as a workbook."""
    entries = _entries(batch_id)
    body = export.to_xlsx(export.criterion_rows(entries), export.total_rows(entries))
    return _download(body, XLSX, export.file_stem(batch_id) + ".xlsx")


@bp.get("/batch/<batch_id>/export.csv")
def export_csv(batch_id: str) -> Response:
    """The visible schools' final scores per criterion as CSV (UTF-8 with BOM)."""
    body = export.to_csv(export.CRITERIA_HEADER, export.criterion_rows(_entries(batch_id)))
    return _download(body, "text/csv; charset=utf-8", export.file_stem(batch_id) + ".csv")


def looks_like_html(body: bytes) -> bool:
    """Whether stored bytes are an HTML page or fragment (a listing page a pager script loads); feeds,
    sitemaps and anything else are shown as plain text."""
    head = body[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<urlset", b"<sitemapindex", b"<feed")):
        return False
    return head.startswith((b"<!doctype html", b"<!--")) or (head[:1] == b"<" and head[1:2].isalpha())


@bp.get("/snapshot/<sha256>")
def snapshot(sha256: str) -> Response:
    """The page as fetched, made inert (no script, frame, form, refresh or base; links absolute against its URL)
    and sandboxed besides: no script, no request anywhere. Anything else is shown as plain text."""
    body = desk().snapshot(g.user, sha256) if SHA256.match(sha256) else None
    if body is None:
        abort(404)
    page = inert_page(body, desk().store.snapshot_url(sha256) or "") if looks_like_html(body) else None
    if page is not None:
        response = Response(page, content_type="text/html; charset=utf-8")
    else:
        response = Response(body, content_type="text/plain")
    response.headers["Content-Security-Policy"] = SNAPSHOT_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/document/<sha256>/<name>")
def document(sha256: str, name: str) -> Response:
    """An evidence file as the school gave it (a download: a PDF is opened by the reviewer's own reader)."""
    body = desk().document(g.user, sha256) if SHA256.match(sha256) else None
    if body is None:
        abort(404)
    stem = export.safe_name(name.rsplit(".", 1)[0]) or "minh-chung"
    response = _download(body, "application/pdf", f"{stem}.pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
