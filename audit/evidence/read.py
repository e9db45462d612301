"""Read an evidence PDF: cheap checks first, then parsing in a sandboxed child (time and memory caps)."""
from __future__ import annotations

import logging
from pathlib import Path

from audit.config import Settings
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
