"""A school's crawl budget: wall time and requests, spent cheapest work first."""
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

    def __post_init__(self) -> None:
        self.started = self.clock()

    def take(self) -> str:
        """Spend one request; "" when allowed, else the Vietnamese reason the budget is spent."""
        if self.requests and self.used >= self.requests:
            return f"đã dùng hết số yêu cầu cho phép ({vn_number(self.requests)} yêu cầu)"
        if self.seconds and self.clock() - self.started >= self.seconds:
            return f"đã hết thời gian cho phép ({vn_number(self.seconds)} giây)"
        self.used += 1
        return ""

    def left(self) -> float:
        """Seconds left (infinity without a time limit)."""
        return self.seconds - (self.clock() - self.started) if self.seconds else float("inf")
