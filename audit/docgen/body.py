"""Body text of the generated documents: bases, numbered sections, dates that are not the issue date."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from audit.docgen.phrases import BASES, FILLER, ROOMS, TASKS
from audit.docgen.spec import Block

LINES_PER_PAGE = 38
ROMAN = ("I", "II", "III", "IV", "V", "VI")


@dataclass(frozen=True)
class Context:
    """What the body text refers to."""
    full: str
    city: str
    code: str
    sy: str                 # school year as printed in the text
    day: date               # the document's own date (or the date it would have)
    chair: str
    secretary: str


def _d(day: date) -> str:
    """dd/mm/yyyy as body text writes dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _fill(rng: random.Random, text: str, ctx: Context) -> str:
    """Fill a phrase's placeholders with earlier dates and numbers (traps for the issue date)."""
    before = [ctx.day - timedelta(days=rng.randint(5, 120)) for _ in range(2)]
    return text.format(full=ctx.full, city=ctx.city, sy=ctx.sy, code=ctx.code, n=rng.randint(100, 1999),
                       n2=rng.randint(10, 320), d1=_d(before[0]), d2=_d(before[1]))


def _bases(rng: random.Random, ctx: Context) -> list[Block]:
    """Two to four "Căn cứ …" paragraphs."""
    picked = rng.sample(BASES, rng.randint(2, 4))
    return [("p", _fill(rng, text, ctx)) for text in picked]


def _para(rng: random.Random) -> Block:
    """A paragraph of two or three filler sentences."""
    return ("p", " ".join(rng.sample(FILLER, rng.randint(2, 3))))


def _sections(rng: random.Random, heads: tuple[str, ...], budget: int) -> list[Block]:
    """Roman-numbered sections filled with paragraphs up to about budget lines."""
    out: list[Block] = []
    per = max(1, budget // (8 * len(heads)))
    for index, head in enumerate(heads):
        out.append(("h", f"{ROMAN[index]}. {head.upper()}"))
        for number in range(per):
            out.append(("h", f"{number + 1}. {rng.choice(TASKS)}") if number % 2 == 0 else _para(rng))
            out.append(_para(rng))
    return out


def _schedule(rng: random.Random, ctx: Context) -> list[Block]:
    """Month-by-month schedule lines ("- Tháng 9/2023: …"): dates inside the body."""
    start = date(ctx.day.year, ctx.day.month, 1)
    out: list[Block] = [("h", "Lịch thực hiện:")]
    for step in range(rng.randint(3, 6)):
        month = (start.month - 1 + step) % 12 + 1
        year = start.year + (start.month - 1 + step) // 12
        out.append(("p", f"- Tháng {month}/{year}: {rng.choice(TASKS).lower()}."))
    return out


def _minutes(rng: random.Random, ctx: Context, budget: int) -> list[Block]:
    """Minutes: time and place, attendance, content, conclusion."""
    day = ctx.day - timedelta(days=rng.choice((0, 0, 1, 2)))
    return [
        ("p", f"Hôm nay, vào lúc {rng.choice((8, 14, 15))} giờ 00 phút, ngày {day.day} tháng {day.month} "
              f"năm {day.year}, tại {rng.choice(ROOMS)}, {ctx.full} tổ chức họp."),
        ("h", "I. THÀNH PHẦN"),
        ("p", f"- Chủ tọa: {ctx.chair}."), ("p", f"- Thư ký: {ctx.secretary}."),
        ("p", f"- Có mặt: {rng.randint(12, 45)} đồng chí; vắng: {rng.randint(0, 3)} đồng chí (có lý do)."),
        *_sections(rng, ("Nội dung", "Ý kiến thảo luận"), budget - 10),
        ("h", "III. KẾT LUẬN"), _para(rng),
        ("p", "Cuộc họp kết thúc vào lúc 16 giờ 30 phút cùng ngày. Biên bản đã được thông qua trước toàn thể "
              "thành viên dự họp và nhất trí 100%./."),
    ]


def _decision(rng: random.Random, ctx: Context, budget: int) -> list[Block]:
    """Decision: authority line, bases, "QUYẾT ĐỊNH:" and articles."""
    head = {"Trường": "HIỆU TRƯỞNG ", "Phòng": "TRƯỞNG "}.get(ctx.full.split()[0], "")
    out: list[Block] = [("c", f"{head}{ctx.full.upper()}"), *_bases(rng, ctx),
                        ("p", "Xét đề nghị của Tổ trưởng tổ Văn phòng và Tổ trưởng các tổ chuyên môn,"),
                        ("c", "QUYẾT ĐỊNH:"),
                        ("p", f"Điều 1. Ban hành kèm theo Quyết định này nội dung áp dụng trong năm học {ctx.sy}.")]
    out += [_para(rng) for _ in range(max(1, budget // 5 - 4))]
    out += [("p", "Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
            ("p", "Điều 3. Các bộ phận, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")]
    return out


_HEADS = {
    "KH": ("Mục đích, yêu cầu", "Nội dung và nhiệm vụ trọng tâm", "Tổ chức thực hiện"),
    "BC": ("Đặc điểm tình hình", "Kết quả thực hiện", "Tồn tại, hạn chế", "Phương hướng nhiệm vụ"),
    "HD": ("Yêu cầu chung", "Nội dung hướng dẫn", "Tổ chức thực hiện"),
    "CTr": ("Mục tiêu", "Nội dung chương trình", "Phân công thực hiện"),
    "QC": ("Quy định chung", "Quy định cụ thể", "Điều khoản thi hành"),
}
_CLOSING = {
    "KH": "Trên đây là Kế hoạch của {full}, đề nghị các bộ phận, cá nhân nghiêm túc thực hiện./.",
    "BC": "Trên đây là báo cáo của {full}, kính báo cáo cấp trên xem xét./.",
    "TTr": "Kính đề nghị cấp trên xem xét, phê duyệt./.",
    "CV": "Trên đây là nội dung công văn, đề nghị các đơn vị nghiêm túc thực hiện./.",
    "TB": "{full} thông báo để các bộ phận, cá nhân biết và thực hiện./.",
}


def make_body(rng: random.Random, doc_type: str, ctx: Context, pages: int) -> tuple[Block, ...]:
    """Body blocks for a document of the given type, long enough for about `pages` pages."""
    budget = pages * LINES_PER_PAGE - 28
    if doc_type == "BB":
        return tuple(_minutes(rng, ctx, budget))
    if doc_type == "QĐ":
        return tuple(_decision(rng, ctx, budget))
    blocks: list[Block] = _bases(rng, ctx) if rng.random() < 0.6 else []
    heads = _HEADS.get(doc_type)
    if heads:
        blocks += _sections(rng, heads, budget)
    else:
        blocks += [_para(rng) for _ in range(max(2, budget // 5))]
    if doc_type in ("KH", "CTr") and rng.random() < 0.7:
        blocks += _schedule(rng, ctx)
    closing = _CLOSING.get(doc_type)
    if closing:
        blocks.append(("p", closing.format(full=ctx.full)))
    return tuple(blocks)
