"""DejaVu Serif registered with reportlab (embedded TrueType: the PDF keeps a Unicode text layer)."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
REGULAR = "DejaVuSerif"
BOLD = "DejaVuSerif-Bold"
ITALIC = "DejaVuSerif-Italic"
BOLD_ITALIC = "DejaVuSerif-BoldItalic"
SANS_BOLD = FONT_DIR + "DejaVuSans-Bold.ttf"
LEGACY = ".VnTime"


def register() -> None:
    """Register the four DejaVu Serif faces once."""
    for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}{name}.ttf"))


def register_legacy() -> str:
    """Register DejaVu Serif under the TCVN3 name ".VnTime" (the PDF font is named so too)."""
    if LEGACY not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(LEGACY, f"{FONT_DIR}{REGULAR}.ttf")
        font.face.name = LEGACY.encode()
        pdfmetrics.registerFont(font)
    return LEGACY


def width(text: str, font: str, size: float) -> float:
    """Printed width of text in points."""
    register()
    return float(pdfmetrics.stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, limit: float) -> list[str]:
    """Greedy word wrap of text into lines no wider than limit."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and width(trial, font, size) > limit:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines
