"""Legacy Vietnamese encodings for generation: Unicode → TCVN3 / VNI text, and fonts that draw it.

Real documents typed with old templates keep some lines in ".VnTime" (TCVN3) or "VNI-Times"
(VNI): the file stores Latin-1 characters ("Céng hoµ", "Coäng hoøa") and the font draws them
as Vietnamese letters. To make such files, the text is encoded here (the inverse of
audit/evidence/legacy.py) and fonts are built from Liberation Serif whose character map sends
those Latin-1 codes to the Vietnamese glyphs, so that the page looks right (scans read it) while
the text layer is mojibake under a legacy font name, as in real files.
"""
from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from audit.evidence.legacy import from_tcvn3

TCVN3_FONT = ".VnTime"
TCVN3_CAPS_FONT = ".VnTimeH"
VNI_FONT = "VNI-Times"
LIBERATION = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{face}.ttf"

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
# VNI: the mark character typed after a base letter, by (vowel mark, tone).
_VNI_TONE = {_ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï", "": ""}
_VNI_CIRC = {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
_VNI_I = {_ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}
_VNI_LETTER = {"đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö"}


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[str, str]:
    """Unicode letter → TCVN3 character, built by inverting the project's decoder."""
    table: dict[str, str] = {}
    for code in range(0xA1, 0xFF):
        letter = from_tcvn3(chr(code))
        if letter != chr(code):
            table[letter] = chr(code)
    return table


def tcvn3_ok(text: str, capitals: bool = False) -> bool:
    """Whether text can be typed in ".VnTime" (or ".VnTimeH" for capitals) and show as typed.

    TCVN3 has no capital letters with tone marks (capitals use ".VnTimeH"), and its "ư" is 0xAD,
    the soft hyphen, which LibreOffice does not draw: such lines stay in Unicode here.
    """
    table = _tcvn3_table()
    nfc = unicodedata.normalize("NFC", text.lower() if capitals else text)
    return all(ord(c) < 0x80 or (c in table and table[c] != "\xad") for c in nfc)


def to_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text (Latin-1 characters); capitals=True writes lower case for a ".VnTimeH" font."""
    table = _tcvn3_table()
    nfc = unicodedata.normalize("NFC", text.lower() if capitals else text)
    return "".join(table.get(c, c) for c in nfc)


def _vni_char(char: str) -> str:
    """One Unicode letter as VNI characters (base letter plus mark character)."""
    if char in _VNI_LETTER:
        return _VNI_LETTER[char]
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    if not marks:
        return char
    tone = next((m for m in marks if m in _TONES), "")
    upper = base.isupper()
    if base in "iI":
        out = _VNI_I[tone]
        return out.upper() if upper else out
    if base in "yY" and tone == _DOT:
        return "Î" if upper else "î"
    if _HORN in marks:
        base, mark = _VNI_LETTER["ơ" if base in "oO" else "ư"], _VNI_TONE[tone]
        base = base.upper() if upper else base
    elif _CIRC in marks:
        mark = _VNI_CIRC[tone]
    elif _BREVE in marks:
        mark = _VNI_BREVE[tone]
    else:
        mark = _VNI_TONE[tone]
    return base + (mark.upper() if upper else mark)


def to_vni(text: str) -> str:
    """VNI text (Latin-1 characters) for a "VNI-Times" font."""
    return "".join(_vni_char(c) for c in unicodedata.normalize("NFC", text))


def _rename(font: object, family: str, bold: bool) -> None:
    """Give the font a new family name (and PostScript name) on every platform."""
    style = "Bold" if bold else "Regular"
    names = {1: family, 2: style, 3: f"{family} {style}", 4: family if not bold else f"{family} Bold",
             6: f"{family.lstrip('.')}{'-Bold' if bold else ''}", 16: family, 17: style}
    table = font["name"]  # type: ignore[index]
    table.names = [n for n in table.names if n.nameID not in names]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def _mark_glyph(font: object, marks: str, upper: bool) -> str:
    """A zero-width composite glyph stacking combining marks over the previous letter."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    cmap = font.getBestCmap()  # type: ignore[attr-defined]
    name = "vni" + "".join(f"{ord(m):04X}" for m in marks) + ("U" if upper else "")
    glyf, hmtx = font["glyf"], font["hmtx"]  # type: ignore[index]
    if name in glyf.glyphs:
        return name
    glyph = Glyph()
    glyph.numberOfContours = -1
    glyph.components = []
    top, centre = (1480, -700) if upper else (1080, -480)  # over the previous letter's middle
    for mark in marks:
        part = cmap[ord(mark)]
        box = glyf[part]
        component = GlyphComponent()
        component.glyphName, component.flags = part, 0x4
        middle = centre - (box.xMin + box.xMax) // 2
        if mark == _DOT:
            component.x, component.y = middle, 0
        else:
            component.x, component.y = middle + (220 if marks[0] != mark else 0), top - box.yMin
            top += (box.yMax - box.yMin) // 2 + 60
        glyph.components.append(component)
    glyf[name] = glyph
    glyph.recalcBounds(glyf)
    hmtx[name] = (0, glyph.xMin)  # left side bearing = xMin, or rasterisers shift the glyph
    return name


def _vni_marks() -> dict[str, str]:
    """VNI mark character → the combining marks it draws."""
    out: dict[str, str] = {}
    for tone, char in _VNI_TONE.items():
        if char:
            out[char] = tone
    for tone, char in _VNI_CIRC.items():
        out[char] = _CIRC + tone
    for tone, char in _VNI_BREVE.items():
        out[char] = _BREVE + tone
    return out


def _remap(font: object, codes: dict[int, str]) -> None:
    """Point each code of every Unicode cmap subtable at the given glyph."""
    for table in font["cmap"].tables:  # type: ignore[index]
        if table.isUnicode():
            table.cmap.update(codes)


def _tcvn3_codes(font: object, capitals: bool) -> dict[int, str]:
    """Character code → glyph name for a ".VnTime" (or ".VnTimeH") font."""
    cmap = font.getBestCmap()  # type: ignore[attr-defined]
    codes = {ord(code): cmap[ord(letter.upper() if capitals else letter)] for letter, code in _tcvn3_table().items()}
    if capitals:
        codes.update({ord(c): cmap[ord(c.upper())] for c in "abcdefghijklmnopqrstuvwxyz"})
    return codes


def _vni_codes(font: object) -> dict[int, str]:
    """Character code → glyph name for a "VNI-Times" font."""
    cmap = font.getBestCmap()  # type: ignore[attr-defined]
    codes = {ord(v): cmap[ord(k)] for k, v in _VNI_LETTER.items()}
    codes[ord("î")], codes[ord("Î")] = cmap[ord("ỵ")], cmap[ord("Ỵ")]
    for tone, char in _VNI_I.items():
        codes[ord(char)] = cmap[ord(unicodedata.normalize("NFC", "i" + tone))]
        codes[ord(char.upper())] = cmap[ord(unicodedata.normalize("NFC", "I" + tone))]
    for char, marks in _vni_marks().items():
        codes[ord(char)] = _mark_glyph(font, marks, False)
        codes[ord(char.upper())] = _mark_glyph(font, marks, True)
    return codes


def build_fonts(out_dir: Path) -> Path:
    """Write .VnTime, .VnTimeH and VNI-Times (regular and bold) into out_dir; return out_dir."""
    from fontTools.ttLib import TTFont

    out_dir.mkdir(parents=True, exist_ok=True)
    for face in ("Regular", "Bold"):
        bold = face == "Bold"
        for family in (TCVN3_FONT, TCVN3_CAPS_FONT, VNI_FONT):
            path = out_dir / f"{family.lstrip('.')}-{face}.ttf"
            if path.exists():
                continue
            font = TTFont(LIBERATION.format(face=face))
            codes = _vni_codes(font) if family == VNI_FONT else _tcvn3_codes(font, family == TCVN3_CAPS_FONT)
            _remap(font, codes)
            _rename(font, family, bold)
            partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
            font.save(str(partial))
            partial.replace(path)  # atomic: a parallel run never sees half a font
    return out_dir


def fontconfig_file(font_dir: Path) -> Path:
    """A fonts.conf that adds font_dir to the system's fonts (for FONTCONFIG_FILE)."""
    conf = font_dir / "fonts.conf"
    if not conf.exists():
        partial = conf.with_suffix(f".{os.getpid()}.part")
        partial.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                        f"  <dir>{font_dir}</dir>\n  <cachedir>{font_dir / 'cache'}</cachedir>\n</fontconfig>\n")
        partial.replace(conf)
    return conf
