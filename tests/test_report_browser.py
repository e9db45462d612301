"""The reports in headless Chromium: desktop and phone layouts, A4 printing, no hostile script ever runs."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from audit.crawl.outcome import PageRecord
from audit.report import write_school_report, write_summary
from audit.report.snapshots import outcome_reader, write_snapshots
from audit.text import nfc
from tests.browser import chromium, screenshot_dir
from tests.test_report_html import hostile_result
from tests.test_report_summary import result_for, row

HOSTILE_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Công khai</title>"
                "<script>window.__pwned=1;alert(1)</script></head><body><h1>Công khai năm học 2021-2022</h1>"
                "<img src=x onerror=\"window.__pwned=2\"><iframe src='https://example.com/'></iframe></body></html>")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A hostile school report with one stored (hostile) snapshot, and a batch summary linking to it."""
    out = tmp_path_factory.mktemp("bao-cao")
    result = hostile_result()
    url = "http://thcs-nguyenvancu.tptdm.edu.vn/cong-khai"
    content = HOSTILE_PAGE.encode("utf-8")
    sha = hashlib.sha256(content).hexdigest()
    pages = [PageRecord(url, "disclosure", 200, "2022-06-05T01:00:00+07:00", sha, content)]
    school = out / "nvc"
    snapshots = write_snapshots(school, result, pages, outcome_reader(pages))
    write_school_report(school, result, snapshots=snapshots)
    rows = [row("nvc", "Trường THCS Nguyễn Văn Cừ", result["school"]["url"], "Thủ Dầu Một", result=result),
            row("b", "Trường THCS Bình Minh", "http://b.hcm.edu.vn", "Quận 1",
                result=result_for("http://b.hcm.edu.vn", "b")),
            row("c", "Trường TH Cây Xanh", "http://c.example.vn", "Quận 1", status="pending")]
    write_summary(out, rows, links={"nvc": "nvc/report.html"})
    return {"report": school / "report.html", "snapshot": school / snapshots[url], "summary": out / "summary.html"}


def _open(browser: Any, path: Path, width: int, dialogs: list[str]) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def test_report_in_a_browser(reports: dict[str, Path], tmp_path: Path) -> None:
    shots = screenshot_dir()
    dialogs: list[str] = []
    with chromium() as browser:
        desktop = _open(browser, reports["report"], 1280, dialogs)
        desktop.screenshot(path=str(shots / "report-desktop.png"), full_page=True)
        assert desktop.evaluate("window.__pwned") is None
        assert desktop.evaluate("document.querySelectorAll('tr.crit').length") == 21
        assert desktop.evaluate("document.querySelector('#bai-viet svg').getBoundingClientRect().width") > 500
        pdf = tmp_path / "report.pdf"
        desktop.pdf(path=str(pdf), format="A4")
        phone = _open(browser, reports["report"], 390, dialogs)
        phone.screenshot(path=str(shots / "report-phone.png"), full_page=True)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        assert phone.evaluate("getComputedStyle(document.querySelector('table.rubric thead')).display") == "none"
        assert phone.evaluate("window.__pwned") is None
        snapshot = _open(browser, reports["snapshot"], 1280, dialogs)
        assert snapshot.evaluate("window.__pwned") is None  # the stored copy runs nothing
        assert "Bản lưu của máy thu thập" in snapshot.inner_text("body")
    assert dialogs == []
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 0
        text = nfc(" ".join(p.extract_text() or "" for p in doc.pages))
    for words in ("Bảng điểm", "Tự chấm", "Đề xuất", "Chênh lệch", "chưa kiểm tra được", "Ứng dụng CNTT",
                  "<script>alert(1)</script>"):
        assert words in text, words


def test_summary_sorts_by_clicking_a_header(reports: dict[str, Path]) -> None:
    dialogs: list[str] = []
    with chromium() as browser:
        page = _open(browser, reports["summary"], 1280, dialogs)
        names = ("Array.from(document.querySelectorAll('table.schools tbody tr td:nth-child(2)'))"
                 ".map(td => td.innerText)")
        assert page.evaluate(names) == ["Trường TH Cây Xanh", "Trường THCS Bình Minh", "Trường THCS Nguyễn Văn Cừ"]
        page.click("table.schools th[data-col='1'] button")
        page.click("table.schools th[data-col='1'] button")
        assert page.evaluate(names) == ["Trường THCS Nguyễn Văn Cừ", "Trường THCS Bình Minh", "Trường TH Cây Xanh"]
        page.screenshot(path=str(screenshot_dir() / "summary-desktop.png"), full_page=True)
        phone = _open(browser, reports["summary"], 390, dialogs)
        phone.screenshot(path=str(screenshot_dir() / "summary-phone.png"), full_page=True)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert dialogs == []
