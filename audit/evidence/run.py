"""The imperative shell of evidence parsing: find the files, hash and read them, identify."""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
import logging
from pathlib import Path
from typing import Any

from audit.config import Settings
from audit.errors import InputError
from audit.evidence.document import build_document, mark_duplicates
from audit.evidence.read import read_pdf

log = logging.getLogger(__name__)


def collect(paths: list[str]) -> list[Path]:
    """The PDF files named, and those inside the folders named, sorted; InputError if none exists."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"))
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


def parse_one(path: Path, settings: Settings) -> dict[str, Any]:
    """One file's evidence document (read in a limited child process)."""
    log.debug("evidence %s", path)
    return build_document(str(path), _sha256(path), read_pdf(path, settings))


def parse_files(paths: list[str], settings: Settings) -> list[dict[str, Any]]:
    """One evidence document per file, in order, duplicates flagged; a bad file never stops the others."""
    files = collect(paths)
    with ThreadPoolExecutor(max_workers=max(1, settings.evidence_workers)) as pool:
        docs = list(pool.map(lambda f: parse_one(f, settings), files))
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
