"""Field readers for a Decree 30/2020 document: number, place-date, type name, signer (pure)."""
from __future__ import annotations

import difflib
import re
from datetime import date

from audit.text import clean, fold
from audit.vocabulary import DOC_TYPE_NAMES, DOC_TYPES, SIGNER_POSITIONS, SIGNER_PREFIXES

# "Số: 24/QĐ-THTBB", "Số: 719 /PGDDĐT-TCCB", "Số:      /KH-THCSNVC", "So 12/KH-..." (OCR)
_NUMBER = re.compile(r"^\s*S[ốoóỐO6]\s*[:;.]?\s*(\d*)\s*/\s*(\S+)(.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^\s*(?P<place>[^,]{0,60}?)\s*,?\s*ngay\s+(?P<d>\d{1,2})?\s*thang\s+(?P<m>\d{1,2})?"
                         r"\s*nam\s+(?P<y>\d{4})", re.IGNORECASE)
_VV = re.compile(r"^\s*V\s*/\s*v\s*[:.]?\s*(.+)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")


def read_number(text: str) -> tuple[str | None, str | None] | None:
    """(number as printed without spaces or None if blank, its code part) of a "Số: …" line."""
    m = _NUMBER.match(clean(text))
    if not m:
        return None
    code = m.group(2).rstrip(".,;")
    return (f"{m.group(1)}/{code}" if m.group(1) else None), code


def number_rest(text: str) -> tuple[str, str] | None:
    """A "Số: …" line that also carries the right column's text: (number part, the rest)."""
    m = _NUMBER.match(clean(text))
    if not m or not m.group(3).strip():
        return None
    cut = len(clean(text)) - len(m.group(3))
    return clean(text)[:cut].strip(), m.group(3).strip()


def type_from_code(code: str) -> str | None:
    """The document type of a number's code part: "QĐ-THTBB" → QĐ; "PGDĐT-TCCB" (công văn) → None."""
    head = code.split("-")[0]
    return head if head in DOC_TYPES and head != "CV" else None


def read_place_date(text: str) -> tuple[str | None, date | None] | None:
    """(place, date) of a place-date line; the date is None when the template left it blank."""
    original = clean(text)
    m = _PLACE_DATE.match(fold(original))
    if not m:
        return None
    place = original[:len(m.group("place"))].strip(" ,.…") or None
    if not (m.group("d") and m.group("m")):
        return place, None
    try:
        return place, date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return place, None


def type_of_name(text: str) -> str | None:
    """The type code of a printed type name ("QUYẾT ĐỊNH" → QĐ), tolerant of OCR slips."""
    folded = fold(text).strip(" .:")
    if folded in DOC_TYPE_NAMES:
        return DOC_TYPE_NAMES[folded]
    if len(folded) < 6 or len(folded) > 20:
        return None
    close = difflib.get_close_matches(folded, list(DOC_TYPE_NAMES), n=1, cutoff=0.85)
    return DOC_TYPE_NAMES[close[0]] if close else None


def read_vv(text: str) -> str | None:
    """The subject of a công văn's "V/v …" line."""
    m = _VV.match(clean(text))
    return clean(m.group(1)) if m else None


def is_position(text: str) -> bool:
    """A signer's position line ("HIỆU TRƯỞNG", "KT. TRƯỞNG PHÒNG", "TM. BAN CHỈ ĐẠO")."""
    folded = fold(text)
    for prefix in SIGNER_PREFIXES:
        folded = folded.removeprefix(prefix).strip()
    return any(folded.startswith(p) or folded.endswith(p) for p in SIGNER_POSITIONS) and len(folded) < 60


def looks_like_name(text: str) -> bool:
    """A person's name as printed under a signature: 2–5 capitalised Vietnamese words."""
    words = clean(text).split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)
