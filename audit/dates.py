"""Vietnamese dates as school portals print them, read day first, in Asia/Ho_Chi_Minh.

Why our own parser: general libraries read "05/09/2022" month first (dateutil, feedparser,
dateparser without languages=['vi']), convert feed dates to UTC (a post at 00:30 in Vietnam
lands on the previous day), and are slow for the thousands of listing strings of a crawl.
The numeric and "ngày … tháng … năm …" forms are read here with regular expressions;
dateparser (languages=['vi'], day first) is the fallback for anything else in `parse_date`.
Day-month without a year ("Tuần 3 (21/09 - 25/09)") and month-year ("tháng 10/2021") are
never dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from audit.text import fold

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_MIN_YEAR, _MAX_YEAR = 1990, 2100

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                  r"\s*([Zz]|[+-]\d{2}:?\d{2})?)?(?!\d)")
_NUMERIC_LIKE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/.-]|:\d)")
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s+(?:nam\s+)?(\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
_RFC822 = re.compile(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text, with where it stands (character offsets of the folded text)."""
    day: date
    start: int
    end: int
    moment: datetime | None = None


def _make(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text in ("Z", "z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _iso(m: re.Match[str]) -> tuple[date | None, datetime | None]:
    day = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if day is None or m.group(4) is None:
        return day, None
    moment = datetime(day.year, day.month, day.day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    tz = _offset(m.group(7))
    local = moment.replace(tzinfo=tz).astimezone(VN) if tz else moment.replace(tzinfo=VN)
    return local.date(), local


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in the text, in order of appearance."""
    folded = fold(text)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _ISO.finditer(folded):
        day, moment = _iso(m)
        if day:
            found.append(DateMatch(day, m.start(), m.end(), moment))
            taken.append(m.span())
    for m in _DMY.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        day = _make(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if day:
            found.append(DateMatch(day, m.start(), m.end(), _with_time(folded, m, day)))
    for m in _WORDS.finditer(folded):
        day = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if day:
            found.append(DateMatch(day, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _with_time(folded: str, m: re.Match[str], day: date) -> datetime | None:
    """The time printed just before or after a numeric date ("08:30 05/09/2022", "…, 20:22")."""
    before = folded[max(0, m.start() - 12):m.start()]
    after = folded[m.end():m.end() + 12]
    t = _TIME.search(after) or (_TIME.search(before) if before.rstrip().endswith(tuple("0123456789")) else None)
    if not t:
        return None
    hour, minute = int(t.group(1)), int(t.group(2))
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, int(t.group(3) or 0), tzinfo=VN)


def parse_feed_date(text: str) -> date | None:
    """An RSS/Atom date (RFC 822 or ISO 8601) as the Vietnamese calendar day, never UTC's."""
    text = text.strip()
    if _RFC822.match(text):
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=VN)
        return moment.astimezone(VN).date()
    m = _ISO.search(text)
    return _iso(m)[0] if m else None


def parse_date(text: str) -> date | None:
    """The first full date in a short text (a listing's date cell, a byline); None if none."""
    found = find_dates(text)
    if found:
        return found[0].day
    if _RFC822.match(text.strip()):
        return parse_feed_date(text)
    return _dateparser_fallback(text)


def _dateparser_fallback(text: str) -> date | None:
    """dateparser, Vietnamese, day first, all three parts required (slow: last resort)."""
    if not re.search(r"\d{4}", text) or len(text) > 80 or _NUMERIC_LIKE.search(text):
        return None  # a numeric date we could not read day first is no date (no month-first guess)
    import dateparser
    settings = {"DATE_ORDER": "DMY", "TIMEZONE": "Asia/Ho_Chi_Minh", "RETURN_AS_TIMEZONE_AWARE": True,
                "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        moment = dateparser.parse(text, languages=["vi"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return moment.astimezone(VN).date() if moment else None


def local_time_text(iso: str, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """An ISO time as "dd/mm/yyyy HH:MM" in Vietnam (the text unchanged when unreadable)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(tz))
    return moment.strftime("%d/%m/%Y %H:%M")
