"""API tokens of the desk's accounts: only each token's SHA-256 is kept; revoked tokens stay, refused."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from audit.store.models import ApiToken
from audit.store.types import utcnow

PREFIX = "sa_"                      # a token is recognisable in a config file or a leaked log
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often (one write per request is too many)


def new_token() -> str:
    """A new random bearer token: the prefix and 32 random bytes, URL-safe."""
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 (hex) a token is kept and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(s: Session, username: str, digest: str) -> int:
    """Keep a new token's hash for the account; its id."""
    row = ApiToken(username=username, token_hash=digest, created_at=utcnow())
    s.add(row)
    s.flush()
    return row.id


def token_owner(s: Session, digest: str) -> str | None:
    """The username of the token with this hash unless it is revoked (noting its use), else None."""
    row = s.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
    return row.username


def revoke_tokens(s: Session, username: str) -> int:
    """Revoke every active token of the account; how many were."""
    result = s.execute(update(ApiToken).where(ApiToken.username == username, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def active_counts(s: Session) -> dict[str, int]:
    """Username → how many tokens it has that are not revoked (accounts without any are left out)."""
    rows = s.execute(select(ApiToken.username, func.count()).where(ApiToken.revoked_at.is_(None))
                     .group_by(ApiToken.username)).all()
    return {name: int(n) for name, n in rows}
