"""Normalise page 1's header into one segment per column and row (pure).

Text extraction does not always split where the page does: blank fields ("ngày    tháng")
cut one printed line into pieces, and narrow gaps merge the two columns into one segment
("UBND QUẬN LONG BIÊN CỘNG HÒA XÃ HỘI…", "Số: 24/QĐ-THTBB Thạch Bàn, ngày …"). Segments are
split at the national motto and after a number, then the pieces of one row and column joined.
"""
from __future__ import annotations

from dataclasses import replace

from audit.evidence import fields
from audit.evidence.model import Line, PageLayout
from audit.text import clean, fold

_MOTTOS = ("cong hoa xa hoi", "doc lap - tu do", "doc lap – tu do", "doc lap-tu do")
_ROW_TOLERANCE = 3.0


def _cut(line: Line, at: int, text: str) -> list[Line]:
    """Two segments from one, the cut placed proportionally to the characters."""
    left, right = clean(text[:at]), clean(text[at:])
    if not left or not right:
        return [line]
    x = line.x0 + (line.x1 - line.x0) * len(text[:at]) / max(1, len(text))
    return [replace(line, text=left, x1=x), replace(line, text=right, x0=x + 1)]


def _split(line: Line) -> list[Line]:
    text = clean(line.text)
    folded = fold(text)
    for motto in _MOTTOS:
        at = folded.find(motto)
        if at > 0:
            return _cut(line, at, text)
    parts = fields.number_rest(text)
    if parts and fields.read_place_date(parts[1]):
        return _cut(line, len(parts[0]), text)
    return [line]


def _join(row: list[Line], middle: float) -> list[Line]:
    merged: list[Line] = []
    for seg in sorted(row, key=lambda ln: ln.x0):
        last = merged[-1] if merged else None
        same_side = last is not None and ((last.x0 + last.x1) / 2 < middle) == ((seg.x0 + seg.x1) / 2 < middle)
        if last is not None and same_side:
            merged[-1] = replace(last, text=clean(f"{last.text} {seg.text}"), x1=seg.x1,
                                 bold=last.bold and seg.bold,
                                 digits_confidence=min(last.digits_confidence, seg.digits_confidence))
        else:
            merged.append(seg)
    return merged


def normalise(page: PageLayout, header_share: float) -> PageLayout:
    """The page with its header segments split and joined by column; the body unchanged."""
    limit = page.height * header_share
    head = [seg for ln in page.lines if ln.top < limit for seg in _split(ln)]
    body = [ln for ln in page.lines if ln.top >= limit]
    rows: list[list[Line]] = []
    for seg in sorted(head, key=lambda ln: ln.top):
        if rows and abs(rows[-1][0].top - seg.top) <= _ROW_TOLERANCE:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    lines = [seg for row in rows for seg in _join(row, page.width / 2)] + body
    return replace(page, lines=tuple(lines))
