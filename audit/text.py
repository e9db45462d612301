"""Vietnamese text normalisation: NFC at every boundary, and folding for matching."""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Old-style tone placement ("hoà") to the modern one ("hòa") after NFC; only the pairs that
# differ in real documents: oa/oe/uy with the tone on the second vowel in old style.
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<![qQ])(?:" + "|".join(_TONE_PAIRS) + r")(?=\b|[^a-zA-ZÀ-ỹ])")  # "quý" keeps its tone


def nfc(text: str) -> str:
    """NFC-normalise and fold the Icelandic eth (U+00D0) into Vietnamese Đ (U+0110)."""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


def clean(text: str) -> str:
    """NFC plus collapsed whitespace, trimmed."""
    return _SPACE.sub(" ", nfc(text)).strip()


def modern_tones(text: str) -> str:
    """Move old-style tone marks ("hoà", "thuỷ") to the modern placement ("hòa", "thủy")."""
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], nfc(text))


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse whitespace: for matching only."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d")


def district_key(name: str | None) -> str:
    """A district name for comparison: NFC, case-folded, single spaces ("Dĩ  An" = "dĩ an")."""
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def vn_number(x: float) -> str:
    """A number as Vietnamese print it: decimal comma, dot thousands ("1.234.567", "4,25")."""
    whole, _, frac = f"{x:,.2f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")
