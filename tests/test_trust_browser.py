"""What a reviewer sees, in headless Chromium, for four schools audited by the real pipeline functions: a healthy
one, one whose portal could not be read, one whose evidence is doubtful and one whose post history shows
backdating and padding. Each school's report, the summary of the four and the desk (a real store, one batch).

Full-page screenshots go to $AUDIT_SHOTS (else the test's temporary folder), for a person to look at:
report-{healthy,failed,doubtful,integrity}.png, summary.png, desk-batch.png, desk-{healthy,failed,doubtful,integrity}.png.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

from audit.assess import assess
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.report import crawl_section, web_findings
from audit.evidence.match import issuer_flags
from audit.findings import Finding, findings_from_json
from audit.integrity import findings as integrity_findings
from audit.report.fmt import anchor_id
from audit.report.html import render_school_html
from audit.report.summary import render_summary_html
from audit.result import schema_errors
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.rubric import find_rubric
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores
from audit.store import Store
from tests.browser import chromium
from tests.conftest import ROOT
from tests.test_review_app import PASSWORD, site_settings
from tests.test_review_browser import _login

DEMO = ROOT / "audit" / "data" / "demo"
RUBRIC, YEAR, BATCH = "tdm-2021-2022-school", "2021-2022", "2021-2022-tin-cay"
TDM, DI_AN = "Thủ Dầu Một", "Dĩ An"
REASON = "không kết nối được máy chủ (hết thời gian chờ)"
ISSUER_FLAG = "cơ quan ban hành không phải trường này"
# id → (name, portal, district)
SCHOOLS = {
    "healthy": ("tdm-nvc", "Trường THCS Nguyễn Văn Cừ", "http://thcs-nguyenvancu.tptdm.edu.vn", TDM),
    "failed": ("tdm-phuhoa", "Trường TH Phú Hòa", "http://th-phuhoa.tptdm.edu.vn", TDM),
    "doubtful": ("da-donghoa", "Trường THCS Đông Hòa", "http://thcs-donghoa.dian.edu.vn", DI_AN),
    "integrity": ("da-tdh", "Trường THCS Tân Đông Hiệp", "http://thcs-tandonghiep.dian.edu.vn", DI_AN),
}
# Internal keys that must never reach a page a person reads.
RAW = ("needs_review", "issuer_not_this_school", "not_tested", "unverifiable", "no_number", "no_date",
       "contradicted", "backdated", "padding")

# The post history of the integrity school: a complete crawl on 2 October 2021, the batch's on 21 May 2022.
RUN1_AT = datetime(2021, 10, 1, 18, 0, tzinfo=timezone.utc)    # 2 October 01:00 in Vietnam
RUN2_AT = datetime(2022, 5, 20, 18, 0, tzinfo=timezone.utc)    # 21 May 01:00
SEPT = date(2021, 9, 1)
TOPICS = ["Lễ khai giảng năm học mới", "Hội thi giáo viên dạy giỏi", "Tập huấn chuyển đổi số", "Ngoại khóa môn Lịch sử",
          "Tham quan khu di tích", "Văn nghệ chào mừng 20/11", "Hội khỏe Phù Đổng", "Họp phụ huynh đầu năm",
          "Trồng cây xanh quanh trường", "Diễn tập phòng cháy chữa cháy", "An toàn giao thông cho học sinh",
          "Hiến máu tình nguyện", "Khen thưởng học sinh giỏi", "Kỷ niệm ngày Nhà giáo Việt Nam",
          "Sinh hoạt chuyên môn tổ Toán", "Chuyên đề đọc sách"]
PADDED = ["Hội thi vẽ tranh «Mái trường em» cấp trường", "Hội thi vẽ tranh Mái trường em cấp trường!",
          "Hội thi vẽ tranh “Mái trường em” cấp trường", "Hội thi vẽ tranh Mái trường em cấp trường (tt)"]


def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ["AUDIT_SHOTS"]) if os.environ.get("AUDIT_SHOTS") else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# the four results, from the real pipeline functions

def _document(file: str, **extra: Any) -> dict[str, Any]:
    """An evidence/1 document as the reader gives it."""
    doc = {"file": file, "sha256": hashlib.sha256(file.encode()).hexdigest(), "status": "parsed", "pages": 2,
           "doc_type": "KH", "number": "12/KH-THCS", "issued_on": "2021-09-20", "place": DI_AN,
           "issuer": "Trường THCS Đông Hòa", "title": "Kế hoạch ứng dụng CNTT năm học 2021-2022",
           "signer": "Nguyễn Văn A", "school_year": YEAR, "text_source": "text", "criteria": [], "flags": []}
    return {**doc, **extra}


def doubtful_documents(school_name: str) -> list[dict[str, Any]]:
    """The IT plan signed by another school (flagged by the pipeline's own issuer check) and a decision with no
    number and no date."""
    docs = [_document("minh-chung/ke-hoach-cntt-2021-2022.pdf", issuer="Trường THCS Bình An", number="15/KH-THCSBA"),
            _document("minh-chung/qd-phan-cong-quan-tri.pdf", doc_type="QĐ", number=None, issued_on=None,
                      title="Quyết định phân công quản trị hệ thống thông tin", flags=["no_number", "no_date"])]
    issuer_flags(docs, school_name)
    assert docs[0]["flags"] == ["issuer_not_this_school"] and schema_errors(docs, "evidence") == []
    return docs


def _outcome(url: str, started: datetime, failure: str = "") -> CrawlOutcome:
    errors = [(url, "không kết nối được (hết thời gian chờ)")] if failure else []
    return CrawlOutcome(start_url=url, final_url="" if failure else url, started_at=started.isoformat(),
                        finished_at=(started + timedelta(minutes=2 if failure else 20)).isoformat(),
                        errors=errors, failure=failure)


def _post(n: int, title: str, published: date, first: int, last: int = 2) -> dict[str, Any]:
    seen = {1: RUN1_AT, 2: RUN2_AT}
    url = f"{SCHOOLS['integrity'][2]}/tin-tuc/{n}"
    return {"url": url, "title": title, "published": published.isoformat(),
            "first_seen": (seen[first] + timedelta(minutes=30)).isoformat(),
            "last_seen": (seen[last] + timedelta(minutes=30)).isoformat(),
            "first_run_id": first, "last_run_id": last, "missing_since": None}


def history() -> list[dict[str, Any]]:
    """Ten September posts seen on 2 October; six more dated in September that appeared only on 21 May
    (backdated); four near-identical posts in May (padding)."""
    posts = [_post(i, TOPICS[i], SEPT + timedelta(days=2 * i), first=1) for i in range(10)]
    posts += [_post(100 + i, TOPICS[10 + i], SEPT + timedelta(days=3 * i + 1), first=2) for i in range(6)]
    posts += [_post(200 + i, t, date(2022, 5, 10) + timedelta(days=i // 2), first=2) for i, t in enumerate(PADDED)]
    return posts


def _crawl_row(run_id: int, at: datetime) -> dict[str, Any]:
    return {"run_id": run_id, "complete": True, "crawl_started_at": at.isoformat(),
            "crawl_finished_at": (at + timedelta(minutes=20)).isoformat(), "covers_from": SEPT.isoformat()}


def demo_findings(url: str) -> tuple[dict[str, Any], dict[str, Finding]]:
    """The bundled sample findings (audit/data/demo/findings.json), as crawled from the portal at `url`."""
    text = (DEMO / "findings.json").read_text(encoding="utf-8").replace(SCHOOLS["healthy"][2], url)
    data = json.loads(text)
    return data, findings_from_json(data["findings"])


def results() -> dict[str, dict[str, Any]]:
    """kind → the school's result, each made by `assess` from the bundled demo findings and self-scores."""
    rubric, year = find_rubric(RUBRIC), parse_school_year(YEAR)
    selfs = read_self_scores(str(DEMO / "self-scores.csv"), rubric)

    def one(kind: str, crawl: dict[str, Any] | None = None, web: dict[str, Finding] | None = None,
            documents: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        sid, name, url, _ = SCHOOLS[kind]
        data, found = demo_findings(url)
        return assess(rubric, year, {"url": url, "id": sid, "name": name}, crawl or data["crawl"],
                      {**found, **(web or {})}, selfs, documents)

    out = {"healthy": one("healthy")}
    dead = _outcome(SCHOOLS["failed"][2], datetime(2022, 6, 4, 18, 0, tzinfo=timezone.utc), failure=REASON)
    out["failed"] = one("failed", crawl_section(dead), web_findings(dead, year.resolve(rubric.window), rubric, [], None))
    out["doubtful"] = one("doubtful", documents=doubtful_documents(SCHOOLS["doubtful"][1]))
    out["integrity"] = one("integrity")
    out["integrity"]["integrity"] = integrity_findings(history(), [_crawl_row(1, RUN1_AT), _crawl_row(2, RUN2_AT)],
                                                       year.resolve(rubric.window), RUN2_AT + timedelta(hours=1))
    for result in out.values():
        assert schema_errors(result) == []
    return out


def _store_history(store: Store, sid: str, batch_run: int) -> None:
    """The same history in the store: the October crawl (outside the batch) and the batch's May crawl."""
    posts = history()
    items = [{"url": p["url"], "title": p["title"], "published": p["published"], "date_source": "listing"}
             for p in posts]
    url = SCHOOLS["integrity"][2]
    first = store.start_run(sid, YEAR, "dem-2021-10-02")
    store.save_crawl(first, _outcome(url, RUN1_AT))
    store.save_posts(sid, YEAR, first, [i for i, p in zip(items, posts) if p["first_run_id"] == 1])
    store.finish_run(first, "done")
    store.save_crawl(batch_run, _outcome(url, RUN2_AT))
    store.save_posts(sid, YEAR, batch_run, items)


# the pages

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The four results; their reports and the summary written to a folder; the desk over a store holding them in
    one batch, served on 127.0.0.1 in a thread."""
    made = results()
    folder = tmp_path_factory.mktemp("trust")
    reports = folder / "bao-cao"
    reports.mkdir()
    for kind, result in made.items():
        (reports / f"{SCHOOLS[kind][0]}.html").write_text(render_school_html(result), encoding="utf-8")
    settings = site_settings(folder / "desk")
    store = Store(settings)
    for sid, name, url, district in SCHOOLS.values():
        store.upsert_school(sid, name, url, RUBRIC, district)
    store.create_batch(BATCH, YEAR, [s[0] for s in SCHOOLS.values()])
    for kind, result in made.items():
        sid = SCHOOLS[kind][0]
        run_id = store.start_run(sid, YEAR, BATCH, batch_id=BATCH)
        if kind == "integrity":
            _store_history(store, sid, run_id)
        elif kind == "failed":
            store.save_crawl(run_id, _outcome(SCHOOLS[kind][2], datetime(2022, 6, 4, 18, 0, tzinfo=timezone.utc),
                                              failure=REASON))
        store.save_result(run_id, result)
        store.finish_run(run_id, "failed" if result["crawl"]["status"] == "failed" else "done")
    store.add_user("quan-tri", hash_password(PASSWORD), "admin", [])
    rows = store.batch_results(BATCH)          # the store's own rows, as `audit report --batch` reads them
    (reports / "summary.html").write_text(
        render_summary_html(rows, links={s[0]: f"{s[0]}.html" for s in SCHOOLS.values()}), encoding="utf-8")
    httpd = make_server("127.0.0.1", 0, create_app(settings, store), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"results": made, "reports": reports, "base": f"http://127.0.0.1:{httpd.server_port}"}
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shots_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _page(browser: Any) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.on("dialog", lambda d: d.dismiss())
    return page


def seen(page: Any) -> str:
    """What a person reads on the page; no internal key among it."""
    words = page.inner_text("body")
    leaked = [key for key in RAW if key in words]
    assert not leaked, f"{page.url}: internal keys on the page: {leaked}"
    return str(words)


def _row_text(page: Any, criterion_id: str) -> str:
    return str(page.locator(f"[id='{anchor_id('tc', criterion_id)}']").inner_text())


def test_the_reports(site: dict[str, Any], browser: Any, shots: Path) -> None:
    page = _page(browser)
    opened: dict[str, str] = {}
    for kind in SCHOOLS:
        page.goto((site["reports"] / f"{SCHOOLS[kind][0]}.html").as_uri())
        page.screenshot(path=str(shots / f"report-{kind}.png"), full_page=True)
        opened[kind] = seen(page)
        if kind != "healthy":     # each school's own portal, never the sample's
            assert page.locator(f"a[href^='{SCHOOLS['healthy'][2]}']").count() == 0
        if kind == "failed":
            # the banner with its reason is the first thing after the header, before the totals cards
            first = page.evaluate("(() => { const e = document.querySelector('body > header').nextElementSibling;"
                                  " return [e.tagName, e.className, e.innerText]; })()")
            assert first[0] == "P" and "notice-failed" in first[1], first
            assert "Không thu thập được cổng thông tin" in first[2] and REASON in first[2]
            assert page.evaluate("document.querySelector('.notice-failed').compareDocumentPosition("
                                 "document.querySelector('section.cards')) & Node.DOCUMENT_POSITION_FOLLOWING") > 0
            assert "Không đề xuất xếp loại" in page.locator("section.cards").inner_text()
            assert "chưa kiểm tra được" in _row_text(page, "3.3").lower()   # posts: not tested, not 0
            assert "loại. Xem mục" in first[2]
            forms = page.locator("#bieu-mau").inner_text()      # forms not looked at are not "missing"
            assert "Còn thiếu" not in forms and "Chưa kiểm tra được các biểu mẫu" in forms
        elif kind == "doubtful":
            row = _row_text(page, "4.1")
            assert "Cần xem lại" in row and ISSUER_FLAG in row
            card = page.locator("article.doc", has_text="ke-hoach-cntt-2021-2022.pdf")
            used = card.locator("dt:has-text('Dùng cho tiêu chí') + dd").inner_text()
            assert "4.1" in used and f"cần xem lại: {ISSUER_FLAG}" in used
            assert ISSUER_FLAG in card.locator("dt:has-text('Cảnh báo') + dd").inner_text()
            other = page.locator("article.doc", has_text="qd-phan-cong-quan-tri.pdf").inner_text()
            assert "không có số văn bản" in other and "4.2" in other
        elif kind == "integrity":
            flags = page.locator("#lich-su-tin-bai")
            words = flags.inner_text()
            assert "Tin ghi lùi ngày" in words and "Tin trùng lặp" in words and "6/20 tin" in words
            url = SCHOOLS["integrity"][2]
            assert flags.locator(f"a[href='{url}/tin-tuc/100']").is_visible()      # a backdated post
            assert flags.locator(f"a[href='{url}/tin-tuc/201']").is_visible()      # a padding copy
        else:
            assert page.locator("[class*='notice-']").count() == 0 and page.locator("[role=alert]").count() == 0
            grade = page.locator("section.cards").inner_text()
            assert "đã kiểm chứng" in grade and "Không đề xuất" not in grade
    assert all("Không thu thập được cổng thông tin" not in opened[k] for k in ("healthy", "doubtful", "integrity"))
    page.close()


def test_the_summary(site: dict[str, Any], browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto((site["reports"] / "summary.html").as_uri())
    page.screenshot(path=str(shots / "summary.png"), full_page=True)
    seen(page)
    first = page.evaluate("document.querySelector('body > header').nextElementSibling.id")
    assert first == "thu-thap-loi"
    troubled = page.locator("#thu-thap-loi").inner_text()
    assert "Trường thu thập không đầy đủ" in troubled and SCHOOLS["failed"][1] in troubled and REASON in troubled
    assert all(SCHOOLS[k][1] not in troubled for k in ("healthy", "doubtful", "integrity"))
    districts = {r[0]: r for r in page.evaluate(
        "Array.from(document.querySelectorAll('#quan-huyen tbody tr'))"
        ".map(r => Array.from(r.cells).map(c => c.innerText.trim()))")}
    headers = page.locator("#quan-huyen thead th").all_inner_texts()
    left_out = headers.index("Không tính")
    assert districts[TDM][1:4] == ["2", "1", "1"] and districts[TDM][left_out] == "1"
    assert districts[DI_AN][left_out] == "0" and districts["Tất cả"][left_out] == "1"
    row = page.locator("table.schools tbody tr", has_text=SCHOOLS["failed"][1]).inner_text()
    assert "không đề xuất" in row
    page.close()


def test_the_desk(site: dict[str, Any], browser: Any, shots: Path) -> None:
    base = site["base"]
    page = _page(browser)
    _login(page, base, "quan-tri")
    page.goto(f"{base}/batch/{BATCH}")
    page.screenshot(path=str(shots / "desk-batch.png"), full_page=True)
    seen(page)
    failed_row = page.locator(f"[id='s-{SCHOOLS['failed'][0]}']")
    assert failed_row.locator(".badge.ok").count() == 0 and "khớp" not in failed_row.inner_text()
    assert "không thu thập được" in failed_row.inner_text() and REASON in failed_row.inner_text()
    doubtful_row = page.locator(f"[id='s-{SCHOOLS['doubtful'][0]}'] td[data-label='Số chênh lệch']").inner_text()
    assert "chênh lệch" in doubtful_row and "4 cần xem lại" in doubtful_row    # doubts shown beside discrepancies
    assert page.evaluate("(() => { const s = document.querySelector('.scroll');"
                         " return s.scrollWidth <= s.clientWidth; })()")           # every column on screen
    for kind in SCHOOLS:
        page.goto(f"{base}/batch/{BATCH}/school/{SCHOOLS[kind][0]}")
        page.screenshot(path=str(shots / f"desk-{kind}.png"), full_page=True)
        words = seen(page)
        alert = page.locator("main [role=alert], body > [role=alert], .alert")
        if kind == "failed":
            assert "Không thu thập được cổng thông tin" in alert.first.inner_text() and REASON in alert.first.inner_text()
            assert "Không đề xuất xếp loại" in page.locator("p.grade").inner_text()
            posts = page.locator("#posts + .box").inner_text()       # no count claimed for a portal not read
            assert posts.startswith("Chưa đếm được") and REASON in posts and "0 tin bài" not in posts
        else:
            assert alert.count() == 0
        if kind == "doubtful":
            card = page.locator("[id='c-4.1']")
            assert "Cần xem lại" in card.locator(".head").inner_text()
            assert ISSUER_FLAG in card.locator(".doubts").inner_text()
            plan = page.locator("#documents ~ .scroll tr", has_text="ke-hoach-cntt-2021-2022.pdf").inner_text()
            assert "4.1" in plan and ISSUER_FLAG in plan
        if kind == "integrity":
            flags = page.locator("#lich-su-tin-bai")
            text = flags.inner_text()
            assert "Tin ghi lùi ngày" in text and "Tin trùng lặp" in text
            url = SCHOOLS["integrity"][2]
            assert flags.locator(f"a[href='{url}/tin-tuc/100']").is_visible()
            assert flags.locator(f"a[href='{url}/tin-tuc/201']").is_visible()
        if kind == "healthy":
            assert "đã kiểm chứng" in page.locator("p.grade").inner_text()
        assert words
    page.close()
