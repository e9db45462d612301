"""Shared static pages: introduction, disclosure (Công khai), forms (Biểu mẫu), files."""
from __future__ import annotations

from audit.simulator.base import Response
from audit.simulator.model import PortalSpec
from audit.simulator.vnfmt import esc

FORMS = (("Mẫu đơn xin nghỉ học", "mau-don-xin-nghi-hoc.docx"),
         ("Mẫu đơn xin phúc khảo bài kiểm tra, bài thi", "don-xin-phuc-khao.doc"),
         ("Thông tin tuyển sinh lớp 6", "thong-tin-tuyen-sinh-lop-6.pdf"),
         ("Thủ tục xét tuyển đầu cấp", "thu-tuc-xet-tuyen-dau-cap.pdf"))
GROUPS = ("Cam kết chất lượng giáo dục và chất lượng giáo dục thực tế",
          "Điều kiện đảm bảo chất lượng: cơ sở vật chất, đội ngũ",
          "Thu chi tài chính")


def intro(portal: PortalSpec) -> str:
    """Inner HTML of the "Giới thiệu" page."""
    return (f"<h1>Giới thiệu chung</h1><p>{esc(portal.name)} được thành lập năm 1998. "
            "Nhà trường có 24 lớp với hơn 900 học sinh và 56 cán bộ, giáo viên, nhân viên.</p>"
            "<h2>Ban Giám hiệu</h2><ul><li>Hiệu trưởng: Nguyễn Văn Hùng</li>"
            "<li>Phó Hiệu trưởng: Trần Thị Mai</li></ul>"
            "<h2>Liên hệ</h2><p>Điện thoại: 0228 3812 345 – Email: c2truong@edu.vn</p>")


def disclosure_years(portal: PortalSpec) -> tuple[int, ...]:
    """School years with a disclosure section; some portals miss years."""
    return (2021,) if "disclosure_partial" in portal.traits else (2020, 2021, 2022)


def disclosure(portal: PortalSpec, prefix: str = "/uploads/") -> str:
    """Inner HTML of the "Công khai" page: one section per school year, PDF reports."""
    parts = ["<h1>Công khai</h1><p>Thực hiện Thông tư 36/2017/TT-BGDĐT về quy chế "
             "thực hiện công khai đối với cơ sở giáo dục.</p>"]
    for first in disclosure_years(portal):
        sy = f"{first}-{first + 1}"
        items = "".join(f'<li><a href="{prefix}cong-khai-{first}-bieu-{i + 1}.pdf">'
                        f"Biểu {i + 1}: {esc(g)} năm học {sy}</a></li>"
                        for i, g in enumerate(GROUPS))
        parts.append(f"<h2>Công khai năm học {sy}</h2><ul>{items}</ul>")
    return "".join(parts)


def forms(prefix: str = "/uploads/") -> str:
    """Inner HTML of the "Biểu mẫu" page (forms and administrative procedures)."""
    items = "".join(f'<li><a href="{prefix}{f}">{esc(t)}</a></li>' for t, f in FORMS)
    return f"<h1>Biểu mẫu - Thủ tục hành chính</h1><ul>{items}</ul>"


def contact(portal: PortalSpec) -> str:
    """Inner HTML of the contact page."""
    return (f"<h1>Liên hệ</h1><p>{esc(portal.name)}</p><p>Địa chỉ: số 12 đường Trần Hưng Đạo</p>"
            "<p>Điện thoại: 0228 3812 345</p>")


def counter() -> str:
    """The visit counter block found on most portals."""
    return ('<div class="counter">Lượt truy cập<br>Đang online: 12<br>Hôm nay: 345<br>'
            "Tổng lượt truy cập: 1.234.567</div>")


def file_response(name: str) -> Response:
    """A tiny stand-in file (PDF, DOC, DOCX) for attachments and forms."""
    if name.endswith(".pdf"):
        data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        return Response(data, ctype="application/pdf")
    if name.endswith(".docx"):
        return Response(b"PK\x03\x04stub", ctype="application/vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document")
    return Response(b"\xd0\xcf\x11\xe0stub", ctype="application/msword")
