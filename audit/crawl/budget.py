"""A school's crawl budget: wall time and requests, spent cheapest work first.

The fetcher spends it: every HTTP request it makes for the school (robots.txt, each retry, each
redirect hop, failures included) takes one, and no request outlives the time left (see
audit/fetch/deadline.py). A watchdog may stop it from another thread (audit/crawl/watchdog.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from audit.text import vn_number


@dataclass
class Budget:
    """Seconds of wall time and requests one school's crawl may spend (0: no limit)."""
    seconds: float = 0.0
    requests: int = 0
    clock: Callable[[], float] = time.monotonic
    used: int = 0
    started: float = field(default=0.0)
    stopped: str = ""            # set (from any thread) by stop(): the budget is spent, for this reason

    def __post_init__(self) -> None:
        self.started = self.clock()

    def spent(self) -> str:
        """The Vietnamese reason the budget is spent, "" while it is not (spends nothing)."""
        if self.stopped:
            return self.stopped
        if self.requests and self.used >= self.requests:
            return f"đã dùng hết số yêu cầu cho phép ({vn_number(self.requests)} yêu cầu)"
        if self.seconds and self.clock() - self.started >= self.seconds:
            return self.time_reason()
        return ""

    def take(self) -> str:
        """Spend one request; "" when allowed, else the Vietnamese reason the budget is spent."""
        reason = self.spent()
        if not reason:
            self.used += 1
        return reason

    def left(self) -> float:
        """Seconds left (infinity without a time limit, 0 once stopped)."""
        if self.stopped:
            return 0.0
        return self.seconds - (self.clock() - self.started) if self.seconds else float("inf")

    def time_reason(self) -> str:
        """Why a request was cut when the time ran out."""
        return self.stopped or f"đã hết thời gian cho phép ({vn_number(self.seconds)} giây)"

    def stop(self, reason: str) -> None:
        """Spend what is left at once (the watchdog's hard limit): every later request is refused."""
        self.stopped = reason
