"""The batch summary (HTML and XLSX), the district score derived from schools, and `audit report --batch`."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from audit.cli import main
from audit.district import district_scores, share_findings
from audit.config import load_settings
from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.report.summary import SORT_SCRIPT, render_summary_html, render_summary_xlsx, school_rows
from audit.rubric import load_all
from audit.rubric import find_rubric
from audit.store import Store
from tests.test_report_html import SCRIPT, clean_result


def result_for(url: str, school_id: str, crawl_status: str = "ok") -> dict[str, Any]:
    result = clean_result()
    result["school"].update({"url": url, "id": school_id})
    result["crawl"]["status"] = crawl_status
    return result


def row(school_id: str, name: str | None, url: str, district: str | None, status: str = "done",
        result: dict[str, Any] | None = None, rubric: str = "tdm-2021-2022-school") -> dict[str, Any]:
    return {"school": {"id": school_id, "name": name, "url": url, "rubric": rubric,
                       "district": district},
            "year": "2021-2022", "run_id": 1, "status": status, "result": result}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [
        row("b", "Trường THCS Bình Minh", "http://truong-b.example.vn", "Quận 1",
            result=result_for("http://truong-b.example.vn", "b")),
        row("a", "Trường THCS Ánh Dương", "http://thcs-a.hcm.edu.vn", "Quận 1",
            result=result_for("http://thcs-a.hcm.edu.vn", "a")),
        row("c", "Trường TH Cây Xanh", "http://th-c.hcm.edu.vn", "Quận 3",
            result=result_for("http://th-c.hcm.edu.vn", "c", "failed")),
        row("d", "Trường TH Đồng Xanh", "http://mn-d.hcm.edu.vn", "Quận 3", status="pending"),
        row("e", f"Trường {SCRIPT}", "javascript:alert(1)", None, status="failed"),
    ]


def test_default_order_is_district_then_school_in_vietnamese_order(rows: list[dict[str, Any]]) -> None:
    ordered = school_rows(rows)
    assert [s["school_id"] for s in ordered] == ["a", "b", "c", "d", "e"]  # "Á" sorts with "A"; no district last
    assert [s["crawl"] for s in ordered] == ["Thu thập đầy đủ", "Thu thập đầy đủ", "Không thu thập được",
                                             "chưa chạy", "lỗi"]
    a = ordered[0]
    t = rows[1]["result"]["totals"]
    diff = sum(c["difference"] for c in rows[1]["result"]["criteria"] if c["difference"] is not None)
    assert (a["self"], a["proposed"], a["difference"]) == (t["self"], t["proposed"], diff)
    assert a["discrepancies"] == t["discrepancies"]
    criteria = rows[1]["result"]["criteria"]
    assert a["needs_person"] == sum(c["status"] in ("unverifiable", "not_tested") for c in criteria)


def test_district_score_reuses_the_share_of_audit_score(rows: list[dict[str, Any]]) -> None:
    scores = {d["district"]: d for d in district_scores(rows, load_all())}
    q1 = scores["Quận 1"]
    assert q1["share"] == 50.0 and q1["integrated"] == 1 and q1["proposed"] == 1
    assert scores["Quận 3"]["share"] == 100.0 and scores["Quận 3"]["proposed"] == 10
    assert "(chưa ghi quận/huyện)" not in scores  # no school there under hcm.edu.vn
    rubric = find_rubric("hcm-phong")
    same = share_findings(rubric, [rows[0]["result"], rows[1]["result"]])["integration_share"]
    assert same.get("share") == scores["Quận 1"]["share"]
    assert scores["Quận 1"]["criterion"] == "4.2" and scores["Quận 1"]["rubric"] == "hcm-phong"


def test_a_district_sheet_without_school_results_is_not_tested_not_zero() -> None:
    office = [row("q5", "Phòng GD&ĐT Quận 5", "http://pgd-q5.example.vn", "Quận 5", status="pending",
                  rubric="hcm-phong")]
    (score,) = district_scores(office, load_all())
    assert score["district"] == "Quận 5" and score["proposed"] is None and score["share"] is None
    assert "chưa có kết quả của trường nào" in score["reason"]


def test_no_district_score_without_schools_under_its_domain() -> None:
    url = "http://127.0.0.1:8000/"
    only_tdm = [row("x", "X", url, "Thủ Dầu Một", result=result_for(url, "x"))]
    assert district_scores(only_tdm, load_all()) == []
    soup = BeautifulSoup(render_summary_html(only_tdm), "lxml")
    assert soup.find(id="diem-quan-huyen") is None
    assert load_workbook(io.BytesIO(render_summary_xlsx(only_tdm))).sheetnames == ["Tổng hợp", "Theo quận huyện"]


def test_summary_html(rows: list[dict[str, Any]]) -> None:
    html = render_summary_html(rows, links={"a": "a/report.html", "e": "javascript:alert(1)"},
                               scores=district_scores(rows, load_all()))
    soup = BeautifulSoup(html, "lxml")
    assert soup.html is not None and soup.html["lang"] == "vi"
    headers = [th.get_text(strip=True) for th in soup.select("table.schools thead th")]
    assert headers == ["Quận/huyện", "Trường", "Cổng thông tin", "Tình trạng thu thập", "Tự chấm",
                       "Đề xuất (phần máy kiểm chứng)",
                       "Chênh lệch tổng", "Xếp loại tự chấm", "Xếp loại đề xuất", "Số tiêu chí chênh lệch",
                       "Cần người đánh giá"]
    body = soup.select("table.schools tbody tr")
    assert [r.find_all("td")[1].get_text(strip=True) for r in body][:2] == ["Trường THCS Ánh Dương", "Trường THCS Bình Minh"]
    first = [td.get_text(" ", strip=True) for td in body[0].find_all("td")]
    t = rows[1]["result"]["totals"]
    diff = sum(c["difference"] for c in rows[1]["result"]["criteria"] if c["difference"] is not None)
    assert first[4:7] == [f"{t['self']:g}", f"{t['proposed']:g} (trên {t['verified_max']:g} điểm đã kiểm chứng)",
                          f"{diff:g}"]
    assert first[9] == f"⚠ {t['discrepancies']}"
    assert body[0].find("a", href="a/report.html") is not None
    assert [s.get_text() for s in soup.find_all("script")] == [SORT_SCRIPT]
    assert "&lt;script&gt;" in html and not any("javascript:" in a["href"] for a in soup.find_all("a"))
    assert all(td.has_attr("data-sort") for r in body for td in r.find_all("td"))
    scores = soup.find(id="diem-quan-huyen").get_text(" ", strip=True)
    assert "Quận 1" in scores and "50%" in scores and "1/10" in scores and "100%" in scores
    subtotals = soup.find(id="quan-huyen").get_text(" ", strip=True)
    assert "Tất cả" in subtotals


def test_summary_final_scores(rows: list[dict[str, Any]]) -> None:
    finals = {"a": {"total": 80.5, "pending": 3, "grade": None, "criteria": {}}}
    soup = BeautifulSoup(render_summary_html(rows, finals=finals), "lxml")
    assert soup.select("table.schools thead th")[-1].get_text(strip=True) == "Điểm cuối cùng"
    assert "80,5" in soup.select("table.schools tbody tr")[0].get_text()
    book = load_workbook(io.BytesIO(render_summary_xlsx(rows, finals=finals)))
    assert book["Tổng hợp"]["L2"].value == 80.5 and book["Tổng hợp"]["M2"].value == 3


def test_summary_xlsx(rows: list[dict[str, Any]]) -> None:
    book = load_workbook(io.BytesIO(render_summary_xlsx(rows, scores=district_scores(rows, load_all()))))
    assert book.sheetnames == ["Tổng hợp", "Theo quận huyện", "Điểm quận huyện"]
    ws = book["Tổng hợp"]
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[1] for r in data] == ["Trường THCS Ánh Dương", "Trường THCS Bình Minh", "Trường TH Cây Xanh",
                                    "Trường TH Đồng Xanh", f"Trường {SCRIPT}"]
    t = rows[1]["result"]["totals"]
    diff = sum(c["difference"] for c in rows[1]["result"]["criteria"] if c["difference"] is not None)
    assert data[0][4:7] == [t["self"], t["proposed"], diff]
    assert data[3][4] is None and data[3][3] == "chưa chạy"
    assert ws["C2"].hyperlink is not None and ws["C6"].hyperlink is None
    assert not [c for r in ws.iter_rows() for c in r if c.data_type == "f"]
    districts = {r[0].value: [c.value for c in r] for r in book["Theo quận huyện"].iter_rows(min_row=2)}
    # a failed crawl and a school never run are left out of the district figures, and counted
    assert districts["Quận 1"][1:4] == [2, 2, 0] and districts["Quận 3"][1:4] == [2, 0, 2] and "Tất cả" in districts
    scores = {r[0].value: [c.value for c in r] for r in book["Điểm quận huyện"].iter_rows(min_row=2)}
    assert scores["Quận 1"][6] == 50 and scores["Quận 1"][8] == 1


@pytest.fixture
def stored_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A SQLite store with a batch of two schools: one scored (with pages and a decision), one never run."""
    monkeypatch.setenv("AUDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    url = "http://thcs-nguyenvancu.tptdm.edu.vn"
    home = b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><script>window.__pwned=1</script>Trang ch\xe1\xbb\xa7</body></html>"
    pdf = b"%PDF-1.4 not html"
    pages = [PageRecord(url, "home", 200, "2022-06-05T01:00:00+07:00", hashlib.sha256(home).hexdigest(), home),
             PageRecord(url + "/tep/a.pdf", "forms", 200, "2022-06-05T01:00:01+07:00", hashlib.sha256(pdf).hexdigest(), pdf)]
    with Store(load_settings()) as store:
        store.upsert_school("nvc", "Trường THCS Nguyễn Văn Cừ", url, "tdm-2021-2022-school", "Thủ Dầu Một")
        store.upsert_school("khac", "Trường khác", "http://khac.tptdm.edu.vn", "tdm-2021-2022-school", "Thủ Dầu Một")
        store.create_batch("dot-1", "2021-2022", ["nvc", "khac"])
        run = store.start_run("nvc", "2021-2022", "dot-1", batch_id="dot-1")
        store.save_crawl(run, CrawlOutcome(start_url=url, final_url=url, pages=pages))
        result = result_for(url, "nvc")
        result["crawl"]["final_url"] = url
        store.save_result(run, result)
        store.finish_run(run, "done")
        store.add_decision("nvc", "2021-2022", "3.3", "set", 1.5, "xem lại", "can-bo")
    return {"result": result, "out": tmp_path / "bao-cao"}


def test_report_command_rebuilds_a_stored_batch(stored_batch: dict[str, Any], capsys) -> None:
    out = stored_batch["out"]
    assert main(["report", "--batch", "dot-1", "--out", str(out)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["nvc", "summary.html", "summary.xlsx"]
    school = out / "nvc"
    index = json.loads((school / "snapshots" / "index.json").read_text(encoding="utf-8"))
    assert list(index) == ["http://thcs-nguyenvancu.tptdm.edu.vn"]  # the PDF is no page to show
    html = BeautifulSoup((school / "report.html").read_text(encoding="utf-8"), "lxml")
    final = html.find("tr", id="tc-3.3").find("td", attrs={"data-label": "Điểm cuối cùng"}).get_text(" ", strip=True)
    assert final.startswith("1,5") and "xem lại" in final
    assert html.find("a", class_="snap")["href"] == index["http://thcs-nguyenvancu.tptdm.edu.vn"]
    summary = BeautifulSoup((out / "summary.html").read_text(encoding="utf-8"), "lxml")
    cells = [[td.get_text(" ", strip=True) for td in r.find_all("td")] for r in summary.select("table.schools tbody tr")]
    assert [c[1] for c in cells] == ["Trường khác", "Trường THCS Nguyễn Văn Cừ"]
    assert cells[0][3] == "chưa chạy" and cells[1][3] == "Thu thập đầy đủ"
    assert summary.find("a", href="nvc/report.html") is not None


def test_report_command_rebuilds_the_newest_results_of_a_year(stored_batch: dict[str, Any], capsys) -> None:
    out = stored_batch["out"] / "nam-hoc"
    assert main(["report", "--year", "2021-2022", "--out", str(out)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["nvc", "summary.html", "summary.xlsx"]
    assert main(["report", "--year", "2021-2022", "--batch", "dot-1"]) == 2
    assert "đúng một trong" in capsys.readouterr().err


def test_report_command_unknown_batch_is_bad_input(stored_batch: dict[str, Any], capsys) -> None:
    assert main(["report", "--batch", "khong-co", "--out", str(stored_batch["out"])]) == 2
    err = capsys.readouterr().err.strip()
    assert "không có đợt kiểm tra 'khong-co'" in err and len(err.splitlines()) == 1
