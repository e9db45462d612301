"""Assign identified documents to the rubric's document checks and build their findings (pure).

A document check names the types and title keywords it accepts, whether the document must be
about the audited school year, a deadline, a count, required items, or one per month; each
item or month without a fitting document is reported missing, so the engine can deduct per
item or per month as the sheet says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from audit import vocabulary as vocab
from audit.findings import Finding, document_key
from audit.rubric.model import Check, Rubric
from audit.schoolyear import SchoolYear
from audit.text import fold

# Words every school name shares ("trường tiểu học …"): left out when comparing names.
_SCHOOL_WORDS = re.compile(r"\b(truong|tieu hoc|trung hoc co so|trung hoc pho thong|mam non|th|thcs|thpt|mn|"
                           r"th&thcs|thcs&thpt|va|&|-)\b")
_MONTH_IN_TITLE = re.compile(r"thang\s+(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})")


@dataclass(frozen=True)
class Spec:
    """What one required document must be."""
    name: str
    types: tuple[str, ...]
    keywords: tuple[str, ...]
    school_year: bool
    deadline: str | None
    label: str = ""

    @property
    def shown(self) -> str:
        """What a reviewer reads for this document: its title on the sheet, else its types and words."""
        if self.label:
            return self.label
        kinds = " hoặc ".join(dict.fromkeys(vocab.DOC_TYPES.get(t, t) for t in self.types)) or "văn bản"
        words = ", ".join(f"«{k}»" for k in self.keywords)
        return f"{kinds} về {words}" if words else kinds


def specs_of(check: Check) -> list[Spec]:
    """The check's required documents: its items, each inheriting the check's own terms."""
    p = check.params
    base: dict[str, Any] = {"types": p.get("types") or [], "keywords": p.get("keywords") or [],
                            "school_year": bool(p.get("school_year")), "deadline": p.get("deadline")}
    items: list[dict[str, Any]] = p.get("items") or [{"name": check.name}]
    return [Spec(str(i.get("name") or i.get("title")), tuple(i.get("types") or base["types"]),
                 tuple(i.get("keywords") or base["keywords"]), bool(i.get("school_year", base["school_year"])),
                 i.get("deadline", base["deadline"]), str(i.get("title") or "")) for i in items]


def fits(doc: dict[str, Any], spec: Spec, year: SchoolYear) -> bool:
    """True when a parsed document is of the spec's type, names its words and its school year."""
    if doc.get("status") != "parsed":
        return False
    if spec.types and doc.get("doc_type") not in spec.types:
        return False
    title = fold(doc.get("title") or "")
    if spec.keywords and not any(fold(k) in title for k in spec.keywords):
        return False
    return not spec.school_year or _about_year(doc, year)


def _about_year(doc: dict[str, Any], year: SchoolYear) -> bool:
    if doc.get("school_year"):
        return doc["school_year"] == str(year)
    issued = _day(doc.get("issued_on"))
    return issued is not None and date(year.first, 7, 1) <= issued <= date(year.first + 1, 8, 31)


def _day(text: Any) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def late(doc: dict[str, Any], spec: Spec, year: SchoolYear) -> date | None:
    """The deadline a fitting document missed, if it did."""
    if not spec.deadline:
        return None
    due, issued = year.month_day(spec.deadline), _day(doc.get("issued_on"))
    return due if issued and issued > due else None


def month_of(doc: dict[str, Any]) -> str | None:
    """The month a monthly report or minutes is about ("tháng 10/2023"), else its issue month."""
    m = _MONTH_IN_TITLE.search(fold(doc.get("title") or ""))
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return str(doc["issued_on"])[:7] if doc.get("issued_on") else None


def window_months(start: date, end: date) -> list[str]:
    """Every month of the counting window, "YYYY-MM"."""
    months, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def doubts(doc: dict[str, Any]) -> list[str]:
    """The flags that make a document doubtful (another school's, unsigned, no number or date, outside the
    school year, late, read by OCR without confidence): it may support a criterion, never confirm it alone."""
    flags = [str(f) for f in doc.get("flags", [])]
    return [f for f in vocab.DOUBT_FLAGS if f in flags]


def _match(docs: list[dict[str, Any]], check: Check, year: SchoolYear, window: tuple[date, date]) -> dict[str, Any]:
    """The files that satisfy the check, and the items and months still missing."""
    matched: list[str] = []
    missing: list[str] = []
    shown: list[str] = []
    itemised = bool(check.params.get("items"))
    for spec in specs_of(check):
        fitting = [d for d in docs if fits(d, spec, year)]
        on_time = [d for d in fitting if not late(d, spec, year)]
        matched += [str(d["file"]) for d in on_time]
        due = late(fitting[0], spec, year) if fitting and not on_time else None
        if due:
            missing.append(f"{spec.name if itemised else 'văn bản'} (ban hành sau hạn {due:%d/%m/%Y})")
            shown.append(f"{spec.shown if itemised else 'văn bản'} (ban hành sau hạn {due:%d/%m/%Y})")
        elif itemised and not on_time:
            missing.append(spec.name)
            shown.append(spec.shown)
    values: dict[str, Any] = {"matched": list(dict.fromkeys(matched)), "missing_items": missing,
                              "missing_shown": shown}
    if check.params.get("per_month"):
        covered = {month_of(d) for d in docs if d["file"] in matched}
        values["missing_months"] = [m for m in window_months(*window) if m not in covered]
    return values


def match_check(docs: list[dict[str, Any]], check: Check, year: SchoolYear,
                window: tuple[date, date]) -> Finding:
    """The check's finding: the files that satisfy it, the items and months still missing; when doubtful
    files are among them, which (`doubtful`: file → flags) and what the sure files alone satisfy (`sure`)."""
    values = _match(docs, check, year, window)
    doubtful = {str(d["file"]): doubts(d) for d in docs if str(d["file"]) in values["matched"] and doubts(d)}
    if doubtful:
        values["doubtful"] = doubtful
        values["sure"] = _match([d for d in docs if str(d["file"]) not in doubtful], check, year, window)
    return Finding(values=values, evidence=tuple(values["matched"]))


def late_files(docs: list[dict[str, Any]], rubric: Rubric, year: SchoolYear) -> set[str]:
    """Files that fit a document check but were issued after its deadline."""
    return {str(d["file"]) for c in rubric.criteria for k in c.checks if k.kind == "documents"
            for spec in specs_of(k) for d in docs if fits(d, spec, year) and late(d, spec, year)}


def issuer_flags(docs: list[dict[str, Any]], school_name: str | None) -> None:
    """Flag school documents issued by another school (when this school's name is known)."""
    if not school_name:
        return
    ours = set(_SCHOOL_WORDS.sub(" ", fold(school_name)).split())
    for doc in docs:
        issuer = fold(doc.get("issuer") or "")
        if issuer.startswith("truong") and ours:
            theirs = set(_SCHOOL_WORDS.sub(" ", issuer).split())
            if theirs and not theirs <= ours and not ours <= theirs:
                doc["flags"].append("issuer_not_this_school")


def match_documents(documents: Iterable[dict[str, Any]], rubric: Rubric,
                    year: SchoolYear) -> tuple[dict[str, Finding], dict[str, list[str]]]:
    """Findings for every document check of the rubric, and the criteria each file serves.

    Documents fitting a check but issued after its deadline get the flag "after_deadline".
    """
    docs = list(documents)
    late_ones = late_files(docs, rubric, year)
    for doc in docs:
        flags = doc.setdefault("flags", [])
        if doc["file"] in late_ones and "after_deadline" not in flags:
            flags.append("after_deadline")
    findings: dict[str, Finding] = {}
    used: dict[str, list[str]] = {}
    for criterion in rubric.criteria:
        for check in criterion.checks:
            if check.kind != "documents":
                continue
            window = year.resolve(check.window or rubric.window)
            finding = match_check(docs, check, year, window)
            findings[document_key(criterion.id, check.name)] = finding
            for f in finding.values["matched"]:
                used.setdefault(f, []).append(criterion.id)
    return findings, {f: list(dict.fromkeys(c)) for f, c in used.items()}
