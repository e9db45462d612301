"""make_corpus: a deterministic, varied set of DocSpecs covering every type and the awkward cases."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace

from audit.docgen import dating, parts
from audit.docgen.body import Context, make_body
from audit.docgen.spec import DocSpec
from audit.docgen.titles import KINDS, TITLES, TYPE_NAMES, is_monthly
from audit.docgen.vocab import OFFICES, PEOPLE, SCHOOLS, Issuer
from audit.text import fold

ALL_TYPES = tuple(TYPE_NAMES)
TRAPPED = ("KH", "QĐ", "HD", "QC", "CTr")  # types sometimes dated outside their school year
COMMON = ("KH", "KH", "BC", "BC", "BB", "BB", "QĐ", "CV", "TB", "HD", "TTr", "QC", "CTr")


@dataclass(frozen=True)
class Plan:
    """What one document must be: its type and the awkward cases it carries."""
    doc_type: str
    blank: bool = False
    unsigned: bool = False
    two_lines: bool = False


def _issuer(rng: random.Random, doc_type: str, reform: bool) -> tuple[Issuer, bool]:
    """An issuing body that issues this type; whether it is shown after the 2025 reform."""
    pool = [i for i in SCHOOLS + OFFICES if doc_type in KINDS[i.kind] and (i.reformed or not reform)]
    chosen = rng.choice(pool)
    return chosen, reform and bool(chosen.reformed)


def _reformed(issuer: Issuer) -> Issuer:
    """The same body under the post-July-2025 parent (wards instead of districts)."""
    if issuer.kind == "council":
        return replace(issuer, lines=issuer.reformed, parent=())
    return replace(issuer, parent=issuer.reformed)


def _when(rng: random.Random, doc_type: str, reform: bool) -> tuple[int, dating.date]:
    """School year start and issue date (10% dated outside the year the document is about)."""
    if reform:
        day = dating.month_date(rng, 2025, rng.randint(7, 10))
        return (2025 if day.month >= 8 else 2024), day
    start = rng.randint(2021, 2024)
    trap = doc_type in TRAPPED and start < 2024 and rng.random() < 0.15
    return start, dating.issue_date(rng, doc_type, start, trap)


def _title(rng: random.Random, doc_type: str, issuer: Issuer, sy: str, day: dating.date) -> tuple[str, bool]:
    """Trích yếu filled in; whether it names a month."""
    template = rng.choice(TITLES[doc_type])
    month = day if doc_type not in ("BC", "BB") else day - dating.timedelta(days=rng.choice((0, 3)))
    text = template.format(sy=sy, m=month.month, y=month.year, city=issuer.city)
    return text[0].upper() + text[1:] if doc_type != "CV" else text, is_monthly(template)


def _document(rng: random.Random, index: int, plan: Plan) -> DocSpec:
    """One document following its plan."""
    issuer, reform = _issuer(rng, plan.doc_type, rng.random() < 0.12)
    issuer = _reformed(issuer) if reform else issuer
    start, day = _when(rng, plan.doc_type, reform)
    sy = dating.school_year_text(rng, start)
    title, monthly = _title(rng, plan.doc_type, issuer, sy, day)
    lines = parts.title_lines(rng, title, plan.doc_type == "CV", plan.two_lines)
    chair, secretary, signer = rng.sample(PEOPLE, 3)
    ctx = Context(issuer.full, issuer.city, issuer.code, sy, day, chair, secretary)
    body = make_body(rng, plan.doc_type, ctx, rng.choice((1, 1, 1, 2, 2, 3, 4)))
    if monthly:
        body = (("p", f"Thực hiện kế hoạch nhiệm vụ năm học {sy}, {issuer.full} báo cáo kết quả "
                      f"tháng {day.month} như sau:"),) + body
    number_text, number = parts.number(rng, plan.doc_type, issuer, plan.blank)
    blank_date = plan.blank and rng.random() < 0.5
    minutes = plan.doc_type == "BB" and not plan.unsigned
    mentions = sy in title or any(sy in text for _, text in body)
    return DocSpec(
        key=f"{index:03d}_{fold(plan.doc_type)}_{fold(issuer.code)}", doc_type=plan.doc_type,
        parent=issuer.parent, issuer_lines=issuer.lines, number_text=number_text, number=number,
        place=issuer.place, date_text=dating.date_line(rng, issuer.place, day, blank_date),
        issued_on=None if blank_date else day, type_name=TYPE_NAMES[plan.doc_type],
        title=" ".join(lines)[4:] if plan.doc_type == "CV" else " ".join(lines), title_lines=lines,
        recipient=parts.greeting(issuer, plan.doc_type), body=body,
        authority=parts.authority(rng, issuer, plan.doc_type),
        signer=None if plan.unsigned else (chair if plan.doc_type == "BB" else signer),
        left_signer=("THƯ KÝ", secretary) if minutes else None,
        to=() if minutes else parts.recipients(rng, issuer, plan.doc_type),
        school_year=f"{start}-{start + 1}" if mentions else None, seed=rng.randint(0, 2**31),
    )


def _plans(rng: random.Random, n: int) -> list[Plan]:
    """Types for n documents (every type first) with ~10% blank numbers, ~10% unsigned, some 2-line titles."""
    types = list(ALL_TYPES) + [rng.choice(COMMON) for _ in range(max(0, n - len(ALL_TYPES)))]
    rng.shuffle(types)
    types = types[:n]
    marks = max(1, round(n / 10))
    blank = set(rng.sample(range(n), marks))
    unsigned = set(rng.sample(range(n), marks))
    two = set(rng.sample(range(n), max(1, n // 5)))
    return [Plan(t, i in blank, i in unsigned, i in two) for i, t in enumerate(types)]


def make_corpus(seed: int = 0, n: int = 30) -> list[DocSpec]:
    """n varied documents with ground truth; the same seed gives the same corpus."""
    rng = random.Random(seed)
    return [_document(rng, index, plan) for index, plan in enumerate(_plans(rng, n))]
