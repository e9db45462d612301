"""Passwords: argon2id hashes (argon2-cffi's defaults), checked in constant-ish time, rules for new ones."""
from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1024


def hasher() -> PasswordHasher:
    """The hasher with the current parameters (argon2id)."""
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash (False for a malformed hash)."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def dummy_hash() -> str:
    """A hash of a random password, verified for unknown users so that they take as long as known ones."""
    return hash_password(secrets.token_urlsafe(24))


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused (Vietnamese), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"mật khẩu phải có ít nhất {MIN_LENGTH} ký tự"
    if len(password) > MAX_LENGTH:
        return f"mật khẩu dài quá {MAX_LENGTH} ký tự"
    if not password.strip():
        return "mật khẩu không được chỉ có khoảng trắng"
    if username and password.casefold() == username.casefold():
        return "mật khẩu không được trùng tên đăng nhập"
    return None


def fingerprint(password_hash: str) -> str:
    """A short digest of the hash, kept in the session: changing the password ends the old sessions."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]
