"""Unpack a ZIP archive of evidence into a private folder (runs in the sandboxed child), within limits.

Nothing is ever written where a member's name points: members are copied, streamed and
capped, to numbered files in a folder the parent made for this archive; their names are only
shown (`archive.zip/inner/path.pdf`). Encrypted members, members over the size cap and
decompression bombs are listed with a reason, never unpacked.
"""
from __future__ import annotations

import hashlib
import logging
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from audit.config import Settings
from audit.evidence.formats.package import MIB, member_problem
from audit.evidence.formats.sniff import is_junk, suffix_of
from audit.evidence.model import ReadResult

log = logging.getLogger(__name__)

MAX_MEMBERS = 500              # files in one archive (more: the archive is refused whole)
MAX_TOTAL_BYTES = 512 * MIB    # unpacked from one archive (members past it are listed, not unpacked)
FILE_FACTOR = 4                # an archive file may be this many times the size cap of one evidence file
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CHUNK = 1 * MIB
_SYMLINK = 0o120000


@dataclass(frozen=True)
class Member:
    """One file of an archive: where it was unpacked (None when it was not) or why not."""
    name: str                  # its path inside the archive, cleaned, for display
    path: str | None = None
    sha256: str = ""
    status: str = ""           # "rejected" or "unreadable" when not unpacked
    reason: str = ""


@dataclass(frozen=True)
class Archive:
    """An archive's members in their order in the archive."""
    members: tuple[Member, ...]


def display_name(info: zipfile.ZipInfo, index: int) -> str:
    """A member's path as its author wrote it: UTF-8 even when the flag is missing, NFC, no "..", no root."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..") and not p.endswith(":")]
    return unicodedata.normalize("NFC", "/".join(parts)) or f"tep-{index}"


def _skipped(info: zipfile.ZipInfo, name: str) -> bool:
    """Folders and the litter of zipping tools and operating systems (__MACOSX, .DS_Store, Thumbs.db)."""
    return info.is_dir() or any(is_junk(part) for part in PurePosixPath(name).parts)


def raw_sha256(handle: BinaryIO, info: zipfile.ZipInfo) -> str:
    """The sha256 of a member's stored (compressed) bytes, for a member that is not unpacked."""
    digest = hashlib.sha256()
    try:
        handle.seek(info.header_offset)
        header = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
        handle.seek(header[-2] + header[-1], 1)   # the name and the extra field
        left = info.compress_size
        while left > 0 and (chunk := handle.read(min(_CHUNK, left))):
            digest.update(chunk)
            left -= len(chunk)
    except (OSError, struct.error):
        digest.update(info.filename.encode("utf-8", "replace"))
    return digest.hexdigest()


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> str:
    """Stream a member into `target` (zipfile stops at its declared size and checks the CRC); its sha256."""
    digest = hashlib.sha256()
    with archive.open(info) as source, target.open("xb") as sink:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            sink.write(chunk)
    return digest.hexdigest()


def _member(archive: zipfile.ZipFile, handle: BinaryIO, info: zipfile.ZipInfo, name: str, target: Path,
            max_bytes: int, budget: int) -> Member:
    """One member unpacked to `target`, or the reason it was not."""
    if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
        return Member(name, sha256=raw_sha256(handle, info), status="rejected",
                      reason="liên kết tượng trưng trong tệp nén (không mở)")
    problem = member_problem(info, max_bytes)
    if problem is None and info.file_size > budget:
        problem = f"vượt tổng dung lượng giải nén của tệp nén ({MAX_TOTAL_BYTES / MIB:.0f} MB)"
    if problem:
        return Member(name, sha256=raw_sha256(handle, info), status="rejected", reason=problem)
    try:
        return Member(name, path=str(target), sha256=_extract(archive, info, target))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        log.info("member %s unreadable: %s", name, exc)
        target.unlink(missing_ok=True)
        return Member(name, sha256=raw_sha256(handle, info), status="unreadable",
                      reason=f"tệp trong tệp nén bị hỏng hoặc nén theo cách không hỗ trợ ({type(exc).__name__})")


def unpack(archive: zipfile.ZipFile, handle: BinaryIO, settings: Settings, folder: Path) -> Archive | ReadResult:
    """Every file of an archive unpacked into `folder` (numbered names), or the archive's refusal."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return ReadResult(status="rejected", reason=f"tệp nén có quá nhiều tệp ({len(infos)} > {MAX_MEMBERS})")
    members: list[Member] = []
    budget = MAX_TOTAL_BYTES
    for index, info in enumerate(infos):
        name = display_name(info, index)
        if _skipped(info, name):
            continue
        target = folder / f"{index:04d}{suffix_of(name)[:8]}"
        member = _member(archive, handle, info, name, target, settings.evidence_max_bytes, budget)
        if member.path:
            budget -= info.file_size
        members.append(member)
    if not members:
        return ReadResult(status="rejected", reason="tệp nén không có tệp nào")
    return Archive(tuple(members))
