"""One school's audit as three steps (crawl, evidence, score), each load → core → save.

The same functions run inline (`audit batch --inline`) and inside Celery tasks. Every step is
idempotent for (school, school year, run key): a redelivered task overwrites its own run's
rows and files instead of adding new ones. Intermediate findings and documents are kept as
JSON files of the run, so the score step needs nothing from the broker.
"""
from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from audit.config import Settings
from audit.assess import assess
from audit.crawl.memory import REUSED_KINDS, Memory, Validator, full_crawl_due, remembered
from audit.crawl.progress import CrawlProgress, ProgressHook, safe
from audit.crawl.report import crawl_section
from audit.evidence.match import issuer_flags
from audit.evidence.run import named_within, parse_files
from audit.fetch import Fetcher
from audit.integrity import integrity_findings
from audit.fetch.limiter import HostLimiter
from audit.findings import Finding, findings_from_json
from audit.rubric import find_rubric
from audit.school import crawl_and_check, normalise_url
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores
from audit.store import Store
from audit.store.types import utcnow


def _run_dir(settings: Settings, run_id: int) -> Path:
    folder = settings.data_dir / "runs" / str(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(path: Path, data: Any) -> None:
    """Write JSON atomically (a killed worker never leaves half a file)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def _finding_json(f: Finding) -> dict[str, Any]:
    return {"status": f.status, "values": dict(f.values), "evidence": list(f.evidence), "reason": f.reason}


PROGRESS_EVERY = 1.0   # s between two writes of a run's live progress


def stored_progress(store: Store, run_id: int, every: float = PROGRESS_EVERY) -> ProgressHook:
    """A crawl progress hook that keeps the counts on the run (at most once a second; the last one is written by
    the step itself), for the desk and the API to show while the run goes on, whatever process runs it."""
    last = [0.0]

    def hook(event: CrawlProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            store.set_progress(run_id, {"stage": "crawl", "pages": event.pages, "posts": event.posts,
                                        "section": event.section})
    return hook


def frozen(store: Store, school_id: str, year: str, run_key: str) -> dict[str, Any] | None:
    """A step's answer when its run was submitted by the school (a redelivered step changes nothing), else None."""
    run_id = store.submitted_run(school_id, year, run_key)
    return {"run_id": run_id, "frozen": True} if run_id is not None else None


def crawl_step(store: Store, settings: Settings, school_id: str, year: str, run_key: str,
               limiter: HostLimiter | None = None) -> dict[str, Any]:
    """Crawl the school's portal; save pages, posts and the counter; keep the findings."""
    if (done := frozen(store, school_id, year, run_key)) is not None:
        return done
    school = store.school(school_id)
    rubric, sy = find_rubric(school["rubric"]), parse_school_year(year)
    run_id = store.start_run(school_id, year, run_key, batch_id=run_key)
    store.set_progress(run_id, {"stage": "crawl", "pages": 0, "posts": 0, "section": ""})
    window = sy.resolve(rubric.window)
    memory = crawl_memory(store, settings, school_id, run_id, year)
    fetcher = Fetcher(settings, limiter=limiter)
    try:
        outcome, findings = crawl_and_check(normalise_url(school["url"]), fetcher, rubric, window,
                                            store.counter_readings(school_id), memory,
                                            safe(stored_progress(store, run_id)))
    finally:
        fetcher.close()
    posts_found = len(findings["posts"].values.get("items", [])) if findings["posts"].tested else None
    store.set_progress(run_id, {"crawled": True, "pages": len(outcome.pages), "posts_in_window": posts_found})
    store.save_crawl(run_id, outcome)
    if findings["posts"].tested:
        seen = [i for i in findings["posts"].values.get("items", []) if not i.get("remembered")]
        store.save_posts(school_id, year, run_id, seen, complete=outcome.complete)
    store.save_counter(school_id, run_id, outcome.counter)
    _write(_run_dir(settings, run_id) / "crawl.json",
           {"crawl": crawl_section(outcome), "findings": {k: _finding_json(v) for k, v in findings.items()}})
    return {"run_id": run_id, "crawl": crawl_section(outcome)["status"]}


def crawl_memory(store: Store, settings: Settings, school_id: str, run_id: int, year: str) -> Memory:
    """What earlier runs saw; incremental only after a complete crawl of another run, of this school year or an
    earlier one (a later year's crawl never read back this far), within full_recrawl_days and not on the school's
    own night of the cycle (full readings spread over the days; a redelivered first crawl stays complete)."""
    posts, deleted = remembered(store.posts_for(school_id, (date.min, date.max)))
    validators = {url: Validator(*v) for url, v in store.page_validators(school_id).items()}
    last_full = store.last_complete_crawl(school_id, other_than=run_id, year=year)
    fresh = not full_crawl_due(school_id, last_full, utcnow(), settings.full_recrawl_days)
    kept = store.recent_pages(school_id, REUSED_KINDS, utcnow() - timedelta(days=settings.full_recrawl_days)) \
        if fresh else {}
    return Memory(posts, deleted, validators, store.snapshot, incremental=fresh and bool(posts), kept=kept)


def inputs_of(store: Store, school_id: str, run_key: str) -> dict[str, Any]:
    """The sheet and evidence a run reads: its audit's uploads when it belongs to one, else the registry's."""
    school = store.school(school_id)
    uploaded = store.audit_inputs(school_id, run_key)
    return {**school, **uploaded} if uploaded is not None else school


def evidence_step(store: Store, settings: Settings, school_id: str, year: str, run_key: str) -> dict[str, Any]:
    """Parse the school's evidence folder (if any) and keep its documents."""
    if (done := frozen(store, school_id, year, run_key)) is not None:
        return done
    school = inputs_of(store, school_id, run_key)
    run_id = store.start_run(school_id, year, run_key, batch_id=run_key)

    def parsed(count: int) -> None:
        store.set_progress(run_id, {"documents": count})
    docs = parse_files([school["evidence"]], settings, parsed) if school.get("evidence") else []
    store.keep_document_files(docs)                 # read from where they are, then named as the school sent them
    if docs:
        named_within(docs, school["evidence"])
    issuer_flags(docs, school.get("name"))
    store.save_documents(run_id, docs)
    store.set_progress(run_id, {"documents": len(docs), "evidence_read": True})
    _write(_run_dir(settings, run_id) / "documents.json", docs)
    return {"run_id": run_id, "documents": len(docs)}


def score_step(store: Store, settings: Settings, school_id: str, year: str, run_key: str) -> dict[str, Any]:
    """Score what the crawl and the evidence found against the self-scores; save the result."""
    if (done := frozen(store, school_id, year, run_key)) is not None:
        return done
    school = inputs_of(store, school_id, run_key)
    rubric, sy = find_rubric(school["rubric"]), parse_school_year(year)
    run_id = store.start_run(school_id, year, run_key, batch_id=run_key)
    folder = _run_dir(settings, run_id)
    crawled = json.loads((folder / "crawl.json").read_text(encoding="utf-8"))
    findings = findings_from_json(crawled["findings"])
    docs_path = folder / "documents.json"
    docs = json.loads(docs_path.read_text(encoding="utf-8")) if docs_path.exists() else []
    selfs = read_self_scores(school["self_scores"], rubric) if school.get("self_scores") else {}
    result = assess(rubric, sy, {"url": school["url"], "id": school_id, "name": school.get("name")},
                    crawled["crawl"], findings, selfs, docs if school.get("evidence") else None)
    result["integrity"] = integrity_findings(store, school_id, year, run_id)   # flags with proof, never a score
    store.save_result(run_id, result)
    store.finish_run(run_id, "failed" if crawled["crawl"]["status"] == "failed" else "done")
    return {"run_id": run_id, "proposed": result["totals"]["proposed"]}


def audit_inline(store: Store, settings: Settings, school_id: str, year: str, run_key: str,
                 limiter: HostLimiter | None = None) -> dict[str, Any]:
    """All three steps in this process (no broker)."""
    crawl_step(store, settings, school_id, year, run_key, limiter)
    evidence_step(store, settings, school_id, year, run_key)
    return score_step(store, settings, school_id, year, run_key)
