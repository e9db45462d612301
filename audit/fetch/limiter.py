"""Politeness per server (the key comes from `politeness.py`): minimum spacing between request starts and a cap on
requests in flight."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Protocol


class HostLimiter(Protocol):
    """What the fetcher needs from a limiter (in-process here; Redis-backed later)."""

    def acquire(self, host: str, delay: float) -> None:
        """Block until a request to `host` may start (slot free and `delay` s since the last)."""

    def release(self, host: str) -> None:
        """Give back the in-flight slot taken by acquire."""


@contextmanager
def host_slot(limiter: HostLimiter, host: str, delay: float) -> Iterator[None]:
    """Hold one slot for `host` for the duration of the block."""
    limiter.acquire(host, delay)
    try:
        yield
    finally:
        limiter.release(host)


class LocalHostLimiter:
    """Thread-safe in-process limiter; `host` is a key such as "example.edu.vn:443"."""

    def __init__(self, per_host: int, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.per_host = max(1, per_host)
        self._sleep, self._clock = sleep, clock
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._slots[host]

    def _reserve(self, host: str, delay: float) -> float:
        """Book the next start time for `host`; return how long to wait for it."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + delay
            return start - now

    def acquire(self, host: str, delay: float) -> None:
        """Take a slot, then wait until the host's spacing allows a start."""
        self._semaphore(host).acquire()
        wait = self._reserve(host, delay)
        if wait > 0:
            self._sleep(wait)

    def release(self, host: str) -> None:
        """Free the slot."""
        self._semaphore(host).release()
