"""Stream a response body under a size cap and an overall deadline; parse Retry-After."""
from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

import requests

from .errors import R_TIMEOUT, TransientFetchError

CHUNK = 64 * 1024


def read_capped(resp: requests.Response, url: str, cap: int, deadline: float,
                clock: Callable[[], float]) -> tuple[bytes, bool]:
    """(body, over_cap): stops as soon as more than `cap` decoded bytes arrive."""
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        return b"", True
    chunks: list[bytes] = []
    total = 0
    for chunk in resp.iter_content(CHUNK):
        total += len(chunk)
        if total > cap:
            chunks.append(chunk[: cap - (total - len(chunk))])
            return b"".join(chunks), True
        chunks.append(chunk)
        if clock() > deadline:
            raise TransientFetchError(url, R_TIMEOUT, detail="tổng thời gian tải vượt giới hạn")
    return b"".join(chunks), False


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
