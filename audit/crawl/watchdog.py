"""A hard limit on one school's crawl that holds on any worker pool.

The crawl workers run Celery's threads pool, where a task's soft and hard time limits are not
enforced (only prefork kills a process). So the crawl runs in a thread of its own and the caller
waits for it: past the budget plus `STOP_GRACE` seconds the crawl is told to stop (its budget is
stopped, so no request starts, and the requests in flight are cut): it returns what it read, as
`partial` with the reason. A crawl that still has not returned `ABANDON_GRACE` seconds later (stuck
in its own code) is left behind, and `fallback()` stands in for it: a failed crawl with the reason.
The caller always gets an outcome to record; the thread left behind can make no more requests.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar, cast

from audit.text import vn_number

log = logging.getLogger(__name__)
T = TypeVar("T")

STOP_GRACE = 30.0      # s past the budget before the crawl is stopped (its requests already end by the budget)
ABANDON_GRACE = 30.0   # s more before a crawl that does not stop is given up


def stop_reason(seconds: float) -> str:
    return f"vượt giới hạn thời gian cứng của lượt thu thập ({vn_number(seconds)} giây), bị dừng"


def abandon_reason(seconds: float) -> str:
    return f"lượt thu thập không dừng sau {vn_number(seconds)} giây, bị bỏ (giới hạn thời gian cứng)"


@dataclass
class _Run:
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


def run_limited(work: Callable[[], T], seconds: float, stop: Callable[[str], None],
                fallback: Callable[[str], T], stop_grace: float | None = None,
                abandon_grace: float | None = None) -> T:
    """work() in a thread, given `seconds` + stop grace before stop(reason) is called, and the abandon
    grace after that before fallback(reason) is returned instead. Its exceptions are raised here."""
    stop_grace = STOP_GRACE if stop_grace is None else stop_grace
    abandon_grace = ABANDON_GRACE if abandon_grace is None else abandon_grace
    run = _Run()

    def target() -> None:
        try:
            run.value = work()
        except BaseException as exc:  # handed to the caller
            run.error = exc
        finally:
            run.done.set()

    thread = threading.Thread(target=target, name="crawl", daemon=True)
    thread.start()
    limit = seconds + stop_grace
    if not run.done.wait(limit):
        log.warning("crawl past its hard limit (%.0f s): stopping it", limit)
        stop(stop_reason(limit))
        if not run.done.wait(abandon_grace):
            log.error("crawl did not stop %.0f s after its hard limit: left behind", abandon_grace)
            return fallback(abandon_reason(limit + abandon_grace))
    if run.error is not None:
        raise run.error
    return cast(T, run.value)
