"""Handwritten numbers and days in generated scans (audit/docgen/handwriting.py)."""
from __future__ import annotations

import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops
from reportlab.pdfgen import canvas

from audit.docgen.fonts import ITALIC, REGULAR, register
from audit.docgen.handwriting import DIGITS, Box, digit_boxes, handwrite

SCALE = 200 / 72


def _form(path: Path) -> Path:
    """A header with a typed number and day, and a body citing another number and date (not the form's)."""
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    register()
    pdf.setFont(REGULAR, 13)
    pdf.drawString(90, 740, "Số: 15 /QĐ-UBND")
    pdf.setFont(ITALIC, 13)
    pdf.drawString(300, 740, "Hà Nội, ngày 07 tháng 3 năm 2022")
    pdf.setFont(REGULAR, 13)
    pdf.drawString(70, 600, "Căn cứ Quyết định số 15/QĐ-UBND ngày 07 tháng 1 năm 2021;")
    pdf.save()
    return path


def _page(path: Path) -> Image.Image:
    doc = pypdfium2.PdfDocument(path)
    try:
        return doc[0].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        doc.close()


def test_every_digit_has_a_skeleton() -> None:
    assert sorted(DIGITS) == list("0123456789")


def test_the_form_digits_are_found_in_the_header_only(tmp_path: Path) -> None:
    boxes = digit_boxes(_form(tmp_path / "form.pdf"), "15/QĐ-UBND", 7)
    assert {key: digits for key, (digits, _) in boxes.items()} == {"number": "15", "day": "07"}
    number, day = boxes["number"][1], boxes["day"][1]
    assert number.top < 842 * 0.45 and day.x0 > number.x1
    assert digit_boxes(tmp_path / "form.pdf", "16/QĐ-UBND", 8) == {}   # other digits: nothing to write over


def test_handwriting_replaces_the_print_and_is_seeded(tmp_path: Path) -> None:
    path = _form(tmp_path / "form.pdf")
    boxes = digit_boxes(path, "15/QĐ-UBND", 7)
    printed = _page(path)
    written, again = printed.copy(), printed.copy()
    handwrite(written, boxes, SCALE, random.Random(4))
    handwrite(again, boxes, SCALE, random.Random(4))
    assert ImageChops.difference(written, again).getbbox() is None
    changed = ImageChops.difference(printed, written).getbbox()
    assert changed is not None
    for _, box in boxes.values():   # ink around each field, nothing far from it
        inner = Box(box.x0 - 20, box.top - 20, box.x1 + 20, box.bottom + 20)
        crop = written.crop((int(inner.x0 * SCALE), int(inner.top * SCALE), int(inner.x1 * SCALE),
                             int(inner.bottom * SCALE)))
        darkest = crop.convert("L").getextrema()[0]
        assert isinstance(darkest, int) and darkest < 120
    body = (0, int(230 * SCALE), printed.width, printed.height)
    assert ImageChops.difference(printed.crop(body), written.crop(body)).getbbox() is None
