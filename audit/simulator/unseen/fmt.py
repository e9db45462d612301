"""Escaping, slugs and the day-first date formats printed by unseen portals."""
from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Callable

VN_TZ = timezone(timedelta(hours=7))
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def slugify(text: str, limit: int = 70) -> str:
    """ASCII slug of Vietnamese text (đ → d), cut at about `limit` characters."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    slug = _NON_ALNUM.sub("-", bare).strip("-")
    return slug[:limit].rstrip("-") if len(slug) > limit else slug


def dmy(at: datetime) -> str:
    """05/09/2022."""
    return f"{at.day:02d}/{at.month:02d}/{at.year}"


def _hm(at: datetime) -> str:
    """08:30."""
    return f"{at.hour:02d}:{at.minute:02d}"


def iso(at: datetime) -> str:
    """2022-09-05T08:30:00+07:00."""
    return at.isoformat(timespec="seconds")


FORMATS: dict[str, Callable[[datetime], str]] = {
    "dmy": dmy,
    "dmy_nopad": lambda at: f"{at.day}/{at.month}/{at.year}",
    "dmy_short": lambda at: f"{at.day:02d}/{at.month:02d}/{at.year % 100:02d}",
    "dash": lambda at: f"{at.day:02d}-{at.month:02d}-{at.year}",
    "dot": lambda at: f"{at.day:02d}.{at.month:02d}.{at.year}",
    "time_dmy": lambda at: f"{_hm(at)} {dmy(at)}",
    "weekday": lambda at: f"{WEEKDAYS[at.weekday()]}, {dmy(at)} {_hm(at)}",
    "written": lambda at: f"ngày {at.day:02d} tháng {at.month} năm {at.year}",
    "month_name": lambda at: f"{at.day:02d} Tháng {at.month}, {at.year}",
    "time_tag": lambda at: f'<time datetime="{iso(at)}">{dmy(at)}</time>',
}


def show(at: datetime, fmt: str) -> str:
    """The date as HTML in one of FORMATS (day always first)."""
    return FORMATS[fmt](at)


def english(at: datetime) -> str:
    """23 September, 2021 (English copies)."""
    return f"{at.day} {MONTHS_EN[at.month - 1]}, {at.year}"


def rfc822(at: datetime) -> str:
    """RSS pubDate in Vietnam time: Mon, 05 Sep 2022 08:30:00 +0700."""
    return format_datetime(at)


def school_year(at: datetime) -> str:
    """The school year a date belongs to: 2021-2022."""
    first = at.year if at.month >= 9 else at.year - 1
    return f"{first}-{first + 1}"
