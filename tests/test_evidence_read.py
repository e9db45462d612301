"""Reading evidence PDFs: text layer lines and columns, OCR of scans, legacy fonts, rejections, limits."""
from __future__ import annotations

import difflib
import os
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from audit.config import load_settings
from audit.evidence import legacy
from audit.evidence.layout import Word, group_lines, tones
from audit.evidence.model import ReadResult
from audit.evidence.ocr import choose_dpi
from audit.evidence.read import read_pdf
from audit.text import fold

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
SETTINGS = load_settings(env={})
WIDTH, HEIGHT = A4
LEFT_CENTRE, RIGHT_CENTRE = 135.0, 420.0
BODY = ("Căn cứ Điều lệ trường tiểu học ban hành kèm theo Thông tư số 28/2020/TT-BGDĐT; "
        "xét đề nghị của tổ chuyên môn về việc kiểm tra nội bộ năm học 2023-2024.")


def _font(name: str, filename: str, face_name: str | None = None) -> None:
    """Register a DejaVu TTF under `name` (and, for legacy tests, a PDF font name)."""
    if name in pdfmetrics.getRegisteredFontNames():
        return
    font = TTFont(name, str(DEJAVU / filename))
    if face_name:
        font.face.name = face_name.encode()   # the name the PDF's text layer reports
    pdfmetrics.registerFont(font)


def _fonts() -> None:
    _font("DejaVuSerif", "DejaVuSerif.ttf")
    _font("DejaVuSerif-Bold", "DejaVuSerif-Bold.ttf")
    _font("DejaVuSerif-Italic", "DejaVuSerif-Italic.ttf")
    _font(".VnTime", "DejaVuSerif.ttf", ".VnTime")
    _font("VNI-Times", "DejaVuSerif.ttf", "VNI-Times")


def _text(c: canvas.Canvas, font: str, size: float, x: float, y: float, text: str, centred: bool = True) -> None:
    c.setFont(font, size)
    (c.drawCentredString if centred else c.drawString)(x, HEIGHT - y, text)


def _header(c: canvas.Canvas) -> None:
    """A Decree 30 header: two columns sharing baselines, the type name, a body."""
    _text(c, "DejaVuSerif", 11, LEFT_CENTRE, 60, "UBND QUẬN LONG BIÊN")
    _text(c, "DejaVuSerif-Bold", 11, RIGHT_CENTRE, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _text(c, "DejaVuSerif-Bold", 11, LEFT_CENTRE, 75, "TRƯỜNG TIỂU HỌC THẠCH BÀN B")
    _text(c, "DejaVuSerif-Bold", 11, RIGHT_CENTRE, 75, "Độc lập - Tự do - Hạnh phúc")
    _text(c, "DejaVuSerif", 11, LEFT_CENTRE, 100, "Số: 24/QĐ-THTBB")
    _text(c, "DejaVuSerif-Italic", 11, RIGHT_CENTRE, 100, "Thạch Bàn, ngày 31 tháng 8 năm 2023")
    _text(c, "DejaVuSerif-Bold", 14, WIDTH / 2, 150, "QUYẾT ĐỊNH")
    _text(c, "DejaVuSerif", 12, WIDTH / 2, 170, unicodedata.normalize("NFD", "Về việc ban hành Kế hoạch kiểm tra"))
    _text(c, "DejaVuSerif", 12, 72, 200, "Thành lập Ban kiểm tra, nhiệm vụ hoà giải", centred=False)
    _text(c, "DejaVuSerif", 10, 72, 220, BODY[:95], centred=False)


def _pdf(path: Path, pages: int = 1, **options: object) -> Path:
    """A header PDF with `pages` pages, each page naming its number."""
    _fonts()
    c = canvas.Canvas(str(path), pagesize=A4, **options)  # type: ignore[arg-type]
    for number in range(1, pages + 1):
        _header(c)
        _text(c, "DejaVuSerif", 12, 72, 260, f"Trang số {number} của văn bản kiểm tra nội bộ", centred=False)
        c.showPage()
    c.save()
    return path


def _scan(source: Path, path: Path, seal: bool = True) -> Path:
    """An image-only copy of a PDF's first page, with a semi-transparent red seal over the header."""
    page = pypdfium2.PdfDocument(str(source))[0]
    image = page.render(scale=200 / 72).to_pil().convert("RGB")
    if seal:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        cx, cy = int(RIGHT_CENTRE * 200 / 72), int(60 * 200 / 72)
        ImageDraw.Draw(overlay).ellipse((cx - 120, cy - 120, cx + 120, cy + 120), fill=(220, 20, 20, 150))
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    image.save(path, "PDF", resolution=200.0)
    return path


def _texts(result: ReadResult, page: int = 0) -> list[str]:
    return [line.text for line in result.pages[page].lines]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("evidence")
    header = _pdf(root / "header.pdf")
    return {"header": header, "scan": _scan(header, root / "scan.pdf"), "three": _pdf(root / "three.pdf", 3)}


@pytest.fixture(scope="module")
def header(files: dict[str, Path]) -> ReadResult:
    return read_pdf(files["header"], SETTINGS)


def test_header_columns_split_into_segments(header: ReadResult) -> None:
    assert header.status == "parsed" and header.page_count == 1 and len(header.pages) == 1
    page = header.pages[0]
    assert page.source == "text" and page.confidence is None
    number = next(line for line in page.lines if line.text == "Số: 24/QĐ-THTBB")
    date = next(line for line in page.lines if line.text == "Thạch Bàn, ngày 31 tháng 8 năm 2023")
    assert number.x1 < page.width / 2 < date.x0
    assert abs(number.top - date.top) < 3
    assert page.lines.index(number) + 1 == page.lines.index(date)   # same row: left, then right
    assert _texts(header)[:2] == ["UBND QUẬN LONG BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_bold_nfc_and_modern_tones(header: ReadResult) -> None:
    lines = {line.text: line for line in header.pages[0].lines}
    assert lines["QUYẾT ĐỊNH"].bold and lines["TRƯỜNG TIỂU HỌC THẠCH BÀN B"].bold
    assert not lines["UBND QUẬN LONG BIÊN"].bold
    assert "Về việc ban hành Kế hoạch kiểm tra" in lines   # drawn decomposed (NFD)
    assert "Thành lập Ban kiểm tra, nhiệm vụ hòa giải" in lines
    assert all(unicodedata.is_normalized("NFC", text) for text in lines)


def test_ends_and_explicit_pages(files: dict[str, Path]) -> None:
    ends = read_pdf(files["three"], SETTINGS)
    # the page before the last is read too (a signer before an annex), cheaply from the text layer
    assert ends.page_count == 3 and [p.number for p in ends.pages] == [1, 2, 3]
    assert any("Trang số 3" in text for text in _texts(ends, 2))
    middle = read_pdf(files["three"], SETTINGS, pages=(2, 9))
    assert [p.number for p in middle.pages] == [2] and "page_out_of_range" in middle.flags
    assert any("Trang số 2" in text for text in _texts(middle))


def test_scan_is_read_by_ocr_through_the_seal(files: dict[str, Path]) -> None:
    result = read_pdf(files["scan"], SETTINGS)
    assert result.status == "parsed" and "ocr" in result.flags
    page = result.pages[0]
    assert page.source == "ocr" and page.confidence is not None and page.confidence > 60
    folded = fold(" ".join(_texts(result)))
    assert "cong hoa xa hoi chu nghia viet nam" in folded
    best = max(difflib.SequenceMatcher(None, text.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").ratio()
               for text in _texts(result))
    assert best > 0.85
    number = next(line for line in page.lines if "THTBB" in line.text)
    assert number.x1 < page.width / 2


def test_scan_header_columns_are_read_apart(files: dict[str, Path]) -> None:
    """Besides the page, a scan's header is OCR'd column by column, in page points, stopping above the type name."""
    result = read_pdf(files["scan"], SETTINGS)
    columns = result.readings[-1]
    assert columns.source == "ocr" and columns.confidence is not None
    texts = [line.text for line in columns.lines]
    number = next(line for line in columns.lines if "THTBB" in line.text)
    dated = next(line for line in columns.lines if "tháng 8 năm 2023" in line.text)
    assert number.text == "Số: 24/QĐ-THTBB" and number.x1 < columns.width / 2 < dated.x0
    assert not any("QUYẾT ĐỊNH" in text for text in texts)


def test_tcvn3_and_vni_text_layers_are_converted(tmp_path: Path) -> None:
    _fonts()
    path = tmp_path / "legacy.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, ".VnTime", 12, 72, 100, "Céng hoµ x· héi chñ nghÜa ViÖt Nam", centred=False)
    _text(c, ".VnTime", 12, 72, 120, "§éc lËp - Tù do - H¹nh phóc", centred=False)
    _text(c, "VNI-Times", 12, 72, 140, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", centred=False)
    c.save()
    result = read_pdf(path, SETTINGS)
    texts = _texts(result)
    assert result.pages[0].source == "text"
    assert texts[0] == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert texts[1] == "Độc lập - Tự do - Hạnh phúc"
    assert texts[2] == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert {"legacy_font:TCVN3", "legacy_font:VNI"} <= set(result.flags)


def test_legacy_conversion_units() -> None:
    assert legacy.font_encoding("ABCDEF+.VnTimeH") == "TCVN3" and legacy.font_encoding("VNI-Times") == "VNI"
    assert legacy.font_encoding("AAAAAA+DejaVuSerif") is None
    assert legacy.from_tcvn3("qu¶n lý", capitals=True) == "QUẢN LÝ"
    assert legacy.from_vni("Tröôøng Ñaïi hoïc") == "Trường Đại học"


def test_tone_placement_is_word_final_only() -> None:
    assert tones("Kế hoạch hoà giải, thuỷ lợi; Hoá học") == "Kế hoạch hòa giải, thủy lợi; Hóa học"


def test_group_lines_splits_wide_gaps_only() -> None:
    words = [Word("Số:", 60, 80, 100, 111), Word("24/QĐ", 83, 120, 100.5, 111),
             Word("Thạch", 330, 360, 99.5, 111), Word("Bàn", 363, 380, 100, 111), Word("Nam", 60, 80, 120, 131)]
    assert [line.text for line in group_lines(words)] == ["Số: 24/QĐ", "Thạch Bàn", "Nam"]


@pytest.mark.parametrize("content, reason", [(b"", "tệp rỗng"), (b"<html>not a pdf</html>", "không phải tệp PDF")])
def test_rejects_before_parsing(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    result = read_pdf(path, SETTINGS)
    assert (result.status, result.reason) == ("rejected", reason)


def test_rejects_encrypted_oversized_and_too_long(tmp_path: Path, files: dict[str, Path]) -> None:
    encrypted = read_pdf(_pdf(tmp_path / "enc.pdf", encrypt="secret"), SETTINGS)
    assert encrypted.status == "rejected" and "mã hoá" in encrypted.reason
    big = read_pdf(files["three"], replace(SETTINGS, evidence_max_bytes=1000))
    assert big.status == "rejected" and "quá lớn" in big.reason
    long = read_pdf(files["three"], replace(SETTINGS, max_pages=2))
    assert (long.status, long.page_count) == ("rejected", 3) and "quá nhiều trang" in long.reason


def test_truncated_file_is_unreadable(tmp_path: Path, files: dict[str, Path]) -> None:
    data = files["three"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = read_pdf(path, SETTINGS)
    assert result.status == "unreadable" and "hỏng" in result.reason


def test_javascript_is_rejected_never_run(tmp_path: Path) -> None:
    _fonts()
    path = tmp_path / "js.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setCatalogEntry("OpenAction", PDFDictionary({"S": PDFName("JavaScript"), "JS": PDFString("app.alert(1)")}))
    _header(c)
    c.save()
    result = read_pdf(path, SETTINGS)
    assert result.status == "rejected" and "javascript" in result.flags and "JavaScript" in result.reason


def _tesseracts() -> set[int]:
    """Pids of the Tesseract processes running now."""
    return {int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _command(pid).startswith("tesseract")}


def _command(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def test_time_limit_kills_the_reader_and_its_tesseract(files: dict[str, Path]) -> None:
    before = _tesseracts()
    started = time.monotonic()
    result = read_pdf(files["scan"], replace(SETTINGS, evidence_timeout=0.3))
    assert result.status == "unreadable" and result.reason == "quá thời gian xử lý (0.3 s)"
    assert time.monotonic() - started < 5
    for _ in range(50):   # a killed process may linger a moment before it is reaped
        if not _tesseracts() - before:
            break
        time.sleep(0.1)
    assert not _tesseracts() - before


def _huge_page(path: Path) -> Path:
    """An image-only page 100 inches square: 30000 × 30000 pixels at 300 dpi."""
    Image.new("RGB", (100, 100), "white").save(path, "PDF", resolution=1.0)
    return path


def test_memory_limit(tmp_path: Path) -> None:
    settings = replace(SETTINGS, evidence_memory_mb=600, max_image_pixels=10**10)
    result = read_pdf(_huge_page(tmp_path / "huge.pdf"), settings)
    assert result.status == "unreadable" and "bộ nhớ" in result.reason


def test_pixel_cap_lowers_dpi(files: dict[str, Path]) -> None:
    result = read_pdf(files["scan"], replace(SETTINGS, max_image_pixels=4_000_000))
    assert {"ocr", "low_dpi"} <= set(result.flags)
    assert "cong hoa xa hoi" in fold(" ".join(_texts(result)))


def test_pixel_cap_guards_rendering(tmp_path: Path) -> None:
    result = read_pdf(_huge_page(tmp_path / "huge.pdf"), SETTINGS)
    assert result.status == "parsed" and "page_too_large" in result.flags and result.pages[0].lines == ()
    assert choose_dpi(WIDTH, HEIGHT, 300, 100, 40_000_000) == 300
    assert choose_dpi(WIDTH, HEIGHT, 300, 100, 4_000_000) == 203
    assert choose_dpi(7200, 7200, 300, 100, 40_000_000) is None


def test_script_markers_inside_binary_streams_are_noise(tmp_path: Path) -> None:
    from audit.evidence.parse import byte_flags
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(b"%PDF-1.4\n1 0 obj<</Length 9>>stream\n\x00/JS (\x01\x02\nendstream endobj\n%%EOF\n")
    script = tmp_path / "script.pdf"
    script.write_bytes(b"%PDF-1.4\n1 0 obj<</S /JavaScript /JS (app.alert(1))>>endobj\n%%EOF\n")
    assert byte_flags(str(noise)) == set() and byte_flags(str(script)) == {"javascript"}
