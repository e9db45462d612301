"""Identify a document from its first and last pages (Decree 30/2020 layout; pure).

The header is two columns side by side: the issuer and "Số: …" on the left, the national
motto and the place-date line on the right. Segments are assigned to a column by their
horizontal centre against the page's middle. The type name (QUYẾT ĐỊNH, KẾ HOẠCH…) stands
centred under the header with the trích yếu under it; a công văn has "V/v …" under its number
instead. The signer block is at the bottom right of the last page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from audit.detect.links import school_years
from audit.evidence import fields
from audit.evidence.header import normalise
from audit.evidence.model import Line, PageLayout
from audit.text import clean, fold
from audit.vocabulary import DOC_TYPES

_NUMBERISH = re.compile(r"^\W*(?:s[o6]\s*[:;.]|/)")   # a "Số: …" line OCR could not read, or its code alone
_YEAR_AFTER_WORDS = re.compile(r"nam hoc\s*(20\d{2})\s*[-–/]\s*(20\d{2})")
_HEADER_SHARE = 0.45  # the header and type name stand in the top part of page 1
# OCR's least confidence in the digits of a number or date it may report (a wrong one is worse than
# none). Confidence tells little on its own: a misread code often reads confidently, so the code's
# shape, type and initials are checked too; these only drop the unsure readings.
SURE_DIGITS = 60.0
SURE_DATE_DIGITS = fields.SURE_DATE_DIGITS
# Below the sure levels, a number or date is reported only when another OCR reading of the header
# (the columns read apart, or smoothed) gives the same value; below this, never.
AGREED_DIGITS = 20.0
_STOP_TITLE = ("can cu", "kinh gui", "phan i", "i. ", "1. ")
# How a body's first sentence starts, capitalised, right under a title (a scan shows no bold to stop at).
_BODY_STARTS = ("thuc hien ", "theo ", "nham ", "hom nay", "vao hoi ", "vao luc ", "duoc su ")


@dataclass(frozen=True)
class Identity:
    """The fields the contract's evidence document carries (besides file, hash and status)."""
    doc_type: str | None
    number: str | None
    issued_on: date | None
    place: str | None
    issuer: str | None
    title: str | None
    signer: str | None
    school_year: str | None
    flags: tuple[str, ...]
    # What an OCR'd header read with too little confidence to report alone (another reading may confirm it).
    unsure_number: str | None = None
    unsure_date: date | None = None


def _left(page: PageLayout, line: Line) -> bool:
    return (line.x0 + line.x1) / 2 < page.width / 2


def _header(page: PageLayout) -> list[Line]:
    return [ln for ln in page.lines if ln.top < page.height * _HEADER_SHARE]


def identify(first: PageLayout, last: PageLayout) -> Identity:
    """Every field that can be read, with flags for what is missing or doubtful."""
    first = normalise(first, _HEADER_SHARE)
    header = _header(first)
    left = [ln for ln in header if _left(first, ln)]
    number_line, parsed = _number(left, first.source == "ocr")
    number, code = parsed if parsed else (None, None)
    type_index = next((i for i, ln in enumerate(first.lines) if ln.top < first.height * 0.6
                       and fields.type_of_name(ln.text)), None)
    date_line, (place, issued) = _place_date(first, header, type_index)
    doc_type = fields.type_of_name(first.lines[type_index].text) if type_index is not None else None
    vv = _vv_title(first, number_line)
    issuer = _issuer(first, number_line)
    doubts: list[str] = []
    if first.source == "ocr" and number and code and fields.ocr_confusable(code):
        fixed = fields.confirm_by_issuer(code, issuer or "")
        if fixed:
            number, code = number[:len(number) - len(code)] + fixed, fixed
            doubts.append("number_confirmed_by_issuer")
    unsure_number, unsure_date = None, None
    if first.source == "ocr" and number and not _sure_number(number_line, code, doc_type, issuer):
        if number_line and code and code_fits(code, doc_type, issuer) \
                and number_line.digits_confidence >= AGREED_DIGITS:
            unsure_number = number
        number, code = None, None
        doubts.append("doubtful_number")
    if first.source == "ocr" and issued and date_line and date_line.digits_confidence < SURE_DATE_DIGITS:
        unsure_date = issued if date_line.digits_confidence >= AGREED_DIGITS else None
        issued = None
        doubts.append("doubtful_date")
    if number is None and number_line and fields.marked_slot(number_line.text) and "doubtful_number" not in doubts:
        doubts.append("doubtful_number")
    if issued is None and date_line and fields.marked_slot(date_line.text) and "doubtful_date" not in doubts:
        doubts.append("doubtful_date")
    doc_type = doc_type or fields.type_from_code(code or "") or ("CV" if vv or code else None)
    title = _title(first, type_index) if type_index is not None else vv
    signer = _signer(last) or (_signer(first) if last is not first else None)
    year = _school_year(title, first)
    flags = [f for f, bad in (("no_number", number is None), ("no_date", issued is None),
                              ("unsigned", signer is None)) if bad] + doubts
    if issued and year and not within(issued, year):
        flags.append("outside_school_year")
    return Identity(doc_type, number, issued, place, issuer, title, signer, year, tuple(flags),
                    unsure_number, unsure_date)


def _number(left: list[Line], ocr: bool) -> tuple[Line | None, tuple[str | None, str | None] | None]:
    """The left column's "Số: …" line and what it reads (the number may stand on the line below)."""
    for i, ln in enumerate(left):
        below = left[i + 1].text if i + 1 < len(left) else ""
        parsed = fields.read_number(ln.text, below, ocr)
        if parsed:
            return ln, parsed
    for ln in left:   # OCR lost the "Số:" of a number printed on the line under it
        bare = fields.bare_number(ln.text)
        if bare and fields.plausible_code(bare[1]):
            return ln, bare
    return None, None


def _sure_number(line: Line | None, code: str | None, named: str | None, issuer: str | None) -> bool:
    """Whether an OCR'd number can be trusted: its code fits (see `code_fits`) and its digits read
    surely enough."""
    return line is not None and code is not None and code_fits(code, named, issuer) \
        and line.digits_confidence >= SURE_DIGITS


def code_fits(code: str, named: str | None, issuer: str | None) -> bool:
    """Whether an OCR'd number's code can be this document's: it can exist, has no letter OCR swaps
    with a digit, names the type the printed type name says (a BIÊN BẢN is numbered …/BB-…), and
    is not a letter or two off the issuer's own initials (THGSNVC under TRƯỜNG THCS NGUYỄN VĂN CỪ)."""
    if not fields.plausible_code(code) or fields.ocr_confusable(code):
        return False
    parts = re.split(r"[-/]", code)
    if named and named != "CV" and named not in parts:
        return False
    expected = fields.initials(issuer or "")
    return not any(fields.near_miss(part.replace("&", ""), expected) for part in parts if part not in DOC_TYPES)


def _place_date(page: PageLayout, header: list[Line],
                type_index: int | None) -> tuple[Line | None, tuple[str | None, date | None]]:
    """The place-date line and what it reads: in the header, above the type name, "V/v" or
    "Kính gửi" (dates under them are the body's: laws cited, meetings held)."""
    limit = page.lines[type_index].top if type_index is not None else page.height
    limit = min([limit] + [ln.top for ln in header if fold(ln.text).startswith("kinh gui")])
    for ln in header:
        if ln.top < limit and (pd := fields.read_place_date(ln.text)):
            return ln, pd
    return None, (None, None)


def _issuer(page: PageLayout, number_line: Line | None) -> str | None:
    """The issuing body: the left-column line(s) just above the number, under the parent body."""
    limit = number_line.top if number_line else page.height * 0.2
    lines = [ln for ln in _header(page) if _left(page, ln) and ln.top < limit and _is_caps(ln.text)
             and not _NUMBERISH.match(fold(ln.text))]
    if not lines:
        return None
    parent = 2 if _incomplete_body(lines[0].text) else 1  # "ỦY BAN NHÂN DÂN" + "QUẬN LONG BIÊN"
    chosen = lines[parent:] or lines  # no line under the parent: the body issues in its own name
    return clean(" ".join(ln.text for ln in chosen))


def _incomplete_body(text: str) -> bool:
    """A body name that needs the next line ("ỦY BAN NHÂN DÂN" + "QUẬN LONG BIÊN")."""
    return fold(text).strip() in ("uy ban nhan dan", "hoi dong nhan dan", "ubnd", "hdnd")


def _body_start(text: str) -> bool:
    """A capitalised body opening ("Thực hiện kế hoạch…", "Hôm nay, …"): the title has ended."""
    stripped = text.strip()
    return bool(stripped) and stripped[0].isupper() and fold(stripped).startswith(_BODY_STARTS)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _title(page: PageLayout, type_index: int) -> str | None:
    """The trích yếu: up to three lines under the type name, until the body starts."""
    type_line = page.lines[type_index]
    parts: list[str] = []
    previous = type_line
    for ln in page.lines[type_index + 1:]:
        folded = fold(ln.text)
        gap = ln.top - previous.bottom
        if not ln.text.strip() or folded.startswith(_STOP_TITLE) or gap > 3 * max(1.0, previous.bottom - previous.top):
            break
        if parts and ((type_line.bold and not ln.bold) or _body_start(ln.text)):
            break
        if _is_caps(ln.text) and parts and (fields.is_position(ln.text) or not _is_caps(parts[-1])):
            break   # the authority line ("ỦY BAN NHÂN DÂN QUẬN …", "HIỆU TRƯỞNG …") under a lower-case title
        parts.append(ln.text)
        previous = ln
        if len(parts) == 3:
            break
    return join_lines(parts)


def join_lines(parts: list[str]) -> str | None:
    """Printed lines as one text; a line broken after a hyphen before a number ("2021-" / "2022")
    joins without a space."""
    text = ""
    for part in (p.strip() for p in parts):
        glued = re.search(r"\d[-–]$", text) and part[:1].isdigit()
        text = f"{text}{part}" if glued else f"{text} {part}"
    return clean(text) or None


def _vv_title(page: PageLayout, number_line: Line | None) -> str | None:
    """A công văn's subject: "V/v …" under the number, with its continuation line."""
    lines = [ln for ln in _header(page) if _left(page, ln)]
    for i, ln in enumerate(lines):
        subject = fields.read_vv(ln.text)
        if subject:
            more, previous = [], ln
            for x in lines[i + 1:i + 4]:
                if fields.read_place_date(x.text) or _is_caps(x.text) or fold(x.text).startswith("kinh gui") \
                        or x.top - previous.bottom > 1.5 * (previous.bottom - previous.top):
                    break
                more.append(x.text)
                previous = x
            return join_lines([subject] + more)
    return None


def _signer(page: PageLayout) -> str | None:
    """The signer's name: the last name-like line of the right column after the position line."""
    right = [ln for ln in page.lines if not _left(page, ln) or ln.x0 > page.width * 0.4]
    start = next((i for i in range(len(right) - 1, -1, -1)
                  if _is_caps(right[i].text) and fields.is_position(right[i].text)), None)
    if start is None:
        return None
    names = [ln.text for ln in right[start + 1:] if fields.looks_like_name(ln.text)]
    return clean(names[-1]) if names else None


def _school_year(title: str | None, page: PageLayout) -> str | None:
    """The school year of the title, else the first "năm học YYYY-YYYY" of page 1 (across lines)."""
    years = school_years(title or "")
    if not years:
        text = fold(" ".join(ln.text for ln in page.lines))
        years = [f"{a}-{b}" for a, b in _YEAR_AFTER_WORDS.findall(text) if int(b) == int(a) + 1]
    return years[0] if years else None


def within(day: date, year: str) -> bool:
    """Issued from 1 July before the school year to 31 August after it (plans come early)."""
    first = int(year[:4])
    return date(first, 7, 1) <= day <= date(first + 1, 8, 31)
