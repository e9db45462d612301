"""Audits of one school started on the desk or the API: keep the uploads, create the audit, hand it to workers.

A started audit is a batch of one school with the audit's id (its run key), so it runs through the same three
pipeline steps as any batch: on the Celery workers when a broker is configured, else in this process's own
worker threads (`ThreadDispatcher`: the embedded default needs nothing else running). Uploads are checked for
count and size, stored content-addressed (data_dir/uploads/<sha256>) and linked under the audit's own folder
(data_dir/audits/<id>/), which the evidence step reads in the sandbox like any evidence folder.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol
from urllib.parse import urlsplit

from audit.batch import create_new_batch
from audit.config import Settings
from audit.errors import InputError
from audit.fetch.limiter import LocalHostLimiter
from audit.pipeline import audit_inline
from audit.queue import client, send_audit, workers_listening
from audit.rubric import find_rubric
from audit.school import normalise_url
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores
from audit.store import Store

log = logging.getLogger(__name__)
SOURCE = "tải lên"
SHEET_SUFFIXES = (".xlsx", ".docx", ".csv")
NAME_MAX = 120
PREFIX = {"desk": "ban", "api": "api", "self": "tu-kiem"}   # the readable start of an audit's id


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name it was sent with and its bytes."""
    name: str
    data: bytes


@dataclass(frozen=True)
class AuditRequest:
    """What a reviewer, a school or the API asks for: a known school, or a portal URL for a new one."""
    year: str
    school_id: str | None = None
    url: str | None = None
    name: str | None = None
    district: str | None = None
    rubric: str | None = None
    sheet: Upload | None = None
    evidence: tuple[Upload, ...] = field(default_factory=tuple)
    kind: str = "desk"


class Dispatch(Protocol):
    """Runs an audit somewhere (threads here, or the Celery workers)."""

    def __call__(self, audit_id: str, school_id: str, year: str) -> None: ...


# uploads
def safe_name(name: str) -> str:
    """A file name that is only a name: the last part of any path, NFC, no control characters, not hidden, at
    most NAME_MAX characters with its extension kept."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = ext[:10]
    stem = stem[:NAME_MAX - len(ext) - 1]
    return (f"{stem}.{ext}" if ext else stem) if stem else (f"tep.{ext}" if ext else "tep")


def check_uploads(settings: Settings, sheet: Upload | None, evidence: tuple[Upload, ...]) -> None:
    """InputError (Vietnamese, naming the file) when the uploads are too many, too large or the sheet's kind is
    not one the sheet reader takes."""
    if len(evidence) > settings.upload_max_files:
        raise InputError(SOURCE, f"quá nhiều tệp minh chứng: {len(evidence)} (tối đa {settings.upload_max_files})")
    files = ([sheet] if sheet else []) + list(evidence)
    for upload in files:
        if len(upload.data) > settings.evidence_max_bytes:
            limit = settings.evidence_max_bytes // (1024 * 1024)
            raise InputError(safe_name(upload.name), f"tệp lớn quá {limit} MB")
        if not upload.data:
            raise InputError(safe_name(upload.name), "tệp rỗng")
    total = sum(len(u.data) for u in files)
    if total > settings.upload_max_total:
        raise InputError(SOURCE, f"tổng dung lượng tải lên lớn quá {settings.upload_max_total // (1024 * 1024)} MB")
    if sheet is not None and Path(safe_name(sheet.name)).suffix.lower() not in SHEET_SUFFIXES:
        raise InputError(safe_name(sheet.name), "bảng tự chấm phải là tệp .xlsx, .docx hoặc .csv")


def _keep(settings: Settings, upload: Upload) -> tuple[Path, str]:
    """The upload's bytes kept once by their SHA-256 (read-only); (path, sha256)."""
    sha256 = hashlib.sha256(upload.data).hexdigest()
    path = settings.data_dir / "uploads" / sha256[:2] / sha256
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{sha256}.{threading.get_ident()}.tmp")
        tmp.write_bytes(upload.data)
        tmp.chmod(0o444)
        tmp.replace(path)
    return path, sha256


def _place(blob: Path, folder: Path, name: str) -> Path:
    """The kept blob under `name` in `folder` (a hard link, a copy where links do not work); a name already
    used gets a numbered suffix."""
    folder.mkdir(parents=True, exist_ok=True)
    target, n = folder / name, 1
    while target.exists():
        n += 1
        stem, suffix = Path(name).stem, Path(name).suffix
        target = folder / f"{stem}-{n}{suffix}"
    try:
        os.link(blob, target)
    except OSError:
        target.write_bytes(blob.read_bytes())
    return target


def store_uploads(settings: Settings, audit_id: str, sheet: Upload | None,
                  evidence: tuple[Upload, ...]) -> dict[str, Any]:
    """Keep the uploads and lay them out for the audit: {"self_scores": path|None, "evidence": folder|None,
    "uploads": [{"name", "sha256", "size", "role"}]}."""
    folder = settings.data_dir / "audits" / audit_id
    out: dict[str, Any] = {"self_scores": None, "evidence": None, "uploads": []}
    if sheet is not None:
        blob, sha256 = _keep(settings, sheet)
        out["self_scores"] = str(_place(blob, folder / "sheet", safe_name(sheet.name)))
        out["uploads"].append({"name": safe_name(sheet.name), "sha256": sha256, "size": len(sheet.data),
                               "role": "self_scores"})
    for upload in evidence:
        blob, sha256 = _keep(settings, upload)
        placed = _place(blob, folder / "evidence", safe_name(upload.name))
        out["evidence"] = str(folder / "evidence")
        out["uploads"].append({"name": placed.name, "sha256": sha256, "size": len(upload.data), "role": "evidence"})
    return out


# schools
def school_id_for(url: str) -> str:
    """A readable id for a new school from its portal's host: "thcs-a.pgd.edu.vn" → "thcs-a-pgd-edu-vn"."""
    host = (urlsplit(url).hostname or "").lower()
    port = urlsplit(url).port
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-") + (f"-{port}" if port else "")
    return slug[:200] or "truong"


def find_school_by_url(store: Store, url: str) -> dict[str, Any] | None:
    """The registered school whose portal has the same host (and port) as `url`, if any."""
    netloc = urlsplit(url).netloc.lower()
    for school_id in store.school_districts():
        school = store.school(school_id)
        if urlsplit(normalise_url(school["url"])[0]).netloc.lower() == netloc:
            return school
    return None


def resolve_school(store: Store, req: AuditRequest) -> dict[str, Any]:
    """The school the request names (registered here when it is a new portal: it then needs a district and a
    rubric); InputError in Vietnamese otherwise."""
    if req.school_id:
        try:
            return store.school(req.school_id)
        except KeyError:
            raise InputError("trường", f"không có trường '{req.school_id}'") from None
    if not req.url:
        raise InputError("trường", "hãy chọn một trường hoặc nhập địa chỉ cổng thông tin")
    url = normalise_url(req.url)[0]
    known = find_school_by_url(store, url)
    if known is not None:
        return known
    district = " ".join(unicodedata.normalize("NFC", req.district or "").split())
    if not district:
        raise InputError("quận/huyện", "trường mới cần quận/huyện")
    rubric = _rubric_id(req.rubric)
    name = " ".join(unicodedata.normalize("NFC", req.name or "").split()) or None
    school_id = school_id_for(url)
    store.upsert_school(school_id, name, url, rubric, district)
    return store.school(school_id)


def _rubric_id(rubric_id: str | None) -> str:
    if not rubric_id:
        raise InputError("bộ tiêu chí", "hãy chọn bộ tiêu chí")
    try:
        return find_rubric(rubric_id).id
    except KeyError:
        raise InputError("bộ tiêu chí", f"không có bộ tiêu chí '{rubric_id}'") from None


def _year(text: str) -> str:
    try:
        return str(parse_school_year(text))
    except ValueError as exc:
        raise InputError("năm học", str(exc)) from None


# starting
def _check_sheet(sheet: Upload, rubric_id: str) -> None:
    """Read an uploaded sheet in a folder of its own (nothing kept); InputError naming the upload, never a path of
    this server."""
    name = safe_name(sheet.name)
    with tempfile.TemporaryDirectory(prefix="audit-sheet-") as folder:
        path = Path(folder) / name
        path.write_bytes(sheet.data)
        try:
            read_self_scores(path, find_rubric(rubric_id))
        except InputError as exc:
            raise InputError(name, exc.message, exc.row) from None


def check_request(settings: Settings, req: AuditRequest, rubric_id: str | None,
                  previous: dict[str, Any] | None = None) -> str:
    """Check everything an audit is started with before anything is created (year, rubric, uploads, the sheet
    read with the rubric, or the previous audit's sheet); the school year. InputError in Vietnamese."""
    year = _year(req.year)
    rubric = _rubric_id(rubric_id)
    check_uploads(settings, req.sheet, req.evidence)
    if req.sheet is not None:
        _check_sheet(req.sheet, rubric)
    elif previous is not None and previous.get("self_scores"):
        try:
            read_self_scores(previous["self_scores"], find_rubric(rubric))
        except InputError as exc:
            raise InputError(Path(previous["self_scores"]).name, exc.message, exc.row) from None
    return year


def previous_inputs(store: Store, school: dict[str, Any], year: str, run_id: int | None = None,
                    usable: Callable[[dict[str, Any]], bool] = lambda audit: True) -> dict[str, Any]:
    """What "Kiểm tra lại" reuses: the inputs of the school's newest `usable` audit of the year (else the
    registry's sheet and evidence folder), compared with `run_id` (the result looked at; else that audit's run,
    else the school's newest result of the year): {"self_scores", "evidence", "uploads", "run_id"}."""
    newest = next((a for a in store.audits_of(school["id"], year) if usable(a)), None)
    source = newest if newest is not None else school
    if run_id is None:
        run_id = newest.get("run_id") if newest is not None else None
    if run_id is None:
        run_id = next((row.get("run_id") for row in store.latest_results(year, school["id"])), None)
    return {"self_scores": source.get("self_scores"), "evidence": source.get("evidence"),
            "uploads": list((newest or {}).get("uploads") or []), "run_id": run_id}


def start_audit(store: Store, settings: Settings, dispatch: Dispatch, school: dict[str, Any], req: AuditRequest,
                user: str | None, previous: dict[str, Any] | None = None) -> str:
    """Check and keep the uploads, create the audit (a batch of this one school, of the request's kind) and hand
    it to `dispatch`; its id. `previous`: the audit re-run ("Kiểm tra lại"), whose inputs are reused unless new
    ones are sent. InputError for bad input (nothing is created); a dispatch failure is recorded on the audit."""
    rubric_id = _rubric_id(req.rubric or school["rubric"])
    year = check_request(settings, req, rubric_id, previous)
    if rubric_id != school["rubric"]:
        store.upsert_school(school["id"], school["name"], school["url"], rubric_id, school["district"],
                            school.get("self_scores"), school.get("evidence"))
    batch_id = create_new_batch(store, PREFIX.get(req.kind, "ban"), year, [school["id"]], kind=req.kind)
    inputs = store_uploads(settings, batch_id, req.sheet, req.evidence)
    if previous is not None:
        inputs["self_scores"] = inputs["self_scores"] or previous.get("self_scores")
        inputs["evidence"] = inputs["evidence"] or previous.get("evidence")
        inputs["uploads"] = inputs["uploads"] or list(previous.get("uploads") or [])
    store.create_audit(batch_id, {"school_id": school["id"], "year": year, "kind": req.kind, "created_by": user,
                                  "self_scores": inputs["self_scores"], "evidence": inputs["evidence"],
                                  "uploads": inputs["uploads"],
                                  "previous_run_id": previous.get("run_id") if previous else None})
    try:
        dispatch(batch_id, school["id"], year)
    except Exception as exc:  # noqa: BLE001 - the audit says why it never ran
        log.exception("audit %s could not be dispatched", batch_id)
        store.set_audit_error(batch_id, f"không gửi được cho máy chạy: {type(exc).__name__}: {exc}")
    return batch_id


def api_view(audit: dict[str, Any]) -> dict[str, Any]:
    """The API's answer for an audit: id, status (queued|running|done|failed), progress, result when done."""
    progress = {k: audit["progress"].get(k) for k in ("stage", "pages", "posts", "section", "documents")
                if k in audit["progress"]}
    out: dict[str, Any] = {"id": audit["id"], "status": audit["status"], "progress": progress,
                           "school": audit["school_id"], "year": audit["year"]}
    if audit.get("error"):
        out["error"] = audit["error"]
    if audit["status"] in ("done", "failed") and audit.get("result") is not None:
        out["result"] = audit["result"]
    return out


# running
class ThreadDispatcher:
    """Runs audits in this process's own worker threads (no broker): one limiter shared by all of them."""

    def __init__(self, store: Store, settings: Settings, workers: int = 2) -> None:
        self.store, self.settings = store, settings
        self.limiter = LocalHostLimiter(settings.per_host)
        self.pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="audit-desk")

    def __call__(self, audit_id: str, school_id: str, year: str) -> None:
        self.pool.submit(self._run, audit_id, school_id, year)

    def _run(self, audit_id: str, school_id: str, year: str) -> None:
        try:
            audit_inline(self.store, self.settings, school_id, year, audit_id, self.limiter)
        except Exception as exc:  # noqa: BLE001 - recorded on the run
            log.exception("audit %s failed", audit_id)
            run_id = self.store.start_run(school_id, year, audit_id, batch_id=audit_id)
            self.store.finish_run(run_id, "failed", f"{type(exc).__name__}: {exc}")

    def close(self, wait: bool = True) -> None:
        """Stop taking audits (and wait for the running ones)."""
        self.pool.shutdown(wait=wait)


class CeleryDispatcher:
    """Sends an audit to the Celery workers by task name (the crawl and evidence tasks, then the score task);
    when no worker answers a ping (or the broker cannot be reached), the audit runs in `fallback` instead of
    waiting in a queue nobody reads (the desk works with nothing else running)."""

    def __init__(self, settings: Settings, fallback: Dispatch | None = None, ping_timeout: float = 1.0) -> None:
        self.app = client(settings)
        self.fallback, self.ping_timeout = fallback, ping_timeout

    def _listening(self) -> bool:
        try:
            return workers_listening(self.app, self.ping_timeout) > 0
        except Exception:  # noqa: BLE001 - kombu/redis raise many kinds; all mean "no broker here"
            log.warning("broker unreachable: audits run in this process")
            return False

    def __call__(self, audit_id: str, school_id: str, year: str) -> None:
        if self.fallback is not None and not self._listening():
            log.info("no worker listening: audit %s runs in this process", audit_id)
            self.fallback(audit_id, school_id, year)
            return
        send_audit(self.app, school_id, year, audit_id)


def default_dispatch(store: Store, settings: Settings) -> Dispatch:
    """The workers when a broker is configured (AUDIT_BROKER_URL) and a worker listens, else this process's
    threads."""
    threads = ThreadDispatcher(store, settings, settings.desk_workers)
    if settings.broker_url:
        return CeleryDispatcher(settings, fallback=threads)
    return threads

