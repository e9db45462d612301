"""make_broken: evidence files an identifier must reject or report as unreadable."""
from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from audit.docgen import fonts, rawpdf
from audit.docgen.corpus import make_corpus
from audit.docgen.pdf import pdf_bytes

HEADER = ["UBND QUẬN LONG BIÊN", "TRƯỜNG TH THẠCH BÀN B", "Số: 24/QĐ-THTBB",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH",
          "Về việc phân công nhiệm vụ quản trị hệ thống thông tin năm học 2023-2024"]
TCVN3 = ["UBND QUËN LONG BI£N", "Tr­êng TH Th¹ch Bµn B", "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
         "§éc lËp - Tù do - H¹nh phóc", "KÕ ho¹ch øng dông c«ng nghÖ th«ng tin n¨m häc 2023-2024"]
Broken = dict[str, tuple[Path, str, str]]


def _canvas_pdf(lines: list[str], font: str, pages: int = 1, encrypt: StandardEncryption | None = None) -> bytes:
    """A simple reportlab PDF with the lines on every page."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, encrypt=encrypt)
    for number in range(pages):
        canvas.setFont(font, 12)
        for row, line in enumerate(lines):
            canvas.drawString(60, 780 - 18 * row, line)
        canvas.drawString(290, 40, str(number + 1))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _jpeg() -> bytes:
    """A small JPEG photo-like image (what a phone upload renamed to .pdf looks like)."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


HTML = ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>404 - Không tìm thấy trang"
        "</title></head><body><h1>Không tìm thấy tệp tin</h1><p>Tệp đính kèm đã bị xóa hoặc bạn không có "
        "quyền truy cập.</p></body></html>\n")


def _contents() -> dict[str, tuple[bytes, str, str]]:
    """File name -> (bytes, expected status, why)."""
    whole = pdf_bytes(make_corpus(seed=3, n=1)[0])
    secret = StandardEncryption("matkhau", ownerPassword="chusohuu", canPrint=0, canCopy=0)
    return {
        "encrypted.pdf": (_canvas_pdf(HEADER, fonts.REGULAR, encrypt=secret), "unreadable",
                          "encrypted with a user password: cannot be opened without it"),
        "truncated.pdf": (whole[: len(whole) * 2 // 5], "unreadable", "download cut short: no xref, no %EOF"),
        "jpeg_as_pdf.pdf": (_jpeg(), "rejected", "a JPEG photo named .pdf"),
        "html_as_pdf.pdf": (HTML.encode(), "rejected", "an HTML error page saved as .pdf"),
        "empty.pdf": (b"", "rejected", "empty file (0 bytes)"),
        "pages_400.pdf": (_canvas_pdf(HEADER[:3], fonts.REGULAR, pages=400), "rejected",
                          "400 pages: far beyond any evidence document"),
        "huge_image.pdf": (rawpdf.huge_image_pdf(), "rejected",
                           "a 12000x12000 px image (144 MB decoded) in a small file: decompression bomb"),
        "javascript.pdf": (rawpdf.javascript_pdf(), "rejected", "runs JavaScript on open (/OpenAction /JavaScript)"),
        "cid_only.pdf": (rawpdf.cid_pdf(HEADER), "unreadable",
                         "font without a Unicode map: text extracts as (cid:NN) only (OCR could recover it)"),
        "tcvn3.pdf": (_canvas_pdf(TCVN3, fonts.register_legacy()), "unreadable",
                      "legacy TCVN3 font .VnTime: text extracts as mojibake (Céng hoµ x· héi…)"),
    }


def make_broken(out_dir: str | Path) -> Broken:
    """Write the broken files into out_dir; name -> (path, expected status, why)."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    result: Broken = {}
    for name, (data, status, why) in _contents().items():
        path = folder / name
        path.write_bytes(data)
        result[name] = (path, status, why)
    return result
