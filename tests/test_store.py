"""The store against SQLite (a temporary file) and PostgreSQL (a throw-away database, one schema per test)."""
from __future__ import annotations

import gzip
import hashlib
import threading
import uuid
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from audit.config import Settings, load_settings
from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.store import Store
from audit.store.migrate import alembic_config
from audit.store.models import Base, CriterionResult, Document, Page, Post, Run, Snapshot

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
YEAR = "2022-2023"
WINDOW = (date(2022, 9, 1), date(2023, 5, 31))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    name = f"audit_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fresh_url(backend: str, tmp_path: Path, pg_database: str) -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL schema first on the search path."""
    if backend == "sqlite":
        return f"sqlite:///{(tmp_path / 'db' / 'audit.sqlite3').as_posix()}"
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{pg_database}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings pointing at an empty database of the backend and a temporary data folder."""
    pg = request.getfixturevalue("pg_database") if request.param == "postgresql" else ""
    url = _fresh_url(request.param, tmp_path, pg)
    return replace(load_settings(env={}), data_dir=tmp_path / "data", database_url=url)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """An open store with one registered school."""
    with Store(settings) as st:
        st.upsert_school("s1", "THCS A", "https://thcs-a.edu.vn/", "tdm-2021-2022-school", district="TDM")
        yield st


def _count(st: Store, model: Any, *where: Any) -> int:
    with st.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _page(url: str, kind: str, content: bytes, at: str = "2022-10-01T01:00:00+07:00",
          etag: str | None = None, modified: str | None = None) -> PageRecord:
    return PageRecord(url, kind, 200, at, hashlib.sha256(content).hexdigest(), content, etag=etag,
                      last_modified=modified)


def _outcome(*pages: PageRecord, failure: str = "") -> CrawlOutcome:
    return CrawlOutcome(start_url="https://thcs-a.edu.vn/", final_url="https://thcs-a.edu.vn/", pages=list(pages),
                        errors=[("https://thcs-a.edu.vn/x", "404")], started_at="2022-10-01T01:00:00+07:00",
                        finished_at="2022-10-01T01:05:00+07:00", failure=failure)


def _result(status: str = "ok", proposed: float | None = 2.0) -> dict[str, Any]:
    return {"schema": "school-audit/2", "crawl": {"status": status, "pages_fetched": 2, "errors": []},
            "criteria": [{"id": "1.1", "title": "Tin bài", "max": 3, "self": 3, "proposed": proposed,
                          "status": "contradicted", "reason": "thiếu tin"},
                         {"id": "1.2", "title": "Công khai", "max": 2, "self": 2, "proposed": None,
                          "status": "unverifiable", "reason": "người kiểm tra"}],
            "totals": {"max": 5, "self": 5, "proposed": proposed}}


def test_migrates_from_empty_and_reopening_is_a_no_op(settings: Settings) -> None:
    with Store(settings) as first:
        tables = set(inspect(first.engine).get_table_names())
        with first.engine.connect() as conn:
            version = conn.scalar(text("SELECT version_num FROM alembic_version"))
            assert not compare_metadata(MigrationContext.configure(conn), Base.metadata)
    head = ScriptDirectory.from_config(alembic_config(settings.database_url)).get_current_head()
    assert version == head
    assert {"schools", "batches", "batch_schools", "runs", "pages", "snapshots", "posts", "counter_readings",
            "documents", "criterion_results", "results", "decisions"} <= tables
    with Store(settings) as again:
        with again.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM alembic_version")) == 1
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head


def test_two_stores_open_a_fresh_database_at_once(settings: Settings) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def open_store() -> None:
        try:
            barrier.wait()
            with Store(settings) as st:
                st.upsert_school("s9", None, "https://x.edu.vn/", "tdm-2021-2022-school")
                st.start_run("s9", YEAR, "nightly")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store(settings) as st:
        assert _count(st, Run) == 1


def test_start_run_is_idempotent(store: Store) -> None:
    first = store.start_run("s1", YEAR, "2022-10-01")
    assert store.start_run("s1", YEAR, "2022-10-01") == first
    assert store.start_run("s1", YEAR, "2022-10-02") != first
    assert store.run_status(first) == "running"
    store.finish_run(first, "failed", "portal down")
    assert store.run_status(first) == "failed"
    assert store.start_run("s1", YEAR, "2022-10-01") == first  # redelivered: runs again
    assert store.run_status(first) == "running"
    assert _count(store, Run) == 2
    with pytest.raises(ValueError):
        store.finish_run(first, "half-done")


def test_unique_constraints_hold_in_the_database(store: Store) -> None:
    store.start_run("s1", YEAR, "k")
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(Run).values(school_id="s1", year=YEAR, run_key="k", status="running",
                                                   started_at=datetime.now(timezone.utc)))


def test_crawl_pages_and_snapshots(store: Store, settings: Settings) -> None:
    home, listing = b"<html>trang chu</html>", "<p>Tin tức</p>".encode()
    r1, r2 = store.start_run("s1", YEAR, "n1"), store.start_run("s1", YEAR, "n2")
    outcome = _outcome(_page("https://thcs-a.edu.vn/", "home", home, etag='"a1"'),
                       _page("https://thcs-a.edu.vn/tin-tuc", "listing", listing),
                       _page("https://thcs-a.edu.vn/tin-tuc", "listing", listing))  # fetched twice: one row
    store.save_crawl(r1, outcome)
    store.save_crawl(r1, outcome)  # redelivered
    store.save_crawl(r2, _outcome(_page("https://thcs-a.edu.vn/", "home", home)))
    assert _count(store, Page, Page.run_id == r1) == 2
    assert _count(store, Page) == 3
    assert _count(store, Snapshot) == 2
    sha = hashlib.sha256(home).hexdigest()
    path = settings.data_dir / "snapshots" / sha[:2] / sha[2:4] / f"{sha}.gz"
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(path.read_bytes()) == home
    assert store.snapshot(sha) == home
    assert store.snapshot(hashlib.sha256(listing).hexdigest()) == listing
    with pytest.raises(KeyError):
        store.snapshot("0" * 64)
    pages = store.pages(r1)
    assert pages[0]["etag"] == '"a1"' and pages[0]["fetched_at"] == "2022-09-30T18:00:00+00:00"
    with store.engine.connect() as conn:
        run = conn.execute(select(Run.crawl_status, Run.crawl_errors).where(Run.id == r1)).one()
    assert run.crawl_status == "partial" and run.crawl_errors == [{"url": "https://thcs-a.edu.vn/x", "error": "404"}]


def test_page_validators_come_from_the_newest_fetch(store: Store) -> None:
    r1, r2 = store.start_run("s1", YEAR, "n1"), store.start_run("s1", YEAR, "n2")
    store.save_crawl(r1, _outcome(_page("https://thcs-a.edu.vn/", "home", b"v1", "2022-10-01T00:00:00+00:00",
                                        etag='"old"', modified="Sat, 01 Oct 2022 00:00:00 GMT"),
                                  _page("https://thcs-a.edu.vn/a", "page", b"a", etag='"a"')))
    store.save_crawl(r2, _outcome(_page("https://thcs-a.edu.vn/", "home", b"v2", "2022-10-02T00:00:00+00:00",
                                        etag='"new"')))
    sha = {c: hashlib.sha256(c).hexdigest() for c in (b"v2", b"a")}
    assert store.page_validators("s1") == {"https://thcs-a.edu.vn/": ('"new"', None, sha[b"v2"]),
                                           "https://thcs-a.edu.vn/a": ('"a"', None, sha[b"a"])}


def _item(n: int, day: str) -> dict[str, Any]:
    return {"url": f"https://thcs-a.edu.vn/tin-{n}", "title": f"Tin {n}", "published": day, "date_source": "listing"}


def test_a_deleted_post_still_counts_for_its_year(store: Store) -> None:
    r1, r2 = store.start_run("s1", YEAR, "n1"), store.start_run("s1", YEAR, "n2")
    store.save_posts("s1", YEAR, r1, [_item(1, "2022-09-05"), _item(2, "2022-10-10"), _item(3, "2023-08-01")])
    store.save_posts("s1", YEAR, r1, [_item(1, "2022-09-05"), _item(2, "2022-10-10"), _item(3, "2023-08-01")])
    store.save_posts("s1", YEAR, r2, [_item(1, "2022-09-05"), _item(4, "2022-11-01")])
    assert _count(store, Post) == 4
    posts = {p["url"].rsplit("-", 1)[1]: p for p in store.posts_for("s1", WINDOW)}
    assert sorted(posts) == ["1", "2", "4"]  # 3 lies outside the window
    assert posts["2"]["deleted"] is True and posts["2"]["missing_since"]
    assert posts["1"]["deleted"] is False and posts["4"]["deleted"] is False
    assert posts["1"]["first_seen"] <= posts["1"]["last_seen"]
    assert posts["2"]["published"] == "2022-10-10" and posts["2"]["title"] == "Tin 2"
    assert store.known_post_urls("s1") == {f"https://thcs-a.edu.vn/tin-{n}" for n in (1, 2, 3, 4)}
    store.save_posts("s1", YEAR, store.start_run("s1", YEAR, "n3"), [_item(2, "2022-10-10")])  # back again
    assert {p["url"][-1]: p["deleted"] for p in store.posts_for("s1", WINDOW)}["2"] is False
    store.save_posts("s1", YEAR, store.start_run("s1", YEAR, "n4"), [])  # nothing read: nothing flagged
    assert not any(p["deleted"] for p in store.posts_for("s1", WINDOW) if p["url"].endswith("-2"))


def test_counter_readings_accumulate(store: Store) -> None:
    r1, r2 = store.start_run("s1", YEAR, "n1"), store.start_run("s1", YEAR, "n2")
    store.save_counter("s1", r1, {"at": "2022-10-01T01:00:00+07:00", "total": 1000, "today": 5,
                                  "url": "https://thcs-a.edu.vn/"})
    store.save_counter("s1", r1, {"at": "2022-10-01T01:00:00+07:00", "total": 1000, "today": 5,
                                  "url": "https://thcs-a.edu.vn/"})
    store.save_counter("s1", r2, {"at": "2022-10-08T01:00:00+07:00", "total": 1700, "online": 3})
    store.save_counter("s1", store.start_run("s1", YEAR, "n3"), None)
    readings = store.counter_readings("s1")
    assert [r["total"] for r in readings] == [1000, 1700]
    assert readings[0] == {"at": "2022-09-30T18:00:00+00:00", "total": 1000, "today": 5, "online": None,
                           "url": "https://thcs-a.edu.vn/"}


def test_documents_and_results_are_saved_once(store: Store) -> None:
    run = store.start_run("s1", YEAR, "n1")
    docs: list[dict[str, Any]] = [{"file": "qd.pdf", "sha256": "ab" * 32, "status": "parsed", "doc_type": "QĐ", "number": "12/QĐ-THCS",
             "issued_on": "2022-09-15", "criteria": ["1.1"], "flags": []},
            {"file": "copy.pdf", "sha256": "ab" * 32, "status": "parsed", "issued_on": None, "flags": []}]
    store.save_documents(run, docs)
    store.save_documents(run, docs)
    assert _count(store, Document) == 2
    assert store.documents(run)[0]["number"] == "12/QĐ-THCS"
    store.save_result(run, _result())
    store.save_result(run, _result(proposed=2.5))
    assert _count(store, CriterionResult) == 2
    assert store.criterion_results(run)[0] == {"id": "1.1", "max": 3, "self": 3, "proposed": 2.5,
                                               "status": "contradicted", "reason": "thiếu tin"}
    assert store.last_result("s1", YEAR) == _result(proposed=2.5)


def test_last_result_skips_failed_crawls(store: Store) -> None:
    good, bad = store.start_run("s1", YEAR, "n1"), store.start_run("s1", YEAR, "n2")
    store.save_result(good, _result())
    store.finish_run(good, "done")
    store.save_result(bad, _result(status="failed", proposed=None))
    store.finish_run(bad, "done")
    assert store.last_result("s1", YEAR) == _result()
    assert store.last_result("s1", YEAR, good_only=False) == _result(status="failed", proposed=None)
    assert store.last_result("s1", "2021-2022") is None


def test_batch_progress_and_pending_schools(store: Store) -> None:
    for sid in ("s2", "s3"):
        store.upsert_school(sid, None, f"https://{sid}.edu.vn/", "tdm-2021-2022-school")
    store.upsert_school("s2", "THCS B", "https://s2.edu.vn/", "tdm-2021-2022-school")  # updated, not doubled
    assert store.school("s2")["name"] == "THCS B"
    store.create_batch("b1", YEAR, ["s1", "s2", "s3"])
    store.create_batch("b1", YEAR, ["s1", "s2", "s3"])
    assert store.batch_year("b1") == YEAR
    assert store.batch_progress("b1") == {"done": 0, "failed": 0, "pending": 3, "total": 3,
                                          "schools": {"s1": "pending", "s2": "pending", "s3": "pending"}}
    store.finish_run(store.start_run("s1", YEAR, "b1", batch_id="b1"), "done")
    store.finish_run(store.start_run("s2", YEAR, "b1", batch_id="b1"), "failed", "timeout")
    store.start_run("s3", YEAR, "b1", batch_id="b1")
    progress = store.batch_progress("b1")
    assert (progress["done"], progress["failed"], progress["pending"], progress["total"]) == (1, 1, 1, 3)
    assert progress["schools"] == {"s1": "done", "s2": "failed", "s3": "running"}
    assert store.pending_schools("b1") == ["s3"]


def test_decisions_are_append_only(store: Store) -> None:
    first = store.add_decision("s1", YEAR, "1.1", "accept", None, "đúng", "an")
    second = store.add_decision("s1", YEAR, "1.1", "set", 1.5, "thiếu 2 tuần", "binh")
    store.add_decision("s1", YEAR, "1.2", "keep_self", None, "", "an")
    assert second > first
    history = store.decisions("s1", YEAR)
    assert [(d["criterion_id"], d["action"], d["user"]) for d in history] == [
        ("1.1", "accept", "an"), ("1.1", "set", "binh"), ("1.2", "keep_self", "an")]
    latest = store.latest_decisions("s1", YEAR)
    assert latest["1.1"]["score"] == 1.5 and latest["1.1"]["id"] == second and latest["1.2"]["action"] == "keep_self"
    assert datetime.fromisoformat(latest["1.1"]["created_at"]).tzinfo is not None
    assert store.decisions("s1", "2021-2022") == []
    with pytest.raises(ValueError):
        store.add_decision("s1", YEAR, "1.1", "approve", None, "", "an")


def test_batches_and_their_results(store: Store) -> None:
    store.upsert_school("s2", "THCS B", "https://s2.edu.vn/", "tdm-2021-2022-school", district="Dĩ An")
    store.create_batch("b1", YEAR, ["s1", "s2"])
    run = store.start_run("s1", YEAR, "b1", batch_id="b1")
    store.save_result(run, _result())
    store.finish_run(run, "done")
    assert [(b["id"], b["year"], b["schools"]) for b in store.batches()] == [("b1", YEAR, ["s1", "s2"])]
    rows = store.batch_results("b1")
    assert [(r["school"]["id"], r["school"]["district"], r["status"], r["run_id"]) for r in rows] == \
        [("s1", "TDM", "done", run), ("s2", "Dĩ An", "pending", None)]
    assert rows[0]["result"] == _result() and rows[1]["result"] is None


def test_one_school_of_a_batch_and_who_may_see_a_snapshot(store: Store) -> None:
    store.upsert_school("s2", "THCS B", "https://s2.edu.vn/", "tdm-2021-2022-school", district="Dĩ An")
    store.create_batch("b1", YEAR, ["s1"])
    run = store.start_run("s1", YEAR, "b1", batch_id="b1")
    store.save_crawl(run, _outcome(_page("https://thcs-a.edu.vn/", "home", b"trang chu")))
    store.save_result(run, _result())
    row = store.batch_school("b1", "s1")
    assert row is not None and row["run_id"] == run and row["result"] == _result()
    assert store.batch_school("b1", "s2") is None and store.batch_school("nope", "s1") is None
    assert store.school_districts() == {"s1": "TDM", "s2": "Dĩ An"}
    assert store.snapshot_districts(hashlib.sha256(b"trang chu").hexdigest()) == ["TDM"]
    assert store.snapshot_districts("0" * 64) == []
