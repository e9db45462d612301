"""The contract's evidence document (evidence/1) from a file's reading and identity (pure)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from audit.evidence.identify import Identity, code_fits, identify, within
from audit.evidence.model import ReadResult

_EMPTY = {"doc_type": None, "number": None, "issued_on": None, "place": None, "issuer": None,
          "title": None, "signer": None, "school_year": None}


def build_document(file: str, sha256: str, read: ReadResult) -> dict[str, Any]:
    """One evidence document: identified fields when the file was read, else its reason."""
    doc: dict[str, Any] = {"file": file, "sha256": sha256, "status": read.status, "pages": read.page_count,
                           **_EMPTY, "text_source": "none", "criteria": [], "flags": list(read.flags)}
    if read.status != "parsed" or not read.pages:
        doc["reason"] = read.reason
        return doc
    pages = {p.number: p for p in read.pages}
    second = pages.get(read.second_start)
    end = pages.get(read.second_start - 1, read.pages[0]) if second else read.pages[-1]
    ident: Identity = identify(read.pages[0], end)
    before = pages.get(end.number - 1)
    if ident.signer is None and before is not None and before is not read.pages[0]:
        ident = identify(read.pages[0], before)   # the last page is an annex: the signer is before it
    if read.readings:   # a scan: other readings of its header confirm, fill or dispute the number and date
        ident = settle(ident, [identify(reading, end) for reading in read.readings],
                       [reading.confidence is not None for reading in read.readings])
    doc.update(_fields(ident))
    doc["text_source"] = "ocr" if any(p.source == "ocr" for p in read.pages) else "text"
    doc["flags"] = list(dict.fromkeys(doc["flags"] + list(ident.flags)))
    if second:   # two documents scanned into one file: the second is reported beside the first
        other = identify(second, read.pages[-1])
        doc["second_document"] = {"first_page": second.number, **_fields(other), "flags": list(other.flags)}
        doc["flags"].append(f"second_document:{second.number}")
    return doc


def _vote(sure: list[Any], unsure: list[Any]) -> tuple[Any, bool, bool]:
    """The value most readings give, whether the readings disagreed, and whether it rests on agreeing
    unsure readings alone. A value needs one sure reading or two readings; a tie is no value."""
    counts = Counter(v for v in sure + unsure if v is not None)
    ranked = counts.most_common()
    if not ranked:
        return None, False, False
    disputed = len(ranked) > 1
    value, votes = ranked[0]
    if disputed and votes == ranked[1][1]:
        return None, True, False
    if value in sure:
        return value, disputed, False
    return (value, disputed, True) if votes >= 2 else (None, disputed, False)


def _fitting(ident: Identity, other: Identity, unsure: bool) -> str | None:
    """Another reading's number when its code can be this document's: of the type the page's type name
    says, and not a near miss of the issuer's initials as that reading read them (it may read the issuer
    better than the page did)."""
    number = other.unsure_number if unsure else other.number
    code = (number or "").partition("/")[2]
    return number if number and code_fits(code, ident.doc_type, other.issuer or ident.issuer) else None


def settle(ident: Identity, others: list[Identity], ocr: list[bool]) -> Identity:
    """The page's identity with its number and date decided by every OCR reading of the header (see
    `_vote`); the file's own layer gives the number only when no OCR reading does. Flags say when the
    page's own reading lost, when readings disagreed and when only unsure readings agreed."""
    read = [ident] + [o for o, is_ocr in zip(others, ocr) if is_ocr]
    sure = [ident.number] + [_fitting(ident, o, False) for o in read[1:]]
    unsure = [ident.unsure_number] + [_fitting(ident, o, True) for o in read[1:]]
    layer = [_fitting(ident, o, False) for o, is_ocr in zip(others, ocr) if not is_ocr]
    if not any(sure + unsure):
        sure = layer
    else:   # another engine read the page: it confirms a value an OCR reading gave, never brings its own
        unsure += [n for n in layer if n in sure + unsure]
    number = _vote(sure, unsure)
    issued = _vote([o.issued_on for o in read], [o.unsure_date for o in read])
    place = ident.place or next((o.place for o in others if o.issued_on == issued[0] and o.place), None)
    flags = [f for f in ident.flags if f != "outside_school_year"]
    for (value, disputed, agreed), own, field in ((number, ident.number, "number"), (issued, ident.issued_on, "date")):
        if value is not None and value != own:
            flags = [f for f in flags if f not in (f"no_{field}", f"doubtful_{field}")] + [f"{field}_second_reading"]
        if value is None and own is not None:
            flags += [f"no_{field}", f"doubtful_{field}"]
        flags += ["readings_disagree"] * disputed + [f"{field}_readings_agree"] * agreed
    if issued[0] and ident.school_year and not within(issued[0], ident.school_year):
        flags.append("outside_school_year")
    return replace(ident, number=number[0], issued_on=issued[0], place=place, flags=tuple(dict.fromkeys(flags)))


def _fields(ident: Identity) -> dict[str, Any]:
    """The contract's identity fields of one document."""
    return {"doc_type": ident.doc_type, "number": ident.number,
            "issued_on": ident.issued_on.isoformat() if ident.issued_on else None, "place": ident.place,
            "issuer": ident.issuer, "title": ident.title, "signer": ident.signer, "school_year": ident.school_year}


def mark_duplicates(docs: list[dict[str, Any]]) -> None:
    """Flag every file whose bytes another file already had (same sha256)."""
    first: dict[str, str] = {}
    for doc in docs:
        earlier = first.setdefault(doc["sha256"], doc["file"])
        if earlier != doc["file"]:
            doc["flags"].append(f"duplicate_of:{earlier}")
