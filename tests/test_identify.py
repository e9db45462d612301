"""Identification from positioned lines, on layouts shaped like the seeds' documents."""
from __future__ import annotations

from datetime import date

from audit.evidence.identify import identify
from audit.evidence.model import Line, PageLayout

W, H = 595.0, 842.0


def page(rows: list[tuple[str, float, float, float, bool]], number: int = 1) -> PageLayout:
    lines = tuple(Line(t, x0, x1, top, top + 12, bold) for t, x0, x1, top, bold in rows)
    return PageLayout(number, W, H, tuple(sorted(lines, key=lambda ln: (ln.top, ln.x0))))


DECISION_FIRST = page([
    ("UBND QUẬN LONG BIÊN", 70, 220, 40, False), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 290, 560, 40, True),
    ("TRƯỜNG TH THẠCH BÀN B", 60, 230, 54, True), ("Độc lập - Tự do - Hạnh phúc", 340, 510, 54, True),
    ("Số: 24/QĐ-THTBB", 90, 200, 80, False), ("Thạch Bàn, ngày 31 tháng 8 năm 2023", 330, 540, 80, False),
    ("QUYẾT ĐỊNH", 250, 345, 120, True),
    ("Về việc ban hành biểu điểm đánh giá thực hiện mô hình", 120, 470, 136, True),
    ("Trường học điện tử đối với cá nhân phụ trách CNTT", 130, 460, 150, True),
    ("Năm học 2023-2024", 240, 350, 164, True),
    ("HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC THẠCH BÀN B", 150, 450, 190, True),
    ("Căn cứ quyết định số 8265/QĐ-UBND ngày 09/12/2021 của UBND Quận Long Biên;", 60, 540, 214, False),
])
DECISION_LAST = page([
    ("Quyết định có hiệu lực kể từ ngày ký./.", 60, 300, 300, False),
    ("Nơi nhận:", 60, 120, 340, True), ("HIỆU TRƯỞNG", 380, 480, 340, True),
    ("- Như Điều 2 (để th/h);", 60, 200, 354, False), ("- Lưu VP;", 60, 120, 368, False),
    ("Nguyễn Thị Thu Hương", 360, 500, 420, True),
], number=2)


def test_decision_like_004() -> None:
    doc = identify(DECISION_FIRST, DECISION_LAST)
    assert (doc.doc_type, doc.number, doc.issued_on, doc.place) == ("QĐ", "24/QĐ-THTBB", date(2023, 8, 31), "Thạch Bàn")
    assert doc.issuer == "TRƯỜNG TH THẠCH BÀN B"
    assert doc.title == ("Về việc ban hành biểu điểm đánh giá thực hiện mô hình Trường học điện tử đối với "
                         "cá nhân phụ trách CNTT Năm học 2023-2024")
    assert doc.signer == "Nguyễn Thị Thu Hương" and doc.school_year == "2023-2024" and doc.flags == ()


def test_cong_van_like_001() -> None:
    first = page([
        ("ỦY BAN NHÂN DÂN", 90, 210, 40, False), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 290, 560, 40, True),
        ("THÀNH PHỐ THỦ DẦU MỘT", 75, 225, 54, False), ("Độc lập - Tự do - Hạnh phúc", 340, 510, 54, True),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", 60, 240, 68, True),
        ("Số: 719 /PGDDĐT-TCCB", 80, 220, 90, False), ("Thủ Dầu Một, ngày 02 tháng 6 năm 2022", 320, 550, 90, False),
        ("V/v hướng dẫn đánh giá nhiệm vụ triển khai Công nghệ", 50, 260, 104, False),
        ("thông tin và thống kê giáo dục năm học 2021 - 2022", 50, 260, 116, False),
        ("Kính gửi:", 200, 260, 150, False),
    ])
    last = page([("Nơi nhận:", 60, 120, 300, True), ("KT. TRƯỞNG PHÒNG", 360, 500, 300, True),
                 ("PHÓ TRƯỞNG PHÒNG", 360, 500, 314, True), ("Nguyễn Thị Chanh Phương", 350, 520, 380, True)], 2)
    doc = identify(first, last)
    assert (doc.doc_type, doc.number, doc.issued_on) == ("CV", "719/PGDDĐT-TCCB", date(2022, 6, 2))
    assert doc.issuer == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    assert doc.title == ("hướng dẫn đánh giá nhiệm vụ triển khai Công nghệ thông tin và thống kê giáo dục "
                         "năm học 2021 - 2022")
    assert doc.signer == "Nguyễn Thị Chanh Phương" and doc.school_year == "2021-2022"


def test_blank_template_and_unsigned() -> None:
    first = page([("PHÒNG GD&ĐT THÀNH PHỐ", 70, 230, 40, False), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 290, 560, 40, True),
                  ("TRƯỜNG THCS NGUYỄN VĂN CỪ", 60, 240, 54, True), ("Độc lập - Tự do - Hạnh phúc", 340, 510, 54, True),
                  ("Số:      /KH-THCSNVC", 90, 210, 80, False), ("....., ngày     tháng 10 năm 2023", 330, 540, 80, False),
                  ("KẾ HOẠCH", 255, 340, 120, True), ("Ứng dụng công nghệ thông tin năm học 2023-2024", 140, 450, 136, True),
                  ("Căn cứ Công văn số 1206/PGDĐT ngày 12/10/2023;", 60, 400, 170, False)])
    last = page([("Nơi nhận:", 60, 120, 300, True), ("HIỆU TRƯỞNG", 380, 480, 300, True)], 2)
    doc = identify(first, last)
    assert doc.doc_type == "KH" and doc.number is None and doc.issued_on is None and doc.signer is None
    assert doc.title == "Ứng dụng công nghệ thông tin năm học 2023-2024"
    assert set(doc.flags) == {"no_number", "no_date", "unsigned"}


def test_dated_outside_its_school_year() -> None:
    rows = [("TRƯỜNG THCS A", 60, 200, 54, True), ("Số: 12/KH-THCSA", 90, 200, 80, False),
            ("Hà Nội, ngày 15 tháng 10 năm 2024", 330, 540, 80, False), ("KẾ HOẠCH", 255, 340, 120, True),
            ("Chuyển đổi số năm học 2022-2023", 180, 420, 136, True)]
    doc = identify(page(rows), DECISION_LAST)
    assert doc.school_year == "2022-2023" and "outside_school_year" in doc.flags


def test_type_from_the_number_when_no_type_name_and_ocr_slips() -> None:
    rows = [("TRƯỜNG TH B", 60, 200, 54, True), ("So: 5/BB-THB", 90, 200, 80, False),
            ("Long Biên, ngày 3 tháng 11 năm 2023", 330, 540, 80, False),
            ("BIÊN BÁN", 255, 340, 120, True), ("Họp tổ chuyên môn tháng 10 năm 2023", 180, 420, 136, True)]
    doc = identify(page(rows), DECISION_LAST)
    assert doc.doc_type == "BB" and doc.number == "5/BB-THB"
