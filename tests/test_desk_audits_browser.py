"""Issue 15's "Done when", in headless Chromium: a reviewer starts an audit of a simulated school from the desk
with a self-score sheet and three PDFs, sees its progress, then lands on the school's result with the documents
listed; the school then publishes a post, and "Kiểm tra lại" shows one more post in the changes section.

The desk runs audits in its own threads (no broker: AUDIT_BROKER_URL empty) over a simulator of its own (this
test publishes a post: the session's shared simulator stays as its manifest says). The first audit waits until
the progress page has been looked at (a gate on the threads), so its screenshots show an audit not yet finished.
Screenshots in screenshot_dir(), 1280 and 390 wide: desk-audit-new(-phone).png, desk-audit-progress(-phone).png,
desk-audit-result.png, desk-audit-changes(-phone).png.
"""
from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

from audit.docgen import make_corpus, render_pdf
from audit.jobs import ThreadDispatcher
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.simulator import Running, build_world, serve
from audit.store import Store
from tests.browser import chromium, screenshot_dir
from tests.test_jobs import desk_settings, sheet_bytes
from tests.test_review_app import PASSWORD
from tests.test_review_browser import _login

RUBRIC, YEAR, DISTRICT = "tdm-2021-2022-school", "2022-2023", "Dĩ An"
NEW_DAY = date(2023, 5, 20)          # the new post's day: inside the 2022-2023 window
WAIT_MS = 240_000


class GatedDispatcher(ThreadDispatcher):
    """The desk's own threads; an audit waits for `gate` before it runs (set it to let them all run)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.gate = threading.Event()

    def _run(self, audit_id: str, school_id: str, year: str) -> None:
        self.gate.wait(WAIT_MS / 1000)
        super()._run(audit_id, school_id, year)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Running, str, GatedDispatcher, Path]]:
    """A simulator of its own, one healthy school of it registered in Dĩ An, a reviewer of Dĩ An, and the desk
    served on a free loopback port: (base URL, simulator, school id, dispatcher, folder)."""
    folder = tmp_path_factory.mktemp("desk-audits")
    settings = desk_settings(folder, secret_key="s" * 64)
    assert settings.broker_url == "" and settings.crawl_delay == 0
    with serve(build_world(seed=7, n_portals=10)) as running:
        portal = next(p for p in running.world.portals if not p.faults)
        store = Store(settings)
        store.upsert_school(portal.id, portal.name, running.url(portal.id), RUBRIC, DISTRICT)
        store.add_user("di-an", hash_password(PASSWORD), "reviewer", [DISTRICT])
        dispatch = GatedDispatcher(store, settings)
        httpd = make_server("127.0.0.1", 0, create_app(settings, store, dispatch), threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_port}", running, portal.id, dispatch, folder
        finally:
            dispatch.gate.set()
            httpd.shutdown()
            thread.join(timeout=10)
            dispatch.close()
            store.close()


def _inputs(folder: Path) -> tuple[Path, list[Path]]:
    """A self-score sheet and three evidence PDFs on disk, as a reviewer would pick them."""
    sheet = folder / "tu-cham.csv"
    sheet.write_bytes(sheet_bytes())
    pdfs = [render_pdf(spec, folder / "minh-chung") for spec in make_corpus(seed=3, n=3)]
    return sheet, pdfs


def _shots(page: Any, name: str) -> None:
    """The page at 1280 and at 390 wide (nothing wider than a phone), then back to 1280."""
    shots = screenshot_dir()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.screenshot(path=str(shots / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _running_shot(page: Any) -> None:
    """A screenshot of the progress page while the audit runs, when the page is seen in that state (the audit may
    well finish between two refreshes: then none)."""
    from playwright.sync_api import Error
    try:
        page.locator("#progress-status", has_text="Đang chạy").wait_for(timeout=15_000)
        page.screenshot(path=str(screenshot_dir() / "desk-audit-running.png"), full_page=True)
    except Error:
        pass


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"-?\d+", text.replace("+", "").replace(".", ""))]


def test_a_reviewer_starts_an_audit_then_checks_again(desk: tuple[str, Running, str, GatedDispatcher, Path]) -> None:
    base, running, school, dispatch, folder = desk
    sheet, pdfs = _inputs(folder)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        _login(page, base, "di-an")
        page.get_by_role("link", name="Kiểm tra một trường").click()
        page.wait_for_url(f"{base}/audits/new")
        _shots(page, "desk-audit-new")

        page.select_option("#school_id", school)
        page.fill("#year", YEAR)
        page.set_input_files("#self_scores", str(sheet))
        page.set_input_files("#evidence", [str(p) for p in pdfs])
        page.get_by_role("button", name="Bắt đầu kiểm tra").click()
        page.wait_for_url(re.compile(r"/audits/[^/]+$"))
        audit_id = page.url.rsplit("/", 1)[-1]
        assert page.locator("#progress-status").inner_text() == "Đang chờ"
        assert page.locator('meta[http-equiv="refresh"]').count() == 1
        for label in ("Trang đã đọc", "Tin bài tìm thấy", "Minh chứng đã đọc"):
            assert page.get_by_text(label).is_visible()
        assert page.get_by_text(pdfs[2].name).is_visible()
        _shots(page, "desk-audit-progress")

        dispatch.gate.set()     # the audit runs; the page refreshes itself until it lands on the result
        _running_shot(page)
        page.wait_for_url(f"{base}/batch/{audit_id}/school/{school}", timeout=WAIT_MS)
        documents = page.locator("#documents + .scroll tbody tr")
        assert documents.count() == 3
        listed = documents.all_inner_texts()
        assert all(any(p.name in row for row in listed) for p in pdfs)
        assert page.get_by_role("button", name="Kiểm tra lại").is_visible()
        assert page.locator("#changes").count() == 0      # a first audit has nothing to compare with
        page.screenshot(path=str(screenshot_dir() / "desk-audit-result.png"), full_page=True)

        new = running.publish_news(on=NEW_DAY)[school]
        page.get_by_role("button", name="Kiểm tra lại").click()
        page.wait_for_url(re.compile(r"/(audits/[^/]+|batch/[^/]+/school/.+)$"))
        page.wait_for_url(re.compile(rf"/batch/(?!{re.escape(audit_id)})[^/]+/school/{re.escape(school)}$"),
                          timeout=WAIT_MS)
        changes = page.locator("#changes")
        assert changes.get_by_role("heading", name="Thay đổi so với lần kiểm tra trước").is_visible()
        row = page.locator("#changes-posts")
        before, after = _numbers(row.locator(".before").inner_text()), _numbers(row.locator(".after").inner_text())
        assert after == [before[0] + 1], (before, after)
        assert "+1" in row.inner_text()
        assert changes.get_by_text(new.title, exact=False).is_visible()
        changes.scroll_into_view_if_needed()
        _shots(page, "desk-audit-changes")
