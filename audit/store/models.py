"""The store's tables (SQLAlchemy 2 typed ORM); the migrations in `migrations/versions` create them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, MetaData, String, \
    Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from audit.store.types import UTCDateTime, utcnow

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    """Declarative base with deterministic constraint names."""
    metadata = MetaData(naming_convention=NAMING)


class School(Base):
    """A school of the registry."""
    __tablename__ = "schools"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    rubric: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(Text)
    self_scores: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Batch(Base):
    """A batch of schools audited for one school year."""
    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    year: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # registry: a registry's batch (nightly, `audit batch`); desk/api: one school started on the desk or the API;
    # self: a school's own check, seen by the school only until it submits it (then "submitted")
    kind: Mapped[str] = mapped_column(String(16), default="registry", server_default="registry")


class BatchSchool(Base):
    """Membership of a school in a batch."""
    __tablename__ = "batch_schools"
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    district: Mapped[str | None] = mapped_column(Text)  # the school's district when it joined the batch


class Run(Base):
    """One audit of one school for one school year, identified by its run key."""
    __tablename__ = "runs"
    __table_args__ = (UniqueConstraint("school_id", "year", "run_key", name="uq_runs_school_year_key"),
                      CheckConstraint("status IN ('running', 'done', 'failed')", name="status"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    year: Mapped[str] = mapped_column(String(9))
    run_key: Mapped[str] = mapped_column(String(200))
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("batches.id"), index=True)
    district: Mapped[str | None] = mapped_column(Text)  # the school's district in this run: who may see it
    status: Mapped[str] = mapped_column(String(16), default="running")
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    crawl_status: Mapped[str | None] = mapped_column(String(16))
    start_url: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    crawl_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    crawl_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    crawl_failure: Mapped[str | None] = mapped_column(Text)
    crawl_errors: Mapped[list[Any] | None] = mapped_column(JSON)
    crawl_complete: Mapped[bool | None] = mapped_column(Boolean)
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # live counts while it runs (pages, posts, ...)


class Snapshot(Base):
    """Raw bytes as fetched, stored once per sha256 (gzip file under data_dir/snapshots)."""
    __tablename__ = "snapshots"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Page(Base):
    """One page a run fetched."""
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("run_id", "url", "kind", name="uq_pages_run_url_kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(ForeignKey("snapshots.sha256"), index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class Post(Base):
    """A news post of a school, kept once seen (a post deleted later is flagged, never dropped)."""
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("school_id", "url", name="uq_posts_school_url"),
                      Index("ix_posts_school_published", "school_id", "published"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    date_source: Mapped[str | None] = mapped_column(String(20))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    missing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CounterReading(Base):
    """The visit counter as read by one run."""
    __tablename__ = "counter_readings"
    __table_args__ = (UniqueConstraint("school_id", "run_id", name="uq_counter_readings_school_run"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    total: Mapped[int | None] = mapped_column(Integer)
    today: Mapped[int | None] = mapped_column(Integer)
    online: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(Text)


class Document(Base):
    """One evidence document (evidence/1) of a run."""
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("run_id", "sha256", "file", name="uq_documents_run_sha_file"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(20))
    doc_type: Mapped[str | None] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Result(Base):
    """The full result document (school-audit/1) of a run."""
    __tablename__ = "results"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    crawl_status: Mapped[str | None] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CriterionResult(Base):
    """One criterion of a run's result."""
    __tablename__ = "criterion_results"
    __table_args__ = (UniqueConstraint("run_id", "criterion_id", name="uq_criterion_results_run_criterion"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    criterion_id: Mapped[str] = mapped_column(String(50))
    max_score: Mapped[float] = mapped_column(Float)
    self_score: Mapped[float | None] = mapped_column(Float)
    proposed: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)


class Decision(Base):
    """A reviewer's decision on one criterion (append-only history: the newest wins)."""
    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint("action IN ('accept', 'keep_self', 'set')", name="action"),
                      Index("ix_decisions_school_year", "school_id", "year", "criterion_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    year: Mapped[str] = mapped_column(String(9))
    criterion_id: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(Text)  # the school's district where it was decided
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """An account of the reviewers' desk: a reviewer sees the schools of their districts, an admin all."""
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'reviewer', 'school')", name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    districts: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    school_id: Mapped[str | None] = mapped_column(String(200))  # a school account's own school


class Audit(Base):
    """One school's audit started on the desk or the API (its batch has the same id), with its uploaded inputs."""
    __tablename__ = "audits"
    __table_args__ = (Index("ix_audits_school_year", "school_id", "year"),)
    id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    year: Mapped[str] = mapped_column(String(9))
    kind: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    self_scores: Mapped[str | None] = mapped_column(Text)     # the uploaded sheet (a path of the audit's folder)
    evidence: Mapped[str | None] = mapped_column(Text)        # the audit's evidence folder
    uploads: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # name, sha256, size, role of each upload
    previous_run_id: Mapped[int | None] = mapped_column(Integer)  # the result it is compared with ("Kiểm tra lại")
    error: Mapped[str | None] = mapped_column(Text)           # why it could not be started


class ApiToken(Base):
    """A bearer token of an account (only its SHA-256 is kept); revoked tokens stay, refused."""
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Submission(Base):
    """A school's submitted audit: the sheet, files and result frozen as they were when it submitted."""
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("schools.id"))
    year: Mapped[str] = mapped_column(String(9))
    audit_id: Mapped[str] = mapped_column(ForeignKey("audits.id"), unique=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    district: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"result", "uploads", "sheet"} as submitted
