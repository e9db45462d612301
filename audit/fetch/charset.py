"""Decode a body: Content-Type charset, then <meta>, then detection; fix the latin-1 header lie."""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from audit.text import nfc

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_LATIN = {"iso8859-1", "latin-1", "cp1252", "ascii"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """Codec named by a Content-Type header."""
    match = _HEADER_CHARSET.search(content_type or "")
    return _codec(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """Codec named by <meta charset> or http-equiv Content-Type in the first 4 KiB."""
    match = _META_CHARSET.search(body[:4096])
    return _codec(match.group(1).decode("ascii", "ignore")) if match else None


def _clean_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def choose(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(codec, source) where source is "bom", "header", "meta" or "detected"."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, "bom"
    header, meta = header_charset(content_type), meta_charset(body)
    if header in _LATIN and header != meta and _clean_utf8(body) and not body.isascii():
        return "utf-8", "meta" if meta == "utf-8" else "detected"
    if header:
        return header, "header"
    if meta:
        return meta, "meta"
    if _clean_utf8(body):
        return "utf-8", "detected"
    best = charset_normalizer.from_bytes(body).best()
    return (_codec(best.encoding) or "utf-8") if best else "utf-8", "detected"


def decode(body: bytes, content_type: str | None) -> tuple[str, str, str]:
    """(NFC text, codec, source)."""
    codec, source = choose(body, content_type)
    return nfc(body.decode(codec, errors="replace")), codec, source
