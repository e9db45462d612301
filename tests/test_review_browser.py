"""The desk in headless Chromium on a real port: log in, decide a discrepancy, see the final score change.

Screenshots are left in screenshot_dir() for a person to look at: review-batch.png, review-school.png
(1280 wide) and review-school-phone.png (390 wide).
"""
from __future__ import annotations

import threading
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

from audit.review import create_app
from audit.store import Store
from tests.browser import chromium, screenshot_dir
from tests.test_review_app import BATCH, PASSWORD, SCRIPT, copy_site, discrepancy


@pytest.fixture(scope="module")
def server(sim: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Store]]:
    """The desk over a private copy of the site, served on 127.0.0.1 (a free port) in a thread."""
    _, manifest, _ = sim
    settings, ids = copy_site(tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("browser") / "site", manifest)
    store = Store(settings)
    httpd = make_server("127.0.0.1", 0, create_app(settings, store), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", ids, store
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        store.close()


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def _dismiss(dialog: Any, seen: list[str]) -> None:
    """A dialog would mean crawled text ran as script: note it, close it."""
    seen.append(dialog.message)
    dialog.dismiss()


def _row(page: Any, school_id: str) -> tuple[str, str]:
    """(final total, pending) of a school's line on the batch page."""
    row = page.locator(f"[id='s-{school_id}']")
    return row.locator("td.final").inner_text(), row.locator("td.pending").inner_text()


def test_a_reviewer_decides_a_discrepancy(server: tuple[str, dict[str, str], Store]) -> None:
    base, ids, store = server
    school, crit = ids["a"], discrepancy(store, ids["a"])
    shots = screenshot_dir()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        dialogs: list[str] = []
        page.on("dialog", lambda d: _dismiss(d, dialogs))
        _login(page, base, "di-an")
        page.get_by_role("link", name=BATCH).click()
        page.wait_for_url(f"{base}/batch/{BATCH}")
        final_before, pending_before = _row(page, school)

        page.locator(f"a[href$='/school/{school}']").click()
        page.wait_for_url(f"{base}/batch/{BATCH}/school/{school}")
        page.get_by_text("Danh sách tin bài").click()
        assert page.get_by_text(SCRIPT, exact=False).first.is_visible()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        card = page.locator(f"[id='c-{crit['id']}']")
        assert "Chênh lệch" in card.locator(".head").inner_text()
        card.get_by_label("Cho điểm khác").check()
        card.locator("input[name=score]").fill("2.5")
        card.locator("textarea[name=note]").fill("Cổng thiếu mục Ban giám hiệu; trừ một nửa")
        card.get_by_role("button", name="Lưu quyết định").click()
        page.wait_for_url(f"**/school/{school}#c-{crit['id']}")
        card = page.locator(f"[id='c-{crit['id']}']")
        assert card.locator("dd.final").inner_text().startswith("2,5")
        assert "Đã quyết định" in card.locator(".head").inner_text()
        assert page.get_by_text("Đã lưu quyết định cho tiêu chí").is_visible()
        assert page.locator("#history").is_visible() and page.get_by_text("trừ một nửa").first.is_visible()
        assert page.evaluate("typeof window.__pwned") == "undefined" and dialogs == []
        page.goto(f"{base}/batch/{BATCH}/school/{school}")
        page.screenshot(path=str(shots / "review-school.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than a phone
        page.screenshot(path=str(shots / "review-school-phone.png"), full_page=True)

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base}/batch/{BATCH}")
        final_after, pending_after = _row(page, school)
        page.screenshot(path=str(shots / "review-batch.png"), full_page=True)
        assert final_after != final_before and int(pending_after.split()[0]) == int(pending_before.split()[0]) - 1
        assert float(final_after.split()[0].replace(",", ".")) == float(final_before.split()[0].replace(",", ".")) + 2.5


def test_a_reviewer_of_another_district_does_not_see_the_school(server: tuple[str, dict[str, str], Store]) -> None:
    base, ids, _ = server
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _login(page, base, "tdm")
        page.get_by_role("link", name=BATCH).click()
        assert page.locator(f"a[href$='/school/{ids['c']}']").count() == 1
        assert page.locator(f"a[href$='/school/{ids['a']}']").count() == 0
        response = page.goto(f"{base}/batch/{BATCH}/school/{ids['a']}")
        assert response is not None and response.status == 404
        assert page.get_by_text("Không tìm thấy trang này.").is_visible()
