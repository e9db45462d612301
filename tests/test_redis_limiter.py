"""RedisHostLimiter against the real Redis on 127.0.0.1:6379: limits hold across threads and processes."""
from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
import uuid
from typing import Any, Iterator

import pytest
import redis

from audit.fetch.limiter import HostLimiter, host_slot
from audit.fetch.redis_limiter import LimiterUnavailable, RedisHostLimiter

URL = "redis://127.0.0.1:6379/0"
HOST = "thcs-a.edu.vn:443"
TOLERANCE = 0.05   # scheduling jitter between Redis' answer and the recorded local start (2 loaded cores)


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(URL)
    conn.ping()  # the README's test command starts Redis when none listens
    yield conn
    conn.close()


@pytest.fixture
def prefix(client: redis.Redis) -> Iterator[str]:
    """A key prefix of this test alone; its keys are deleted afterwards."""
    name = f"test:limiter:{uuid.uuid4().hex}:"
    yield name
    keys = list(client.scan_iter(f"{name}*"))
    if keys:
        client.delete(*keys)


def _request(limiter: HostLimiter, host: str, delay: float, hold: float, log: Any, prefix: str) -> None:
    """One fake request: record (start, end, pid) in a Redis list while holding the host slot."""
    with host_slot(limiter, host, delay):
        start = time.time()
        time.sleep(hold)
        log.rpush(f"{prefix}log", json.dumps([start, time.time(), os.getpid()]))


def _worker(prefix: str, per_host: int, delay: float, hold: float, count: int) -> None:
    """A separate worker process: its own client and limiter, `count` requests to HOST."""
    conn = redis.Redis.from_url(URL)
    limiter = RedisHostLimiter(URL, per_host, key_prefix=prefix)
    for _ in range(count):
        _request(limiter, HOST, delay, hold, conn, prefix)


def _hog(prefix: str, ready: Any) -> None:
    """A worker that takes a slot and dies (SIGKILL from the test) without releasing it."""
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix, lease_ttl=0.6)
    limiter.acquire(HOST, 0.0)
    ready.set()
    time.sleep(60)


def _intervals(client: redis.Redis, prefix: str) -> list[tuple[float, float, int]]:
    rows = [json.loads(raw) for raw in client.lrange(f"{prefix}log", 0, -1)]
    return sorted((float(a), float(b), int(p)) for a, b, p in rows)


def _max_overlap(intervals: list[tuple[float, float, int]]) -> int:
    events = sorted([(a, 1) for a, _, _ in intervals] + [(b, -1) for _, b, _ in intervals])
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def _threads(n: int, target: Any, *args: Any) -> None:
    workers = [threading.Thread(target=target, args=args) for _ in range(n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=20)


def test_threads_never_overlap_with_one_slot(client: redis.Redis, prefix: str) -> None:
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix, poll=0.01)
    _threads(4, lambda: [_request(limiter, HOST, 0.0, 0.03, client, prefix) for _ in range(3)])
    intervals = _intervals(client, prefix)
    assert len(intervals) == 12 and _max_overlap(intervals) == 1


def test_two_slots_allow_two_in_flight_never_three(client: redis.Redis, prefix: str) -> None:
    limiter = RedisHostLimiter(client, 2, key_prefix=prefix, poll=0.01)
    _threads(5, lambda: [_request(limiter, HOST, 0.0, 0.08, client, prefix) for _ in range(2)])
    intervals = _intervals(client, prefix)
    assert len(intervals) == 10 and _max_overlap(intervals) == 2


def test_processes_share_the_slot_and_the_spacing(client: redis.Redis, prefix: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(prefix, 1, 0.2, 0.02, 3)) for _ in range(2)]
    for p in procs:
        p.start()
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix)  # and this process, in two threads
    _threads(2, lambda: _request(limiter, HOST, 0.2, 0.02, client, prefix))
    for p in procs:
        p.join(timeout=20)
        assert p.exitcode == 0
    intervals = _intervals(client, prefix)
    assert len(intervals) == 8 and len({pid for _, _, pid in intervals}) == 3
    assert _max_overlap(intervals) == 1
    gaps = [b[0] - a[0] for a, b in zip(intervals, intervals[1:])]
    assert min(gaps) >= 0.2 - TOLERANCE, gaps


def test_spacing_is_booked_on_the_redis_clock(prefix: str) -> None:
    slept: list[float] = []
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix, sleep=slept.append)
    for _ in range(3):  # the fake sleep passes no time: each start is booked after the last
        limiter.acquire(HOST, 0.5)
        limiter.release(HOST)
    assert len(slept) == 2
    assert 0.45 <= slept[0] <= 0.5 and 0.95 <= slept[1] <= 1.0


def test_other_hosts_do_not_wait(prefix: str) -> None:
    slept: list[float] = []
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix, sleep=slept.append)
    limiter.acquire(HOST, 5.0)  # held, and the next start on HOST is 5 s away
    began = time.monotonic()
    limiter.acquire("thcs-b.edu.vn:443", 5.0)
    limiter.release("thcs-b.edu.vn:443")
    assert time.monotonic() - began < 0.5 and slept == []
    limiter.release(HOST)
    limiter.acquire(HOST, 5.0)
    assert slept and 4.5 <= slept[0] <= 5.0
    limiter.release(HOST)


def test_lease_of_a_killed_worker_expires(client: redis.Redis, prefix: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    hog = ctx.Process(target=_hog, args=(prefix, ready))
    hog.start()
    try:
        assert ready.wait(15)
    finally:
        hog.kill()
        hog.join(5)
    assert client.zcard(f"{prefix}{HOST}:slots") == 1  # the dead worker's slot is still taken
    began = time.monotonic()
    limiter = RedisHostLimiter(URL, 1, key_prefix=prefix, poll=0.02)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (limiter.acquire(HOST, 0.0), done.set()))
    worker.start()
    worker.join(5)
    assert done.is_set(), "the abandoned lease never expired"
    assert time.monotonic() - began < 2.0
    limiter.release(HOST)
    assert client.zcard(f"{prefix}{HOST}:slots") == 0


def test_keys_expire_on_their_own(client: redis.Redis, prefix: str) -> None:
    limiter = RedisHostLimiter(client, 1, key_prefix=prefix, lease_ttl=30)
    limiter.acquire(HOST, 1.0)
    keys = list(client.scan_iter(f"{prefix}*"))
    assert len(keys) == 2 and all(0 < client.pttl(k) <= 62_000 for k in keys)
    limiter.release(HOST)


def test_unreachable_redis_is_a_clear_transient_error() -> None:
    limiter = RedisHostLimiter("redis://127.0.0.1:1/0", 1)
    with pytest.raises(LimiterUnavailable, match="không kết nối được Redis") as info:
        limiter.acquire(HOST, 0.0)
    assert isinstance(info.value, redis.exceptions.ConnectionError)  # the tasks' autoretry_for
