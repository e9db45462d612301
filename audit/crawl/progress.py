"""Progress of a crawl as it goes: an optional hook the crawler calls after every page it reads.

The crawl knows nothing of terminals: it calls `hook(CrawlProgress(...))` (pages read, posts found
so far, the part of the portal being read) from the crawl's own thread, and a hook that fails is
logged and dropped, never the crawl. The hook is passed to `crawl_school` (or `crawl_and_check`),
or set for everything run in a block with `listening(hook)` (the inline batch, whose pipeline does
not pass one down); the command line draws it (audit/cli/progress.py).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Iterator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlProgress:
    """One step of a crawl: counts so far and where it is."""
    pages: int       # pages read (recorded), the home page included
    posts: int       # distinct post URLs found so far (listings, feeds, sitemaps), in the window or not
    section: str     # what is being read: a section's label, or the stage ("trang chủ", "RSS", ...)
    url: str         # the page just read


ProgressHook = Callable[[CrawlProgress], None]

_listener: ContextVar[ProgressHook | None] = ContextVar("crawl_progress", default=None)

# the stage a page kind belongs to, when no section is being read
STAGES = {"home": "trang chủ", "feed": "nguồn RSS", "sitemap": "sơ đồ trang (sitemap)",
          "article": "bài viết", "date": "bài viết", "link": "liên kết giữa các bài", "copy": "bản ngôn ngữ khác",
          "disclosure": "trang công khai", "section": "mục trên menu"}


def current() -> ProgressHook | None:
    """The hook set by the innermost `listening` block of this context, if any."""
    return _listener.get()


@contextmanager
def listening(hook: ProgressHook | None) -> Iterator[None]:
    """Crawls started in this block (in this thread or context) report to `hook` unless given their own."""
    token = _listener.set(hook)
    try:
        yield
    finally:
        _listener.reset(token)


def safe(hook: ProgressHook | None) -> ProgressHook | None:
    """The hook wrapped so that its errors are logged once and it is then left alone."""
    if hook is None:
        return None
    broken = False

    def call(event: CrawlProgress) -> None:
        nonlocal broken
        if broken:
            return
        try:
            hook(event)
        except Exception:  # noqa: BLE001 - a display never stops a crawl
            broken = True
            log.exception("progress hook failed; no more progress for this crawl")
    return call
