"""Words to lines: group by vertical position, split far-apart runs (header columns) into segments."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from audit.evidence import legacy
from audit.evidence.model import Line
from audit.text import modern_tones, nfc

LINE_TOLERANCE = 3.0      # points: words whose vertical centres differ by less share a line
GAP_FACTOR = 2.5          # a gap wider than this many median character widths splits a line
MAX_GAP = 20.0            # points: a gap wider than this always splits a line
MIN_LETTERS = 20          # fewer visible letters on a page: treat it as a scan
MAX_CID_SHARE = 0.1       # a higher share of "(cid:NN)" glyphs: the font has no Unicode map
MAX_ODD_SHARE = 0.05      # a higher share of non-Vietnamese Latin-1 letters: mojibake
MIN_WORDS_JUDGED = 40     # from this many words on, a page's text is judged as Vietnamese or not
MIN_ACCENTED_SHARE = 0.1  # Vietnamese text marks about half its words; an OCR layer made without
                          # Vietnamese marks none ("BO GIAO DUC VA DAO TAO", "S6: /CT-BGDDT")

_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Latin-1 letters and signs that Vietnamese text never uses but legacy-font mojibake is full of.
_ODD = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ\ufffd")


@dataclass(frozen=True)
class Word:
    """One word with its box in PDF points (origin top-left) and the font it was set in."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fontname: str = ""
    bold: bool = False
    confidence: float = 100.0   # OCR's confidence in the reading, 0–100 (a text layer: 100)

    @property
    def middle(self) -> float:
        """Vertical centre of the word's box."""
        return (self.top + self.bottom) / 2


def is_bold(fontname: str) -> bool:
    """Whether a font name names a bold face ("TimesNewRomanPS-BoldMT", "Arial,Bold")."""
    return "bold" in fontname.lower()


def page_words(page: Any) -> list[Word]:
    """The words of a pdfplumber page, with font names, in content order."""
    raw = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
    return [Word(text=w["text"], x0=float(w["x0"]), x1=float(w["x1"]), top=float(w["top"]),
                 bottom=float(w["bottom"]), fontname=str(w.get("fontname", "")),
                 bold=is_bold(str(w.get("fontname", "")))) for w in raw]


def convert_legacy(words: Sequence[Word]) -> tuple[list[Word], set[str]]:
    """Words with legacy-font text converted to Unicode, and the legacy encodings met."""
    converted, encodings = [], set()
    for word in words:
        text, encoding = legacy.convert(word.text, word.fontname)
        if encoding:
            encodings.add(encoding)
            word = replace(word, text=text)
        converted.append(word)
    return converted, encodings


def ocr_reason(words: Sequence[Word]) -> str | None:
    """Why a page's text layer is not usable ("no_text", "cid", "mojibake"), or None if it is."""
    text = "".join(word.text for word in words)
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    letters = sum(1 for char in rest if char.isalpha())
    odd = sum(1 for char in rest if char in _ODD)
    if cids and cids / (cids + letters) > MAX_CID_SHARE:
        return "cid"
    if letters < MIN_LETTERS:
        return "no_text"
    if odd / max(letters, 1) > MAX_ODD_SHARE:
        return "mojibake"
    if unaccented(" ".join(word.text for word in words)):
        return "not_vietnamese"
    return None


def unaccented(text: str) -> bool:
    """Whether a long text has (almost) no Vietnamese marks: an OCR layer made for another language."""
    words = _LETTERS.findall(text)
    # letters only Vietnamese has (ă đ ơ ư, ạ ả ấ …) lie beyond Latin-1; an English OCR layer
    # has at most é, ô, à
    marked = sum(1 for w in words if any(c > "\u00ff" for c in w))
    return len(words) >= MIN_WORDS_JUDGED and marked < MIN_ACCENTED_SHARE * len(words)


def _rows(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped into printed rows by their vertical centres, top to bottom."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if rows:
            row = rows[-1]
            centre = statistics.fmean(w.middle for w in row)
            height = min(statistics.median(w.bottom - w.top for w in row), word.bottom - word.top)
            if abs(word.middle - centre) <= max(LINE_TOLERANCE, 0.35 * height):
                row.append(word)
                continue
        rows.append([word])
    return rows


def _split_gap(row: Sequence[Word]) -> float:
    """The horizontal gap beyond which a row is split into segments."""
    widths = [(w.x1 - w.x0) / len(w.text) for w in row if w.text]
    char_width = statistics.median(widths) if widths else MAX_GAP
    return min(GAP_FACTOR * char_width, MAX_GAP)


def _segments(row: Sequence[Word]) -> list[list[Word]]:
    """A row's words, left to right, cut where the gap between neighbours is wide."""
    ordered = sorted(row, key=lambda w: w.x0)
    limit = _split_gap(ordered)
    segments: list[list[Word]] = [[ordered[0]]]
    for word in ordered[1:]:
        if word.x0 - segments[-1][-1].x1 > limit:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _word_tones(match: re.Match[str]) -> str:
    """One word with an old-style final tone pair ("hoà", "thuỷ") moved; other words unchanged."""
    word = match.group(0)
    return word[:-2] + modern_tones(word[-2:])


def tones(text: str) -> str:
    """NFC text with modern tone placement, word-final pairs only ("hoạch" stays as it is).

    audit.text.modern_tones' look-ahead binds to its last alternative only, so it would also turn
    "hoạch" into "họach"; applying it to the last two letters of each word avoids that.
    """
    return _WORD.sub(_word_tones, nfc(text))


def _line(words: Sequence[Word]) -> Line:
    """One line segment from its words: NFC text with modern tone marks, box, boldness."""
    text = tones(" ".join(w.text for w in words))
    bold_chars = sum(len(w.text) for w in words if w.bold)
    digits = [w.confidence for w in words if any(c.isdigit() for c in w.text)]
    return Line(text=text, x0=min(w.x0 for w in words), x1=max(w.x1 for w in words),
                top=min(w.top for w in words), bottom=max(w.bottom for w in words),
                bold=bold_chars * 2 > sum(len(w.text) for w in words),
                digits_confidence=min(digits, default=100.0))


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Line segments in reading order: rows top to bottom, segments left to right."""
    kept = [w for w in words if w.text.strip()]
    return tuple(_line(segment) for row in _rows(kept) for segment in _segments(row))
