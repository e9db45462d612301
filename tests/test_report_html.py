"""The school report page: every criterion with its scores, reason and proof; hostile text stays text."""
from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from audit.cli import main
from audit.cli.score import score_once
from audit.finals import final_scores
from audit.report.html import PRINT_SCRIPT, render_school_html
from audit.result import schema_errors
from audit.rubric import find_rubric
from tests.conftest import ROOT

DEMO = ROOT / "audit" / "data" / "demo"
RUBRIC = "tdm-2021-2022-school"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
FORMULA = '=HYPERLINK("http://evil.example/","bấm vào đây")'


def clean_result() -> dict[str, Any]:
    """The bundled sample findings scored against the TDM sheet and its self-scores (no network)."""
    return score_once(RUBRIC, str(DEMO / "findings.json"), str(DEMO / "self-scores.csv"), "2021-2022")


def document(file: str, criteria: list[str], **extra: Any) -> dict[str, Any]:
    """An evidence/1 document."""
    doc = {"file": file, "sha256": hashlib.sha256(file.encode()).hexdigest(), "status": "parsed", "pages": 2,
           "doc_type": "KH", "number": "12/KH-THCS", "issued_on": "2021-09-20", "place": "Thủ Dầu Một",
           "issuer": "Trường THCS Nguyễn Văn Cừ", "title": "Kế hoạch ứng dụng CNTT năm học 2021-2022",
           "signer": "Nguyễn Văn A", "school_year": "2021-2022", "text_source": "text", "criteria": criteria,
           "flags": []}
    return {**doc, **extra}


def hostile_result() -> dict[str, Any]:
    """A schema-valid result whose crawled and PDF text tries to run script, break attributes and inject formulas."""
    result = clean_result()
    result["school"]["name"] = f'Trường <b>THCS</b> "A&B" {SCRIPT}'
    posts = result["posts"]["items"]
    posts[0] = {**posts[0], "title": SCRIPT}
    posts[1] = {**posts[1], "title": IMG, "url": JS_URL}
    posts[2] = {**posts[2], "title": FORMULA}
    posts[3] = {**posts[3], "title": "<script>window.__pwned=1</script>"}
    result["disclosure"]["items"] = [{"year": "2021-2022", "url": JS_URL, "title": IMG, "kind": "section"},
                                     {"year": "2021-2022", "url": "http://thcs-nguyenvancu.tptdm.edu.vn/cong-khai",
                                      "title": "Công khai năm học 2021-2022", "kind": "section"}]
    result["forms"]["found"][0]["title"] = FORMULA
    result["contents"]["missing"] = ["qa"]
    result["crawl"]["errors"] = [{"url": JS_URL, "error": f"lỗi {SCRIPT}"}]
    by_id = {c["id"]: c for c in result["criteria"]}
    by_id["3.4"]["evidence"] = [*by_id["3.4"]["evidence"], JS_URL]
    result["evidence"] = [
        document("minh-chung/KH-ung-dung-CNTT-2021-2022.pdf", ["1.2"]),
        document("minh-chung/QD-phan-cong-quan-tri.pdf", ["4.2"], doc_type="QĐ", title=IMG,
                 signer=None, flags=["unsigned", "outside_school_year", "duplicate_of:minh-chung/a.pdf"]),
        document('"><script>alert(2)</script>.pdf', [], status="rejected", reason="có mã JavaScript",
                 doc_type=None, number=None, issued_on=None, issuer=None, title=None, signer=None,
                 school_year=None, text_source="none", flags=["javascript"]),
    ]
    return result


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


@pytest.fixture(scope="module")
def hostile() -> dict[str, Any]:
    return hostile_result()


@pytest.fixture(scope="module")
def page(hostile: dict[str, Any]) -> str:
    snapshots = {"http://thcs-nguyenvancu.tptdm.edu.vn/cong-khai": "snapshots/" + "a" * 64 + ".html",
                 "http://thcs-nguyenvancu.tptdm.edu.vn": JS_URL}
    return render_school_html(hostile, snapshots=snapshots, rubric=find_rubric(RUBRIC))


def test_the_hostile_result_is_still_a_valid_result(hostile: dict[str, Any]) -> None:
    assert schema_errors(hostile) == []


def test_page_is_vietnamese_self_contained_and_responsive(page: str) -> None:
    soup = soup_of(page)
    assert soup.html is not None and soup.html["lang"] == "vi"
    assert soup.find("meta", charset="utf-8") is not None
    assert "width=device-width" in soup.find("meta", attrs={"name": "viewport"})["content"]
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    assert not [t for t in soup.find_all(src=True)]
    style = "".join(s.get_text() for s in soup.find_all("style"))
    assert "@page { size: A4; margin: 12mm; }" in style and "url(" not in style and "@import" not in style
    assert "table-header-group" in style and "break-inside: avoid" in style
    assert "Bảng điểm" in page and "Tự chấm" in page and "chưa kiểm tra được" in page.lower()


def test_hostile_text_never_becomes_markup(page: str) -> None:
    soup = soup_of(page)
    scripts = soup.find_all("script")
    assert [s.get_text() for s in scripts] == [PRINT_SCRIPT]  # only our own print helper
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs and all(h.startswith(("http://", "https://", "#", "snapshots/")) for h in hrefs), hrefs
    assert not any("javascript:" in h for h in hrefs)
    assert JS_URL in soup.get_text()  # shown, as text
    external = [a for a in soup.find_all("a") if a["href"].startswith("http")]
    assert all(a.get("rel") == ["noopener", "noreferrer"] and a.get("target") == "_blank" for a in external)
    assert "script-src 'sha256-" in soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_every_criterion_row_shows_its_scores_reason_and_proof(page: str, hostile: dict[str, Any]) -> None:
    soup = soup_of(page)
    for c in hostile["criteria"]:
        row = soup.find("tr", id=f"tc-{c['id']}")
        assert row is not None, c["id"]
        cells = {td["data-label"]: td for td in row.find_all("td")}
        assert c["title"] in cells["Nội dung"].get_text()
        self_text = cells["Tự chấm"].get_text(strip=True)
        assert self_text == ("chưa chấm" if c["self"] is None else f"{c['self']:g}".replace(".", ","))
        proposed = cells["Đề xuất"].get_text(strip=True)
        if c["proposed"] is None:  # never a zero invented from missing data
            assert proposed in ("chưa kiểm tra được", "cần người đánh giá")
            assert cells["Chênh lệch"].get_text(strip=True) == "—"
        else:
            assert proposed == f"{c['proposed']:g}".replace(".", ",")
        assert c["reason"] in cells["Lý do"].get_text(" ", strip=True)
        links = [a["href"] for a in cells["Minh chứng"].find_all("a")] + \
            [a["href"] for a in cells["Lý do"].find_all("a")]
        for proof in c["evidence"]:
            if proof.startswith("http"):
                assert proof in links, (c["id"], proof)
        if c["check"]:  # a checked criterion's reason names the section holding its proof
            assert any(h.startswith("#") for h in links), c["id"]


def test_discrepancies_are_marked_in_words_not_colour_alone(page: str, hostile: dict[str, Any]) -> None:
    soup = soup_of(page)
    contradicted = [c["id"] for c in hostile["criteria"] if c["status"] == "contradicted"]
    assert contradicted
    for cid in contradicted:
        row = soup.find("tr", id=f"tc-{cid}")
        assert "st-contradicted" in row["class"]
        assert "⚠ Chênh lệch" in row.get_text(" ", strip=True)
    for c in hostile["criteria"]:
        row = soup.find("tr", id=f"tc-{c['id']}")
        if c["status"] == "not_tested":
            assert "Chưa kiểm tra được" in row.get_text() and "st-not_tested" in row["class"]
        if c["status"] == "unverifiable":
            assert "Cần người đánh giá" in row.get_text() and "st-unverifiable" in row["class"]


def test_group_titles_appear_as_rows_in_sheet_order(page: str) -> None:
    soup = soup_of(page)
    rubric = find_rubric(RUBRIC)
    rows = soup.select("table.rubric tbody tr")
    groups = [r.get_text(" ", strip=True) for r in rows if "group" in r["class"]]
    assert [g.split(".")[0] for g in groups] == [g.id for g in rubric.groups]
    assert groups[0].startswith(f"1. {rubric.groups[0].title}")
    ids = [r["id"].removeprefix("tc-") for r in rows if "crit" in r["class"]]
    assert ids == [c.id for c in rubric.criteria]


def test_every_in_page_link_has_its_target(page: str) -> None:
    soup = soup_of(page)
    targets = {a["href"][1:] for a in soup.find_all("a") if a["href"].startswith("#")}
    ids = {t["id"] for t in soup.find_all(id=True)}
    assert {"bai-viet", "cong-khai", "bieu-mau", "noi-dung", "minh-chung"} <= targets
    assert targets <= ids, targets - ids


def test_sections_show_the_proof(page: str, hostile: dict[str, Any]) -> None:
    soup = soup_of(page)
    posts = soup.find(id="bai-viet")
    assert "34" in posts.get_text() and posts.find("svg") is not None
    assert len(posts.select("table.posts tbody tr")) == hostile["posts"]["total_in_window"]
    forms = soup.find(id="bieu-mau").get_text(" ", strip=True)
    assert "Mẫu đơn xin phúc khảo bài kiểm tra, bài thi" in forms and "Còn thiếu" in forms
    contents = soup.find(id="noi-dung").get_text(" ", strip=True)
    assert "Giới thiệu" in contents and "✗ Không thấy" in contents
    docs = soup.find(id="minh-chung")
    assert len(docs.find_all("article")) == 3
    text = docs.get_text(" ", strip=True)
    assert "12/KH-THCS" in text and "không thấy chữ ký" in text and "trùng nội dung với tệp minh-chung/a.pdf" in text
    assert "Từ chối, không mở" in text and "có mã JavaScript" in text
    assert docs.find("a", href="#tc-4.2") is not None
    errors = soup.find(id="thu-thap").get_text(" ", strip=True)
    assert "lỗi <script>alert(1)</script>" in errors


def test_snapshot_links_sit_beside_their_urls(page: str) -> None:
    soup = soup_of(page)
    snaps = soup.find_all("a", class_="snap")
    assert snaps and all(a["href"] == "snapshots/" + "a" * 64 + ".html" for a in snaps)
    assert all(a.get_text() == "Bản lưu" for a in snaps)


def test_final_scores_column(hostile: dict[str, Any]) -> None:
    rubric = find_rubric(RUBRIC)
    decisions = {"3.1": {"action": "keep_self", "score": None, "note": f"đã xem {SCRIPT}", "user": "cán bộ"}}
    finals = final_scores(hostile, decisions, rubric)
    soup = soup_of(render_school_html(hostile, finals=finals))
    assert "Điểm cuối cùng" in [th.get_text() for th in soup.select("table.rubric thead th")]
    row = soup.find("tr", id="tc-3.1")
    final = row.find("td", attrs={"data-label": "Điểm cuối cùng"}).get_text(" ", strip=True)
    assert final.startswith("5") and "Giữ điểm tự chấm" in final and "<script>" in final
    pending = soup.find("tr", id="tc-1.1").find("td", attrs={"data-label": "Điểm cuối cùng"}).get_text(strip=True)
    assert pending == "chờ quyết định"


def test_a_failed_crawl_says_so_and_shows_no_zero() -> None:
    result = score_once(RUBRIC, None, str(DEMO / "self-scores.csv"), "2021-2022")
    soup = soup_of(render_school_html(result))
    assert "Không thu thập được cổng thông tin" in soup.get_text()
    assert soup.find(id="bai-viet").find("svg") is None
    for row in soup.select("tr.crit"):
        assert row.find("td", attrs={"data-label": "Đề xuất"}).get_text(strip=True) != "0"


def test_audit_school_writes_reports_that_agree_with_the_result(sim: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """End to end: crawl a simulated portal; result.json, report.html, report.xlsx and snapshots agree."""
    from openpyxl import load_workbook
    _, manifest, crawled = sim
    pid = next(p for p in manifest if manifest[p]["template"] in ("hcm", "vhv") and not manifest[p]["faults"]
               and not crawled[p].failed)
    monkeypatch.setenv("AUDIT_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("AUDIT_CRAWL_DELAY", "0")
    out = tmp_path / "out"
    code = main(["school", manifest[pid]["url"], "--rubric", RUBRIC, "--year", "2021-2022",
                 "--self-scores", str(DEMO / "self-scores.csv"), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    html = (out / "report.html").read_text(encoding="utf-8")
    soup = soup_of(html)
    for c in result["criteria"]:
        row = soup.find("tr", id=f"tc-{c['id']}")
        assert c["reason"] in row.get_text(" ", strip=True)
    assert len(soup.select("table.posts tbody tr")) == result["posts"]["total_in_window"]
    bars = soup.select("#bai-viet svg rect.bar")
    assert len(bars) == result["posts"]["weeks_in_window"]
    assert sum(int(b["data-count"]) for b in bars) == result["posts"]["total_in_window"]
    book = load_workbook(out / "report.xlsx")
    values = {r[0]: r for r in book["Bảng điểm"].iter_rows(min_row=6, values_only=True)}
    for c in result["criteria"]:
        assert values[c["id"]][2] == c["max"] and values[c["id"]][3] == c["self"]
        if c["proposed"] is not None:
            assert values[c["id"]][4] == c["proposed"]
    total = next(r for r in book["Bảng điểm"].iter_rows(min_row=6, values_only=True) if r[1] == "TỔNG")
    assert total[4] == result["totals"]["proposed"]
    # the proposed column sums to the TỔNG row (never self-scores mixed in)
    assert total[4] == sum(c["proposed"] for c in result["criteria"] if c["proposed"] is not None)
    assert book["Tin bài"].max_row == result["posts"]["total_in_window"] + 1
    index = json.loads((out / "snapshots" / "index.json").read_text(encoding="utf-8"))
    assert result["crawl"]["final_url"] in index
    for url, href in index.items():
        data = (out / href).read_bytes()
        assert re.match(rb'<meta charset="[\w-]+"><meta http-equiv="Content-Security-Policy" '
                        rb"content=\"default-src 'none'", data)
        page = data[data.index(b"</div>\n") + 7:].lower()   # the page, rewritten inert; named by its fetched bytes
        assert re.fullmatch(r"[0-9a-f]{64}", Path(href).stem) and page.startswith(b"<html")
        assert b"<script" not in page and b"<meta" not in page and b"<base" not in page
    snap_links = {a["href"] for a in soup.find_all("a", class_="snap")}
    assert snap_links and snap_links <= set(index.values())
    assert all((out / h).is_file() for h in snap_links)
    _screenshot(out / "report.html", "report-simulated.png")


def _screenshot(path: Path, name: str) -> None:
    """A person looks at this one: the report of a simulated school audited end to end."""
    from tests.browser import chromium, screenshot_dir
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        page.screenshot(path=str(screenshot_dir() / name), full_page=True)
        assert page.evaluate("document.querySelectorAll('tr.crit').length") > 0


def test_report_command_rebuilds_from_result_files(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a" / "result.json", tmp_path / "b" / "result.json"
    for path, result in ((first, clean_result()), (second, hostile_result())):
        path.parent.mkdir()
        path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report"
    assert main(["report", str(first), str(tmp_path / "b"), "--out", str(out)]) == 0
    assert (out / "summary.html").is_file() and (out / "summary.xlsx").is_file()
    assert (out / "tdm-thcs-nvc" / "report.html").is_file() and (out / "tdm-thcs-nvc_" / "report.xlsx").is_file()
    summary = soup_of((out / "summary.html").read_text(encoding="utf-8"))
    assert {a["href"] for a in summary.select("table.schools a") if not a["href"].startswith("http")} == \
        {"tdm-thcs-nvc/report.html", "tdm-thcs-nvc_/report.html"}


@pytest.mark.parametrize("args, words", [
    (["report", "khong-co.json"], "không có tệp"),
    (["report"], "cần đúng một trong"),
])
def test_report_command_bad_input_is_one_vietnamese_line(args: list[str], words: str, tmp_path: Path, capsys) -> None:
    assert main([*args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1


def test_a_file_that_is_not_a_result_is_bad_input(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "result.json"
    bad.write_text(json.dumps({"schema": "school-audit/1"}), encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "không phải kết quả school-audit" in capsys.readouterr().err


def test_render_does_not_change_its_input(hostile: dict[str, Any]) -> None:
    before = copy.deepcopy(hostile)
    render_school_html(hostile)
    assert hostile == before


def test_snapshots_are_inert_copies_of_proof_pages_only(tmp_path: Path) -> None:
    from audit.crawl.outcome import PageRecord
    from audit.report.snapshots import CSP, inert_copy, outcome_reader, proof_urls, write_snapshots
    hostile_url = 'http://t.edu.vn/a?"><script>alert(1)</script>'
    copy_ = inert_copy("<p>Trang chủ</p>".encode("utf-16"), hostile_url, "2022-06-05T01:00:00+07:00")
    assert copy_ is not None and copy_.startswith(b'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                                                  b'content="' + CSP.encode() + b'">')
    assert b"<script>" not in copy_.split(b"</div>")[0] and copy_.endswith("<p>Trang chủ</p></body></html>".encode())
    assert b"B&#7843;n l&#432;u" in copy_  # the Vietnamese banner, in ASCII whatever the page's charset
    assert inert_copy(b"%PDF-1.7 ...", "http://t.edu.vn/a.pdf", "") is None
    result = clean_result()
    home, article = result["school"]["url"], result["posts"]["items"][0]["url"]
    assert home in proof_urls(result) and article not in proof_urls(result)
    pages = [PageRecord(u, kind, 200, "2022-06-05T01:00:00+07:00", hashlib.sha256(u.encode()).hexdigest(),
                        f"<html>{u}</html>".encode()) for u, kind in ((home, "home"), (article, "article"),
                                                                      (home + "/tin-tuc?page=2", "listing"))]
    hrefs = write_snapshots(tmp_path, result, pages, outcome_reader(pages))
    assert set(hrefs) == {home, home + "/tin-tuc?page=2"}  # the post itself is no proof page
    assert all((tmp_path / h).read_bytes().endswith(("<html><body>%s</body></html>" % u.replace("&", "&amp;")).encode())
               for u, h in hrefs.items())
