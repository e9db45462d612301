"""How Word-made documents vary: header tables, number and date styles, signer blocks, traps.

A Variation says how one document is typed; `vary` draws one and rewrites the DocSpec's printed
number and date (and their truth) to follow it. Every choice here is something real files show
(see audit/docgen/README.md).
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from audit.docgen.legacyfont import tcvn3_ok
from audit.docgen.spec import Block, DocSpec
from audit.docgen.titles import TYPE_NAMES
from audit.docgen.vocab import PEOPLE

HEADERS = ("table", "table", "rows", "rows", "rtl", "nested")
PARTS = ("parent", "issuer", "date", "title", "recipient", "body", "to", "authority", "signer")


@dataclass(frozen=True)
class Variation:
    """How one document is typed in Word."""
    header: str = "table"          # table: 1 row 2 cells; rows: 2 rows; rtl: right cell first; nested
    number: str = "plain"          # plain "Số: 15/…", spaced "Số: 15 /…", nocolon "Số 15 /…", below
    date: str = "plain"            # plain, spaces (runs of spaces), dots ("ngày 05. tháng 3.")
    date_below: bool = False       # the place-date line under the number line
    rule: str = "border"           # under the issuer and the motto: border, underscores, dashes
    legacy: str = ""               # "", "TCVN3" or "VNI"
    legacy_parts: tuple[str, ...] = ()
    nfd_parts: tuple[str, ...] = ()
    signed_mark: str = ""          # "(Đã ký)" between position and name, or ""
    esign: str = ""                # "", "top" or "bottom": a digital-signature box
    esign_lines: tuple[str, ...] = ()
    annex: tuple[Block, ...] = ()  # a "Phụ lục" page after the signature
    size: float = 14.0             # body font size


def _digits(number: str) -> str:
    """The number's leading digits ("15" of "15/QĐ-X")."""
    return number.split("/", 1)[0]


def _number(rng: random.Random, spec: DocSpec, day: date | None) -> tuple[str, str | None, str]:
    """(printed text after "Số", truth, style): & codes, a year inside, stray spaces."""
    tail = spec.number_text.split("/", 1)[1]
    if "GDĐT" in tail and rng.random() < 0.5:
        tail = tail.replace("PGDĐT", "PGD&ĐT").replace("SGDĐT", "SGD&ĐT")
    year = day.year if day else None
    if year and spec.doc_type in ("QĐ", "QC", "CT") and rng.random() < 0.35:
        tail = f"{year}/{tail}"
    style = rng.choice(("plain", "plain", "spaced", "spaced", "nocolon", "below"))
    if spec.number is None:
        return f"{' ' * rng.randint(5, 9)}/{tail}", None, "nocolon" if style == "nocolon" else "plain"
    digits = _digits(spec.number)
    gap = " " if style in ("spaced", "nocolon") else ""
    return f"{digits}{gap}/{tail}", f"{digits}/{tail}", style


def date_text(rng: random.Random, place: str, day: date, blank: bool, style: str) -> str:
    """The place-date line in the given style (blank: the day left empty, or dotted)."""
    dd = f"{day.day:02d}" if rng.random() < 0.8 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 and rng.random() < 0.6 else str(day.month)
    if blank:
        fill = "……" if style == "dots" else " " * rng.randint(4, 8)
        return f"{place}, ngày {fill} tháng {mm} năm {day.year}"
    if style == "spaces":
        return f"{place}, ngày {dd}{' ' * rng.randint(2, 6)}tháng {mm}{' ' * rng.randint(1, 4)}năm {day.year}"
    if style == "dots":
        return rng.choice((f"{place}, ngày {dd}. tháng {mm}. năm {day.year}",
                           f"{place}, ngày {dd}.. tháng {mm}.. năm {day.year}"))
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"


def _authority(rng: random.Random, spec: DocSpec) -> tuple[str, ...]:
    """Authority lines with KT./TM./Q./TL. prefixes as real signer blocks print them."""
    if spec.doc_type == "BB" or rng.random() < 0.5:
        return spec.authority
    if spec.issuer.startswith("ỦY BAN"):
        return rng.choice((("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
                           ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))
    if spec.issuer.startswith("PHÒNG"):
        return rng.choice((("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"), ("Q. TRƯỞNG PHÒNG",),
                           ("TL. TRƯỞNG PHÒNG", "CHUYÊN VIÊN PHỤ TRÁCH")))
    return rng.choice((("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"), ("Q. HIỆU TRƯỞNG",),
                       ("TL. HIỆU TRƯỞNG", "TỔ TRƯỞNG VĂN PHÒNG"), ("TM. BAN GIÁM HIỆU", "HIỆU TRƯỞNG")))


def _named(capitals: str) -> str:
    """An issuing body in the case a certificate names it ("Trường THCS Nguyễn Văn Cừ")."""
    words = []
    for index, word in enumerate(capitals.split()):
        bare = unicodedata.normalize("NFD", word)
        if not any(c in "AEIOUY" for c in bare):
            words.append(word)  # THCS, UBND, PGD&ĐT: acronyms stay in capitals
        else:
            words.append(word.capitalize() if index == 0 or word not in ("VÀ",) else word.lower())
    return " ".join(words)


def _esign(rng: random.Random, spec: DocSpec, day: date) -> tuple[str, ...]:
    """A digital-signature box naming the signing office or another person, never the signer."""
    others = [p for p in PEOPLE if p not in (spec.signer, spec.left_signer[1] if spec.left_signer else "")]
    when = day + timedelta(days=rng.choice((0, 0, 1, 3, 4)))
    stamp = f"{when.day:02d}.{when.month:02d}.{when.year} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:" \
            f"{rng.randint(0, 59):02d} +07:00"
    office = _named(spec.issuer)
    who = rng.choice((office, f"{rng.choice(others)}, Chánh Văn phòng", f"Văn thư - {office}"))
    return (f"Ký bởi: {who}", f"Cơ quan: {office}", f"Thời gian ký: {stamp}")


def _cited(rng: random.Random, day: date) -> Block:
    """A paragraph citing other documents with their own numbers and dates (traps)."""
    first = day - timedelta(days=rng.randint(20, 400))
    second = day - timedelta(days=rng.randint(3, 60))
    year = first.year
    return ("p", f"Thực hiện Công văn số {rng.randint(100, 4999)}/BGDĐT-GDTrH ngày {first.day:02d}/{first.month}/"
                 f"{first.year} của Bộ Giáo dục và Đào tạo; Quyết định số {rng.randint(1, 60)}/{year}/QĐ-UBND ngày "
                 f"{second.day} tháng {second.month} năm {second.year} của Ủy ban nhân dân tỉnh và Kế hoạch số "
                 f"{rng.randint(10, 300)}/KH-SGD&ĐT ngày {second.day:02d}.{second.month:02d}.{second.year};")


def _annex(rng: random.Random, spec: DocSpec, number: str | None, day: date) -> tuple[Block, ...]:
    """A "Phụ lục" page: its own heading, the document it belongs to, dates of other years."""
    kind = TYPE_NAMES[spec.doc_type].capitalize() if spec.doc_type != "CV" else "Công văn"
    shown = number or f"     /{spec.number_text.split('/', 1)[1]}"
    blocks: list[Block] = [("c", "PHỤ LỤC"), ("c", "LỊCH THỰC HIỆN CÁC NHIỆM VỤ"),
                           ("i", f"(Kèm theo {kind} số {shown} ngày {day.day}/{day.month}/{day.year} của "
                                 f"{_named(spec.issuer)})")]
    for step in range(rng.randint(4, 7)):
        when = day + timedelta(days=30 * step + rng.randint(5, 20))
        later = when.year + (1 if step > 3 else 0)
        blocks.append(("p", f"{step + 1}. Trước ngày {when.day}/{when.month}/{later}: "
                            f"{rng.choice(('tổng hợp báo cáo', 'kiểm tra hồ sơ', 'cập nhật dữ liệu'))} năm học "
                            f"{later}-{later + 1}."))
    return tuple(blocks)


def _parts(rng: random.Random, spec: DocSpec, legacy: str) -> tuple[str, ...]:
    """Which parts are typed in the legacy font (only those TCVN3 can write, for TCVN3)."""
    texts = {"parent": " ".join(spec.parent), "issuer": spec.issuer, "date": spec.date_text,
             "title": " ".join(spec.title_lines), "recipient": spec.recipient, "body": "x",
             "to": " ".join(spec.to), "authority": " ".join(spec.authority), "signer": spec.signer or ""}
    capitals = ("parent", "issuer", "authority")
    fit = [p for p in PARTS if texts[p] and (legacy == "VNI" or tcvn3_ok(texts[p], p in capitals))]
    return tuple(rng.sample(fit, min(len(fit), rng.randint(1, 3))))


def _blank_date(text: str) -> tuple[int | None, int]:
    """(month or None, year) of a place-date line whose day is blank."""
    found = re.search(r"tháng\s*(\d+)?\s*năm\s*(\d{4})", text)
    if not found:
        raise ValueError(f"no month and year in {text!r}")
    return (int(found.group(1)) if found.group(1) else None), int(found.group(2))


def vary(rng: random.Random, spec: DocSpec) -> tuple[DocSpec, Variation]:
    """Draw a variation and return the spec rewritten to follow it (truth included)."""
    number_text, number, number_style = _number(rng, spec, spec.issued_on)
    style = rng.choice(("plain", "plain", "plain", "spaces", "dots"))
    if spec.issued_on is None:
        month, year = _blank_date(spec.date_text)
        real_day = date(year, month or 6, 15)
        printed = date_text(rng, spec.place, real_day, True, style)
        printed = printed if month else printed.replace(f"tháng {real_day.month} ", "tháng      ")
    else:
        real_day = spec.issued_on
        printed = date_text(rng, spec.place, real_day, False, style)
    spec = replace(spec, number_text=number_text, number=number, authority=_authority(rng, spec),
                   date_text=printed)
    body = spec.body
    if rng.random() < 0.4:
        body = (_cited(rng, real_day),) + body
    spec = replace(spec, body=body)
    legacy = rng.choice(("", "", "", "", "TCVN3", "VNI"))
    esign = rng.choice(("", "", "", "top", "bottom")) if spec.signed else ""
    return spec, Variation(
        header=rng.choice(HEADERS), number=number_style, date=style, date_below=rng.random() < 0.15,
        rule=rng.choice(("border", "border", "underscores", "dashes")), legacy=legacy,
        legacy_parts=_parts(rng, spec, legacy) if legacy else (),
        nfd_parts=tuple(rng.sample(PARTS, rng.randint(1, 3))) if rng.random() < 0.2 else (),
        signed_mark=rng.choice(("(Đã ký)", "(đã ký)")) if spec.signed and rng.random() < 0.15 else "",
        esign=esign, esign_lines=_esign(rng, spec, real_day) if esign else (),
        annex=_annex(rng, spec, number, real_day) if rng.random() < 0.12 else (),
        size=rng.choice((13.0, 14.0, 14.0)),
    )
