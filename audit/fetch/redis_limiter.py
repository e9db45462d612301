"""Politeness per server (a key of `politeness.py`) shared by every worker process through Redis (server clock only).

Two keys per host, both expiring on their own:
- `<prefix><host>:slots`: a sorted set of lease ids scored by expiry (ms, Redis TIME); at most
  `per_host` live leases. A worker killed mid-request leaves a lease that simply expires.
- `<prefix><host>:next`: the earliest time (ms) the next request to the host may start.
"""
from __future__ import annotations

import logging
import os
import random
import threading
import time
import uuid
from typing import Any, Callable

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# Take a slot if fewer than limit live leases. KEYS[1]=slots; ARGV: limit, lease_ms, lease_id.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
local expiry = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiry, ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.max(expiry, tonumber(last[2])) + 1000)
return 1
"""

# Book the next start. KEYS[1]=next; ARGV: delay_ms. Returns the wait in ms before starting.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, booked)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', after - now + 60000)
return start - now
"""


class LimiterUnavailable(RedisConnectionError):
    """Redis cannot be reached: transient, the task should be retried later."""


class RedisHostLimiter:
    """HostLimiter whose slots and spacing hold across processes; `host` is e.g. "x.edu.vn:443".

    `lease_ttl` must exceed the longest request (connect + read + body deadline); a lease older
    than that is treated as abandoned by a dead worker.
    """

    def __init__(self, redis_url_or_client: str | Any, per_host: int, key_prefix: str = "audit:host:",
                 lease_ttl: float = 180.0, poll: float = 0.05,
                 sleep: Callable[[float], None] = time.sleep):
        """Connect lazily (nothing is sent to Redis before the first acquire)."""
        if isinstance(redis_url_or_client, str):
            self._client: Any = redis.Redis.from_url(redis_url_or_client, socket_connect_timeout=5,
                                                     socket_timeout=10)
            self._where = redis_url_or_client.rsplit("@", 1)[-1]  # never log a password
        else:
            self._client = redis_url_or_client
            self._where = "redis"
        self.per_host, self.key_prefix = max(1, per_host), key_prefix
        self.lease_ttl, self.poll, self._sleep = lease_ttl, poll, sleep
        self._acquire_script = self._client.register_script(_ACQUIRE)
        self._reserve_script = self._client.register_script(_RESERVE)
        self._lock = threading.Lock()
        self._leases: dict[str, list[tuple[int, str]]] = {}  # host -> (thread id, lease id)

    def _call(self, script: Any, key: str, *args: Any) -> int:
        """Run a script, turning connection failures into LimiterUnavailable."""
        try:
            return int(script(keys=[key], args=list(args)))
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise LimiterUnavailable(f"không kết nối được Redis ({self._where}) để giới hạn truy cập "
                                     f"theo máy chủ: {exc}") from exc

    def acquire(self, host: str, delay: float) -> None:
        """Take a slot (polling until one is free), then sleep until the host's spacing allows."""
        lease = f"{os.getpid()}:{uuid.uuid4().hex}"
        lease_ms = max(1, int(self.lease_ttl * 1000))
        slots = f"{self.key_prefix}{host}:slots"
        while not self._call(self._acquire_script, slots, self.per_host, lease_ms, lease):
            self._sleep(self.poll * (0.5 + random.random()))  # jitter: waiters do not move in step
        with self._lock:
            self._leases.setdefault(host, []).append((threading.get_ident(), lease))
        try:
            wait_ms = self._call(self._reserve_script, f"{self.key_prefix}{host}:next",
                                 max(0, int(round(delay * 1000))))
        except BaseException:
            self.release(host)
            raise
        if wait_ms > 0:
            self._sleep(wait_ms / 1000)

    def release(self, host: str) -> None:
        """Give back this thread's lease for `host` (best effort: it expires anyway)."""
        with self._lock:
            held = self._leases.get(host, [])
            if not held:
                return
            me = threading.get_ident()
            index = next((i for i, (tid, _) in enumerate(held) if tid == me), 0)
            _, lease = held.pop(index)
            if not held:
                del self._leases[host]
        try:
            if not self._client.zrem(f"{self.key_prefix}{host}:slots", lease):
                log.warning("lease for %s had expired before release: raise lease_ttl", host)
        except RedisError as exc:
            log.warning("could not release the lease for %s (it will expire): %s", host, exc)
