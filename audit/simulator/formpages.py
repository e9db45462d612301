"""Forms and administrative procedures: the Biểu mẫu and Tuyển sinh pages, and form pages."""
from __future__ import annotations

from audit.simulator.disclosure import Paths
from audit.simulator.features import RESULT_TRAP, STAFF_TRAP
from audit.simulator.model import Features, Form, PortalSpec
from audit.simulator.vnfmt import esc, slugify

HEADER = ('<p style="text-align:center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>'
          "<u>Độc lập - Tự do - Hạnh phúc</u></p>")
BODIES = {
    "leave_request": ("ĐƠN XIN PHÉP NGHỈ HỌC", ["Họ và tên phụ huynh: ………………", "Là phụ huynh của em: "
                      "……………… Lớp: ……", "Xin phép cho con tôi được nghỉ học từ ngày …… đến ngày ……",
                      "Lý do: ………………", "Tôi xin hứa sẽ nhắc nhở con chép bài và học bài đầy đủ."]),
    "regrade_request": ("ĐƠN ĐỀ NGHỊ PHÚC KHẢO BÀI THI", ["Họ và tên học sinh: ……………… Lớp: ……",
                        "Số báo danh: …… Phòng thi: ……", "Đề nghị phúc khảo bài thi môn: ………………",
                        "Điểm đã công bố: ……"]),
    "admission_info": ("THÔNG TIN TUYỂN SINH", ["Chỉ tiêu tuyển sinh: 8 lớp, 360 học sinh.",
                       "Đối tượng: học sinh cư trú trên địa bàn theo phân tuyến của UBND.",
                       "Hồ sơ gồm: đơn dự tuyển, bản sao giấy khai sinh, học bạ.",
                       "Thời gian nhận hồ sơ: từ ngày 01/7 đến ngày 10/7."]),
    "admin_procedure": ("THỦ TỤC HÀNH CHÍNH", ["Trình tự thực hiện: nộp hồ sơ tại văn phòng nhà trường.",
                        "Thành phần hồ sơ: đơn đề nghị, giấy tờ liên quan.",
                        "Thời hạn giải quyết: 05 ngày làm việc."]),
}


def form_slug(form: Form) -> str:
    """Slug of a form served as a page."""
    return slugify(form.label, 60)


def href(form: Form, paths: Paths) -> str:
    """Where a form's link points: the file or the form page."""
    return paths.FILES + form.file if form.mode == "file" else paths.page_path(form_slug(form))


def _item(form: Form, paths: Paths) -> str:
    """One list item; files show their type like real portals."""
    suffix = f' <span class="file-type">({form.file.rsplit(".", 1)[1].upper()})</span>' if form.mode == "file" else ""
    return f'<li><a href="{href(form, paths)}">{esc(form.label)}</a>{suffix}</li>'


def _trap_items(feat: Features, paths: Paths, menu: str) -> str:
    """Links that look like forms but are not (staff leave; regrade results)."""
    out = ""
    if STAFF_TRAP in feat.traps and menu == "forms":
        out += f'<li><a href="{paths.FILES}don-xin-nghi-phep-giao-vien.doc">{STAFF_TRAP}</a></li>'
    if RESULT_TRAP in feat.traps and menu == ("admission" if feat.admission_label else "forms"):
        out += f'<li><a href="{paths.page_path(slugify(RESULT_TRAP))}">{RESULT_TRAP}</a></li>'
    return out


def listing(feat: Features, paths: Paths, menu: str) -> str:
    """The Biểu mẫu page (menu "forms") or the Tuyển sinh page (menu "admission")."""
    heading = feat.forms_label if menu == "forms" else feat.admission_label
    rows = "".join(_item(f, paths) for f in feat.forms if f.menu == menu) + _trap_items(feat, paths, menu)
    return f'<h1>{esc(heading)}</h1><ul class="list-bieu-mau">{rows}</ul>'


def form_page(form: Form, portal: PortalSpec) -> str:
    """A form served as an HTML page with its text."""
    title, lines = BODIES[form.kind]
    paras = "".join(f"<p>{esc(line)}</p>" for line in lines)
    return (f"<h1>{esc(form.label)}</h1>{HEADER}<h2 style=\"text-align:center\">{title}</h2>"
            f"<p>Kính gửi: Ban Giám hiệu {esc(portal.name)}</p>{paras}")


def result_page(portal: PortalSpec) -> str:
    """An announcement of regrade results (not a form)."""
    return (f"<h1>{RESULT_TRAP}</h1><p>{esc(portal.name)} thông báo kết quả phúc khảo bài thi học kỳ II: "
            "có 3 bài thi được điều chỉnh điểm. Danh sách chi tiết niêm yết tại bảng tin nhà trường.</p>")
