"""`audit school`: crawl one portal now, in this process, score it and write the result."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audit.assess import assess
from audit.cli_progress import crawl_display
from audit.commands import resolve_year, write_json
from audit.config import Settings, load_settings
from audit.crawl.budget import Budget
from audit.crawl.crawler import crawl_school
from audit.crawl.memory import Memory
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.progress import ProgressHook, current
from audit.crawl.report import crawl_section, web_findings
from audit.crawl.watchdog import run_limited
from audit.detect.integration import listed_in
from audit.errors import InputError
from audit.findings import Finding
from audit.evidence.match import issuer_flags
from audit.evidence.run import parse_files
from audit.fetch import FetchError, Fetcher
from audit.render import summary_table
from audit.rubric import Rubric, find_rubric
from audit.schoolyear import SchoolYear
from audit.selfscore import read_self_scores

EXIT_CRAWL_FAILED = 3


def normalise_url(text: str) -> list[str]:
    """URLs to try for what the user typed (no scheme: https, then http)."""
    text = text.strip()
    if "://" not in text:
        candidates = [f"https://{text}", f"http://{text}"]
    else:
        candidates = [text]
    parts = urlsplit(candidates[0])
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise InputError("URL", f"địa chỉ cổng thông tin không hợp lệ: '{text}'")
    return [u if urlsplit(u).path else u + "/" for u in candidates]


def weekly_target(rubric: Rubric) -> float | None:
    """The rubric's posts-per-week target, if it has one."""
    value = rubric.check_param("posts_per_week", "min_avg")
    return float(value) if value is not None else None


def yearly_target(rubric: Rubric) -> float | None:
    """The rubric's posts-per-school-year target, if it has one."""
    value = rubric.check_param("posts_per_year", "min")
    return float(value) if value is not None else None


def crawl_first_reachable(urls: list[str], fetcher: Fetcher, window: Any,
                          memory: Memory | None = None, budget: Budget | None = None,
                          progress: ProgressHook | None = None) -> CrawlOutcome:
    """Crawl the first URL whose home page loads (https before http for a bare host), within the
    school's budget (AUDIT_SCHOOL_BUDGET seconds, AUDIT_SCHOOL_MAX_REQUESTS requests) shared by the tries."""
    budget = budget or Budget(fetcher.settings.school_budget, fetcher.settings.school_max_requests)
    outcome = crawl_school(urls[0], fetcher, window, memory=memory, budget=budget, progress=progress)
    for url in urls[1:]:
        if not outcome.failed:
            break
        outcome = crawl_school(url, fetcher, window, memory=memory, budget=budget, progress=progress)
    return outcome


def limited_crawl(urls: list[str], fetcher: Fetcher, window: Any, memory: Memory | None = None,
                  progress: ProgressHook | None = None) -> CrawlOutcome:
    """crawl_first_reachable under a hard limit whatever the worker pool (audit/crawl/watchdog.py): past the
    budget and a grace the crawl is stopped (partial, with the reason), and one that does not stop is
    given up for a failed outcome with the reason. The fetcher keeps the budget (the directory page spends it).
    The progress hook (else the enclosing `listening` one) is resolved here: the crawl's thread has no context."""
    progress = progress or current()
    budget = Budget(fetcher.settings.school_budget, fetcher.settings.school_max_requests)
    fetcher.budget = budget
    if not budget.seconds:
        return crawl_first_reachable(urls, fetcher, window, memory, budget, progress)

    def stop(reason: str) -> None:
        budget.stop(reason)
        fetcher.abort()

    def given_up(reason: str) -> CrawlOutcome:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return CrawlOutcome(start_url=urls[0], verify_tls=fetcher.verify_tls, failure=reason,
                            budget_spent=reason, started_at=started, finished_at=now)

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return run_limited(lambda: crawl_first_reachable(urls, fetcher, window, memory, budget, progress),
                       budget.seconds, stop, given_up)


def _listed(fetcher: Fetcher, directory: str | None, school_url: str) -> bool | None:
    """Whether the directory lists the school (None: no directory, or it could not be read)."""
    if not directory:
        return None
    try:
        page = fetcher.get(directory)
    except FetchError:
        return None
    return listed_in(page.content, page.url, school_url)


def previous_readings(folder: Path, school_url: str) -> list[dict[str, Any]]:
    """Counter readings kept in an earlier result for the same school (visits need two days)."""
    try:
        old = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if urlsplit(old.get("school", {}).get("url", "")).netloc != urlsplit(school_url).netloc:
        return []
    return [r for r in old.get("visits", {}).get("readings", []) if isinstance(r, dict) and "total" in r]


def crawl_and_check(urls: list[str], fetcher: Fetcher, rubric: Rubric, window: tuple[date, date],
                    readings: list[dict[str, Any]], memory: Memory | None = None,
                    progress: ProgressHook | None = None) -> tuple[CrawlOutcome, dict[str, Finding]]:
    """Crawl the school and check what the rubric's web checks need, the directory page included (the same for
    `audit school` and the batch), all within the school's budget, under the watchdog's hard limit; `progress`
    is told after every page read (audit/crawl/progress.py)."""
    outcome = limited_crawl(urls, fetcher, window, memory, progress)
    directory = rubric.check_param("integration", "directory")
    listed = None if outcome.failed else _listed(fetcher, directory, outcome.final_url)
    return outcome, web_findings(outcome, window, rubric, readings, listed)


def run_audit(urls: list[str], rubric: Rubric, year: SchoolYear, selfs: dict[str, float | None],
              settings: Settings, insecure: bool = False, readings: list[dict[str, Any]] | None = None,
              documents: list[dict[str, Any]] | None = None,
              school: dict[str, Any] | None = None,
              progress: ProgressHook | None = None) -> tuple[dict[str, Any], CrawlOutcome]:
    """Crawl, assess and build the contract's result document for one school."""
    window = year.resolve(rubric.window)
    fetcher = Fetcher(settings, verify_tls=not insecure)
    try:
        outcome, findings = crawl_and_check(urls, fetcher, rubric, window, readings or [], progress=progress)
    finally:
        fetcher.close()
    who = {"id": None, "name": None, **(school or {}), "url": outcome.final_url or urls[0]}
    document = assess(rubric, year, who, crawl_section(outcome), findings, selfs, documents)
    return document, outcome


def school_command(url: str, rubric_id: str, year_text: str | None, self_path: str | None,
                   evidence: list[str], out_dir: str | None, json_target: str | None, insecure: bool,
                   name: str | None = None) -> int:
    """Audit one school end to end; exit 3 when the portal could not be crawled at all."""
    urls = normalise_url(url)
    rubric = find_rubric(rubric_id)
    year = resolve_year(year_text)
    selfs = read_self_scores(self_path, rubric) if self_path else {}
    settings = load_settings()
    documents = parse_files(evidence, settings) if evidence else None
    if documents:
        issuer_flags(documents, name)
    host = urlsplit(urls[0]).netloc.replace(":", "_")
    folder = Path(out_dir or Path("audit-out") / host)
    with crawl_display(urlsplit(urls[0]).netloc) as progress:
        document, outcome = run_audit(urls, rubric, year, selfs, settings, insecure,
                                      previous_readings(folder, urls[0]), documents, {"name": name}, progress)
    write_json(document, str(folder / "result.json"))
    from audit.report import write_school_report
    from audit.report.snapshots import outcome_reader, write_snapshots
    snapshots = write_snapshots(folder, document, outcome.pages, outcome_reader(outcome.pages))
    reports = write_school_report(folder, document, rubric=rubric, snapshots=snapshots)
    if json_target:
        write_json(document, json_target)
    if json_target != "-":
        print(summary_table(document))
        print("Báo cáo: " + ", ".join(str(p) for p in reports))
    if outcome.failed:
        reason = document.get("crawl", {}).get("reason") or outcome.failure
        print(f"audit: school: không thu thập được cổng thông tin {urls[0]}: {reason}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    return 0
