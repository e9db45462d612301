"""Settings, read once from the environment (and an optional KEY=VALUE file) into a frozen object.

Nothing else in the code reads os.environ: tasks and commands receive a Settings.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
TIMEZONE = "Asia/Ho_Chi_Minh"
USER_AGENT = "school-audit/0.1 (+https://github.com/school-audit/school-audit; kiem tra CNTT truong hoc)"


@dataclass(frozen=True)
class Settings:
    """Service configuration (see the README's table)."""
    data_dir: Path
    database_url: str
    broker_url: str
    crawl_delay: float
    per_host: int
    allow_networks: tuple[str, ...]
    timezone: str = TIMEZONE
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 5 * 1024 * 1024
    max_retries: int = 2
    retry_backoff: float = 1.0
    max_retry_wait: float = 60.0
    max_crawl_delay: float = 30.0
    evidence_workers: int = 2
    visibility_timeout: int = 3600            # s before a killed worker's unacknowledged task is redelivered
    host_lease_ttl: float = 180.0             # s a killed worker's per-host request slot stays taken
    registry: str | None = None               # the registry the nightly run audits
    nightly_at: str = "01:30"                 # local time (Asia/Ho_Chi_Minh) of the nightly run
    nightly_jitter: int = 1800                # s over which the nightly schools are spread
    max_age_hours: int = 36                   # schools whose last good result is older are re-queued
    full_recrawl_days: int = 7                # nights in between read listings only until known posts
    evidence_timeout: float = 60.0             # seconds of wall clock to read one evidence PDF
    evidence_memory_mb: int = 1024             # address-space cap of the process reading one PDF
    evidence_max_bytes: int = 64 * 1024 * 1024  # larger evidence files are rejected unread
    max_pages: int = 300                       # evidence with more pages is rejected
    max_image_pixels: int = 40_000_000         # a page rendered for OCR stays under this many pixels
    ocr_dpi: int = 300
    ocr_min_dpi: int = 100                     # below this (page too large for the pixel cap): no OCR
    secret_key: str | None = None              # signs the review app's sessions (None: kept in data_dir/secret_key)
    cookie_secure: bool = False                # send the session cookie over HTTPS only
    serve_host: str = "127.0.0.1"              # where `audit serve` listens
    serve_port: int = 8080
    session_hours: float = 8.0                 # a reviewer's login lasts this long
    login_max_failures: int = 5                # failed logins in a row before an account is locked
    login_lock_minutes: float = 15.0           # for this long
    school_budget: float = 2700.0              # s of wall time one school's crawl may take (0: no limit; below the crawl task's soft time limit)
    school_max_requests: int = 5000            # requests one school's crawl may make (0: no limit)
    max_page_links: int = 5000                 # links read from one page; a page with more is read up to there
    desk_workers: int = 2                      # audits the desk runs at once in its own threads (no broker)
    upload_max_files: int = 50                 # evidence files one audit may upload (a ZIP counts as one)
    upload_max_total: int = 200 * 1024 * 1024  # bytes one audit may upload in all
    politeness_key: str = "ip"                 # what one politeness limit covers: ip | domain | host (each with the port)
    resolve: tuple[str, ...] = ()              # "name:address" pairs the fetcher uses instead of DNS (like curl --resolve)


def _file_values(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_settings(env: Mapping[str, str] | None = None, config_file: Path | None = None) -> Settings:
    """Settings from a config file (AUDIT_CONFIG or the argument) overridden by the environment."""
    env = dict(os.environ if env is None else env)
    file_path = config_file or (Path(env["AUDIT_CONFIG"]) if env.get("AUDIT_CONFIG") else None)
    merged = {**_file_values(file_path), **{k: v for k, v in env.items() if k.startswith("AUDIT_")}}
    data_dir = Path(merged.get("AUDIT_DATA_DIR", "./var"))
    database = merged.get("AUDIT_DATABASE_URL") or f"sqlite:///{(data_dir / 'audit.sqlite3').as_posix()}"
    networks = tuple(n.strip() for n in merged.get("AUDIT_ALLOW_NETWORKS", "").split(",") if n.strip())
    return Settings(
        data_dir=data_dir, database_url=database,
        broker_url=merged.get("AUDIT_BROKER_URL", DEFAULT_BROKER),
        crawl_delay=float(merged.get("AUDIT_CRAWL_DELAY", "1.0")),
        per_host=int(merged.get("AUDIT_PER_HOST", "1")),
        allow_networks=networks,
        visibility_timeout=int(merged.get("AUDIT_VISIBILITY_TIMEOUT", "3600")),
        host_lease_ttl=float(merged.get("AUDIT_HOST_LEASE_TTL", "180")),
        registry=merged.get("AUDIT_REGISTRY") or None,
        nightly_at=merged.get("AUDIT_NIGHTLY_AT", "01:30"),
        nightly_jitter=int(merged.get("AUDIT_NIGHTLY_JITTER", "1800")),
        max_age_hours=int(merged.get("AUDIT_MAX_AGE_HOURS", "36")),
        full_recrawl_days=int(merged.get("AUDIT_FULL_RECRAWL_DAYS", "7")),
        secret_key=merged.get("AUDIT_SECRET_KEY") or None,
        cookie_secure=_flag(merged.get("AUDIT_COOKIE_SECURE")),
        serve_host=merged.get("AUDIT_SERVE_HOST", "127.0.0.1"),
        serve_port=int(merged.get("AUDIT_SERVE_PORT", "8080")),
        session_hours=float(merged.get("AUDIT_SESSION_HOURS", "8")),
        login_max_failures=int(merged.get("AUDIT_LOGIN_MAX_FAILURES", "5")),
        login_lock_minutes=float(merged.get("AUDIT_LOGIN_LOCK_MINUTES", "15")),
        school_budget=float(merged.get("AUDIT_SCHOOL_BUDGET", "2700")),
        school_max_requests=int(merged.get("AUDIT_SCHOOL_MAX_REQUESTS", "5000")),
        max_page_links=max(1, int(merged.get("AUDIT_MAX_PAGE_LINKS", "5000"))),
        desk_workers=max(1, int(merged.get("AUDIT_DESK_WORKERS", "2"))),
        upload_max_files=max(1, int(merged.get("AUDIT_UPLOAD_MAX_FILES", "50"))),
        upload_max_total=max(1, int(merged.get("AUDIT_UPLOAD_MAX_TOTAL_MB", "200"))) * 1024 * 1024,
        politeness_key=merged.get("AUDIT_POLITENESS_KEY", "ip").strip().lower() or "ip",
        resolve=tuple(p.strip() for p in merged.get("AUDIT_RESOLVE", "").split(",") if p.strip()),
    )
