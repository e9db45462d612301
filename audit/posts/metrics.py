"""Counts over a school year's window: total, weeks (Monday–Sunday), months, longest gap."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable


@dataclass(frozen=True)
class PostMetrics:
    """The contract's `posts` numbers for one window."""
    total_in_window: int
    per_week_average: float
    weeks_in_window: int
    weeks_meeting_target: int | None
    by_month: dict[str, int]
    longest_gap_days: int
    longest_gap: tuple[str, str]


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def weeks_overlapping(start: date, end: date) -> list[date]:
    """Mondays of the weeks (Monday–Sunday) that overlap [start, end]."""
    first, last = _monday(start), _monday(end)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def post_metrics(days: Iterable[date], start: date, end: date, weekly_target: float | None = None) -> PostMetrics:
    """Metrics of the posts dated `days` (one entry per post) inside [start, end], both included."""
    inside = sorted(d for d in days if start <= d <= end)
    weeks = weeks_overlapping(start, end)
    per_week = Counter(_monday(d) for d in inside)
    meeting = None if weekly_target is None else sum(1 for w in weeks if per_week[w] >= weekly_target)
    gap, gap_from, gap_to = _longest_gap(inside, start, end)
    return PostMetrics(
        total_in_window=len(inside),
        per_week_average=round(len(inside) / len(weeks), 2),
        weeks_in_window=len(weeks),
        weeks_meeting_target=meeting,
        by_month=dict(sorted(Counter(d.strftime("%Y-%m") for d in inside).items())),
        longest_gap_days=gap,
        longest_gap=(gap_from.isoformat(), gap_to.isoformat()),
    )


def _longest_gap(inside: list[date], start: date, end: date) -> tuple[int, date, date]:
    """Longest run of days with no post, within the window (edges count)."""
    best = (0, start, start)
    previous = start - timedelta(days=1)
    for d in inside + [end + timedelta(days=1)]:
        days = (d - previous).days - 1
        if days > best[0]:
            best = (days, previous + timedelta(days=1), d - timedelta(days=1))
        previous = max(previous, d)
    return best
