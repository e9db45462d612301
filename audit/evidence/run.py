"""The imperative shell of evidence parsing: find the files, hash and read them, identify."""
from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from audit.config import Settings
from audit.errors import InputError
from audit.evidence.document import build_document, mark_duplicates
from audit.evidence.formats.archive import Archive, Member
from audit.evidence.formats.sniff import is_junk
from audit.evidence.model import ReadResult
from audit.evidence.read import read_file

log = logging.getLogger(__name__)


def collect(paths: list[str]) -> list[Path]:
    """The files named, and every file inside the folders named (sorted; hidden files and OS litter such as
    Thumbs.db left out); InputError if a path does not exist. Unsupported files are kept: they are listed."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and not any(is_junk(part) for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(str(p), "không tìm thấy tệp hoặc thư mục minh chứng")
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_one(path: Path, settings: Settings, folder: Path | None = None) -> list[dict[str, Any] | Member]:
    """One file's evidence document (read in a limited child process); an archive's members, unpacked into
    `folder` and still to be read (or their documents when they were refused)."""
    log.debug("evidence %s", path)
    reading = read_file(path, settings, folder=folder)
    if isinstance(reading, Archive):
        return [_refused_member(str(path), m) if m.path is None else _named(m, str(path)) for m in reading.members]
    return [build_document(str(path), _sha256(path), reading)]


def _named(member: Member, archive: str) -> Member:
    """A member to read, named as shown: `archive.zip/inner/path.pdf`."""
    return Member(f"{archive}/{member.name}", member.path, member.sha256)


def _refused_member(archive: str, member: Member) -> dict[str, Any]:
    """The document of an archive member that was not unpacked (encrypted, too large, a bomb)."""
    refused = ReadResult(status=member.status or "rejected", reason=member.reason)
    return build_document(f"{archive}/{member.name}", member.sha256, refused)


def _read_member(item: dict[str, Any] | Member, settings: Settings) -> dict[str, Any]:
    """An unpacked archive member's document (an archive inside it is not opened); a document as it is."""
    if isinstance(item, dict):
        return item
    assert item.path is not None
    reading = read_file(item.path, settings, name=item.name)
    if isinstance(reading, Archive):   # not reached: without a folder an archive is refused
        reading = ReadResult(status="rejected", reason="tệp nén nằm trong tệp nén khác")
    return build_document(item.name, item.sha256, reading)


def _counted(read: Callable[[Any], dict[str, Any]], progress: Callable[[int], None] | None) \
        -> Callable[[Any], dict[str, Any]]:
    """`read`, telling `progress` how many documents have been read so far after each one (errors of the hook
    are logged, never raised)."""
    if progress is None:
        return read
    lock, done = threading.Lock(), [0]

    def call(item: Any) -> dict[str, Any]:
        doc = read(item)
        with lock:
            done[0] += 1
            count = done[0]
        try:
            progress(count)
        except Exception:  # noqa: BLE001 - a display never stops the reading
            log.exception("evidence progress hook failed")
        return doc
    return call


def parse_files(paths: list[str], settings: Settings,
                progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """One evidence document per file (per member of an archive), in order, duplicates flagged; a bad file never
    stops the others. `progress` is told the number of documents read so far after each one."""
    files = collect(paths)
    workers = max(1, settings.evidence_workers)
    with tempfile.TemporaryDirectory(prefix="audit-evidence-") as tmp, ThreadPoolExecutor(workers) as pool:
        folders = [Path(tmp) / str(i) for i in range(len(files))]
        for folder in folders:
            folder.mkdir(mode=0o700)
        firsts = list(pool.map(lambda fp: parse_one(fp[0], settings, fp[1]), zip(files, folders)))
        read = _counted(lambda item: _read_member(item, settings), progress)
        docs = list(pool.map(read, [i for items in firsts for i in items]))
    mark_duplicates(docs)
    return docs


def evidence_table(docs: list[dict[str, Any]]) -> str:
    """A plain table of the documents for the terminal."""
    rows = [f"{'Tệp':<28} {'Trạng thái':<11} {'Loại':<5} {'Số':<18} {'Ngày':<11} {'Trích yếu'}"]
    for d in docs:
        title = (d.get("title") or d.get("reason") or "")[:48]
        rows.append(f"{Path(d['file']).name[:28]:<28} {d['status']:<11} {d.get('doc_type') or '—':<5} "
                    f"{(d.get('number') or '—')[:18]:<18} {d.get('issued_on') or '—':<11} {title}")
        if d["flags"]:
            rows.append(f"{'':<28} cờ: {', '.join(d['flags'])}")
    return "\n".join(rows)


def named_within(docs: list[dict[str, Any]], folder: str | Path) -> list[dict[str, Any]]:
    """The documents with each file found inside `folder` named by its path in it ("ke-hoach/kh-01.pdf"), as the
    school sent it: a reviewer or a school never sees where the server keeps the folder."""
    base = str(Path(folder)).rstrip("/") + "/"
    for doc in docs:
        name = str(doc.get("file") or "")
        if name.startswith(base):
            doc["file"] = name[len(base):]
    return docs
