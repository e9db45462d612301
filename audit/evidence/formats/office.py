"""Old Word (.doc), RTF and OpenDocument files: converted to PDF by LibreOffice headless, then read as a PDF.

Runs in the sandboxed child: LibreOffice inherits its memory cap and process group, so the
sandbox's wall-clock limit kills it with the child. Each conversion gets a private profile
(`-env:UserInstallation`) in a private temporary folder, so conversions never share state.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from audit.config import Settings
from audit.evidence.model import ReadResult
from audit.evidence.parse import PageSpec, parse_file

log = logging.getLogger(__name__)

NO_SOFFICE = "không đọc được tệp {label}: máy chưa cài LibreOffice (soffice) để chuyển sang PDF"
NOT_CONVERTED = "LibreOffice không chuyển được tệp {label} sang PDF (tệp hỏng, có mật khẩu hoặc không phải văn bản)"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def ole_kind(data: bytes) -> str | None:
    """What an OLE2 compound file holds: "encrypted" (a password-protected .docx), "word" (.doc), or None."""
    if _ENCRYPTED_PACKAGE in data:
        return "encrypted"
    return "word" if _WORD_STREAM in data else None


def convert_to_pdf(path: str, suffix: str, soffice: str, folder: Path) -> Path | None:
    """The PDF LibreOffice makes of a document (a private copy converted in `folder`), or None."""
    source = folder / f"input{suffix}"
    shutil.copyfile(path, source)
    out = folder / "out"
    command = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(out), str(source)]
    # No timeout of its own: the sandbox's wall clock kills LibreOffice with the child's process group.
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False,
                          env={**os.environ, "HOME": str(folder)})
    pdf = out / "input.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        log.info("soffice exited %s: %s", done.returncode, done.stderr[-300:])
        return None
    return pdf


def read_office(path: str, settings: Settings, spec: PageSpec, suffix: str, label: str) -> ReadResult:
    """A document LibreOffice can open, read as the PDF it converts it to (runs in the sandboxed child)."""
    soffice = find_soffice()
    if soffice is None:
        return ReadResult(status="unreadable", reason=NO_SOFFICE.format(label=label))
    with tempfile.TemporaryDirectory(prefix="audit-soffice-") as tmp:
        pdf = convert_to_pdf(path, suffix, soffice, Path(tmp))
        if pdf is None:
            return ReadResult(status="unreadable", reason=NOT_CONVERTED.format(label=label))
        result = parse_file(str(pdf), settings, spec)
    return replace(result, flags=tuple(sorted({*result.flags, "converted"})))
