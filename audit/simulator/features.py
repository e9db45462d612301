"""Per-portal variety of disclosure, forms, sections, visit counter and directory listing."""
from __future__ import annotations

import random

from datetime import datetime

from audit.simulator.vnfmt import slugify
from audit.simulator.model import DISCLOSURE_HOWS, VN, Counter, Features, Form, Post, PortalSpec

DISCLOSURE_LABELS = ("Công khai", "Ba công khai", "3 công khai", "Thông tin công khai", "CÔNG KHAI")
LABELS = {"organisation": ("Sơ đồ tổ chức", "Cơ cấu tổ chức", "Ban giám hiệu", "Tổ chuyên môn"),
          "photo_album": ("Thư viện ảnh", "Album ảnh", "Hình ảnh hoạt động"),
          "qa": ("Hỏi đáp", "Hỏi - Đáp"), "contact": ("Liên hệ", "Liên hệ - Góp ý")}
ELEARNING = ("Kho học liệu", "Bài giảng điện tử", "Tài nguyên")
# (kind, link texts, file extensions)
FORM_TEXTS = {
    "leave_request": ("Mẫu đơn xin nghỉ học", "Đơn xin phép nghỉ học", "Giấy xin phép nghỉ học của học sinh"),
    "regrade_request": ("Đơn xin phúc khảo", "Mẫu đơn đề nghị phúc khảo bài thi",
                        "Mẫu đơn xin phúc khảo bài kiểm tra, bài thi"),
    "admin_procedure": ("Thủ tục chuyển trường đối với học sinh", "Thủ tục hành chính: xin học lại",
                        "Quy trình giải quyết thủ tục hành chính cấp bản sao bằng tốt nghiệp"),
}
FORMS_LABELS = ("Biểu mẫu", "Thủ tục hành chính", "Biểu mẫu - Thủ tục hành chính")
COUNTER_LABELS = (("Lượt truy cập", "Hôm nay", "Đang online"), ("Tổng lượt truy cập", "Hôm nay", "Trực tuyến"),
                  ("Đã truy cập", "Hôm nay", "Đang online"))
FORMATS = ("dots", "commas", "spaces", "plain")
STAFF_TRAP = "Đơn xin nghỉ phép (dành cho giáo viên)"
RESULT_TRAP = "Thông báo kết quả phúc khảo bài thi học kỳ II"


def assign(portals: list[PortalSpec], seed: int) -> None:
    """Give every portal its features; cases rotate with the index so every one appears."""
    for index, portal in enumerate(portals):
        rng = random.Random(f"features:{seed}:{index}")
        portal.features = features(rng, portal, index)


def features(rng: random.Random, portal: PortalSpec, index: int) -> Features:
    """The features of one portal."""
    how = DISCLOSURE_HOWS[index % len(DISCLOSURE_HOWS)]
    feat = Features(disclosure=how, disclosure_label=DISCLOSURE_LABELS[index % len(DISCLOSURE_LABELS)],
                    disclosure_years=_years(portal, how), intro_submenu=rng.random() < 0.5,
                    groups=("quality", "conditions") if index % 4 == 1 else ("quality", "conditions", "finance"),
                    annual_report=index == 6, listed=index % 4 != 3)
    if how == "none":
        feat.groups = ()
    if feat.annual_report:
        feat.disclosure_years += (2024,)
    if how == "posts":
        feat.disclosure_posts = _posts(rng, feat, 90_000 + index * 100)
    feat.forms, feat.admission_label = _forms(rng, portal, index)
    feat.forms_label = FORMS_LABELS[index % len(FORMS_LABELS)]
    feat.traps = tuple(t for t, on in ((STAFF_TRAP, index % 3 == 0), (RESULT_TRAP, index % 4 == 2)) if on)
    feat.sections = _sections(rng, index)
    feat.counter = None if index % 7 == 4 else _counter(rng, index)
    return feat


def _years(portal: PortalSpec, how: str) -> tuple[int, ...]:
    """School years (first year) with disclosure."""
    if how == "none":
        return ()
    if how == "older_only":
        return (2019, 2020)
    return (2021,) if "disclosure_partial" in portal.traits else (2020, 2021, 2022)


def _posts(rng: random.Random, feat: Features, first_id: int) -> list[Post]:
    """Disclosure posted as dated items: one per school year, newest first."""
    posts = []
    for n, first in enumerate(sorted(feat.disclosure_years, reverse=True)):
        title = rng.choice(("Bảng ba công khai năm học {}", "Công khai năm học {}",
                            "Thông báo công khai năm học {}")).format(f"{first}-{first + 1}")
        when = datetime(first, rng.choice((10, 11, 12)), rng.randint(1, 28), rng.randint(7, 16),
                        rng.randint(0, 59), tzinfo=VN)
        posts.append(Post(id=str(first_id + n), title=title, published=when, categories=["cong-khai"],
                          kind="disclosure", slug=slugify(title), views=rng.randint(30, 900),
                          author="Văn phòng"))
    return posts


def _forms(rng: random.Random, portal: PortalSpec, index: int) -> tuple[tuple[Form, ...], str]:
    """A subset of the form kinds (none on some portals), as files or pages."""
    if index % 7 == 3:
        return (), ""
    kinds = [k for k in FORM_TEXTS if rng.random() < 0.7] + (["admission_info"] if index % 5 != 4 else [])
    admission_menu = "admission" if index % 2 == 0 else "forms"
    out: list[Form] = []
    for kind in kinds:
        label = _admission(portal.name) if kind == "admission_info" else rng.choice(FORM_TEXTS[kind])
        mode = "page" if (index + len(out)) % 3 == 0 else "file"
        ext = rng.choice((".doc", ".docx", ".pdf"))
        out.append(Form(kind, label, mode, f"{kind.replace('_', '-')}-{index}{ext}" if mode == "file" else "",
                        admission_menu if kind == "admission_info" else "forms"))
    label = "Tuyển sinh" if admission_menu == "admission" and "admission_info" in kinds else ""
    return tuple(out), label


def _admission(name: str) -> str:
    """The admission notice of the school's level."""
    grade = "lớp 1" if "Tiểu học" in name else "lớp 10" if "THPT" in name else "lớp 6"
    if "Mầm non" in name:
        return "Kế hoạch xét tuyển đầu cấp năm học 2022-2023"
    return f"Thông tin tuyển sinh {grade} năm học 2022-2023"


def _sections(rng: random.Random, index: int) -> dict[str, str]:
    """Optional sections present on this portal, with their menu labels."""
    missing = {"photo_album": index % 4 == 1, "qa": index % 3 == 0, "elearning": index % 6 == 4,
               "organisation": index % 7 == 5, "contact": index % 8 == 6}
    labels = {k: rng.choice(v) for k, v in LABELS.items()} | {"elearning": rng.choice(ELEARNING)}
    return {k: v for k, v in labels.items() if not missing[k]}


def _counter(rng: random.Random, index: int) -> Counter:
    """A visit counter with its format and labels."""
    return Counter(base=rng.randint(20_000, 3_500_000), per_day=rng.randint(40, 900),
                   online=rng.randint(3, 60), fmt=FORMATS[index % len(FORMATS)],
                   labels=COUNTER_LABELS[index % len(COUNTER_LABELS)], style=("list", "table", "lines")[index % 3])

