"""The command line's live progress line (rich, on stderr), drawn only when stderr is a terminal.

`audit school` shows one line while it crawls ("⠋ truong.edu.vn · 42 trang · 130 tin bài · đang đọc:
Tin tức"); `audit batch --inline` shows a bar over the schools and the same line for the school being
crawled. Not a terminal (a pipe, a file, cron, a test): nothing at all, and stdout is never touched
(it may carry the JSON of `--json -`). The crawl only calls a hook (audit/crawl/progress.py).
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

from audit.crawl.progress import CrawlProgress, ProgressHook


def wanted(stream: TextIO | None = None) -> bool:
    """Draw progress only on a terminal."""
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def describe(event: CrawlProgress) -> str:
    """"42 trang · 130 tin bài · đang đọc: Tin tức" (the crawl's counts so far, in Vietnamese)."""
    return f"{event.pages} trang · {event.posts} tin bài · đang đọc: {event.section}"


def _progress(console: Any, bar: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if bar:
        columns += [BarColumn(), MofNCompleteColumn()]
    return Progress(*columns, TimeElapsedColumn(), console=console, transient=True, refresh_per_second=8)


def _console() -> Any:
    from rich.console import Console
    return Console(file=sys.stderr, stderr=True)


@contextmanager
def crawl_display(label: str) -> Iterator[ProgressHook | None]:
    """A hook drawing one school's crawl on the terminal (None when stderr is not one); cleared at the end."""
    if not wanted():
        yield None
        return
    with _progress(_console(), bar=False) as progress:
        task = progress.add_task(f"{label} · đang mở trang chủ", total=None)

        def hook(event: CrawlProgress) -> None:
            progress.update(task, description=f"{label} · {describe(event)}")
        yield hook


class BatchDisplay:
    """A bar over the batch's schools and a line for the school being crawled (None hooks off a terminal)."""

    def __init__(self, progress: Any, total: int):
        self.progress = progress
        self.overall = progress.add_task("Đợt kiểm tra", total=total) if progress else None

    @contextmanager
    def school(self, index: int, total: int, name: str) -> Iterator[ProgressHook | None]:
        """The hook for one school's crawl; the bar moves on when the block ends (done or failed)."""
        if self.progress is None:
            yield None
            return
        label = f"Trường {index}/{total}: {name}"
        self.progress.update(self.overall, description=label)
        line = self.progress.add_task(f"  {name} · đang mở trang chủ", total=None)

        def hook(event: CrawlProgress) -> None:
            self.progress.update(line, description=f"  {name} · {describe(event)}")
        try:
            yield hook
        finally:
            self.progress.remove_task(line)
            self.progress.advance(self.overall)


@contextmanager
def batch_display(total: int) -> Iterator[BatchDisplay]:
    """The inline batch's display (inert when stderr is not a terminal)."""
    if not wanted():
        yield BatchDisplay(None, total)
        return
    with _progress(_console(), bar=True) as progress:
        yield BatchDisplay(progress, total)
