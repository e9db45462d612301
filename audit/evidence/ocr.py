"""OCR of one page: pypdfium2 render, red channel (a red seal vanishes), Tesseract `-l vie`."""
from __future__ import annotations

import logging
import math
import re
import statistics
from dataclasses import dataclass, replace
from typing import Any

import pytesseract
from PIL import Image, ImageFilter

from audit.evidence.layout import Word, group_lines
from audit.evidence.model import Line, PageLayout

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
LANG = "vie"
TESSERACT_CONFIG = "--psm 3"
COLUMN_CONFIG = "--psm 4"   # one column of lines of varying sizes
LINE_CONFIG = "--psm 7"     # one line of text
LINE_UPSCALE = 1            # upscaled, the line read worse (THPHI, OĐ) on the tuning seeds
LOW_CONFIDENCE = 60.0
MIN_SKEW = 0.002  # slopes below this (0.1°) are left alone
MIN_WORD_CONFIDENCE = 10.0  # below this Tesseract has read an underline, a seal or a stain, not a word
GHOST_OVERLAP = 0.5  # a word this much covered by a surer one is a second reading of the same ink
# Digits written by hand into a printed form (the number, the day) are not printed digits: they stand
# taller or lower than the print beside them. Their reading gets this confidence (never reported).
HANDWRITTEN_CONFIDENCE = 15.0
HEADER_SHARE = 0.45      # the number and date stand in a page's top part
PRINT_TOLERANCE = 0.18   # how far (share of the print's cap height) printed digits' ink may stray from it
_LEADING_DIGITS = re.compile(r"\d+")
_PRINTED_REFERENCE = re.compile(r"^(?:\d{4}|/?[0-9A-ZĐ&/-]*[A-ZĐ]{2,}[0-9A-ZĐ&/-]*)$")   # a year, a code


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


def _words(data: dict[str, list[Any]], scale: float, image: Any = None,
           header: float = 1.0) -> tuple[list[Word], list[float]]:
    """Tesseract's word boxes converted back to PDF points (levelled on a tilted scan), and their confidences;
    with the `image` they were read from, digits in its top `header` share that are not printed like the
    print beside them (handwritten into the form) lose their confidence."""
    words, confidences, lines, indexes = [], [], [], []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not str(text).strip() or confidence < MIN_WORD_CONFIDENCE:
            continue
        left, top = data["left"][i] / scale, data["top"][i] / scale
        words.append(Word(text=str(text).strip(), x0=left, x1=left + data["width"][i] / scale,
                          top=top, bottom=top + data["height"][i] / scale, confidence=confidence))
        confidences.append(confidence)
        lines.append((data["block_num"][i], data["par_num"][i], data["line_num"][i]))
        indexes.append(i)
    slope = skew_slope(words, lines)
    if image is not None:
        handwritten = _handwritten(data, image, slope, header)
        confidences = [min(c, HANDWRITTEN_CONFIDENCE) if i in handwritten else c for c, i in zip(confidences, indexes)]
        words = [replace(w, confidence=c) for w, c in zip(words, confidences)]
    kept = distinct(level(words, slope), confidences)
    return [word for word, _ in kept], [confidence for _, confidence in kept]


def _percentile(histogram: list[int], share: float) -> int:
    """The grey level under which `share` of a histogram's pixels lie."""
    wanted, seen = share * sum(histogram), 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= wanted:
            return level
    return len(histogram) - 1


def _ink(image: Any, box: tuple[int, int, int, int], slope: float) -> tuple[float, float] | None:
    """(top, bottom) rows of the main band of ink in a box of a greyscale page, levelled by the page's `slope`:
    the run of inked rows holding the most ink, without the rules, accents or neighbouring lines apart from it."""
    left, top, right, bottom = box
    if right - left < 2 or bottom - top < 4:
        return None
    crop = image.crop(box)
    histogram = crop.histogram()[:256]
    dark, light = _percentile(histogram, 0.05), _percentile(histogram, 0.95)
    if light - dark < 60:
        return None
    threshold = (dark + light) / 2
    pixels, width = crop.point(lambda v: 1 if v < threshold else 0).tobytes(), crop.width
    profile: dict[int, int] = {}
    for x in range(width):
        shift = round(slope * (left + x))
        for y, inked in enumerate(pixels[x::width]):
            if inked:
                profile[y - shift] = profile.get(y - shift, 0) + 1
    if not profile:
        return None
    blocks: list[list[int]] = []   # runs of inked rows (gaps of up to 3 rows bridged)
    for y in sorted(profile):
        if blocks and y - blocks[-1][-1] <= 3:
            blocks[-1].append(y)
        else:
            blocks.append([y])
    rows = max(blocks, key=lambda block: sum(profile[y] for y in block))   # the text, not a rule or an accent
    floor = 0.08 * max(profile[y] for y in rows)
    low = min(y for y in rows if profile[y] >= floor)
    high = max(y for y in rows if profile[y] >= floor)
    return low + top, high + top


def _span(data: dict[str, list[Any]], i: int, start: float, end: float) -> tuple[int, int, int, int]:
    """The part of word i's box from `start` to `end` (shares of its characters)."""
    left, width = data["left"][i], data["width"][i]
    return (int(left + width * start), data["top"][i], int(left + width * end), data["top"][i] + data["height"][i])


def _same_row(data: dict[str, list[Any]], i: int, k: int, slope: float) -> bool:
    """Whether words i and k stand on the same printed row (levelled, their middles closer than half the
    smaller box): a Tesseract line may run across both header columns, whose rows do not line up."""
    def levelled(j: int) -> tuple[float, float]:
        middle = data["top"][j] + data["height"][j] / 2 - slope * (data["left"][j] + data["width"][j] / 2)
        return middle, data["height"][j]
    (middle_i, height_i), (middle_k, height_k) = levelled(i), levelled(k)
    return abs(middle_i - middle_k) < 0.5 * min(height_i, height_k)


def _handwritten(data: dict[str, list[Any]], image: Any, slope: float, share: float) -> set[int]:
    """Indexes of the header's words whose digits were written by hand: their ink stands out above or below
    the band of the printed code or year nearest on their row (digits print at the capitals' height, on
    the baseline; a hand writes larger, off the line)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if str(text).strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    found = set()
    for members in lines.values():
        for i in members:
            text = str(data["text"][i]).strip()
            digits = _LEADING_DIGITS.search(text)
            if not digits or data["top"][i] > image.height * share:
                continue
            size = len(text)
            if text.strip(" .,;:()") == digits.group() and len(digits.group()) == 4:
                continue   # a year: the reference of the others
            rest = text[digits.end():]
            if rest.startswith("/") and sum(c.isupper() for c in rest) >= 2:   # "155/QĐ-THPH1": the code beside
                references = [_span(data, i, (digits.end() + 1.5) / size, 1)]
            else:   # the nearest year or code printed on the same row
                printed = [k for k in members if k != i and _same_row(data, i, k, slope)
                           and _PRINTED_REFERENCE.match(str(data["text"][k]).strip(" .,;:()"))]
                middle = data["left"][i] + data["width"][i] / 2
                printed.sort(key=lambda k: abs(data["left"][k] + data["width"][k] / 2 - middle))
                references = [_span(data, k, 0, 1) for k in printed[:1]]
            if not references:
                continue
            own = _ink(image, _span(data, i, (digits.start() + 0.15) / size, (digits.end() - 0.15) / size), slope)
            mark = _ink(image, references[0], slope)
            if own is None or mark is None:
                continue
            height = mark[1] - mark[0]
            # ink standing out above or below the print's band (a band cut short is a faint print, not a hand)
            if height > 4 and (own[0] < mark[0] - PRINT_TOLERANCE * height
                               or own[1] > mark[1] + PRINT_TOLERANCE * height):
                found.add(i)
    return found


def skew_slope(words: list[Word], lines: list[tuple[int, int, int]]) -> float:
    """How far a text line drops per point to the right (median over Tesseract's lines of 3+ words)."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word, key in zip(words, lines):
        groups.setdefault(key, []).append(word)
    slopes = []
    for members in groups.values():
        xs = [(w.x0 + w.x1) / 2 for w in members]
        if len(members) < 3 or max(xs) - min(xs) < 50:
            continue
        mx, my = statistics.fmean(xs), statistics.fmean(w.middle for w in members)
        spread = sum((x - mx) ** 2 for x in xs)
        slopes.append(sum((x - mx) * (w.middle - my) for x, w in zip(xs, members)) / spread)
    return statistics.median(slopes) if slopes else 0.0


def _overlap(a: Word, b: Word) -> float:
    """Share of the narrower word's box covered by the other's (0 when they do not touch)."""
    width = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    height = max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width * height / smaller if smaller > 0 else 0.0


def distinct(words: list[Word], confidences: list[float]) -> list[tuple[Word, float]]:
    """Words with their confidences, in reading order, without the ghosts Tesseract reads twice (a word mostly
    covering a surer one is dropped)."""
    kept: list[tuple[Word, float]] = []
    for word, confidence in sorted(zip(words, confidences), key=lambda wc: -wc[1]):
        if all(_overlap(word, other) < GHOST_OVERLAP for other, _ in kept):
            kept.append((word, confidence))
    return sorted(kept, key=lambda wc: (wc[0].top, wc[0].x0))


def level(words: list[Word], slope: float) -> list[Word]:
    """Words moved up or down so that a tilted page's lines lie flat (rows are then grouped as on a text PDF)."""
    if abs(slope) < MIN_SKEW:
        return words
    return [replace(w, top=w.top - slope * (w.x0 + w.x1) / 2, bottom=w.bottom - slope * (w.x0 + w.x1) / 2)
            for w in words]


def _tesseract(image: Any, config: str = TESSERACT_CONFIG) -> dict[str, list[Any]]:
    """Tesseract's word data for an image; memory failures surface as MemoryError."""
    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            image, lang=LANG, config=config, output_type=pytesseract.Output.DICT)
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
    words, confidences = _words(_tesseract(image), scale, image, HEADER_SHARE)
    confidence = statistics.fmean(confidences) if confidences else 0.0
    log.debug("page %s OCR at %s dpi: %s words, confidence %.1f", number, chosen, len(words), confidence)
    layout = PageLayout(number=number, width=width, height=height, lines=group_lines(words),
                        source="ocr", confidence=round(confidence, 1))
    return OcrPage(layout, ("low_dpi",) if chosen < dpi else ())


def ocr_strip(page: Any, dpi: int, share: float, max_pixels: int) -> str:
    """The plain text of a page's top `share`, OCR'd at `dpi` or less under the pixel cap (a quick
    look for a document header); "" for a page too large to render."""
    width, height = page.get_size()
    chosen = choose_dpi(width, height, dpi, dpi // 2, max_pixels)
    if chosen is None:
        return ""
    scale = chosen / POINTS_PER_INCH
    image = render_red(page, scale)
    strip = image.crop((0, 0, image.width, int(image.height * share)))
    try:
        return str(pytesseract.image_to_string(strip, lang=LANG, config="--psm 6"))
    except pytesseract.TesseractError as exc:
        log.info("header strip OCR failed: %s", exc)
        return ""


def header_image(page: Any, dpi: int, max_pixels: int) -> tuple[Any, float] | None:
    """A page rendered for a header reading (red channel) and its scale; None for a page too large."""
    width, height = page.get_size()
    chosen = choose_dpi(width, height, dpi, dpi // 2, max_pixels)
    if chosen is None:
        return None
    scale = chosen / POINTS_PER_INCH
    return render_red(page, scale), scale


def _shifted(words: list[Word], dx: float, dy: float = 0.0) -> list[Word]:
    return [replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy) for w in words]


def ocr_line(rendered: tuple[Any, float], size: tuple[float, float], box: tuple[float, float, float, float]) -> PageLayout:
    """One header line (the number's) cropped closely from `box` (points: left, top, right, bottom), scaled by `LINE_UPSCALE`
    and read as a single line; its digits pass the same print check as a page's."""
    image, scale = rendered
    left, top, right, bottom = box
    pad = 0.5 * (bottom - top)
    crop_box = (max(0, int(left * scale)), max(0, int((top - pad) * scale)),
                min(image.width, int(right * scale)), min(image.height, int((bottom + pad) * scale)))
    crop = image.crop(crop_box)
    crop = crop.resize((crop.width * LINE_UPSCALE, crop.height * LINE_UPSCALE), Image.Resampling.LANCZOS)
    found, sure = _words(_tesseract(crop, LINE_CONFIG), scale * LINE_UPSCALE, crop)
    words = _shifted(found, crop_box[0] / scale, crop_box[1] / scale)
    return PageLayout(number=1, width=size[0], height=size[1], lines=group_lines(words), source="ocr",
                      confidence=round(statistics.fmean(sure), 1) if sure else 0.0)


def ocr_columns(rendered: tuple[Any, float], size: tuple[float, float], split: float, bottom: float,
                smooth: bool) -> PageLayout:
    """Page 1's header read with its two columns OCR'd apart, the left up to `split` and the right from it,
    down to `bottom` (points), after a 3×3 median filter when `smooth` (speckled scans). Tesseract's
    page layout often runs one column's line into the other's or drops a short line between them;
    a column alone reads as one block of lines."""
    image, scale = rendered
    cut, low = int(split * scale), min(image.height, int(bottom * scale))
    lines: list[Line] = []
    confidences: list[float] = []
    for left, right in ((0, cut), (cut, image.width)):
        crop = image.crop((left, 0, right, low))
        if smooth:
            crop = crop.filter(ImageFilter.MedianFilter(3))
        found, sure = _words(_tesseract(crop, COLUMN_CONFIG), scale, crop)
        lines += group_lines(_shifted(found, left / scale))   # per column: the other's lines never interleave
        confidences += sure
    return PageLayout(number=1, width=size[0], height=size[1], lines=tuple(sorted(lines, key=lambda ln: (ln.top, ln.x0))),
                      source="ocr", confidence=round(statistics.fmean(confidences), 1) if confidences else 0.0)
