"""Static pages (Giới thiệu, Liên hệ, Album, Tài nguyên, Biểu mẫu, Tuyển sinh, Công khai) and forwarding roots."""
from __future__ import annotations

from audit.simulator.unseen.fmt import esc
from audit.simulator.unseen.pages import Pages
from audit.simulator.unseen.shell import statics
from audit.simulator.unseen.spec import PortalSpec

FORM_FILES = {"leave_request": ("Mẫu đơn xin nghỉ học.docx", "mau-don-xin-nghi-hoc.docx"),
              "regrade_request": ("Đơn xin phúc khảo bài thi.doc", "don-xin-phuc-khao-bai-thi.doc")}
TRAP_FILE = ("Mẫu đơn xin nghỉ phép (dành cho giáo viên).doc", "don-xin-nghi-phep-giao-vien.doc")
RESOURCES = (("Bài giảng điện tử Toán 7 - Tỉ lệ thức.pptx", "bai-giang-toan-7-ti-le-thuc.pptx"),
             ("Đề cương ôn tập học kì II môn Ngữ văn.pdf", "de-cuong-on-tap-ngu-van-hk2.pdf"),
             ("Học liệu số môn Tiếng Anh lớp 6.pdf", "hoc-lieu-tieng-anh-6.pdf"))


def _text(slug: str, spec: PortalSpec) -> str:
    """Body of the introduction, contact and album pages."""
    if slug == "lien-he":
        return f"<p>Địa chỉ: {esc(spec.address)}</p><p>Điện thoại: 0243 567 890</p><p>Email: lienhe@truong.edu.vn</p>"
    if slug == "album-anh":
        return "".join(f'<div class="album"><img src="/uploads/thumbs/album-{i}.jpg" alt="{t}"><p>{t}</p></div>'
                       for i, t in enumerate(("Lễ khai giảng", "Hội khỏe Phù Đổng", "Ngày hội đọc sách")))
    if slug == "ban-giam-hieu":
        return "<h2>Ban Giám hiệu</h2><p>Hiệu trưởng: Nguyễn Thị Thanh Hương</p><p>Phó Hiệu trưởng: Vũ Văn Nam</p>"
    if slug == "co-cau-to-chuc":
        return "<p>Nhà trường có 3 tổ chuyên môn: Tổ Khoa học tự nhiên, Tổ Khoa học xã hội, Tổ Văn phòng.</p>"
    return (f"<p>{esc(spec.name)} được thành lập năm 1996, là một trong những trường có bề dày thành tích của "
            "địa phương.</p><h2>Ban Giám hiệu</h2><p>Hiệu trưởng: Nguyễn Thị Thanh Hương</p>")


def _links(pages: Pages, files: list[tuple[str, str]]) -> str:
    """A list of file links."""
    items = "".join(f'<li><a href="{pages.urls.file(name)}">{esc(label)}</a></li>' for label, name in files)
    return f"<ul>{items}</ul>"


def _forms(pages: Pages) -> str:
    """Biểu mẫu: the forms present, a teacher's form (not a student form), the admission page."""
    lay = pages.spec.layout
    files = [FORM_FILES[k] for k in FORM_FILES if lay.forms[k]] + [TRAP_FILE]
    admission = (f'<p><a href="{pages.urls.static("tuyen-sinh")}">Thông tin tuyển sinh lớp {pages.spec.grade}</a></p>'
                 if lay.forms["admission_info"] else "")
    return _links(pages, files) + admission


def _disclosure(pages: Pages, slug: str) -> str:
    """The disclosure page (per-year links) or one year's page (the three groups as PDFs)."""
    spec = pages.spec
    if slug == "cong-khai":
        years = "".join(f'<li><a href="{pages.urls.static(f"cong-khai-nam-hoc-{y}")}">Công khai năm học {y}</a></li>'
                        for y in spec.layout.disclosure_years)
        return ("<p>Thực hiện Thông tư 36/2017/TT-BGDĐT và Thông tư 09/2024/TT-BGDĐT về công khai trong hoạt động "
                f"của cơ sở giáo dục.</p><ul>{years}</ul>")
    year = slug[-9:]
    files = [(f"Công khai cam kết chất lượng giáo dục năm học {year}.pdf", f"ck-chat-luong-{year}.pdf"),
             (f"Công khai điều kiện đảm bảo chất lượng năm học {year}.pdf", f"ck-dieu-kien-{year}.pdf"),
             (f"Công khai thu chi tài chính năm học {year}.pdf", f"ck-tai-chinh-{year}.pdf")]
    return _links(pages, files)


def static_page(pages: Pages, slug: str, path: str) -> str:
    """One static page in the portal's frame."""
    heading = statics(pages.spec)[slug]
    if slug == "bieu-mau":
        body = _forms(pages)
    elif slug == "tuyen-sinh":
        body = (f"<p>{esc(pages.spec.name)} thông báo kế hoạch tuyển sinh vào lớp {pages.spec.grade}: hồ sơ gồm "
                "đơn đăng kí, bản sao giấy khai sinh; thời gian nhận hồ sơ theo lịch của Phòng Giáo dục.</p>")
    elif slug.startswith("cong-khai"):
        body = _disclosure(pages, slug)
    elif slug == "tai-nguyen":
        body = _links(pages, list(RESOURCES))
    else:
        body = _text(slug, pages.spec)
    return pages.shell.page(heading, pages.crumb() + f"<h1>{esc(heading)}</h1>{body}", path)


def file_names(spec: PortalSpec) -> list[str]:
    """Every downloadable file name of the portal."""
    names = [name for _, name in FORM_FILES.values()] + [TRAP_FILE[1]] + [name for _, name in RESOURCES]
    for year in spec.layout.disclosure_years:
        names += [f"ck-chat-luong-{year}.pdf", f"ck-dieu-kien-{year}.pdf", f"ck-tai-chinh-{year}.pdf"]
    return names + [f"vb-{p.id}.pdf" for p in spec.posts if p.kind == "document"]


def forwarder(kind: str, target: str) -> str:
    """The root page of a forwarding portal (the 302 case is answered by the server)."""
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang chủ</title>'
    if kind == "meta":
        return head + f'<meta http-equiv="refresh" content="0; url={target}"></head><body></body></html>'
    if kind == "js":
        return head + f"<script>window.location.href='{target}';</script></head><body></body></html>"
    if kind == "click":
        return head + f'</head><body><p>Trang đã chuyển. <a href="{target}">Click here</a></p></body></html>'
    if kind == "frameset":
        return (head + f'</head><frameset rows="100%,*" frameborder="0"><frame src="{target}" name="main">'
                "<noframes>Trình duyệt không hỗ trợ khung.</noframes></frameset></html>")
    return (head + '</head><body style="margin:0"><iframe src="' + target
            + '" style="width:100%;height:100vh;border:0"></iframe></body></html>')
