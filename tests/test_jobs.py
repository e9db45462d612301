"""Audits started from the desk or the API, run in the serving process's threads (no broker): uploads kept by
their hash and laid out per audit, live progress on the run, the result, and a re-run reusing the inputs."""
from __future__ import annotations

import csv
import io
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from audit.config import Settings, load_settings
from audit.docgen import make_corpus, render_pdf
from audit.errors import InputError
from audit.jobs import AuditRequest, CeleryDispatcher, ThreadDispatcher, Upload, api_view, check_uploads, \
    default_dispatch, resolve_school, safe_name, start_audit
from audit.result import schema_errors
from audit.rubric import find_rubric
from audit.store import Store

RUBRIC, YEAR = "tdm-2021-2022-school", "2021-2022"


def sheet_bytes() -> bytes:
    """A self-score sheet (CSV) with every criterion at its maximum."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["STT", "NỘI DUNG", "Điểm chuẩn", "Tự chấm"])
    for c in find_rubric(RUBRIC).criteria:
        writer.writerow([c.id, c.title, c.max, c.max])
    return out.getvalue().encode("utf-8")


def pdfs(folder: Path, n: int = 3) -> list[Upload]:
    """n generated evidence PDFs as uploads."""
    return [Upload(path.name, path.read_bytes()) for path in (render_pdf(spec, folder)
                                                             for spec in make_corpus(seed=3, n=n))]


def desk_settings(tmp: Path, **changes: Any) -> Settings:
    """Settings of a desk with no broker, crawling loopback quickly."""
    env = {"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_DATA_DIR": str(tmp / "var"), "AUDIT_BROKER_URL": "",
           "AUDIT_DATABASE_URL": f"sqlite:///{tmp / 'audit.sqlite3'}"}
    return replace(load_settings(env=env), crawl_delay=0.0, max_retries=1, retry_backoff=0.05, **changes)


def wait_done(store: Store, audit_id: str, timeout: float = 240) -> dict[str, Any]:
    """The audit once finished (with its result)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        audit = store.audit(audit_id, with_result=True)
        assert audit is not None
        if audit["status"] in ("done", "failed"):
            return audit
        time.sleep(0.3)
    raise AssertionError(f"audit {audit_id} not finished after {timeout} s")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Settings, Store, ThreadDispatcher]]:
    settings = desk_settings(tmp_path)
    store = Store(settings)
    dispatch = ThreadDispatcher(store, settings)
    try:
        yield settings, store, dispatch
    finally:
        dispatch.close()
        store.close()


def test_an_audit_with_uploads_runs_in_threads_and_can_be_run_again(sim: Any, tmp_path: Path, desk: Any) -> None:
    running, manifest, crawled = sim
    settings, store, dispatch = desk
    pid = next(p for p in manifest if not crawled[p].failed and not manifest[p]["faults"])
    req = AuditRequest(year=YEAR, url=manifest[pid]["url"], name="Trường thử", district="Dĩ An", rubric=RUBRIC,
                       sheet=Upload("tự chấm.csv", sheet_bytes()), evidence=tuple(pdfs(tmp_path / "pdf")))
    school = resolve_school(store, req)
    assert school["district"] == "Dĩ An" and resolve_school(store, req)["id"] == school["id"]  # found again by URL
    audit_id = start_audit(store, settings, dispatch, school, req, "di-an")
    assert store.audit(audit_id)["status"] in ("queued", "running")
    audit = wait_done(store, audit_id)
    assert audit["status"] == "done", audit["error"]
    assert audit["progress"]["pages"] > 1 and audit["progress"]["documents"] == 3
    result = audit["result"]
    assert schema_errors(result) == []
    assert sum(1 for c in result["criteria"] if c["self"] is not None) == len(find_rubric(RUBRIC).criteria)
    assert len(result["evidence"]) == 3
    assert {u["role"] for u in audit["uploads"]} == {"self_scores", "evidence"}
    kept = settings.data_dir / "uploads"
    assert len([p for p in kept.rglob("*") if p.is_file()]) == 4   # content-addressed, once each
    view = api_view(audit)
    assert view["status"] == "done" and view["result"]["school"]["url"]

    again = start_audit(store, settings, dispatch, school, AuditRequest(year=YEAR, school_id=school["id"]),
                        "di-an", previous=audit)
    second = wait_done(store, again)
    assert second["status"] == "done" and second["previous_run_id"] == audit["run_id"]
    assert len(second["result"]["evidence"]) == 3 and second["self_scores"] == audit["self_scores"]
    assert [a["id"] for a in store.audits_of(school["id"])] == [again, audit_id]


def test_bad_uploads_are_refused_with_one_line(tmp_path: Path) -> None:
    settings = desk_settings(tmp_path, upload_max_files=2, evidence_max_bytes=10)
    with pytest.raises(InputError, match="quá nhiều tệp"):
        check_uploads(settings, None, tuple(Upload(f"{i}.pdf", b"x") for i in range(3)))
    with pytest.raises(InputError, match="lớn quá"):
        check_uploads(settings, None, (Upload("a.pdf", b"x" * 11),))
    with pytest.raises(InputError, match="rỗng"):
        check_uploads(settings, None, (Upload("a.pdf", b""),))
    with pytest.raises(InputError, match=r"\.xlsx, \.docx hoặc \.csv"):
        check_uploads(settings, Upload("bang.pdf", b"x"), ())
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("C:\\x\\Kế hoạch.pdf") == "Kế hoạch.pdf"
    assert safe_name("..") == "tep" and safe_name(".bashrc") == "bashrc" and safe_name("a\x00b.pdf") == "ab.pdf"


def test_a_bad_sheet_is_refused_before_anything_runs(tmp_path: Path, desk: Any) -> None:
    settings, store, dispatch = desk
    req = AuditRequest(year=YEAR, url="http://127.0.0.1:9/", district="Dĩ An", rubric=RUBRIC,
                       sheet=Upload("tu-cham.csv", b"khong,phai\nbang,tu cham\n"))
    school = resolve_school(store, req)
    with pytest.raises(InputError):
        start_audit(store, settings, dispatch, school, req, "di-an")
    assert store.audits_of(school["id"]) == []


def test_a_new_portal_needs_a_district_and_a_rubric(tmp_path: Path, desk: Any) -> None:
    _, store, _ = desk
    with pytest.raises(InputError, match="quận/huyện"):
        resolve_school(store, AuditRequest(year=YEAR, url="thcs-a.example.vn", rubric=RUBRIC))
    with pytest.raises(InputError, match="bộ tiêu chí"):
        resolve_school(store, AuditRequest(year=YEAR, url="thcs-a.example.vn", district="Dĩ An"))
    with pytest.raises(InputError, match="không hợp lệ"):
        resolve_school(store, AuditRequest(year=YEAR, url="http://", district="Dĩ An", rubric=RUBRIC))


def test_with_a_broker_but_no_worker_the_audit_runs_here(sim: Any, tmp_path: Path) -> None:
    """The default (a broker URL) with nothing listening there: the desk runs the audit itself, never leaves it
    queued for a worker that does not exist."""
    _, manifest, crawled = sim
    settings = replace(desk_settings(tmp_path), broker_url="redis://127.0.0.1:1/0")
    pid = next(p for p in manifest if not crawled[p].failed and not manifest[p]["faults"])
    with Store(settings) as store:
        dispatch = default_dispatch(store, settings)
        assert isinstance(dispatch, CeleryDispatcher)
        req = AuditRequest(year=YEAR, url=manifest[pid]["url"], district="Dĩ An", rubric=RUBRIC)
        started = time.monotonic()
        audit_id = start_audit(store, settings, dispatch, resolve_school(store, req), req, "di-an")
        assert time.monotonic() - started < 30
        assert wait_done(store, audit_id)["status"] == "done"
        assert dispatch.fallback is not None
        dispatch.fallback.close()   # type: ignore[attr-defined]
