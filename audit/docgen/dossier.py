"""school_dossier: the IT-task documents one school sends with its self-scores (the demo's evidence).

Plans, decisions and reports issued by the school itself about one school year, titled as the sheets'
document checks ask (IT plan, admin assignments, school management software, smart city, digital
transformation), and one plan copied from another school (its documents are flagged, never trusted alone).
"""
from __future__ import annotations

import random
from datetime import date

from audit.docgen import parts
from audit.docgen.body import Context, make_body
from audit.docgen.dating import date_line
from audit.docgen.spec import DocSpec
from audit.docgen.titles import TYPE_NAMES
from audit.docgen.vocab import PEOPLE, SCHOOLS, Issuer
from audit.text import fold

# (file stem, type, trích yếu ({sy}: the school year), month offset from September of the year's first year, day)
PAPERS: tuple[tuple[str, str, str, int, int], ...] = (
    ("ke-hoach-cntt", "KH", "Ứng dụng công nghệ thông tin trong dạy học, kiểm tra, đánh giá năm học {sy}", 0, 10),
    ("quyet-dinh-phan-cong", "QĐ", "Về việc phân công cán bộ quản trị hệ thống thông tin và cập nhật cơ sở dữ liệu "
                                   "ngành năm học {sy}", 0, 6),
    ("ke-hoach-phan-mem", "KH", "Triển khai phần mềm quản lý trường học và trao đổi thông tin với phụ huynh học sinh "
                                "năm học {sy}", 0, 15),
    ("ke-hoach-do-thi-thong-minh", "KH", "Triển khai xây dựng đô thị thông minh trong nhà trường năm học {sy}", 1, 5),
    ("bao-cao-do-thi-thong-minh", "BC", "Kết quả triển khai xây dựng đô thị thông minh trong nhà trường "
                                        "năm học {sy}", 8, 20),
    ("ke-hoach-chuyen-doi-so", "KH", "Thực hiện chuyển đổi số trong nhà trường năm học {sy}", 1, 12),
    ("bao-cao-chuyen-doi-so", "BC", "Kết quả thực hiện chuyển đổi số trong nhà trường năm học {sy}", 8, 25),
)
# A plan of another school, sent by mistake (or borrowed): the only one on teaching online.
BORROWED = ("ke-hoach-day-hoc-truc-tuyen", "KH", "Tổ chức dạy học trực tuyến năm học {sy}", 0, 20)


def school_issuer(name: str) -> Issuer:
    """The school as its letterhead prints it, from its name ("Trường Tiểu học Quang Trung - Quận 3": the
    district after the dash, which also heads the parent body UBND …)."""
    full, _, district = (part.strip() for part in name.partition(" - "))
    district = district or "Thủ Dầu Một"
    words = full.split()[1:] if fold(full).startswith("truong ") else full.split()
    code = "".join(w if w.isupper() and len(w) > 1 else w[0].upper() for w in words)
    return Issuer((f"UBND {district.upper()}",), (full.upper(),), code, district, "school", full, district)


def _spec(rng: random.Random, issuer: Issuer, paper: tuple[str, str, str, int, int], start: int) -> DocSpec:
    """One signed, numbered document of the school year beginning in `start`."""
    key, doc_type, template, offset, day_of_month = paper
    sy = f"{start}-{start + 1}"
    month = 9 + offset
    day = date(start + (month - 1) // 12, (month - 1) % 12 + 1, day_of_month)
    title = template.format(sy=sy)
    chair, secretary, signer = rng.sample(PEOPLE, 3)
    ctx = Context(issuer.full, issuer.city, issuer.code, sy, day, chair, secretary)
    number_text, number = parts.number(rng, doc_type, issuer, blank=False)
    return DocSpec(
        key=key, doc_type=doc_type, parent=issuer.parent, issuer_lines=issuer.lines, number_text=number_text,
        number=number, place=issuer.place, date_text=date_line(rng, issuer.place, day, blank=False), issued_on=day,
        type_name=TYPE_NAMES[doc_type], title=title, title_lines=parts.title_lines(rng, title, False, False),
        recipient=parts.greeting(issuer, doc_type), body=make_body(rng, doc_type, ctx, 1),
        authority=("HIỆU TRƯỞNG",), signer=signer, left_signer=None, to=parts.recipients(rng, issuer, doc_type),
        school_year=sy, seed=rng.randint(0, 2**31))


def school_dossier(school_name: str, start: int, seed: int = 0, borrowed: bool = True) -> list[DocSpec]:
    """The school's documents for the school year beginning in `start` (same arguments, same documents); with
    `borrowed`, one more: a plan on teaching online issued by another school."""
    rng = random.Random(f"{seed}-{school_name}-{start}")
    ours = school_issuer(school_name)
    specs = [_spec(rng, ours, paper, start) for paper in PAPERS]
    if borrowed:
        others = [s for s in SCHOOLS if fold(s.full) != fold(ours.full)]
        other = next((s for s in others if fold(s.city) == fold(ours.city)), others[0])   # a neighbour's
        specs.append(_spec(rng, other, BORROWED, start))
    return specs
