"""OCR of one page: pypdfium2 render, red channel (a red seal vanishes), Tesseract `-l vie`."""
from __future__ import annotations

import logging
import math
import statistics
from dataclasses import dataclass
from typing import Any

import pytesseract

from audit.evidence.layout import Word, group_lines
from audit.evidence.model import PageLayout

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
LANG = "vie"
TESSERACT_CONFIG = "--psm 3"
LOW_CONFIDENCE = 60.0


@dataclass(frozen=True)
class OcrPage:
    """A page read by OCR, with the flags it earned ("low_dpi", "page_too_large")."""
    layout: PageLayout
    flags: tuple[str, ...] = ()


def choose_dpi(width: float, height: float, dpi: int, min_dpi: int, max_pixels: int) -> int | None:
    """The resolution to render a page of this size (points) at: `dpi`, lower under the pixel cap, or None."""
    pixels = (width * dpi / POINTS_PER_INCH) * (height * dpi / POINTS_PER_INCH)
    if pixels <= max_pixels:
        return dpi
    lowered = int(dpi * math.sqrt(max_pixels / pixels))
    return lowered if lowered >= min_dpi else None


def render_red(page: Any, scale: float) -> Any:
    """The page rendered at `scale` as a greyscale PIL image of its red channel."""
    bitmap = page.render(scale=scale, grayscale=False)
    try:
        return bitmap.to_pil().convert("RGB").getchannel("R")
    finally:
        bitmap.close()


def _words(data: dict[str, list[Any]], scale: float) -> tuple[list[Word], list[float]]:
    """Tesseract's word boxes converted back to PDF points, and the words' confidences."""
    words, confidences = [], []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not str(text).strip() or confidence < 0:
            continue
        left, top = data["left"][i] / scale, data["top"][i] / scale
        words.append(Word(text=str(text).strip(), x0=left, x1=left + data["width"][i] / scale,
                          top=top, bottom=top + data["height"][i] / scale))
        confidences.append(confidence)
    return words, confidences


def _tesseract(image: Any) -> dict[str, list[Any]]:
    """Tesseract's word data for an image; memory failures surface as MemoryError."""
    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            image, lang=LANG, config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:
        if exc.status < 0 or "alloc" in str(exc.message):
            raise MemoryError(f"tesseract: {exc.message}") from exc
        raise
    return data


def ocr_page(page: Any, number: int, dpi: int, min_dpi: int, max_pixels: int) -> OcrPage:
    """OCR one pypdfium2 page into a PageLayout (source "ocr"), within the pixel cap."""
    width, height = page.get_size()
    chosen = choose_dpi(width, height, dpi, min_dpi, max_pixels)
    if chosen is None:
        log.warning("page %s too large to render (%.0f x %.0f pt)", number, width, height)
        empty = PageLayout(number=number, width=width, height=height, lines=(), source="ocr")
        return OcrPage(empty, ("page_too_large",))
    scale = chosen / POINTS_PER_INCH
    image = render_red(page, scale)
    words, confidences = _words(_tesseract(image), scale)
    confidence = statistics.fmean(confidences) if confidences else 0.0
    log.debug("page %s OCR at %s dpi: %s words, confidence %.1f", number, chosen, len(words), confidence)
    layout = PageLayout(number=number, width=width, height=height, lines=group_lines(words),
                        source="ocr", confidence=round(confidence, 1))
    return OcrPage(layout, ("low_dpi",) if chosen < dpi else ())
