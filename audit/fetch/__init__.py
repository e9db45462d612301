"""Polite, safe HTTP fetching for school portals."""
from __future__ import annotations

from .errors import FetchError, PermanentFetchError, TransientFetchError
from .fetcher import Fetcher
from .limiter import HostLimiter, LocalHostLimiter
from .result import FetchResult

__all__ = ["Fetcher", "FetchResult", "FetchError", "TransientFetchError", "PermanentFetchError",
           "HostLimiter", "LocalHostLimiter"]
