"""Digits written by hand into a printed form are not read as printed ones (audit/evidence/ocr.py)."""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pypdfium2
from reportlab.pdfgen import canvas

from audit.docgen.fonts import ITALIC, REGULAR, register
from audit.docgen.handwriting import digit_boxes, handwrite
from audit.evidence.ocr import HANDWRITTEN_CONFIDENCE, ocr_page
from audit.evidence import fields

DPI = 200


def _form(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    register()
    pdf.setFont(REGULAR, 13)
    pdf.drawString(60, 760, "UBND QUẬN LONG BIÊN")
    pdf.drawString(70, 730, "Số: 153/QĐ-UBND")
    pdf.setFont(ITALIC, 13)
    pdf.drawString(300, 730, "Long Biên, ngày 27 tháng 3 năm 2022")
    pdf.setFont(REGULAR, 13)
    pdf.drawString(70, 650, "Căn cứ Luật Giáo dục năm 2019 và các văn bản hướng dẫn thi hành;")
    pdf.save()
    return path


def _scan(source: Path, out: Path, written: bool) -> Path:
    doc = pypdfium2.PdfDocument(source)
    page = doc[0].render(scale=DPI / 72).to_pil().convert("RGB")
    doc.close()
    if written:
        handwrite(page, digit_boxes(source, "153/QĐ-UBND", 27), DPI / 72, random.Random(3))
    page.save(out, "PDF", resolution=DPI)
    return out


def _read(path: Path) -> tuple[list[tuple[str, float]], list[tuple[date, float]]]:
    """The numbers and dates the OCR'd header shows, each with its digits' confidence."""
    doc = pypdfium2.PdfDocument(path)
    try:
        layout = ocr_page(doc[0], 1, 300, 150, 40_000_000).layout
    finally:
        doc.close()
    numbers = [(parsed[0], ln.digits_confidence) for ln in layout.lines
               if (parsed := fields.read_number(ln.text, ocr=True)) and parsed[0]]
    dates = [(read[1], ln.digits_confidence) for ln in layout.lines
             if ln.top < 200 and (read := fields.read_place_date(ln.text)) and read[1]]
    return numbers, dates


def test_printed_digits_keep_their_confidence(tmp_path: Path) -> None:
    numbers, days = _read(_scan(_form(tmp_path / "form.pdf"), tmp_path / "printed.pdf", False))
    assert [n for n, sure in numbers if sure > HANDWRITTEN_CONFIDENCE] == ["153/QĐ-UBND"]
    assert [str(d) for d, sure in days if sure > HANDWRITTEN_CONFIDENCE] == ["2022-03-27"]


def test_handwritten_digits_are_never_sure(tmp_path: Path) -> None:
    """Whatever OCR makes of the handwriting, nothing is read from it with more than the handwritten
    confidence (under the level at which two readings may agree)."""
    numbers, days = _read(_scan(_form(tmp_path / "form.pdf"), tmp_path / "written.pdf", True))
    assert all(sure <= HANDWRITTEN_CONFIDENCE for _, sure in numbers)
    assert all(sure <= HANDWRITTEN_CONFIDENCE for _, sure in days)
