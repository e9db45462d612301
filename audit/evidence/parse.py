"""The work done inside the sandboxed child: open the PDF, read the wanted pages (text, else OCR)."""
from __future__ import annotations

import logging
import re
import statistics
from pathlib import Path
from typing import Any, Sequence

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1

from audit.config import Settings
from audit.evidence.layout import convert_legacy, group_lines, ocr_reason, page_words
from audit.evidence.model import PageLayout, ReadResult
from audit.evidence.ocr import LOW_CONFIDENCE, ocr_page

log = logging.getLogger(__name__)

PageSpec = str | tuple[int, ...]
ENCRYPTED = "tệp PDF được mã hoá (có mật khẩu)"
CORRUPT = "tệp PDF bị hỏng hoặc không đầy đủ"
NO_PAGES = "tệp PDF không có trang nào"
_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)\b")
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)  # binary data: a "/JS" there is noise


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


def _name(value: Any) -> str:
    """A PDF name object's text (pdfminer PSLiteral) or the value's own text."""
    return str(getattr(value, "name", value))


def catalog_flags(catalog: dict[str, Any]) -> set[str]:
    """"javascript" for document-level scripts or launch actions, "open_action" for a plain one."""

    flags = set()
    names = resolve1(catalog.get("Names"))
    if "AA" in catalog or (isinstance(names, dict) and "JavaScript" in names):
        flags.add("javascript")
    action = resolve1(catalog.get("OpenAction"))
    if isinstance(action, dict):
        kind = _name(resolve1(action.get("S")))
        flags.add("javascript" if kind in ("JavaScript", "Launch") else "open_action")
    elif action is not None:
        flags.add("open_action")
    return flags


def byte_flags(path: str) -> set[str]:
    """"javascript" when the raw file names a script or launch action (never run: only noted)."""
    outside_streams = _STREAM.sub(b"", Path(path).read_bytes())
    return {"javascript"} if _ACTIVE.search(outside_streams) else set()


def is_encryption_error(exc: BaseException) -> bool:
    """Whether pdfplumber/pdfminer failed because the file is encrypted."""

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    return isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower()


def _ocr(pdfium: Pdfium, number: int, settings: Settings) -> tuple[PageLayout, set[str]]:
    """OCR one page; its layout and flags."""
    result = ocr_page(pdfium.page(number), number, settings.ocr_dpi, settings.ocr_min_dpi,
                      settings.max_image_pixels)
    return result.layout, {"ocr", *result.flags}


def read_page(page: Any, number: int, pdfium: Pdfium, settings: Settings) -> tuple[PageLayout, set[str]]:
    """One page from its text layer (legacy fonts converted) or, when that is unusable, by OCR."""
    try:
        words, encodings = convert_legacy(page_words(page))
    except Exception as exc:  # noqa: BLE001 - a broken content stream: fall back to OCR
        log.warning("page %s text layer failed: %s", number, exc)
        words, encodings = [], set()
    flags = {f"legacy_font:{encoding}" for encoding in encodings}
    reason = ocr_reason(words)
    if reason is None:
        return PageLayout(number=number, width=float(page.width), height=float(page.height),
                          lines=group_lines(words), source="text"), flags
    log.info("page %s needs OCR (%s)", number, reason)
    layout, ocr_flags = _ocr(pdfium, number, settings)
    return layout, flags | ocr_flags


def finish(count: int, layouts: Sequence[PageLayout], flags: set[str]) -> ReadResult:
    """The parsed result, with "low_ocr_confidence" when OCR'd pages read poorly."""
    confidences = [p.confidence for p in layouts if p.source == "ocr" and p.confidence is not None]
    if confidences and statistics.fmean(confidences) < LOW_CONFIDENCE:
        flags.add("low_ocr_confidence")
    return ReadResult(status="parsed", page_count=count, pages=tuple(layouts), flags=tuple(sorted(flags)))


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
    flags = byte_flags(path)
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
            flags |= catalog_flags(pdf.doc.catalog)
            wanted = select_pages(spec, count)
            refused = hostile(pdf, wanted, settings, flags)
            if refused:
                return refused
            pages = [read_page(pdf.pages[n - 1], n, pdfium, settings) for n in wanted]
        finally:
            pdfium.close()
    if not isinstance(spec, str) and len(wanted) < len(set(spec)):
        flags.add("page_out_of_range")
    return finish(count, [layout for layout, _ in pages], flags.union(*(f for _, f in pages)))
