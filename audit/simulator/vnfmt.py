"""Vietnamese date formats, slugs and HTML escaping used by the templates."""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from email.utils import format_datetime

from audit.text import fold

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def slugify(text: str, limit: int = 0) -> str:
    """ASCII slug of a Vietnamese title, optionally cut at about `limit` characters."""
    slug = _NON_ALNUM.sub("-", fold(text)).strip("-")
    if limit and len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug


def dmy(dt: datetime, pad: bool = True, short_year: bool = False) -> str:
    """Day-first date: 05/09/2022, 5/9/2022 or 05/09/22."""
    year = f"{dt.year % 100:02d}" if short_year else str(dt.year)
    if pad:
        return f"{dt.day:02d}/{dt.month:02d}/{year}"
    return f"{dt.day}/{dt.month}/{year}"


def hm(dt: datetime) -> str:
    """Hours and minutes: 08:15."""
    return f"{dt.hour:02d}:{dt.minute:02d}"


def weekday(dt: datetime) -> str:
    """Vietnamese weekday name: Thứ hai … Chủ nhật."""
    return WEEKDAYS[dt.weekday()]


def iso_compact(dt: datetime) -> str:
    """2021-05-14T08:47:24+0700 (VHV meta style)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S%z")


def iso(dt: datetime) -> str:
    """2021-05-14T08:47:24+07:00."""
    return dt.isoformat()


def rfc822(dt: datetime, utc: bool = False) -> str:
    """RSS pubDate, in local time (+0700) or converted to UTC (+0000)."""
    return format_datetime(dt.astimezone(timezone.utc) if utc else dt)


def written(dt: datetime) -> str:
    """ngày 31 tháng 8 năm 2023."""
    return f"ngày {dt.day} tháng {dt.month} năm {dt.year}"
