"""Issue 15's "Done when" for school accounts, in headless Chromium: a school account runs its own audit of a
simulated portal from the desk (a sheet and three PDFs), sees only its own school, submits the result; a reviewer
of its district then sees the submission, and one of another district does not.

The desk runs audits in its own threads (no broker: AUDIT_BROKER_URL empty), crawling the session's simulator.
Screenshots in screenshot_dir(), 1280 and 390 wide: school-batches(-phone).png, school-self-check(-phone).png,
school-submitted(-phone).png, school-submission-desk(-phone).png, school-submission-review(-phone).png.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

from audit.jobs import ThreadDispatcher
from audit.pipeline import audit_inline
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store
from tests.browser import chromium
from tests.test_desk_audits_browser import _inputs, _shots
from tests.test_jobs import desk_settings
from tests.test_review_app import PASSWORD
from tests.test_review_browser import _login

RUBRIC, YEAR, BATCH = "tdm-2021-2022-school", "2021-2022", "2021-2022-dang-ky"
DI_AN, TDM = "Dĩ An", "Thủ Dầu Một"
WAIT_MS = 240_000
Served = tuple[str, dict[str, dict[str, Any]], Store, Path]


@pytest.fixture(scope="module")
def desk(sim: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Two healthy simulated schools (mine of Dĩ An, another of Thủ Dầu Một) audited in a registry batch, a
    school account of mine, reviewers of both districts, and the desk served on a free loopback port:
    (base URL, {"mine", "other": school}, store, folder)."""
    running, manifest, crawled = sim
    folder = tmp_path_factory.mktemp("school-desk")
    settings = desk_settings(folder, secret_key="s" * 64)
    assert settings.broker_url == "" and settings.crawl_delay == 0
    healthy = [p for p in manifest if not manifest[p]["faults"] and not crawled[p].failed][:2]
    schools = {"mine": {"id": healthy[0], "district": DI_AN}, "other": {"id": healthy[1], "district": TDM}}
    store = Store(settings)
    for school in schools.values():
        school["name"] = manifest[school["id"]]["name"]
        store.upsert_school(school["id"], school["name"], manifest[school["id"]]["url"], RUBRIC, school["district"])
    store.create_batch(BATCH, YEAR, [s["id"] for s in schools.values()])
    for school in schools.values():
        audit_inline(store, settings, school["id"], YEAR, BATCH)
    store.add_user("truong", hash_password(PASSWORD), "school", [], schools["mine"]["id"])
    store.add_user("di-an", hash_password(PASSWORD), "reviewer", [DI_AN])
    store.add_user("tdm", hash_password(PASSWORD), "reviewer", [TDM])
    dispatch = ThreadDispatcher(store, settings)
    httpd = make_server("127.0.0.1", 0, create_app(settings, store, dispatch), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", schools, store, folder
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        dispatch.close()
        store.close()


def _as(browser: Any, base: str, username: str) -> Any:
    """A page of a browser context of its own (its own cookies), logged in as `username`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _login(page, base, username)
    return page


def _status(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return int(response.status)


def test_a_school_checks_itself_and_submits(desk: Served) -> None:
    base, schools, store, folder = desk
    mine, other = schools["mine"]["id"], schools["other"]["id"]
    sheet, pdfs = _inputs(folder)
    with chromium() as browser:
        school = _as(browser, base, "truong")
        assert school.get_by_text("truong · Trường").is_visible()
        assert school.locator(f"a[href='/batch/{BATCH}']").count() == 1
        school.goto(f"{base}/batch/{BATCH}")
        assert school.locator(f"a[href$='/school/{mine}']").count() == 1
        assert school.locator(f"a[href$='/school/{other}']").count() == 0
        assert _status(school, f"{base}/batch/{BATCH}/school/{other}") == 404

        school.goto(f"{base}/")
        school.get_by_role("link", name="Tự kiểm tra").first.click()
        school.wait_for_url(f"{base}/audits/new")
        assert school.locator("#school_id").count() == 0 and school.get_by_text(schools["mine"]["name"]).is_visible()
        school.fill("#year", YEAR)
        school.set_input_files("#self_scores", str(sheet))
        school.set_input_files("#evidence", [str(p) for p in pdfs])
        school.get_by_role("button", name="Bắt đầu kiểm tra").click()
        school.wait_for_url(re.compile(r"/audits/[^/]+$"))
        audit_id = school.url.rsplit("/", 1)[-1]
        school.wait_for_url(f"{base}/batch/{audit_id}/school/{mine}", timeout=WAIT_MS)
        assert school.locator("#documents + .scroll tbody tr").count() == 3
        assert school.get_by_role("button", name="Lưu quyết định").count() == 0
        assert school.locator("#history").count() == 0
        assert school.get_by_role("button", name="Nộp kết quả").is_visible()
        _shots(school, "school-self-check")
        school.goto(f"{base}/")
        own = school.locator(f"a[href='/batch/{audit_id}']")
        assert own.inner_text() == f"Tự kiểm tra của {schools['mine']['name']}" and school.get_by_text("Chưa nộp").is_visible()
        _shots(school, "school-batches")
        own.click()
        school.locator(f"a[href$='/school/{mine}']").click()
        school.wait_for_url(f"{base}/batch/{audit_id}/school/{mine}")

        reviewer = _as(browser, base, "di-an")
        assert audit_id not in reviewer.content()
        assert _status(reviewer, f"{base}/batch/{audit_id}/school/{mine}") == 404

        school.get_by_role("button", name="Nộp kết quả").click()
        school.wait_for_url(f"{base}/batch/{audit_id}/school/{mine}")
        assert school.get_by_text("Đã nộp kết quả lúc").is_visible()
        assert school.get_by_role("button", name="Nộp kết quả").count() == 0
        assert store.submission(audit_id) is not None
        _shots(school, "school-submitted")

        reviewer.goto(f"{base}/")
        submitted = reviewer.get_by_role("link", name=f"Bài nộp của {schools['mine']['name']}")
        assert submitted.is_visible()
        _shots(reviewer, "school-submission-desk")
        submitted.click()
        reviewer.wait_for_url(f"{base}/batch/{audit_id}")
        reviewer.locator(f"a[href$='/school/{mine}']").click()
        reviewer.wait_for_url(f"{base}/batch/{audit_id}/school/{mine}")
        assert "Bài nộp của trường" in reviewer.locator("#own-check").inner_text()
        assert reviewer.get_by_role("button", name="Lưu quyết định").count() > 0
        assert reviewer.locator("#documents + .scroll tbody tr").count() == 3
        _shots(reviewer, "school-submission-review")

        stranger = _as(browser, base, "tdm")
        assert "Bài nộp của" not in stranger.content() and audit_id not in stranger.content()
        assert _status(stranger, f"{base}/batch/{audit_id}/school/{mine}") == 404
        assert _status(stranger, f"{base}/batch/{audit_id}") == 404
