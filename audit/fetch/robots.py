"""robots.txt per origin, fetched once per Fetcher and cached (RFC 9309 semantics)."""
from __future__ import annotations

import logging
import threading
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from .errors import R_ROBOTS_DOWN, FetchError, PermanentFetchError, TransientFetchError
from .result import FetchResult

log = logging.getLogger(__name__)
ROBOTS_CAP = 512 * 1024


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL; a bare host is taken as http."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """Parsed robots.txt per origin; failures to reach it are cached as temporary disallow."""

    def __init__(self, load: Callable[[str], FetchResult]):
        self._load = load
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._entries: dict[str, Protego | FetchError] = {}

    def _origin_lock(self, origin: str) -> threading.Lock:
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())

    def rules(self, url: str) -> Protego:
        """Parsed rules for the URL's origin; TransientFetchError while robots.txt is unreachable."""
        origin = origin_of(url)
        with self._origin_lock(origin):
            if origin not in self._entries:
                self._entries[origin] = self._fetch(origin)
            entry = self._entries[origin]
        if isinstance(entry, FetchError):
            raise TransientFetchError(url, entry.reason, entry.status, entry.detail)
        return entry

    def _fetch(self, origin: str) -> Protego | FetchError:
        """Fetch and parse; 4xx → allow all, 429/5xx/unreachable → temporary disallow."""
        url = f"{origin}/robots.txt"
        log.debug("robots %s", url)
        try:
            res = self._load(url)
        except TransientFetchError as exc:  # keep the real cause ("không kết nối được", ...)
            return TransientFetchError(url, exc.reason, exc.status, exc.detail)
        except PermanentFetchError as exc:
            log.info("robots %s unavailable (%s): allow all", url, exc.reason)
            return Protego.parse("")
        if res.status == 429 or res.status >= 500:
            return TransientFetchError(url, R_ROBOTS_DOWN, res.status)
        if res.status >= 400:
            return Protego.parse("")
        return Protego.parse(res.content.decode("utf-8", errors="replace"))
