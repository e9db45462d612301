"""Field reading on real layouts: numbers, place-date lines, signers, OCR slots and layers (pure)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from audit.evidence import fields
from audit.evidence.identify import identify
from audit.evidence.layout import Word, ocr_reason
from tests.test_identify import DECISION_LAST, page


def test_numbers_as_real_offices_print_them() -> None:
    assert fields.read_number("Số: 15 /QĐ-PGD&ĐT") == ("15/QĐ-PGD&ĐT", "QĐ-PGD&ĐT")
    assert fields.read_number("Số 123 /PGD&ĐT") == ("123/PGD&ĐT", "PGD&ĐT")
    assert fields.read_number("Số: 15/2020/QĐ-UBND") == ("15/2020/QĐ-UBND", "2020/QĐ-UBND")
    assert fields.type_from_code("2020/QĐ-UBND") == "QĐ"
    assert fields.read_number("Số:", below="07 /KH-THCS") == ("07/KH-THCS", "KH-THCS")   # on the line below
    assert fields.read_number("Số:      /KH-THCS") == (None, "KH-THCS")                   # a blank template


def test_codes_that_cannot_exist() -> None:
    assert all(fields.plausible_code(c) for c in ("QĐ-UBND", "TB-BGDĐT", "PGD&ĐT", "BGDĐT-GDTC", "2020/QĐ-UBND"))
    assert not any(fields.plausible_code(c) for c in ("QĐĐ-UBND", "KHH-THCS", "BGDĐT-GDTC(cid:9)", "qđ-ubnd"))


def test_place_date_lines_with_blanks_dots_and_scribbles() -> None:
    assert fields.read_place_date("Hà Nội, ngày 07    tháng 3 năm 2022") == ("Hà Nội", date(2022, 3, 7))
    assert fields.read_place_date("Hà Nội, ngày 05. tháng 3. năm 2022") == ("Hà Nội", date(2022, 3, 5))
    assert fields.read_place_date("Hà Nội, ngày!) tháng 3 năm 2019") == ("Hà Nội", None)
    assert fields.read_place_date("Hà Nội, ngày 42, tháng 4 năm 2019") == ("Hà Nội", None)
    # a body sentence citing a law's date is no place-date line
    assert fields.read_place_date("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;") is None
    assert fields.marked_slot("Hà Nội, ngày!) tháng 3 năm 2019")          # something unreadable is there
    assert fields.marked_slot("Số: „¿/Ê /TB-BGDĐT")
    assert not fields.marked_slot("Hà Nội, ngày    tháng 3 năm 2019")      # left blank
    assert not fields.marked_slot("Số:    /TB-BGDĐT")


HEADER = [("ỦY BAN NHÂN DÂN", 80, 200, 40, False), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 290, 560, 40, True),
          ("TỈNH HÀ GIANG", 90, 190, 54, True), ("Độc lập - Tự do - Hạnh phúc", 340, 510, 54, True)]


def test_the_date_comes_from_above_the_title_never_from_the_body() -> None:
    rows = HEADER + [("Số: 1941/QĐ-UBND", 80, 200, 80, False),
                     ("Hà Giang, ngày!) tháng 9 năm 2017", 300, 520, 82, False),
                     ("QUYẾT ĐỊNH", 250, 345, 120, True),
                     ("Về việc công nhận danh hiệu Chiến sỹ thi đua cấp tỉnh", 140, 467, 136, True),
                     ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", 100, 540, 200, False)]
    doc = identify(page(rows), DECISION_LAST)
    assert doc.issued_on is None and doc.place == "Hà Giang" and "doubtful_date" in doc.flags
    assert doc.number == "1941/QĐ-UBND" and doc.issuer == "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"


def test_place_date_below_the_number_line() -> None:
    rows = HEADER + [("Số: 216 /TB-BGDĐT", 95, 219, 80, False), ("Hà Nội, ngày 21 tháng 3 năm 2019", 300, 499, 99, False),
                     ("THÔNG BÁO", 262, 359, 134, True), ("Kết luận của Bộ trưởng tại phiên họp thứ nhất", 120, 500, 157, True)]
    doc = identify(page(rows), DECISION_LAST)
    assert (doc.doc_type, doc.number, doc.issued_on) == ("TB", "216/TB-BGDĐT", date(2019, 3, 21))


def ocr(rows: list[tuple[str, float, float, float, bool]], sure: float, number: int = 1):  # type: ignore[no-untyped-def]
    """A page as OCR reads it: the digits of every line read with confidence `sure`."""
    p = page(rows, number)
    return replace(p, source="ocr", lines=tuple(replace(ln, digits_confidence=sure) for ln in p.lines))


def test_ocr_numbers_and_dates_are_kept_only_when_sure_and_possible() -> None:
    rows = HEADER + [("Số: 118/KHH-UBND", 80, 200, 80, False), ("Hà Giang, ngày 10 tháng 4 năm 2019", 300, 520, 82, False),
                     ("KẾ HOẠCH", 260, 340, 120, True), ("Tổng thể triển khai chương trình giáo dục", 140, 460, 136, True)]
    doc = identify(ocr(rows, 95.0), DECISION_LAST)
    assert doc.number is None and "doubtful_number" in doc.flags          # a doubled type code
    assert doc.issued_on == date(2019, 4, 10)
    rows[4] = ("Số: 118/KH-UBND", 80, 200, 80, False)
    unsure = identify(ocr(rows, 40.0), DECISION_LAST)
    assert unsure.number is None and unsure.issued_on is None
    assert {"doubtful_number", "doubtful_date"} <= set(unsure.flags)
    assert identify(ocr(rows, 95.0), DECISION_LAST).number == "118/KH-UBND"


def test_signers_of_ministries_and_signature_boxes() -> None:
    last = page([("Nơi nhận:", 60, 120, 540, True), ("KT. BỘ TRƯỞNG", 374, 488, 540, True),
                 ("THỨ TRƯỞNG", 382, 480, 555, True), ("- Như trên;", 60, 160, 556, False),
                 ("Nguyễn Thị Nghĩa", 376, 486, 640, True)], number=2)
    first = page(HEADER + [("Ký bởi: Văn phòng Bộ", 380, 560, 10, False),
                           ("Thời gian ký: 16.04.2019 16:51:24", 380, 560, 22, False)])
    assert identify(first, last).signer == "Nguyễn Thị Nghĩa"
    annex = page([("DANH SÁCH", 250, 333, 56, True), ("Nguyễn Văn A", 100, 200, 100, False)], number=3)
    decision = page(HEADER + [("CHỦ TỊCH", 390, 470, 600, True), ("Nguyễn Văn Sơn", 376, 480, 680, True)])
    assert identify(decision, annex).signer == "Nguyễn Văn Sơn"            # the last page is an annex


def test_an_ocr_layer_made_without_vietnamese_is_not_used() -> None:
    text = ("BO GIAO DUC VA DAO TAO CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap Tu do Hanh phuc "
            "ngay thang nam Kinh gui cac so giao duc va dao tao thuc hien cong van ve viec ") * 2
    words = [Word(w, 0, 10, 0, 10) for w in text.split()]
    assert ocr_reason(words) == "not_vietnamese"
    vietnamese = "Bộ Giáo dục và Đào tạo thông báo kết luận của Bộ trưởng tại phiên họp thứ nhất " * 4
    assert ocr_reason([Word(w, 0, 10, 0, 10) for w in vietnamese.split()]) is None


def test_ocr_numbers_with_letters_ocr_swaps_or_another_type_are_left_empty() -> None:
    def read(number: str, type_name: str = "KẾ HOẠCH"):  # type: ignore[no-untyped-def]
        rows = HEADER + [(number, 80, 200, 80, False), ("Hà Giang, ngày 10 tháng 4 năm 2019", 300, 520, 82, False),
                         (type_name, 260, 340, 120, True), ("Tổng thể triển khai chương trình giáo dục", 140, 460, 136, True)]
        return identify(ocr(rows, 95.0), DECISION_LAST)
    assert read("Số: 80/KH-THPHI").number is None                 # THPH1 with the 1 read as I
    assert read("Số: 80/KH-THPH1").number == "80/KH-THPH1"
    assert read("Số: 315/CSNVC", "BIÊN BẢN").number is None       # a BIÊN BẢN numbered without BB
    assert read("Số: 315/BB-THCSNVC", "BIÊN BẢN").number == "315/BB-THCSNVC"


def test_titles_end_at_the_authority_line_and_rejoin_a_broken_year() -> None:
    rows = HEADER + [("Số: 15/QĐ-UBND", 80, 200, 80, False), ("Long Biên, ngày 14 tháng 11 năm 2022", 300, 520, 82, False),
                     ("QUYẾT ĐỊNH", 250, 345, 120, True),
                     ("Về việc thành lập Ban chỉ đạo chuyển đổi số năm học 2022-2023", 120, 480, 136, True),
                     ("ỦY BAN NHÂN DÂN QUẬN LONG BIÊN", 180, 420, 160, True)]
    assert identify(page(rows), DECISION_LAST).title == "Về việc thành lập Ban chỉ đạo chuyển đổi số năm học 2022-2023"
    cv = HEADER + [("Số: 190/CV-MNHS", 80, 200, 80, False), ("V/v cung cấp minh chứng năm học 2021-", 70, 260, 96, False),
                   ("2022", 140, 170, 109, False), ("Thủ Dầu Một, ngày 5 tháng 5 năm 2022", 300, 520, 82, False)]
    assert identify(page(cv), DECISION_LAST).title == "cung cấp minh chứng năm học 2021-2022"


def test_letters_read_for_digits_are_confirmed_only_by_the_issuers_own_name() -> None:
    assert fields.confirm_by_issuer("KH-THPHI", "TRƯỜNG TIỂU HỌC PHÚ HÒA 1") == "KH-THPH1"
    assert fields.confirm_by_issuer("KH-THPHI", "TRƯỜNG TIỂU HỌC PHÚ HÒA") is None   # nothing confirms a 1
    rows = HEADER + [("TRƯỜNG TIỂU HỌC PHÚ HÒA 1", 80, 240, 66, True), ("Số: 80/KH-THPHI", 80, 200, 80, False),
                         ("Thủ Dầu Một, ngày 10 tháng 4 năm 2019", 300, 520, 82, False),
                         ("KẾ HOẠCH", 260, 340, 120, True), ("Tổ chức dạy học trực tuyến", 140, 460, 136, True)]
    doc = identify(ocr(rows, 95.0), DECISION_LAST)
    assert doc.number == "80/KH-THPH1" and "number_confirmed_by_issuer" in doc.flags
