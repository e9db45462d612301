"""An overall deadline per request that no slow server can stretch.

Socket timeouts bound each `recv`, not a request: a server that sends one byte a second (in the
status line, the headers or the body) never lets one expire. So each request runs under a timer:
the connections it uses register their socket (when opened, and when reused), and at the deadline
the timer shuts those sockets down, which wakes the blocked read at once. The connect itself is
bounded by the connect timeout, shrunk to the time left.

`Deadlines.abort()` does the same at once for every request in flight (the crawl watchdog).
"""
from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Protocol

from urllib3.connectionpool import HTTPConnectionPool

from .netguard import IPNetwork
from .pinning import GuardedAdapter


class Allowance(Protocol):
    """What the fetcher needs of a school's budget (audit.crawl.budget.Budget)."""

    def take(self) -> str:
        """Spend one request: "" when allowed, else why not."""

    def left(self) -> float:
        """Seconds left (inf: no limit)."""

    def time_reason(self) -> str:
        """Why a request was cut when the time ran out."""


class Watch:
    """The sockets of one request in flight; `expire()` shuts them down (once, from any thread)."""

    def __init__(self) -> None:
        self.fired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._done = False

    def add(self, sock: socket.socket) -> None:
        """Watch a socket (a duplicate of its descriptor: shutting it down stops the original)."""
        try:
            dup = socket.fromfd(sock.fileno(), sock.family, sock.type)
        except OSError:
            return
        with self._lock:
            if self._done:
                dup.close()
                return
            self._socks.append(dup)
            if self.fired:
                _shutdown(dup)

    def expire(self) -> None:
        """The deadline passed: stop every read and write of the request now."""
        with self._lock:
            if self._done:
                return
            self.fired = True
            for sock in self._socks:
                _shutdown(sock)

    def close(self) -> None:
        """The request is over: forget its sockets (the connections themselves stay pooled)."""
        with self._lock:
            self._done = True
            for sock in self._socks:
                sock.close()
            self._socks.clear()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Deadlines:
    """Per-thread watches of one Fetcher's requests, and the connection hooks that feed them."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._active: set[Watch] = set()

    @contextmanager
    def within(self, seconds: float) -> Iterator[Watch]:
        """Run a request (connect, headers, body) that must end `seconds` from now."""
        watch, outer = Watch(), getattr(self._local, "watch", None)
        self._local.watch = watch
        with self._lock:
            self._active.add(watch)
        timer = threading.Timer(max(0.0, seconds), watch.expire)
        timer.daemon = True
        timer.start()
        try:
            yield watch
        finally:
            timer.cancel()
            with self._lock:
                self._active.discard(watch)
            watch.close()
            self._local.watch = outer

    def track(self, sock: Any) -> None:
        """Called by the connections: this thread's request uses `sock`."""
        watch = getattr(self._local, "watch", None)
        if watch is not None and sock is not None:
            watch.add(sock)

    def abort(self) -> None:
        """Cut every request in flight now."""
        with self._lock:
            active = list(self._active)
        for watch in active:
            watch.expire()


def _watched_pool(pool: type[HTTPConnectionPool], deadlines: Deadlines) -> type[HTTPConnectionPool]:
    base: Any = pool.ConnectionCls

    def _new_conn(self: Any) -> socket.socket:   # a new connection: before the TLS handshake
        sock = base._new_conn(self)
        deadlines.track(sock)
        return sock

    def request(self: Any, *args: Any, **kwargs: Any) -> Any:   # a reused connection
        deadlines.track(self.sock)
        return base.request(self, *args, **kwargs)

    conn = type(f"Watched{base.__name__}", (base,), {"_new_conn": _new_conn, "request": request})
    return type(f"Watched{pool.__name__}", (pool,), {"ConnectionCls": conn})


class WatchedAdapter(GuardedAdapter):
    """The guarded adapter, whose connections report their sockets to the request's deadline."""

    def __init__(self, allowed: tuple[IPNetwork, ...], deadlines: Deadlines,
                 pins: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        self.deadlines = deadlines
        super().__init__(allowed, pins, **kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        """The guarded pool classes, watched."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        pools = self.poolmanager.pool_classes_by_scheme
        self.poolmanager.pool_classes_by_scheme = {scheme: _watched_pool(pool, self.deadlines)
                                                   for scheme, pool in pools.items()}
