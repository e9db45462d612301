"""Full readings spread over the week: schools first read together do not all need a full crawl on the same
night, and none goes longer than the cycle without one."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from audit.crawl.memory import full_crawl_due

DAYS = 7


def test_schools_read_together_spread_their_full_readings_over_the_cycle() -> None:
    first = datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)
    schools = [f"thcs-{i}" for i in range(700)]
    last = {s: first for s in schools}
    per_night: Counter[int] = Counter()
    longest = timedelta(0)
    for night in range(1, 29):
        now = first + timedelta(days=night, minutes=night % 5)
        for s in schools:
            if full_crawl_due(s, last[s], now, DAYS):
                longest = max(longest, now - last[s])
                last[s] = now
                per_night[night] += 1
    assert max(per_night[n] for n in range(8, 29)) <= 2 * 700 / DAYS        # no night carries them all
    assert all(per_night[n] > 0 for n in range(1, 29))
    assert longest <= timedelta(days=DAYS, minutes=5)                        # never longer than the cycle


def test_a_first_crawl_or_an_old_one_is_always_full_and_a_fresh_one_is_not() -> None:
    now = datetime(2026, 12, 8, 1, 30, tzinfo=timezone.utc)
    assert full_crawl_due("a", None, now, DAYS)
    assert full_crawl_due("a", now - timedelta(days=DAYS), now, DAYS)
    assert not full_crawl_due("a", now - timedelta(minutes=5), now, DAYS)   # a re-check right after
    assert full_crawl_due("a", now - timedelta(minutes=5), now, 0)           # full_recrawl_days 0: always
