"""Raw fetched bytes, gzip-compressed and content-addressed: data_dir/snapshots/ab/cd/<sha256>.gz."""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{64}$")


class SnapshotFiles:
    """The snapshot files under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the bytes with this sha256 live."""
        if not _SHA.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.gz"

    def put(self, content: bytes, sha256: str | None = None) -> str:
        """Store the bytes once (atomically: a reader never sees half a file); returns their sha256."""
        actual = hashlib.sha256(content).hexdigest()
        if sha256 is not None and sha256 != actual:
            raise ValueError(f"sha256 mismatch: recorded {sha256}, bytes are {actual}")
        target = self.path(actual)
        if target.exists():
            return actual
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".gz")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(content)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return actual

    def get(self, sha256: str) -> bytes:
        """The exact bytes; KeyError when no snapshot has this sha256."""
        try:
            with gzip.open(self.path(sha256), "rb") as gz:
                return gz.read()
        except FileNotFoundError:
            raise KeyError(sha256) from None
