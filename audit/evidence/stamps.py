"""Text a PDF draws in annotations rather than in the page: signing tools stamp the number and day.

Vietnam's document-signing software (VGCA and the like) leaves "Số:    /TB-SGDĐT" and "ngày    tháng"
blank in the Word export and fills the number and the day in at signing time as signature
widgets, whose appearance streams draw the text. Text extraction of the page content never sees
them; a printed page does. pdfium flattens the annotations into the page (as printing would) and
reads the text inside each annotation's box, which becomes one word at that box.
"""
from __future__ import annotations

import ctypes
import logging
from typing import Any, Sequence

import pypdfium2.raw as pdfium_c

from audit.evidence.layout import Word

log = logging.getLogger(__name__)

MAX_ANNOTATIONS = 64          # more than this on one page: not a signed document, skip
MAX_STAMP_CHARS = 80          # a stamp longer than this is a comment box, not a filled-in field
_DRAWN = (pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_STAMP)


def stamp_boxes(pdfium_page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom; top-left origin) of a pypdfium2 page's annotations that draw."""
    height = pdfium_page.get_height()
    boxes = []
    for i in range(min(pdfium_c.FPDFPage_GetAnnotCount(pdfium_page.raw), MAX_ANNOTATIONS)):
        annot = pdfium_c.FPDFPage_GetAnnot(pdfium_page.raw, i)
        try:
            rect = pdfium_c.FS_RECTF()
            if (pdfium_c.FPDFAnnot_GetSubtype(annot) in _DRAWN and pdfium_c.FPDFAnnot_HasKey(annot, b"AP")
                    and pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect))):
                boxes.append((min(rect.left, rect.right), height - max(rect.top, rect.bottom),
                              max(rect.left, rect.right), height - min(rect.top, rect.bottom)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


def _covered(box: tuple[float, float, float, float], words: Sequence[Word]) -> bool:
    """Whether the page's own text already has a word inside the box."""
    x0, top, x1, bottom = box
    return any(w.x0 >= x0 - 1 and w.x1 <= x1 + 1 and w.top >= top - 1 and w.bottom <= bottom + 1 for w in words)


def stamp_words(pdfium_doc: Any, index: int, words: Sequence[Word]) -> list[Word]:
    """The text each annotation box shows once flattened, as one word per box.

    Flattening appends the annotations' drawing to the page's content, so the characters beyond
    the page's own count are theirs; each is put in the box its centre lies in.
    """
    page = pdfium_doc[index]
    wanted = [b for b in stamp_boxes(page) if not _covered(b, words)]
    if not wanted:
        return []
    before = _char_count(page)
    if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_PRINT) != pdfium_c.FLATTEN_SUCCESS:
        return []
    page = pdfium_doc[index]               # pdfium reads a flattened page only once reloaded
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        texts: dict[int, list[str]] = {}
        for i in range(before, textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(i)
            x, y = (left + right) / 2, height - (bottom + top) / 2
            box = next((n for n, (x0, t, x1, b) in enumerate(wanted) if x0 <= x <= x1 and t <= y <= b), None)
            if box is not None:
                texts.setdefault(box, []).append(textpage.get_text_range(i, 1))
    finally:
        textpage.close()
    found = []
    for n, chars in sorted(texts.items()):
        text = " ".join("".join(chars).split())
        if text and len(text) <= MAX_STAMP_CHARS:
            x0, top, x1, bottom = wanted[n]
            found.append(Word(text=text, x0=x0, x1=x1, top=top, bottom=bottom, fontname="stamp"))
    log.debug("annotation stamps: %s", [w.text for w in found])
    return found


def _char_count(page: Any) -> int:
    """How many characters pdfium reads on a page."""
    textpage = page.get_textpage()
    try:
        return int(textpage.count_chars())
    finally:
        textpage.close()
