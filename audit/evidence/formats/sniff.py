"""What a file is, from its first bytes (never from its name alone), and which names fit which contents (pure)."""
from __future__ import annotations

from pathlib import PurePath

PDF, ZIP, OLE, RTF = "pdf", "zip", "ole", "rtf"
JPEG, PNG, HEIC, TIFF = "jpeg", "png", "heic", "tiff"
IMAGES = frozenset({JPEG, PNG, HEIC, TIFF})
WINDOW = 1024   # bytes of a file's head that sniffing reads

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")
# What a person calls each kind, in a reason.
LABELS = {PDF: "PDF", ZIP: "tệp nén ZIP hoặc Word (.docx)", OLE: "tệp Office cũ (.doc/.xls)",
          RTF: "văn bản RTF", JPEG: "ảnh JPEG", PNG: "ảnh PNG", HEIC: "ảnh HEIC", TIFF: "ảnh TIFF"}
# The contents each supported file name may hold, and what that name promises in a reason.
_WORD = frozenset({ZIP, OLE, RTF})
EXTENSIONS: dict[str, tuple[frozenset[str], str]] = {
    ".pdf": (frozenset({PDF}), "PDF"),
    # a password-protected .docx is an OLE2 container (refused as encrypted once opened)
    ".docx": (frozenset({ZIP, OLE}), "Word (.docx)"), ".docm": (frozenset({ZIP, OLE}), "Word (.docm)"),
    ".doc": (_WORD, "Word (.doc)"), ".rtf": (_WORD, "RTF"), ".odt": (frozenset({ZIP}), "OpenDocument (.odt)"),
    ".zip": (frozenset({ZIP}), "ZIP"),
    **{ext: (IMAGES, "ảnh") for ext in (".jpg", ".jpeg", ".jfif", ".png", ".heic", ".heif", ".tif", ".tiff")},
}


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes: pdf, zip, ole, rtf, jpeg, png, heic, tiff; None if unknown.

    Signatures at the very start come first: a stored ZIP member may hold "%PDF-" in the first kilobyte.
    """
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return HEIC
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if b"%PDF-" in head[:WINDOW]:   # a PDF may follow some junk (readers accept it)
        return PDF
    return None


def suffix_of(name: str) -> str:
    """The lower-case extension of a file name ("" when it has none)."""
    return PurePath(name).suffix.lower()


def refusal(name: str, kind: str | None) -> str | None:
    """Why a file is not read (Vietnamese): unknown contents, or contents its name says it is not; else None."""
    suffix = suffix_of(name)
    expected = EXTENSIONS.get(suffix)
    if expected is None:
        return None if kind is not None else f"định dạng không hỗ trợ ({suffix or 'không có phần mở rộng'})"
    allowed, label = expected
    if kind in allowed:
        return None
    if kind is None:
        return f"không phải tệp {label}"
    return f"không phải tệp {label} (nội dung là {LABELS[kind]})"


_JUNK = {".ds_store", "thumbs.db", "desktop.ini", "__macosx"}


def is_junk(name: str) -> bool:
    """Operating-system litter and hidden files (.DS_Store, Thumbs.db, ~$ Word lock files): not evidence."""
    lowered = name.lower()
    return lowered in _JUNK or lowered.startswith((".", "~$"))
