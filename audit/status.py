"""Every status the service gives, one enum per kind of thing; their words for people are in audit/labels.py,
keyed by these members (tests/test_status.py checks that each member has its words and no word lacks one).

They are `StrEnum`s: a member is its string, so JSON, the store and templates see "not_tested" as before.
"""
from __future__ import annotations

from enum import StrEnum


class Criterion(StrEnum):
    """A criterion's verdict against the school's self-score."""
    CONFIRMED = "confirmed"          # checked, and the proposal agrees with the self-score
    CONTRADICTED = "contradicted"    # checked, and the proposal differs
    NEEDS_REVIEW = "needs_review"    # the proposal rests on doubtful evidence: a reviewer decides
    NOT_TESTED = "not_tested"        # a check could not run (never a zero)
    UNVERIFIABLE = "unverifiable"    # no machine can check it


class Crawl(StrEnum):
    """How much of a portal a crawl read."""
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class Check(StrEnum):
    """A web check's outcome (posts, disclosure, forms, visits, contents)."""
    OK = "ok"
    PARTIAL = "partial"
    FOUND = "found"
    MISSING = "missing"
    NOT_TESTED = "not_tested"


class Run(StrEnum):
    """One school's run in a batch."""
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Audit(StrEnum):
    """An audit started on the desk or the API (the API's "status")."""
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Document(StrEnum):
    """An evidence file."""
    PARSED = "parsed"
    UNREADABLE = "unreadable"
    REJECTED = "rejected"


FINISHED = (Run.DONE, Run.FAILED)
