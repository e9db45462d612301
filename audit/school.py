"""One school's audit in this process: crawl the portal (within its budget, under a hard limit), check what the rubric's
web checks need, assess (the CLI's `audit school` and the batch pipeline both come here)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from audit.assess import assess
from audit.config import Settings
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
from audit.fetch import FetchError, Fetcher
from audit.rubric import Rubric
from audit.schoolyear import SchoolYear


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
