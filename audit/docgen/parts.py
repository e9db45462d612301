"""Header and footer parts of a document: number, title lines, authority, recipients."""
from __future__ import annotations

import random

from audit.docgen import fonts
from audit.docgen.fonts import BOLD, REGULAR
from audit.docgen.vocab import SENDERS, UNITS, Issuer


def number(rng: random.Random, doc_type: str, issuer: Issuer, blank: bool) -> tuple[str, str | None]:
    """(what follows "Số:" as printed, the truth number without spaces or None)."""
    if doc_type != "CV":
        tail = f"{doc_type}-{issuer.code}"
    elif issuer.kind == "school":
        tail = rng.choice((issuer.code, f"CV-{issuer.code}", f"{issuer.code}-VP"))
    else:
        tail = f"{issuer.code}-{rng.choice(UNITS)}"
    if blank:
        return f"{' ' * rng.randint(4, 8)}/{tail}", None
    high = 350 if issuer.kind == "school" else 2500
    value = rng.randint(1, high)
    digits = f"{value:02d}" if value < 10 and rng.random() < 0.6 else str(value)
    space = " " if rng.random() < 0.12 else ""
    return f"{digits}{space}/{tail}", f"{digits}/{tail}"


def title_lines(rng: random.Random, title: str, is_cv: bool, force_two: bool) -> tuple[str, ...]:
    """Break the trích yếu into printed lines (V/v lines in the narrow left column)."""
    if is_cv:
        return tuple(fonts.wrap(f"V/v {title}", REGULAR, 11, 215))
    lines = fonts.wrap(title, BOLD, 13, 430)
    low = title.lower()
    if len(lines) == 1 and "năm học" in low and rng.random() < 0.3:
        cut = low.rindex("năm học")
        return (title[:cut].strip(), "Năm học" + title[cut + 7:]) if cut else tuple(lines)
    if len(lines) == 1 and (force_two or rng.random() < 0.25):
        words = title.split()
        if len(words) >= 6:
            half = len(words) // 2 + rng.choice((-1, 0, 1))
            return " ".join(words[:half]), " ".join(words[half:])
    return tuple(lines)


def authority(rng: random.Random, issuer: Issuer, doc_type: str) -> tuple[str, ...]:
    """Authority prefix and position lines of the signer block."""
    if doc_type == "BB":
        return (rng.choice(("CHỦ TỌA", "CHỦ TRÌ", "TỔ TRƯỞNG")),)
    options: dict[str, list[tuple[str, ...]]] = {
        "school": [("HIỆU TRƯỞNG",), ("HIỆU TRƯỞNG",), ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"),
                   ("Q. HIỆU TRƯỞNG",)],
        "office": [("TRƯỞNG PHÒNG",), ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")],
        "council": [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")],
    }
    return rng.choice(options[issuer.kind])


def recipients(rng: random.Random, issuer: Issuer, doc_type: str) -> tuple[str, ...]:
    """The "Nơi nhận:" list, ending with "- Lưu: …"."""
    first = "- Như Điều 3;" if doc_type == "QĐ" else "- Như trên;"
    picked = rng.sample(SENDERS[issuer.kind], rng.randint(1, 3))
    keep = rng.choice(("- Lưu: VT, CNTT.", "- Lưu: VT.", "- Lưu VT, TCCB.", "- Lưu: VT, HS."))
    return (first, *(f"- {name};" for name in picked), keep)


def greeting(issuer: Issuer, doc_type: str) -> str:
    """The "Kính gửi: …" line of letters, proposals and reports to a superior, or ""."""
    if doc_type not in ("CV", "TTr") and not (doc_type == "BC" and issuer.kind == "school"):
        return ""
    if issuer.kind == "school":
        return f"Kính gửi: Phòng Giáo dục và Đào tạo {issuer.city}."
    if issuer.kind == "office":
        return "Kính gửi: Hiệu trưởng các trường Mầm non, Tiểu học, THCS."
    return "Kính gửi: Các trường Mầm non, Tiểu học, Trung học cơ sở trên địa bàn."
