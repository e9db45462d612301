"""Read any supported evidence file by its sniffed kind (the function the sandboxed child runs)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from audit.config import Settings
from audit.evidence.formats.archive import Archive, unpack
from audit.evidence.formats.docx import NOT_WORD, is_odt, is_word_package, read_docx
from audit.evidence.formats.image import read_image
from audit.evidence.formats.office import ole_kind, read_office
from audit.evidence.formats.sniff import IMAGES, OLE, PDF, RTF, ZIP, suffix_of
from audit.evidence.model import ReadResult
from audit.evidence.parse import PageSpec, parse_file

NESTED = "tệp nén nằm trong tệp nén khác (không mở: hãy giải nén trước)"
BROKEN_ZIP = "tệp nén ZIP bị hỏng hoặc không đầy đủ"


def _ole(path: str, name: str, settings: Settings, spec: PageSpec) -> ReadResult:
    """An OLE2 file: an old Word document is converted; an encrypted .docx or anything else is refused."""
    kind = ole_kind(Path(path).read_bytes())
    if kind == "encrypted":
        return ReadResult(status="rejected", reason="tệp Word được mã hoá (có mật khẩu)")
    if kind != "word":
        return ReadResult(status="rejected", reason=f"định dạng không hỗ trợ ({suffix_of(name) or 'tệp Office'})")
    return read_office(path, settings, spec, ".doc", "Word cũ (.doc)")


def _zip(path: str, name: str, settings: Settings, spec: PageSpec, folder: str | None) -> ReadResult | Archive:
    """A ZIP: a Word or OpenDocument file is read; an archive is unpacked into `folder` (None: not opened)."""
    word_name = suffix_of(name) in (".docx", ".docm")
    try:
        with open(path, "rb") as handle, zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            if is_word_package(names):
                kind = "docx"
            elif is_odt(archive):
                kind = "odt"
            elif word_name:
                return ReadResult(status="unreadable", reason=NOT_WORD)
            elif folder is None:
                return ReadResult(status="rejected", reason=NESTED)
            else:
                return unpack(archive, handle, settings, Path(folder))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return ReadResult(status="unreadable", reason=f"{NOT_WORD if word_name else BROKEN_ZIP} ({type(exc).__name__})")
    if kind == "docx":
        return read_docx(path, settings, spec)
    return read_office(path, settings, spec, ".odt", "OpenDocument (.odt)")


def read_any(path: str, name: str, kind: str, settings: Settings, spec: PageSpec,
             folder: str | None) -> ReadResult | Archive:
    """Read one file of a sniffed kind (runs in the sandboxed child); an archive is unpacked into `folder`."""
    if kind == PDF:
        return parse_file(path, settings, spec)
    if kind in IMAGES:
        return read_image(path, settings, spec, kind)
    if kind == RTF:
        return read_office(path, settings, spec, ".rtf", "RTF")
    if kind == OLE:
        return _ole(path, name, settings, spec)
    if kind == ZIP:
        return _zip(path, name, settings, spec, folder)
    return ReadResult(status="rejected", reason=f"định dạng không hỗ trợ ({suffix_of(name) or kind})")
