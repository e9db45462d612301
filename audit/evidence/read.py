"""Read an evidence file: cheap checks first, then parsing in a sandboxed child (time and memory caps).

`read_pdf` reads PDFs only; `read_file` reads every supported kind (PDF, Word, images, ZIP archives)
by what its bytes are, under the same sandbox and limits.
"""
from __future__ import annotations

import logging
from pathlib import Path

from audit.config import Settings
from audit.evidence.formats.archive import FILE_FACTOR, Archive
from audit.evidence.formats.reader import read_any
from audit.evidence.formats.sniff import PDF, ZIP, refusal, sniff, suffix_of
from audit.evidence.model import ReadResult
from audit.evidence.parse import PageSpec, parse_file
from audit.evidence.sandbox import Limits, SandboxError, run_limited

log = logging.getLogger(__name__)

MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
MIB = 1024 * 1024


def _rejected(reason: str) -> ReadResult:
    """A file refused before parsing."""
    return ReadResult(status="rejected", reason=reason)


def precheck(path: Path, max_bytes: int) -> ReadResult | None:
    """The rejection of a missing, empty, oversized or non-PDF file, or None if it may be parsed."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(MAGIC_WINDOW)
    except OSError as exc:
        log.info("cannot open %s: %s", path, exc)
        return _rejected("không mở được tệp")
    if size == 0:
        return _rejected("tệp rỗng")
    if size > max_bytes:
        return _rejected(f"tệp quá lớn ({size / MIB:.1f} MB > {max_bytes / MIB:.0f} MB)")
    if MAGIC not in head:
        return _rejected("không phải tệp PDF")
    return None


def check_spec(pages: PageSpec) -> PageSpec:
    """The page selection, validated: "ends" or a tuple of 1-based page numbers."""
    if pages == "ends":
        return pages
    if isinstance(pages, str) or not pages or not all(isinstance(n, int) and n >= 1 for n in pages):
        raise ValueError(f"pages must be 'ends' or 1-based page numbers, not {pages!r}")
    return tuple(pages)


def read_pdf(path: str | Path, settings: Settings, pages: PageSpec = "ends") -> ReadResult:
    """Read the wanted pages of an evidence PDF into positioned lines (text layer, else OCR)."""
    spec = check_spec(pages)
    path = Path(path)
    rejection = precheck(path, settings.evidence_max_bytes)
    if rejection is not None:
        log.info("rejected %s: %s", path, rejection.reason)
        return rejection
    limits = Limits(timeout=settings.evidence_timeout, memory_mb=settings.evidence_memory_mb)
    try:
        result: ReadResult = run_limited(parse_file, (str(path.resolve()), settings, spec), limits)
    except SandboxError as exc:
        log.warning("unreadable %s: %s", path, exc.reason)
        return ReadResult(status="unreadable", reason=exc.reason, flags=(exc.kind,))
    log.debug("read %s: %s, %s pages, flags %s", path, result.status, result.page_count, result.flags)
    return result


def _head(path: Path) -> tuple[int, bytes] | ReadResult:
    """A file's size and first bytes, or the rejection of a file that cannot be opened."""
    try:
        with path.open("rb") as handle:
            return path.stat().st_size, handle.read(MAGIC_WINDOW)
    except OSError as exc:
        log.info("cannot open %s: %s", path, exc)
        return _rejected("không mở được tệp")


def sniff_check(path: Path, name: str, max_bytes: int) -> tuple[str, ReadResult | None]:
    """The file's sniffed kind and its rejection (empty, unknown or mismatched contents, too large), or None."""
    head = _head(path)
    if isinstance(head, ReadResult):
        return "", head
    size, first = head
    if size == 0:
        return "", _rejected("tệp rỗng")
    kind = sniff(first)
    problem = refusal(name, kind)
    if problem or kind is None:
        return "", _rejected(problem or "định dạng không hỗ trợ")
    cap = max_bytes * FILE_FACTOR if kind == ZIP and suffix_of(name) == ".zip" else max_bytes
    if size > cap:
        return kind, _rejected(f"tệp quá lớn ({size / MIB:.1f} MB > {cap / MIB:.0f} MB)")
    return kind, None


def read_file(path: str | Path, settings: Settings, pages: PageSpec = "ends", folder: Path | None = None,
              name: str | None = None) -> ReadResult | Archive:
    """Read any supported evidence file (by its bytes, not its name) in the sandbox; an archive is unpacked into
    `folder` and its members returned (None: an archive is refused, as inside another archive)."""
    spec = check_spec(pages)
    path = Path(path)
    kind, rejection = sniff_check(path, name or path.name, settings.evidence_max_bytes)
    if rejection is not None:
        log.info("rejected %s: %s", name or path, rejection.reason)
        return rejection
    limits = Limits(timeout=settings.evidence_timeout, memory_mb=settings.evidence_memory_mb)
    args = (str(path.resolve()), name or path.name, kind, settings, spec, str(folder) if folder else None)
    try:
        # a PDF's child imports the PDF reader alone (a fresh interpreter per file: imports are its cost)
        result: ReadResult | Archive = run_limited(parse_file, (args[0], settings, spec), limits) if kind == PDF \
            else run_limited(read_any, args, limits)
    except SandboxError as exc:
        log.warning("unreadable %s: %s", name or path, exc.reason)
        return ReadResult(status="unreadable", reason=exc.reason, flags=(exc.kind,))
    return result
