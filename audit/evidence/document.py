"""The contract's evidence document (evidence/1) from a file's reading and identity (pure)."""
from __future__ import annotations

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
    for reading in read.readings:   # a scan: another reading of its header may hold the number or date
        other = identify(reading, end)
        code = (other.number or "").partition("/")[2]
        if ident.number is None and other.number and "doubtful_number" not in other.flags \
                and code_fits(code, ident.doc_type, ident.issuer):
            ident = replace(ident, number=other.number, flags=tuple(
                f for f in ident.flags if f not in ("no_number", "doubtful_number")) + ("number_second_reading",))
        if ident.issued_on is None and other.issued_on and reading.confidence is not None \
                and "doubtful_date" not in other.flags:   # OCR'd again (the foreign layer has no confidence)
            ident = replace(ident, issued_on=other.issued_on, place=ident.place or other.place, flags=tuple(
                f for f in ident.flags if f not in ("no_date", "doubtful_date")) + ("date_second_reading",))
            if ident.school_year and ident.issued_on and not within(ident.issued_on, ident.school_year):
                ident = replace(ident, flags=ident.flags + ("outside_school_year",))
    doc.update(_fields(ident))
    doc["text_source"] = "ocr" if any(p.source == "ocr" for p in read.pages) else "text"
    doc["flags"] = list(dict.fromkeys(doc["flags"] + list(ident.flags)))
    if second:   # two documents scanned into one file: the second is reported beside the first
        other = identify(second, read.pages[-1])
        doc["second_document"] = {"first_page": second.number, **_fields(other), "flags": list(other.flags)}
        doc["flags"].append(f"second_document:{second.number}")
    return doc


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
