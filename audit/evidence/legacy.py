"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI): detection by font name and conversion."""
from __future__ import annotations

import re
import unicodedata

TCVN3 = "TCVN3"
VNI = "VNI"

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")

# TCVN3 (TCVN 5712:1993, VN3 / "ABC"): one byte per letter, read through Latin-1 / cp1252.
# Capitals with tone marks do not exist in VN3: ".VnTimeH"-style fonts draw these codes as capitals.
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_TCVN3_TABLE = str.maketrans({chr(code): text for code, text in _TCVN3_LETTERS.items()})

# VNI (VNI-Windows): a base vowel followed by a mark character; a few letters are single characters.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ",
    "ì": "ì", "Ì": "Ì", "í": "í", "Í": "Í", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị",
}
_VNI_TONE_BASES = "aeouyAEOUY"


def font_encoding(fontname: str) -> str | None:
    """The legacy encoding a font name implies ("TCVN3", "VNI"), or None for a Unicode font."""
    name = _SUBSET_PREFIX.sub("", fontname or "")
    if name.startswith((".Vn", "Vn")):
        return TCVN3
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI_"):
        return VNI
    return None


def is_capitals_font(fontname: str) -> bool:
    """Whether a TCVN3 font is a capitals variant (".VnTimeH", ".VnArialH") that draws capitals."""
    name = _SUBSET_PREFIX.sub("", fontname or "").split(",")[0].split("-")[0]
    return font_encoding(fontname) == TCVN3 and name.endswith("H")


def from_tcvn3(text: str, capitals: bool = False) -> str:
    """Convert TCVN3-encoded text (as decoded through Latin-1) to Unicode NFC."""
    converted = text.translate(_TCVN3_TABLE)
    return unicodedata.normalize("NFC", converted.upper() if capitals else converted)


def _vni_mark(base: str, mark: str) -> str | None:
    """The combining marks a VNI mark character adds to a base letter, or None if it does not apply."""
    low, lower_base = mark.lower(), base.lower()
    if lower_base in "aeo" and low in _VNI_CIRC:
        return _CIRC + _VNI_CIRC[low]
    if lower_base == "a" and low in _VNI_BREVE:
        return _BREVE + _VNI_BREVE[low]
    if lower_base in "aeouyơư" and low in _VNI_TONES:
        return _VNI_TONES[low]
    return None


def from_vni(text: str) -> str:
    """Convert VNI-encoded text (as decoded through Latin-1) to Unicode NFC."""
    out: list[str] = []
    for char in text:
        previous = out[-1] if out else ""
        if previous and (previous in _VNI_TONE_BASES or previous in "ơưƠƯ"):
            marks = _vni_mark(previous, char)
            if marks is not None:
                out[-1] = previous + marks
                continue
        out.append(_VNI_SINGLE.get(char, char))
    return unicodedata.normalize("NFC", "".join(out))


def convert(text: str, fontname: str) -> tuple[str, str | None]:
    """Text converted from the font's legacy encoding, and that encoding's name (None: unchanged)."""
    encoding = font_encoding(fontname)
    if encoding == TCVN3:
        return from_tcvn3(text, is_capitals_font(fontname)), encoding
    if encoding == VNI:
        return from_vni(text), encoding
    return text, None
