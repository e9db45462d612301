"""The weekly posts chart: an inline SVG of posts per week (Monday–Sunday) with the rubric's target (pure)."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any, Iterable, Mapping

from audit.posts.metrics import weeks_overlapping
from audit.labels import MONTH_SHORT
from audit.text import vn_number

BAR = 12.0        # bar width
GAP = 4.0         # space between bars
LEFT = 30.0       # room for the y-axis numbers
RIGHT = 10.0
TOP = 22.0        # room for the target's label
PLOT = 150.0      # height of the plotting area
BOTTOM = 36.0     # room for the month labels (two lines)
_FONT = 'font-size="11" font-family="sans-serif"'


@dataclass(frozen=True)
class Week:
    """One Monday–Sunday week of the window and its posts."""
    monday: date
    count: int


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def weekly_counts(items: Iterable[Mapping[str, Any]], start: date, end: date) -> list[Week]:
    """Posts per week over the weeks overlapping [start, end]; only posts dated inside the window count."""
    days = [d for d in (_day(i.get("published")) for i in items) if d is not None and start <= d <= end]
    per_week = Counter(d - timedelta(days=d.weekday()) for d in days)
    return [Week(monday, per_week[monday]) for monday in weeks_overlapping(start, end)]


def scale_top(weeks: list[Week], target: float | None) -> int:
    """The y-axis maximum: the tallest bar or the target, rounded up, at least 1."""
    tallest = max((w.count for w in weeks), default=0)
    return max(1, tallest, math.ceil(target or 0))


def y_of(value: float, top: int) -> float:
    """The SVG y of a value on the axis."""
    return round(TOP + PLOT * (1 - value / top), 2)


def x_of(index: int) -> float:
    """The SVG x of the index-th bar's left edge."""
    return LEFT + GAP + index * (BAR + GAP)


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _months(weeks: list[Week], start: date) -> list[tuple[int, str, str]]:
    """(bar index, month label, year or "") where a month begins; a week counts for its first day in the window."""
    out: list[tuple[int, str, str]] = []
    previous: tuple[int, int] | None = None
    for i, w in enumerate(weeks):
        first = max(w.monday, start)
        if (first.year, first.month) != previous:
            year = str(first.year) if previous is None or first.year != previous[0] else ""
            out.append((i, MONTH_SHORT.format(month=first.month), year))
            previous = (first.year, first.month)
    return out


def description(weeks: list[Week], start: date, end: date, target: float | None) -> str:
    """The chart's text equivalent (its <title> and aria-label)."""
    total = sum(w.count for w in weeks)
    average = vn_number(round(total / len(weeks), 2)) if weeks else "0"
    text = (f"Biểu đồ số tin bài mỗi tuần từ {_fmt(start)} đến {_fmt(end)}: {len(weeks)} tuần, "
            f"{total} tin bài, trung bình {average} tin/tuần")
    if target is not None:
        meeting = sum(1 for w in weeks if w.count >= target)
        text += f"; {meeting} tuần đạt mục tiêu {vn_number(target)} tin/tuần"
    return text + "."


def render_chart(weeks: list[Week], start: date, end: date, target: float | None = None,
                 target_label: str | None = None) -> str:
    """The SVG of the weekly counts, with the target as a dashed line and months on the x-axis."""
    top = scale_top(weeks, target)
    width = x_of(len(weeks)) + RIGHT
    height = TOP + PLOT + BOTTOM
    label = escape(description(weeks, start, end, target))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:g} {height:g}" '
             f'width="{width:g}" height="{height:g}" role="img" aria-label="{label}">', f"<title>{label}</title>"]
    parts += _axis(top, width)
    for i, w in enumerate(weeks):
        y = y_of(w.count, top)
        sunday = w.monday + timedelta(days=6)
        parts.append(f'<rect class="bar" x="{x_of(i):g}" y="{y:g}" width="{BAR:g}" height="{TOP + PLOT - y:g}" '
                     f'fill="#3b73b9" data-week="{w.monday.isoformat()}" data-count="{w.count}">'
                     f"<title>Tuần {_fmt(w.monday)}–{_fmt(sunday)}: {w.count} tin bài</title></rect>")
    for i, month, year in _months(weeks, start):
        x = x_of(i)
        parts.append(f'<text class="month" x="{x:g}" y="{TOP + PLOT + 14:g}" {_FONT}>{month}</text>')
        if year:
            parts.append(f'<text class="year" x="{x:g}" y="{TOP + PLOT + 28:g}" {_FONT}>{year}</text>')
    if target is not None:
        parts += _target(target, top, width, target_label)
    parts.append("</svg>")
    return "".join(parts)


def _axis(top: int, width: float) -> list[str]:
    """The baseline, and y ticks at 0, half and the top."""
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    out = []
    for t in ticks:
        y = y_of(t, top)
        out.append(f'<line class="grid" x1="{LEFT:g}" y1="{y:g}" x2="{width - RIGHT:g}" y2="{y:g}" stroke="#d0d0d0"/>')
        out.append(f'<text class="tick" x="{LEFT - 4:g}" y="{y + 4:g}" text-anchor="end" {_FONT}>{t}</text>')
    return out


def _target(target: float, top: int, width: float, label: str | None = None) -> list[str]:
    """The target line and its label (default: the weekly target)."""
    y = y_of(target, top)
    return [f'<line class="target" x1="{LEFT:g}" y1="{y:g}" x2="{width - RIGHT:g}" y2="{y:g}" '
            f'stroke="#c62828" stroke-width="2" stroke-dasharray="6 4" data-target="{target:g}"/>',
            f'<text class="target-label" x="{width - RIGHT:g}" y="{y - 5:g}" text-anchor="end" {_FONT} fill="#c62828">'
            f"{escape(label or f'Mục tiêu: {vn_number(target)} tin/tuần')}</text>"]


def pace_target(result: Mapping[str, Any], weekly: float | None, yearly: float | None) -> tuple[float | None, str | None]:
    """The chart's line: the weekly target, else the weekly pace that reaches the yearly target in the window."""
    weeks = (result.get("posts") or {}).get("weeks_in_window")
    if weekly is not None or not yearly or not weeks:
        return weekly, None
    pace = round(yearly / weeks, 2)
    return pace, f"Nhịp cần để đạt {vn_number(yearly)} tin/năm học: {vn_number(pace)} tin/tuần"


def posts_chart(result: Mapping[str, Any], target: float | None, label: str | None = None) -> str | None:
    """The chart of a result's posts over its window; None when the posts could not be counted."""
    posts = result.get("posts") or {}
    window = result.get("window") or {}
    start, end = _day(window.get("start")), _day(window.get("end"))
    if posts.get("status") == "not_tested" or start is None or end is None or end < start:
        return None
    return render_chart(weekly_counts(posts.get("items") or [], start, end), start, end, target, label)
