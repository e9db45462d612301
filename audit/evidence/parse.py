"""The work done inside the sandboxed child: open the PDF, read the wanted pages (text, else OCR)."""
from __future__ import annotations

import difflib
import logging
import re
import statistics
from pathlib import Path
from typing import Any, Sequence

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from audit.config import Settings
from audit.evidence.actions import find_actions
from audit.evidence.layout import Word, convert_legacy, group_lines, ocr_reason, page_words
from audit.evidence.model import PageLayout, ReadResult
from audit.evidence import fields
from audit.evidence.identify import SURE_DIGITS
from audit.evidence.ocr import LOW_CONFIDENCE, header_image, ocr_columns, ocr_line, ocr_page, ocr_strip
from audit.evidence.stamps import stamp_words
from audit.text import fold

log = logging.getLogger(__name__)

PageSpec = str | tuple[int, ...]
ENCRYPTED = "tệp PDF được mã hoá (có mật khẩu)"
CORRUPT = "tệp PDF bị hỏng hoặc không đầy đủ"
NO_PAGES = "tệp PDF không có trang nào"
_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap - tu do", "doc lap – tu do")
COLUMN_BOTTOM = 0.3      # the header's columns end above this share of page 1 when no type name shows where
MOTTO_SHARE = 0.2        # the national motto stands in the top fifth of a document's first page
MAX_PAGES_SEARCHED = 12  # pages searched for a second document's header
SAME_LETTERHEAD = 0.9    # page tops this alike repeat one document's letterhead
STRIP_DPI = 150          # enough to read the motto's bold capitals
_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)\b")
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)  # binary data: a "/JS" there is noise
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class Pdfium:
    """A pypdfium2 document opened on first use (only pages that need OCR need it)."""

    def __init__(self, path: str):
        self.path, self._doc = path, None

    def doc(self) -> Any:
        """The open pypdfium2 document."""
        if self._doc is None:
            self._doc = pypdfium2.PdfDocument(self.path)
        return self._doc

    def page(self, number: int) -> Any:
        """The 1-based page `number`."""
        return self.doc()[number - 1]

    def close(self) -> None:
        """Close the document if it was opened."""
        if self._doc is not None:
            self._doc.close()


def select_pages(spec: PageSpec, count: int) -> tuple[int, ...]:
    """The 1-based pages to read: first and last for "ends", else the given ones that exist."""
    if isinstance(spec, str):   # "ends"
        return tuple(sorted({1, count}))
    return tuple(sorted({n for n in spec if 1 <= n <= count}))


def byte_flags(path: str) -> set[str]:
    """"javascript" when the raw file names a script or launch action outside binary streams, its names
    unescaped (`/Java#53cript`): a second look, for objects a rebuilt cross-reference table would find."""
    outside_streams = _STREAM.sub(b"", Path(path).read_bytes())
    unescaped = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), outside_streams)
    return {"javascript"} if _ACTIVE.search(unescaped) else set()


def active_content(path: str) -> tuple[set[str], str]:
    """Flags for scripts, launch and open actions (the object walk of `actions`, and the byte scan), and the
    reason a file too complex to walk is refused ("" when the walk finished or the parser could not open it)."""
    found = find_actions(path)
    return found.flags | byte_flags(path), found.incomplete


def is_encryption_error(exc: BaseException) -> bool:
    """Whether pdfplumber/pdfminer failed because the file is encrypted."""

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    return isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower()


def _ocr(pdfium: Pdfium, number: int, settings: Settings) -> tuple[PageLayout, set[str]]:
    """OCR one page; its layout and flags."""
    result = ocr_page(pdfium.page(number), number, settings.ocr_dpi, settings.ocr_min_dpi,
                      settings.max_image_pixels)
    return result.layout, {"ocr", *result.flags}


def read_page(page: Any, number: int, pdfium: Pdfium, settings: Settings,
              distrust: bool = False) -> tuple[PageLayout, set[str]]:
    """One page from its text layer (legacy fonts converted) or, when that is unusable (or the
    file's first page showed a layer made without Vietnamese: `distrust`), by OCR."""
    try:
        words, encodings = convert_legacy(page_words(page))
    except Exception as exc:  # noqa: BLE001 - a broken content stream: fall back to OCR
        log.warning("page %s text layer failed: %s", number, exc)
        words, encodings = [], set()
    flags = {f"legacy_font:{encoding}" for encoding in encodings}
    reason = ocr_reason(words)
    if reason is None and distrust and words:
        reason = "layer of the file not Vietnamese"
    if reason is None:
        stamped = _stamps(pdfium, number, words)
        if stamped:
            words, flags = words + stamped, flags | {"stamped_fields"}
        return PageLayout(number=number, width=float(page.width), height=float(page.height),
                          lines=group_lines(words), source="text"), flags
    log.info("page %s needs OCR (%s)", number, reason)
    layout, ocr_flags = _ocr(pdfium, number, settings)
    return layout, flags | ocr_flags


def _stamps(pdfium: Pdfium, number: int, words: list[Word]) -> list[Word]:
    """Words that signing software drew in annotations over the page (the number, the day)."""
    try:
        return stamp_words(pdfium.doc(), number - 1, words)
    except Exception as exc:  # noqa: BLE001 - a broken annotation never stops the page
        log.info("page %s annotations unreadable: %s", number, exc)
        return []


def foreign_layer(page: Any) -> PageLayout | None:
    """Page 1's text layer as a second OCR reading, when the page was OCR'd again: a layer made
    without Vietnamese still reads digits and plain capitals ("S6: 09/BC-THCSVY")."""
    try:
        words, _ = convert_legacy(page_words(page))
    except Exception:  # noqa: BLE001 - a broken content stream: no second reading
        return None
    if not words:
        return None
    return PageLayout(number=1, width=float(page.width), height=float(page.height), lines=group_lines(words),
                      source="ocr", confidence=None)


def numbers_read(layout: PageLayout) -> list[tuple[str, bool]]:
    """The numbers an OCR'd page shows on "Số: …" lines whose code can exist, each with whether its digits
    read surely."""
    found = []
    for line in layout.lines:
        parsed = fields.read_number(line.text, ocr=True)
        if parsed and parsed[0] and fields.plausible_code(parsed[1] or "") and not fields.ocr_confusable(parsed[1] or ""):
            found.append((parsed[0], line.digits_confidence >= SURE_DIGITS))
    return found


def dates_read(layout: PageLayout) -> list[tuple[Any, bool]]:
    """The dates an OCR'd page shows on place-date lines, each with whether its digits read surely."""
    return [(pd[1], ln.digits_confidence >= fields.SURE_DATE_DIGITS)
            for ln in layout.lines if (pd := fields.read_place_date(ln.text)) and pd[1]]


def _one_value(read: list[tuple[Any, bool]]) -> bool:
    """Whether readings give one value, read surely at least once or by two readings."""
    values = {value for value, _ in read}
    return len(values) == 1 and (any(sure for _, sure in read) or len(read) > 1)


def settled(readings: Sequence[PageLayout]) -> bool:
    """Whether OCR readings agree on one number and one date, each read surely or twice (none missing, none
    disputed)."""
    numbers = [n for layout in readings for n in numbers_read(layout)]
    dates = [d for layout in readings for d in dates_read(layout)]
    return _one_value(numbers) and _one_value(dates)


def columns_of(first: PageLayout) -> tuple[float, float]:
    """Where page 1's header columns part (points from the left: just left of the national motto,
    else the middle) and where the header ends (just above the type name, else 30% down)."""
    top = [ln for ln in first.lines if ln.top < first.height * COLUMN_BOTTOM]
    motto = [ln.x0 for ln in top if _has_motto(fold(ln.text)) and first.width * 0.3 < ln.x0 < first.width * 0.65]
    split = min(motto) - 3 if motto else first.width / 2
    named = [ln.top for ln in first.lines if ln.top < first.height * 0.6 and fields.type_of_name(ln.text)]
    bottom = min(named) - 1 if named and min(named) > first.height * 0.12 else first.height * 0.3
    return split, bottom


def readings(pdf: Any, pdfium: Pdfium, first: PageLayout, settings: Settings) -> tuple[PageLayout, ...]:
    """Other readings of a scan's page 1 header, to confirm or fill the number and date the page's OCR
    read: the file's own OCR layer (it reads digits and plain capitals; numbers only), then the header's
    two columns OCR'd apart, plain and smoothed, until the OCR readings agree."""
    found: list[PageLayout] = []
    layer = foreign_layer(pdf.pages[0])
    if layer is not None:
        found.append(layer)
    page = pdfium.page(1)
    rendered = header_image(page, settings.ocr_dpi, settings.max_image_pixels)
    if rendered is None:
        return tuple(found)
    split, bottom = columns_of(first)
    ocr_readings = [first]
    for smooth in (False, True):
        reading = ocr_columns(rendered, page.get_size(), split, bottom, smooth)
        found.append(reading)
        ocr_readings.append(reading)
        if settled(ocr_readings):
            return tuple(found)
    box = number_line(ocr_readings, split)
    if box is not None:   # still unsettled: the number's line alone, closely cropped and upscaled
        found.append(ocr_line(rendered, page.get_size(), box))
    return tuple(found)


_NUMBER_LINE = re.compile(r"^s[o6]\b")


def number_line(layouts: Sequence[PageLayout], split: float) -> tuple[float, float, float, float] | None:
    """The box of the header's "Số:" line in the left column (the tightest any reading gives: a page reading's
    box may reach a rule above it), widened to the column's edge, or None."""
    boxes = [(max(0.0, ln.x0 - 6), ln.top, split, ln.bottom) for layout in layouts for ln in layout.lines
             if ln.x0 < split and _NUMBER_LINE.match(fold(ln.text)) and "/" in ln.text and len(ln.text.split()) <= 4
             and ln.top < layout.height * 0.4]
    return min(boxes, key=lambda box: box[3] - box[1]) if boxes else None


def finish(count: int, layouts: Sequence[PageLayout], flags: set[str], second: int = 0,
           other: tuple[PageLayout, ...] = ()) -> ReadResult:
    """The parsed result, with "low_ocr_confidence" when OCR'd pages read poorly."""
    confidences = [p.confidence for p in layouts if p.source == "ocr" and p.confidence is not None]
    if confidences and statistics.fmean(confidences) < LOW_CONFIDENCE:
        flags.add("low_ocr_confidence")
    return ReadResult(status="parsed", page_count=count, pages=tuple(layouts), flags=tuple(sorted(flags)),
                      second_start=second, readings=other)


def _has_motto(folded: str) -> bool:
    """Whether a (folded) page top carries the national motto that opens every administrative document."""
    return any(motto in folded for motto in _MOTTO)


def _top_text(pdfium: Pdfium, n: int, scanned: bool, max_pixels: int) -> str:
    """The text of page n's top fifth: from the text layer (pdfium: no full page parse), or OCR'd
    quickly on a scan."""
    page = pdfium.page(n)
    if scanned:
        return ocr_strip(page, STRIP_DPI, MOTTO_SHARE, max_pixels)
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_bounded(left=0, bottom=height * (1 - MOTTO_SHARE), right=width, top=height))
        finally:
            textpage.close()
    except Exception:  # noqa: BLE001 - a broken page: no header seen there
        return ""


def second_header(pdfium: Pdfium, count: int, scanned: bool, max_pixels: int) -> int:
    """The first page after page 1 whose top opens another document (two documents scanned into one
    file: minutes with their notice), or 0. A page repeating page 1's letterhead opens none."""
    first = fold(_top_text(pdfium, 1, scanned, max_pixels))
    for n in range(2, min(count, MAX_PAGES_SEARCHED) + 1):
        top = fold(_top_text(pdfium, n, scanned, max_pixels))
        if _has_motto(top) and difflib.SequenceMatcher(None, first, top).ratio() < SAME_LETTERHEAD:
            return n
    return 0


def _too_many(count: int, settings: Settings) -> ReadResult:
    """The rejection of a file with more pages than allowed."""
    return ReadResult(status="rejected", page_count=count,
                      reason=f"tệp có quá nhiều trang ({count} > {settings.max_pages})")


def _pdfium_only(path: str, settings: Settings, spec: PageSpec, flags: set[str], error: str) -> ReadResult:
    """pdfplumber could not open the file: try pypdfium2 (more forgiving), OCR'ing the wanted pages."""
    pdfium = Pdfium(path)
    try:
        count = len(pdfium.doc())
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            return ReadResult(status="rejected", reason=ENCRYPTED)
        log.info("unreadable PDF %s: %s / %s", path, error, exc)
        return ReadResult(status="unreadable", reason=f"{CORRUPT} ({error})")
    if count > settings.max_pages or count == 0:
        pdfium.close()
        return _too_many(count, settings) if count else ReadResult(status="unreadable", reason=NO_PAGES)
    if "javascript" in flags:
        pdfium.close()
        return ReadResult(status="rejected", page_count=count, flags=tuple(sorted(flags)),
                          reason="tệp có mã JavaScript hoặc lệnh tự chạy (không an toàn)")
    try:
        pages = [_ocr(pdfium, n, settings) for n in select_pages(spec, count)]
    finally:
        pdfium.close()
    flags = flags.union({"repaired"}, *(f for _, f in pages))
    return finish(count, [layout for layout, _ in pages], flags)


def hostile(pdf: Any, wanted: Sequence[int], settings: Settings, flags: set[str]) -> ReadResult | None:
    """Refuse scripted files and decompression bombs: evidence never needs either."""
    if "javascript" in flags:
        return ReadResult(status="rejected", page_count=len(pdf.pages), flags=tuple(sorted(flags)),
                          reason="tệp có mã JavaScript hoặc lệnh tự chạy (không an toàn)")
    for n in wanted:
        for image in pdf.pages[n - 1].images:
            w, h = image.get("srcsize") or (0, 0)
            if w * h > settings.max_image_pixels:
                return ReadResult(status="rejected", page_count=len(pdf.pages), flags=tuple(sorted(flags)),
                                  reason=f"ảnh nhúng quá lớn ({int(w)}×{int(h)} điểm ảnh)")
    return None


def parse_file(path: str, settings: Settings, spec: PageSpec) -> ReadResult:
    """Read the wanted pages of a PDF (runs in the sandboxed child)."""
    flags, too_complex = active_content(path)
    if too_complex:
        return ReadResult(status="rejected", flags=tuple(sorted(flags)), reason=too_complex)
    try:
        pdf = pdfplumber.open(path)
        count = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for broken files
        if is_encryption_error(exc):
            return ReadResult(status="rejected", reason=ENCRYPTED)
        return _pdfium_only(path, settings, spec, flags, f"{type(exc).__name__}: {exc}")
    pdfium = Pdfium(path)
    with pdf:
        try:
            if count > settings.max_pages:
                return _too_many(count, settings)
            if count == 0:
                return ReadResult(status="unreadable", reason=NO_PAGES)
            wanted = select_pages(spec, count)
            refused = hostile(pdf, wanted, settings, flags)
            if refused:
                return refused
            pages = [read_page(pdf.pages[wanted[0] - 1], wanted[0], pdfium, settings)]
            distrust = pages[0][0].source == "ocr"   # a scan's other pages carry the same layer
            other = readings(pdf, pdfium, pages[0][0], settings) if distrust and wanted[0] == 1 else ()
            pages += [read_page(pdf.pages[n - 1], n, pdfium, settings, distrust) for n in wanted[1:]]
            second = 0
            if spec == "ends" and count > 2 and pages[-1][0].source == "text":
                # the signer block stands on the page before an annex; a text page costs little
                pages.insert(-1, read_page(pdf.pages[count - 2], count - 1, pdfium, settings, distrust))
            if spec == "ends" and count > 2:
                second = second_header(pdfium, count, pages[0][0].source == "ocr", settings.max_image_pixels)
                extra = sorted({second - 1, second} - {p.number for p, _ in pages}) if second else []
                pages = sorted(pages + [read_page(pdf.pages[n - 1], n, pdfium, settings, distrust) for n in extra],
                               key=lambda p: p[0].number)
        finally:
            pdfium.close()
    if not isinstance(spec, str) and len(wanted) < len(set(spec)):
        flags.add("page_out_of_range")
    return finish(count, [layout for layout, _ in pages], flags.union(*(f for _, f in pages)), second, other)
