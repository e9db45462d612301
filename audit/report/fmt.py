"""Shared pure helpers of the reports: safe text and links, Vietnamese numbers and dates, sheet rows."""
from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import urlsplit

from audit.config import TIMEZONE
from audit.dates import local_time_text
from audit.text import nfc, vn_number

if TYPE_CHECKING:
    from audit.rubric import Rubric

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def text(value: Any) -> str:
    """Printable NFC text of any value (None → ""), control characters removed."""
    return "" if value is None else _CONTROL.sub("", nfc(str(value)))


def safe_href(url: Any) -> str | None:
    """The URL if it may become a link (http/https with a host), else None."""
    if not isinstance(url, str):
        return None
    cleaned = _CONTROL.sub("", url).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in cleaned):
        return None
    return cleaned


def local_href(href: Any) -> str | None:
    """A link to a stored copy: a relative path or an absolute path on this server, or http(s)."""
    if not isinstance(href, str) or not href or any(c.isspace() or ord(c) < 32 for c in href):
        return None
    if href.startswith("//") or href.startswith("\\"):
        return None
    return href if not _SCHEME.match(href) else safe_href(href)


def safe_token(value: Any) -> str:
    """Text reduced to letters, digits, ".", "_" and "-" (an HTML id or one path segment)."""
    return _ID_UNSAFE.sub("_", text(value))


def anchor_id(prefix: str, value: Any) -> str:
    """An HTML id from a criterion id or file name ("tc-3.3")."""
    return f"{prefix}-{safe_token(value) or '_'}"


def num(x: Any) -> str:
    """A score as Vietnamese print it ("4,25"), or "—" for none."""
    return "—" if x is None else vn_number(float(x))


def signed(x: Any) -> str:
    """A difference with its sign ("+2", "-5", "0"), or "—"."""
    if x is None:
        return "—"
    return ("+" if float(x) > 0 else "") + vn_number(float(x))


def vn_date(iso: Any) -> str:
    """"2021-09-01" → "01/09/2021" (text kept as is when it is no date)."""
    value = text(iso)
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return value


def vn_time(iso: Any) -> str:
    """An ISO time as the Vietnamese local day and hour ("22/11/2026 21:58")."""
    return local_time_text(text(iso), TIMEZONE)


def _group_rows(group: Any, depth: int, by_id: dict[str, dict[str, Any]], out: list[dict[str, Any]]) -> None:
    out.append({"kind": "group", "id": group.id, "title": text(group.title), "max": group.points,
                "bonus": group.bonus, "depth": depth})
    for c in group.criteria:
        if c.id in by_id:
            out.append({"kind": "criterion", "depth": depth, **by_id.pop(c.id)})
    for sub in group.groups:
        _group_rows(sub, depth + 1, by_id, out)


def sheet_rows(result: Mapping[str, Any], rubric: Rubric | None) -> list[dict[str, Any]]:
    """Group title rows and criterion rows in the sheet's order (criteria: the result's dicts)."""
    by_id = {str(c["id"]): dict(c) for c in result.get("criteria", [])}
    out: list[dict[str, Any]] = []
    if rubric is not None:
        for group in rubric.groups:
            _group_rows(group, 0, by_id, out)
    leftover: dict[str, list[dict[str, Any]]] = {}
    for c in by_id.values():  # no rubric, or criteria the rubric does not have: by their group
        leftover.setdefault(text(c.get("group")), []).append(c)
    for group_id, criteria in leftover.items():
        out.append({"kind": "group", "id": group_id, "title": f"Nhóm {group_id}" if group_id else "Khác",
                    "max": None, "bonus": False, "depth": 0})
        out.extend({"kind": "criterion", "depth": 0, **c} for c in criteria)
    return out


def find_rubric_or_none(rubric_id: Any) -> Rubric | None:
    """The rubric with this id, or None when this checkout has no such rubric."""
    from audit.rubric import find_rubric
    try:
        return find_rubric(str(rubric_id))
    except (KeyError, OSError, ValueError):
        return None
