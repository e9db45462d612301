"""Vietnamese words and number/time formats shown on the desk's pages and exports (pure)."""
from __future__ import annotations

from audit.config import TIMEZONE
from audit.dates import local_time_text
from audit import labels as report_labels

# The same words as the reports for the same things (one vocabulary: audit/labels.py).
CRITERION_STATUS = {status: words[0] for status, words in report_labels.STATUS.items()}
DOC_STATUS = dict(report_labels.DOC_STATUS)
SOURCE = report_labels.DESK_SOURCE
RUN_STATUS = report_labels.DESK_RUN_STATUS
CRAWL_STATUS = report_labels.DESK_CRAWL_STATUS
POSTS_STATUS = report_labels.POSTS_STATUS
ROLE = dict(report_labels.ROLE)
DASH = "—"


def local_time(iso: str | None, tz: str = TIMEZONE) -> str:
    """An ISO time as "dd/mm/yyyy HH:MM" in Vietnam (the text unchanged when unreadable)."""
    return local_time_text(iso, tz) if iso else DASH


def local_date(iso: str | None) -> str:
    """A YYYY-MM-DD date as "dd/mm/yyyy"."""
    if not iso or len(iso) < 10:
        return iso or DASH
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def run_label(status: str, crawl_status: str | None) -> str:
    """The collection state of a school: the run's state, and the crawl's when it finished."""
    if status in ("done", "failed") and crawl_status in CRAWL_STATUS:
        return f"{RUN_STATUS[status]} ({CRAWL_STATUS[crawl_status].lower()})"
    return RUN_STATUS.get(status, status)


OWN_KINDS = ("self", "submitted")   # a school's own checks, and those it submitted


def own_batch(kind: str, school_name: str) -> str:
    """How a school's own check is named in the lists: "Tự kiểm tra của <trường>" or "Bài nộp của <trường>"."""
    return f"{'Bài nộp' if kind == 'submitted' else 'Tự kiểm tra'} của {school_name}"
