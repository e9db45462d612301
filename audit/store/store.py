"""The Store: one engine per instance, migrated on open; every method is one transaction."""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy.orm import Session, sessionmaker

from audit.config import Settings
from audit.crawl.outcome import CrawlOutcome
from audit.store import audits, crawls, decisions, posts, readers, results, runs, submissions, tokens, users
from audit.store.decisions import CURRENT, EVERY, District
from audit.store.engine import make_engine
from audit.store.migrate import sqlite_path, upgrade
from audit.store.snapshots import SnapshotFiles


class Store:
    """Schools, runs, pages, posts, counters, documents, results and decisions, plus raw-byte snapshots."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        path = sqlite_path(self.engine)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.files = SnapshotFiles(Path(settings.data_dir) / "snapshots")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            upgrade(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # schools, batches, runs
    def upsert_school(self, school_id: str, name: str | None, url: str, rubric: str, district: str | None = None,
                      self_scores: str | None = None, evidence: str | None = None) -> None:
        """Create or update a school of the registry."""
        with self._tx() as s:
            runs.upsert_school(s, school_id, {"name": name, "url": url, "rubric": rubric, "district": district,
                                              "self_scores": self_scores, "evidence": evidence})

    def school(self, school_id: str) -> dict[str, Any]:
        """The school's registry fields; KeyError for an unknown school."""
        with self._tx() as s:
            return runs.school_fields(s, school_id)

    def create_batch(self, batch_id: str, year: str, school_ids: list[str], new: bool = False,
                     kind: str = "registry") -> None:
        """Create a batch of (already registered) schools, each kept with its district now; idempotent, unless
        `new`: then an id already taken raises IntegrityError and nothing is written."""
        with self._tx() as s:
            runs.create_batch(s, batch_id, year, school_ids, new, kind)

    def batch_year(self, batch_id: str) -> str:
        """The school year of a batch; KeyError for an unknown batch."""
        with self._tx() as s:
            return runs.get_batch(s, batch_id).year

    def start_run(self, school_id: str, year: str, run_key: str, batch_id: str | None = None) -> int:
        """The id of the run (school, year, run_key), created the first time."""
        with self._tx() as s:
            return runs.start_run(s, school_id, year, run_key, batch_id)

    def finish_run(self, run_id: int, status: str, error: str | None = None) -> None:
        """Mark a run "done" or "failed"."""
        with self._tx() as s:
            submissions.check_open(s, run_id)
            runs.finish_run(s, run_id, status, error)

    def run_status(self, run_id: int) -> str:
        """running, done or failed."""
        with self._tx() as s:
            return runs.get_run(s, run_id).status

    def batch_progress(self, batch_id: str) -> dict[str, Any]:
        """{"done", "failed", "pending", "total", "schools": {school_id: status}}."""
        with self._tx() as s:
            return runs.batch_progress(s, batch_id)

    def pending_schools(self, batch_id: str) -> list[str]:
        """Schools of the batch without a finished run (to enqueue again)."""
        with self._tx() as s:
            return [sid for sid, st in runs.school_statuses(s, batch_id).items() if st not in runs.FINISHED]

    # audits started on the desk or the API
    def create_audit(self, audit_id: str, fields: dict[str, Any]) -> None:
        """Record the audit of a batch just created with the same id (school_id, year, kind, created_by,
        self_scores, evidence, uploads, previous_run_id)."""
        with self._tx() as s:
            audits.create_audit(s, audit_id, fields)

    def audit(self, audit_id: str, with_result: bool = False) -> dict[str, Any] | None:
        """The audit with its status (queued, running, done, failed), progress, run and district; None if unknown."""
        with self._tx() as s:
            return audits.audit(s, audit_id, with_result)

    def audits_of(self, school_id: str, year: str | None = None) -> list[dict[str, Any]]:
        """The school's audits, newest first."""
        with self._tx() as s:
            return audits.audits_of(s, school_id, year)

    def audit_inputs(self, school_id: str, run_key: str) -> dict[str, Any] | None:
        """The uploaded sheet and evidence of the audit a run key belongs to (None: a registry run)."""
        with self._tx() as s:
            return audits.inputs(s, school_id, run_key)

    def set_audit_error(self, audit_id: str, error: str) -> None:
        """Note why an audit could not be started."""
        with self._tx() as s:
            audits.set_error(s, audit_id, error)

    def set_progress(self, run_id: int, progress: dict[str, Any]) -> None:
        """Merge live counts into a run's progress."""
        with self._tx() as s:
            audits.set_progress(s, run_id, progress)

    def run_result(self, run_id: int, with_result: bool = True) -> dict[str, Any] | None:
        """A run (school_id, year, batch_id, its batch's kind, district, status) with its result document when
        asked; None if unknown."""
        with self._tx() as s:
            return audits.run_result(s, run_id, with_result)

    def schools(self) -> list[dict[str, Any]]:
        """Every registered school (id, name, url, rubric, district), by district then name."""
        with self._tx() as s:
            return audits.schools(s)

    # a school's submitted self-checks
    def submit(self, audit_id: str, username: str) -> dict[str, Any]:
        """Freeze a finished self-check as a submission its district's reviewers see; SubmitError (Vietnamese)
        when it cannot be, AlreadySubmitted when it was before."""
        with self._tx() as s:
            return submissions.submit(s, audit_id, username)

    def submission(self, audit_id: str, with_data: bool = False) -> dict[str, Any] | None:
        """The audit's submission (with its frozen data when asked), or None."""
        with self._tx() as s:
            return submissions.submission_of(s, audit_id, with_data)

    def submissions(self, school_id: str | None = None, year: str | None = None) -> list[dict[str, Any]]:
        """Submissions (of one school, one school year), newest first."""
        with self._tx() as s:
            return submissions.submissions(s, school_id, year)

    def submitted_run(self, school_id: str, year: str, run_key: str) -> int | None:
        """The run of the submitted audit with this run key (None: not submitted): it never runs again."""
        with self._tx() as s:
            return submissions.submitted_run(s, school_id, year, run_key)

    # crawls and snapshots
    def save_crawl(self, run_id: int, outcome: CrawlOutcome) -> None:
        """Record the crawl's pages (replacing any earlier save of this run) and keep their bytes."""
        with self._tx() as s:
            submissions.check_open(s, run_id)
            crawls.save_crawl(s, self.files, run_id, outcome)

    def pages(self, run_id: int) -> list[dict[str, Any]]:
        """The run's fetched pages."""
        with self._tx() as s:
            return crawls.pages_of(s, run_id)

    def page_validators(self, school_id: str) -> dict[str, tuple[str | None, str | None, str]]:
        """URL → (ETag, Last-Modified, sha256) of the newest fetch, for conditional requests."""
        with self._tx() as s:
            return crawls.page_validators(s, school_id)

    def recent_pages(self, school_id: str, kinds: tuple[str, ...], since: datetime) -> dict[str, tuple[str, str]]:
        """URL → (sha256, ISO time read) of the school's newest good read of each page of these kinds since then."""
        with self._tx() as s:
            return crawls.recent_pages(s, school_id, kinds, since)

    def last_complete_crawl(self, school_id: str, other_than: int | None = None,
                            year: str | None = None) -> datetime | None:
        """When the school's newest complete crawl (every listing read through) finished, not counting
        run `other_than` (a redelivered crawl is judged by the runs before it) and, with `year`, only crawls
        of that school year or an earlier one (they read back at least as far); None if never."""
        with self._tx() as s:
            return crawls.last_complete_crawl(s, school_id, other_than, year)

    def snapshot(self, sha256: str) -> bytes:
        """The raw bytes as fetched; KeyError when unknown."""
        return self.files.get(sha256)

    # posts and counters
    def save_posts(self, school_id: str, year: str, run_id: int, items: list[dict[str, Any]],
                   complete: bool = True) -> None:
        """Record the posts a run saw (posts.items); after a complete reading, earlier ones not seen are flagged."""
        with self._tx() as s:
            posts.save_posts(s, school_id, year, run_id, items, complete)

    def posts_for(self, school_id: str, year_window: tuple[date, date]) -> list[dict[str, Any]]:
        """Every post ever seen dated in the window, with "deleted" True for those gone from the site."""
        with self._tx() as s:
            return posts.posts_for(s, school_id, year_window)

    def post_history(self, school_id: str) -> dict[str, list[dict[str, Any]]]:
        """{"posts": every post ever seen with first/last seen and runs, "crawls": every run with its crawl times
        and completeness}, read in one transaction (the input of `audit.integrity`)."""
        with self._tx() as s:
            return {"posts": posts.post_history(s, school_id), "crawls": crawls.crawl_history(s, school_id)}

    def known_post_urls(self, school_id: str) -> set[str]:
        """URLs of the school's posts ever seen."""
        with self._tx() as s:
            return posts.known_post_urls(s, school_id)

    def save_counter(self, school_id: str, run_id: int, reading: dict[str, Any] | None) -> None:
        """Keep a run's visit-counter reading (None: nothing to keep)."""
        with self._tx() as s:
            posts.save_counter(s, school_id, run_id, reading)

    def counter_readings(self, school_id: str) -> list[dict[str, Any]]:
        """All readings of the school, oldest first."""
        with self._tx() as s:
            return posts.counter_readings(s, school_id)

    # documents, results, decisions
    def save_documents(self, run_id: int, docs: list[dict[str, Any]]) -> None:
        """Replace the run's evidence documents (evidence/1 dicts)."""
        with self._tx() as s:
            submissions.check_open(s, run_id)
            results.save_documents(s, run_id, docs)

    def keep_document_files(self, docs: list[dict[str, Any]]) -> int:
        """Keep a copy of each evidence file beside the page snapshots (a school's folder may change later);
        files gone or changed since they were read are skipped. How many were kept."""
        blobs = []
        for doc in docs:
            path, sha256 = Path(str(doc.get("file") or "")), str(doc.get("sha256") or "")
            content = path.read_bytes() if sha256 and path.is_file() else b""
            if content and hashlib.sha256(content).hexdigest() == sha256:
                blobs.append((sha256, content))
        with self._tx() as s:
            crawls.store_bytes(s, self.files, blobs)
        return len(blobs)

    def document_districts(self, sha256: str) -> list[str | None]:
        """Districts of the runs that read an evidence file with these bytes, as each school had then (who may
        download it)."""
        with self._tx() as s:
            return results.document_districts(s, sha256)

    def documents(self, run_id: int) -> list[dict[str, Any]]:
        """The run's evidence documents."""
        with self._tx() as s:
            return results.documents_of(s, run_id)

    def save_result(self, run_id: int, result: dict[str, Any]) -> None:
        """Replace the run's result document and criterion rows."""
        with self._tx() as s:
            submissions.check_open(s, run_id)
            results.save_result(s, run_id, result)

    def criterion_results(self, run_id: int) -> list[dict[str, Any]]:
        """The run's criterion rows."""
        with self._tx() as s:
            return results.criterion_rows(s, run_id)

    def stale_schools(self, year: str, before: datetime) -> list[str]:
        """Schools without a good result for the year since `before` (never audited first)."""
        with self._tx() as s:
            return results.stale_schools(s, year, before)

    def last_result(self, school_id: str, year: str, good_only: bool = True) -> dict[str, Any] | None:
        """The newest result document (good_only: skip runs whose crawl or run failed)."""
        with self._tx() as s:
            return results.last_result(s, school_id, year, good_only)

    def batches(self) -> list[dict[str, Any]]:
        """Every batch, newest first: id, year, created_at, schools (ids)."""
        with self._tx() as s:
            return results.batches(s)

    def batch_results(self, batch_id: str) -> list[dict[str, Any]]:
        """Each school of the batch with its run (run_id, status) and result document (None before scoring)."""
        with self._tx() as s:
            return results.batch_results(s, batch_id)

    def latest_results(self, year: str, school_id: str | None = None) -> list[dict[str, Any]]:
        """Each school's newest result of the year (a good one if any), shaped like `batch_results` rows."""
        with self._tx() as s:
            return results.latest_results(s, year, school_id)

    def latest_statuses(self, year: str) -> dict[str, str]:
        """School id → run status of each school's newest result of the year (cheap: no documents read)."""
        with self._tx() as s:
            return results.latest_statuses(s, year)

    def batch_school(self, batch_id: str, school_id: str) -> dict[str, Any] | None:
        """One school's row of `batch_results`, or None when the school is not in the batch."""
        with self._tx() as s:
            return results.batch_school(s, batch_id, school_id)

    def school_districts(self) -> dict[str, str | None]:
        """School id → district now, for every registered school (access follows `batch_districts`)."""
        with self._tx() as s:
            return results.school_districts(s)

    def batch_districts(self, batch_id: str) -> dict[str, str | None]:
        """School id → the district it had in the batch (who may see it there); KeyError for an unknown batch."""
        with self._tx() as s:
            return results.batch_districts(s, batch_id)

    def latest_districts(self, year: str) -> dict[str, str | None]:
        """School id → its district in the run of its newest result of the year."""
        with self._tx() as s:
            return results.latest_districts(s, year)

    def snapshot_districts(self, sha256: str) -> list[str | None]:
        """Districts of the runs that fetched these bytes, as each school had then (who may see the snapshot)."""
        with self._tx() as s:
            return results.snapshot_districts(s, sha256)

    def snapshot_readers(self, sha256: str) -> list[dict[str, Any]]:
        """Each run that fetched these bytes: school_id, district then, kind of its batch (who may see them)."""
        with self._tx() as s:
            return readers.snapshot_readers(s, sha256)

    def document_readers(self, sha256: str) -> list[dict[str, Any]]:
        """Each run that read an evidence file with these bytes: school_id, district then, kind of its batch."""
        with self._tx() as s:
            return readers.document_readers(s, sha256)

    def snapshot_url(self, sha256: str) -> str | None:
        """The URL of the first page fetched with these bytes (links of its inert copy resolve against it)."""
        with self._tx() as s:
            return results.snapshot_url(s, sha256)

    def add_decision(self, school_id: str, year: str, criterion_id: str, action: str, score: float | None,
                     note: str, user: str, district: District = CURRENT) -> int:
        """Append a reviewer's decision (accept, keep_self or set) on the school as of `district` (its district in
        the batch decided on; by default its district now); its id."""
        with self._tx() as s:
            return decisions.add_decision(s, school_id, year, criterion_id, action, score, note, user, district)

    def decisions(self, school_id: str, year: str, district: District = EVERY) \
            -> list[dict[str, Any]]:
        """The decision history (one district's when given), oldest first."""
        with self._tx() as s:
            return decisions.decisions(s, school_id, year, district)

    def latest_decisions_for(self, school_ids: list[str], year: str,
                             districts: dict[str, str | None] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
        """School id → criterion id → newest decision, for many schools at once (each of its district in
        `districts` when given)."""
        with self._tx() as s:
            return decisions.latest_for_schools(s, school_ids, year, districts)

    def latest_decisions(self, school_id: str, year: str, district: District = EVERY) \
            -> dict[str, dict[str, Any]]:
        """Criterion id → newest decision (one district's when given)."""
        with self._tx() as s:
            return decisions.latest_decisions(s, school_id, year, district)

    # accounts of the reviewers' desk
    def add_user(self, username: str, password_hash: str, role: str, districts: list[str],
                 school_id: str | None = None) -> int:
        """Create an active account (admin, reviewer, or school tied to its existing `school_id`); ValueError when
        the name is taken, KeyError for an unknown school."""
        with self._tx() as s:
            return users.add_user(s, username, password_hash, role, districts, school_id)

    def user(self, username: str) -> dict[str, Any] | None:
        """The account (id, username, password_hash, role, districts, active, created_at), or None."""
        with self._tx() as s:
            return users.user(s, username)

    def users(self) -> list[dict[str, Any]]:
        """Every account, by name."""
        with self._tx() as s:
            return users.users(s)

    def set_password(self, username: str, password_hash: str) -> None:
        """Replace an account's password hash; KeyError for an unknown account."""
        with self._tx() as s:
            users.set_password(s, username, password_hash)

    def record_login(self, username: str, ok: bool, max_failures: int, lock: timedelta) -> None:
        """Count a failed login (lock the account for `lock` after `max_failures` in a row) or reset after a good one."""
        with self._tx() as s:
            users.record_login(s, username, ok, max_failures, lock)

    def end_sessions(self, username: str) -> None:
        """End every session of the account (logging out; KeyError for an unknown account)."""
        with self._tx() as s:
            users.end_sessions(s, username)

    def set_active(self, username: str, active: bool) -> None:
        """Enable or disable an account; KeyError for an unknown account."""
        with self._tx() as s:
            users.set_active(s, username, active)

    # API tokens
    def add_token(self, username: str, token_hash: str) -> int:
        """Keep a new API token's SHA-256 for the account (the token itself is never stored)."""
        with self._tx() as s:
            return tokens.add_token(s, username, token_hash)

    def token_owner(self, token_hash: str) -> str | None:
        """The username of the API token with this SHA-256 unless it is revoked, else None."""
        with self._tx() as s:
            return tokens.token_owner(s, token_hash)

    def revoke_tokens(self, username: str) -> int:
        """Revoke every active API token of the account; how many were."""
        with self._tx() as s:
            return tokens.revoke_tokens(s, username)

    def token_counts(self) -> dict[str, int]:
        """Username → its API tokens not revoked."""
        with self._tx() as s:
            return tokens.active_counts(s)
