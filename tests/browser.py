"""Headless Debian Chromium driven by Playwright, for the tests that look at pages; never downloads a browser."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """The system Chromium, if installed (scripts/setup.sh installs Debian's)."""
    return os.environ.get("AUDIT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot_dir() -> Path:
    """Where tests leave screenshots for a person to look at (AUDIT_SCREENSHOTS, default audit-out/screenshots)."""
    folder = Path(os.environ.get("AUDIT_SCREENSHOTS", "audit-out/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium browser; a missing browser fails the test (scripts/setup.sh installs it)."""
    path = chromium_path()
    if path is None:
        pytest.fail("no chromium installed: run scripts/setup.sh (or apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
