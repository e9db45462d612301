"""Limits on ZIP containers (Word packages and archives): what a member or a package may be (pure over ZipInfo).

A ZIP says how big each member unpacks to; a bomb says so too, or lies and is cut off where it
said it would end (zipfile stops at the declared size and checks the CRC). The XML of a Word
package must not declare a DTD: entity-expansion bombs ("billion laughs") need one, Word never writes one.
"""
from __future__ import annotations

import zipfile

MIB = 1024 * 1024
MAX_RATIO = 100               # uncompressed/compressed beyond this is a decompression bomb...
RATIO_FLOOR = 1 * MIB         # ...for members that unpack to more than this (small XML may compress better)
MAX_PACKAGE_MEMBERS = 2000    # parts of one Word package
MAX_PACKAGE_BYTES = 256 * MIB  # all parts of one Word package, uncompressed
_DTD = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))
_CHUNK = 1 * MIB


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    """Whether a member is password-protected (general purpose flag bit 0)."""
    return bool(info.flag_bits & 0x1)


def ratio(info: zipfile.ZipInfo) -> float:
    """A member's compression ratio (uncompressed / compressed)."""
    return info.file_size / max(info.compress_size, 1)


def member_problem(info: zipfile.ZipInfo, max_bytes: int) -> str | None:
    """Why one member is not unpacked (Vietnamese), or None: encrypted, too large, a bomb."""
    if is_encrypted(info):
        return "tệp được mã hoá (có mật khẩu) trong tệp nén"
    if info.file_size > max_bytes:
        return f"tệp quá lớn khi giải nén ({info.file_size / MIB:.1f} MB > {max_bytes / MIB:.0f} MB)"
    if info.file_size > RATIO_FLOOR and ratio(info) > MAX_RATIO:
        return f"nghi là bom giải nén (tỉ lệ nén {ratio(info):.0f}:1 > {MAX_RATIO}:1)"
    return None


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD or an entity anywhere (read in chunks, never whole)."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DTD):
                return True
            tail = window[-32:]
    return False


def vet_package(archive: zipfile.ZipFile) -> str | None:
    """Why a Word package is refused unread (Vietnamese), or None when it may be parsed."""
    infos = archive.infolist()
    if len(infos) > MAX_PACKAGE_MEMBERS:
        return f"tệp Word có quá nhiều thành phần ({len(infos)} > {MAX_PACKAGE_MEMBERS})"
    total = sum(i.file_size for i in infos)
    if total > MAX_PACKAGE_BYTES:
        return f"tệp Word quá lớn khi giải nén ({total / MIB:.0f} MB > {MAX_PACKAGE_BYTES / MIB:.0f} MB)"
    for info in infos:
        problem = member_problem(info, MAX_PACKAGE_BYTES)
        if problem:
            return f"tệp Word không an toàn: {info.filename}: {problem}"
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(archive, info):
            return "tệp Word có khai báo DTD/thực thể XML (không an toàn)"
    return None
