"""Field readers for a Decree 30/2020 document: number, place-date, type name, signer (pure)."""
from __future__ import annotations

import difflib
import re
from datetime import date

from audit.text import clean, fold
from audit.vocabulary import (DOC_TYPE_NAMES, DOC_TYPES, ISSUER_ABBREVIATIONS, ISSUER_SKIPPED, SIGNATURE_BOX_WORDS,
                              SIGNER_POSITIONS, SIGNER_PREFIXES)

# "Số: 24/QĐ-THTBB", "Số: 719 /PGDDĐT-TCCB", "Số:      /KH-THCSNVC", "So 12/KH-..." (OCR),
# "Số 123 /PGD&ĐT" (no colon), "Số: 15/2020/QĐ-UBND" (a year inside), "Số:" alone (the number below)
_NUMBER = re.compile(r"^\s*S[ốoóỐO6]\s*[:;.]?\s*(\d*)\s*/\s*(\S+)(.*)$", re.IGNORECASE)
# a number slot holding marks that are not digits (a handwritten number OCR could not read): "Số: „¿/Ê /TB-BGDĐT"
# OCR misreads "Số" as "Sử", "Si", "Sô": any one letter after S, then digits, a slash and a code
_NUMBER_OCR = re.compile(r"^\s*[Ss][^\W\d_]?\s*[:;.]?\s*(\d+)\s*/\s*([A-ZĐ]\S*)(.*)$")
_AS_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0"})
_NUMBER_MARKED = re.compile(r"^\s*S[ốoóỐO6]\s*[:;.]?\s*(?P<marks>\S.*?)\s*/\s*(?P<code>[A-ZĐ]{2,}[^\s/]*)\s*$")
# parts of codes that are always written with Đ ("QĐ", "GDĐT", "GD&ĐT"): with a D, OCR lost the stroke
_LOST_DJ = re.compile(r"(?:^|[-/&])QD(?:[-/&]|$)|GDDT|GD&DT|(?:^|[-/&])DT(?:[-/&]|$)")
_NUMBER_ALONE = re.compile(r"^\s*S[ốoóỐO6]\s*[:;.]?\s*$", re.IGNORECASE)
_NUMBER_BARE = re.compile(r"^\s*(\d*)\s*/\s*(\S+)(.*)$")
# "Hà Nội, ngày 07    tháng 3 năm 2022", "ngày 05. tháng 3. năm 2022" (folded text)
_PLACE_DATE = re.compile(r"^\s*(?P<place>[^,]{0,60}?)\s*,?\s*ngay(?P<d>.{0,12}?)thang(?P<m>.{0,12}?)"
                         r"nam[\s.]*(?P<y>\d{4})", re.IGNORECASE)
_SLOT = re.compile(r"[\s.]*(\d{1,2})[\s._,`'’]*")   # a day or month slot that reads as a number
_MAX_PLACE_WORDS = 6
SURE_DATE_DIGITS = 50.0   # OCR's least confidence in a date's digits for the date to be reported
_VV = re.compile(r"^\s*V\s*/\s*v\s*[:.]?\s*(.+)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")


def read_number(text: str, below: str = "", ocr: bool = False) -> tuple[str | None, str | None] | None:
    """(number as printed without spaces or None if blank, its code part) of a "Số: …" line;
    `below` is the next line of the column, where some templates print the number itself; `ocr`
    tolerates a misread "Số" (the number is then checked like every OCR'd one)."""
    m = _NUMBER.match(clean(text)) or (_NUMBER_OCR.match(clean(text)) if ocr else None)
    if not m and _NUMBER_ALONE.match(clean(text)):
        m = _NUMBER_BARE.match(clean(below))
    if not m:
        marked = _NUMBER_MARKED.match(clean(text))
        return (None, marked.group("code")) if marked else None
    code = m.group(2).rstrip(".,;")
    return (f"{m.group(1)}/{code}" if m.group(1) else None), code


def plausible_code(code: str) -> bool:
    """Whether a number's code part can exist ("QĐ-UBND", "2020/QĐ-UBND", "PGD&ĐT"): parts of
    letters, digits and &, each starting with a capital or a digit, and no type code with a letter
    doubled ("QĐĐ-UBND", as OCR misreads). An OCR'd number is kept only when its code passes."""
    parts = re.split(r"[-/]", code)
    if not code or len(code) > 40 or not all(p and (p[0].isupper() or p[0].isdigit())
                                              and all(c.isalnum() or c == "&" for c in p) for p in parts):
        return False
    if any(p[-1].islower() for p in parts if p not in DOC_TYPES):   # "THLQĐb": a speck read as a letter
        return False
    head = code.split("/")[-1].split("-")[0]
    collapsed = re.sub(r"(.)\1+", r"\1", head)
    if _LOST_DJ.search(code):   # "QD-", "GDDT": an Đ OCR read as D
        return False
    return head in DOC_TYPES or collapsed == head or collapsed not in DOC_TYPES


def bare_number(text: str) -> tuple[str, str] | None:
    """(number, code) of a line that is nothing but a number ("1625/KH-PGD&ĐT"): in the header's left column it
    is the document's number even when OCR lost the "Số:" before it."""
    m = _NUMBER_BARE.match(clean(text))
    if not m or not m.group(1) or m.group(3).strip():
        return None
    code = m.group(2).rstrip(".,;")
    return f"{m.group(1)}/{code}", code


def ocr_confusable(code: str) -> bool:
    """Whether an OCR'd code holds letters OCR swaps with digits (I and l for 1, O for 0): Vietnamese
    abbreviations are initials, and almost no Vietnamese word starts with I or O, so "THPHI" is
    more likely "THPH1" than a real code."""
    return any(c in "IlO|" for c in code)


def confirm_by_issuer(code: str, issuer: str) -> str | None:
    """An OCR'd code whose I, l or O stand where the issuer's own name has 1 or 0, read with the
    digits ("KH-THPHI" under TRƯỜNG TIỂU HỌC PHÚ HÒA 1 → "KH-THPH1"), or None when the issuer's
    initials do not confirm every such letter (two readings agree, nothing is guessed)."""
    expected = initials(issuer)
    pieces = re.split(r"([-/])", code)
    fixed = [p.translate(_AS_DIGITS) if ocr_confusable(p) else p for p in pieces]
    if any(ocr_confusable(p) and f != expected for p, f in zip(pieces, fixed)):
        return None
    return "".join(fixed)


def initials(issuer: str) -> str:
    """The code an issuer's name abbreviates to, as offices build it ("TRƯỜNG TIỂU HỌC PHƯỚC HÒA 1"
    → THPH1, "TRƯỜNG THCS NGUYỄN VĂN CỪ" → THCSNVC): school levels by their usual letters,
    other words by their first letter, numbers and abbreviations kept whole."""
    words = clean(issuer).split()
    out, i = [], 0
    while i < len(words):
        rest = fold(" ".join(words[i:]))
        level = next(((n, code) for phrase, code in ISSUER_ABBREVIATIONS if rest.startswith(phrase + " ")
                      or rest == phrase for n in [len(phrase.split())]), None)
        if level:
            out.append(level[1])
            i += level[0]
            continue
        word = words[i].strip(".,;:()")
        if word and fold(word) not in ISSUER_SKIPPED:
            vowelless = not any(c in "aeiouy" for c in fold(word))   # THCS, TH, MN: an abbreviation
            out.append(word.upper() if word.isdigit() or vowelless else word[0].upper())
        i += 1
    return "".join(out)


def near_miss(code: str, expected: str) -> bool:
    """Whether a code part is one letter off what it should be (an OCR slip: THGSNVC for THCSNVC)."""
    if len(expected) < 3 or code == expected:
        return False
    previous = list(range(len(expected) + 1))
    for i, a in enumerate(code, 1):
        current = [i]
        for j, b in enumerate(expected, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= 1


def marked_slot(text: str) -> bool:
    """Whether a "Số: …" or place-date line has marks where its number or day should be that do
    not read as one (a handwritten number or day OCR could not read; a blank template has none)."""
    line = clean(text)
    if not _NUMBER.match(line) and _NUMBER_MARKED.match(line):
        return True
    day = re.search(r"ngay(?P<day>.*?)thang", fold(line))
    return bool(day and day.group("day").strip(" .") and not re.fullmatch(r"[\s.]*\d{1,2}[\s.]*", day.group("day")))


def number_rest(text: str) -> tuple[str, str] | None:
    """A "Số: …" line that also carries the right column's text: (number part, the rest)."""
    m = _NUMBER.match(clean(text))
    if not m or not m.group(3).strip():
        return None
    cut = len(clean(text)) - len(m.group(3))
    return clean(text)[:cut].strip(), m.group(3).strip()


def type_from_code(code: str) -> str | None:
    """The document type of a number's code part: "QĐ-THTBB" → QĐ; "PGDĐT-TCCB" (công văn) → None."""
    head = code.split("/")[-1].split("-")[0]     # "2020/QĐ-UBND" names a QĐ too
    return head if head in DOC_TYPES and head != "CV" else None


def read_place_date(text: str) -> tuple[str | None, date | None] | None:
    """(place, date) of a place-date line; the date is None when the template left it blank."""
    original = clean(text)
    m = _PLACE_DATE.match(fold(original))
    if not m:
        return None
    place = original[:len(m.group("place"))].strip(" ,.…") or None
    if place and len(place.split()) > _MAX_PLACE_WORDS:   # a sentence citing a date, not a place
        return None
    day, month = _SLOT.fullmatch(m.group("d")), _SLOT.fullmatch(m.group("m"))
    if not (day and month):
        return place, None
    try:
        return place, date(int(m.group("y")), int(month.group(1)), int(day.group(1)))
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
    folded = fold(text).strip(" '\"‘’“”`.,:;")
    if any(folded.startswith(w) for w in SIGNATURE_BOX_WORDS) or any(c.isdigit() for c in folded):
        return False
    for prefix in SIGNER_PREFIXES:
        folded = folded.removeprefix(prefix).strip()
    return any(folded.startswith(p) or folded.endswith(p) for p in SIGNER_POSITIONS) and len(folded) < 60


def looks_like_name(text: str) -> bool:
    """A person's name as printed under a signature: 2–5 capitalised Vietnamese words."""
    words = clean(text).split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)
