"""What reading a PDF gives the identifier: positioned text lines of the pages that matter."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line segment of text with its box in PDF points (origin top-left).

    A printed line whose parts stand far apart (the two header columns: "UBND QUẬN LONG BIÊN"
    … "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") comes as two segments.
    """
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    digits_confidence: float = 100.0   # OCR's least confidence in a word with digits (text layer: 100)


@dataclass(frozen=True)
class PageLayout:
    """A page's lines in reading order (top to bottom, then left to right)."""
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    source: str = "text"             # "text" (PDF text layer) or "ocr"
    confidence: float | None = None  # OCR mean word confidence, 0–100


@dataclass(frozen=True)
class ReadResult:
    """The outcome of reading one file: its pages that were read, or why it could not be read."""
    status: str                      # "parsed", "unreadable" or "rejected"
    reason: str = ""                 # Vietnamese, when not parsed
    page_count: int = 0
    pages: tuple[PageLayout, ...] = ()   # at least the first and the last page when parsed
    flags: tuple[str, ...] = field(default=())
    second_start: int = 0            # the page where a second document's header stands (0: none)
    readings: tuple[PageLayout, ...] = ()  # other readings of page 1's header on a scan: its own OCR
                                           # layer, its top OCR'd again on its own (for the number)
