"""The key that signs the sessions: AUDIT_SECRET_KEY, or one generated once and kept in data_dir/secret_key."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from audit.config import Settings

FILE_NAME = "secret_key"


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path}: khóa bí mật quá ngắn hoặc rỗng; xóa tệp để tạo lại")
    return key


def _create(path: Path) -> None:
    """Write a new key with 0600 permissions; atomic, and never over an existing one (another process won)."""
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


def secret_key(settings: Settings) -> str:
    """The session-signing key (the setting wins; otherwise the kept file, created on first use)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create(path)
    return _read(path)
