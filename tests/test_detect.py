"""Detectors for disclosure, forms, portal contents, visits and integration on varied markup."""
from __future__ import annotations

import pytest

from audit.detect import Page
from audit.detect.contents import detect_contents
from audit.detect.disclosure import detect_disclosure, is_disclosure
from audit.detect.forms import classify_form, detect_forms
from audit.detect.integration import integration_share, listed_in
from audit.detect.visits import read_counter, visits_finding
from audit.extract.discovery import Section

BASE = "http://127.0.0.1:8000/"


def page(html: str, url: str = BASE, kind: str = "disclosure") -> Page:
    return Page(url, kind, html.encode())


@pytest.mark.parametrize("label", ["Công khai", "BA CÔNG KHAI", "3 công khai", "Thông tin công khai", "Cong khai"])
def test_disclosure_labels(label: str) -> None:
    assert is_disclosure(label)


def test_disclosure_sections_per_year_and_groups() -> None:
    html = """<h1>Công khai</h1><p>Thực hiện Thông tư 36/2017/TT-BGDĐT (năm học 2017-2018 ban hành).</p>
    <h2>Công khai năm học 2021-2022</h2><ul><li><a href="/u/b1.pdf">Biểu 1: Cam kết chất lượng giáo dục năm học 2021-2022</a></li>
    <li><a href="/u/b2.pdf">Biểu 2: Điều kiện đảm bảo chất lượng: cơ sở vật chất, đội ngũ</a></li></ul>
    <h2>Công khai năm học 2020-2021</h2>"""
    f = detect_disclosure([page(html, BASE + "cong-khai.html")], [])
    assert f.values["years"] == ["2020-2021", "2021-2022"]  # the year cited in the paragraph is not one
    assert f.values["groups"] == ["quality", "conditions"] and f.values["url"] == BASE + "cong-khai.html"


def test_disclosure_only_as_news_posts() -> None:
    titled = [("Bảng ba công khai năm học 2020-2021", BASE + "tin/ba-cong-khai-2020.html"),
              ("Khai giảng năm học 2021-2022", BASE + "tin/khai-giang.html")]
    f = detect_disclosure([], titled)
    assert f.values["found"] and f.values["years"] == ["2020-2021"]
    assert f.values["items"][0]["kind"] == "post"


def test_no_disclosure_is_a_measured_absence() -> None:
    f = detect_disclosure([], [("Khai giảng năm học 2021-2022", BASE + "x")])
    assert f.tested and not f.values["found"] and f.values["years"] == []


@pytest.mark.parametrize("text, kind", [
    ("Mẫu đơn xin nghỉ học", "leave_request"), ("Đơn xin phép nghỉ học", "leave_request"),
    ("don-xin-nghi-hoc.docx", "leave_request"), ("Mẫu đơn xin phúc khảo bài kiểm tra, bài thi", "regrade_request"),
    ("Mẫu đơn đề nghị phúc khảo bài thi", "regrade_request"), ("Thông tin tuyển sinh lớp 6 năm học 2022-2023", "admission_info"),
    ("Kế hoạch xét tuyển đầu cấp", "admission_info"), ("Thủ tục hành chính", "admin_procedure"),
    ("Đơn xin nghỉ phép (dành cho giáo viên)", None), ("Kết quả phúc khảo học kỳ I", None),
    ("Lịch nghỉ học tránh bão", None), ("Khai giảng năm học mới", None),
])
def test_classify_form(text: str, kind: str | None) -> None:
    assert classify_form(text) == kind


def test_forms_as_files_pages_and_posts() -> None:
    html = """<h1>Biểu mẫu</h1><ul><li><a href="/uploads/mau-don-xin-nghi-hoc.docx">Tải về</a></li>
    <li><a href="/bieu-mau/phuc-khao.html">Mẫu đơn xin phúc khảo</a></li>
    <li><a href="/uploads/nghi-phep-gv.doc">Đơn xin nghỉ phép (dành cho giáo viên)</a></li></ul>"""
    f = detect_forms([page(html, BASE + "bieu-mau.html", "forms")],
                     [("Thông tin tuyển sinh lớp 1 năm học 2022-2023", BASE + "tin/ts.html")])
    assert f.values["found"] == ["leave_request", "regrade_request", "admission_info"]
    by_kind = {i["kind"]: i for i in f.values["items"]}
    assert by_kind["leave_request"]["as"] == "file" and by_kind["admission_info"]["as"] == "post"
    assert by_kind["leave_request"]["url"].endswith("mau-don-xin-nghi-hoc.docx")


def test_contents_from_menus_and_introduction_headings() -> None:
    sections = [Section(BASE + "gioi-thieu", "Giới thiệu", "introduction"), Section(BASE + "tin", "Tin tức", "news"),
                Section(BASE + "anh", "Thư viện ảnh", "photo_album"), Section(BASE + "dead", "Hỏi đáp", "qa")]
    intro = page("<h1>Giới thiệu</h1><h2>Ban Giám hiệu</h2><p>…</p><h2>Liên hệ</h2>", BASE + "gioi-thieu", "introduction")
    f = detect_contents(sections, {BASE + "gioi-thieu", BASE + "tin", BASE + "anh"}, [intro])
    assert f.values["present"] == ["introduction", "organisation", "contact", "news", "photo_album"]
    assert "qa" in f.values["missing"]  # linked, but its page did not answer
    assert f.values["urls"]["organisation"] == BASE + "gioi-thieu"


@pytest.mark.parametrize("html, total", [
    ("<div>Lượt truy cập<br>Đang online: 12<br>Hôm nay: 345<br>Tổng lượt truy cập: 1.234.567</div>", 1234567),
    ("<p>Đã truy cập: 1,234,567</p>", 1234567), ("<span>Tổng lượt truy cập</span> <b>1 234 567</b>", 1234567),
    ("<li>Lượt truy cập: 98765</li>", 98765),
])
def test_counter_formats(html: str, total: int) -> None:
    reading = read_counter(html)
    assert reading is not None and reading["total"] == total


def test_no_counter() -> None:
    assert read_counter("<p>Năm học 2021-2022, 1.234 học sinh</p>") is None


def test_visits_need_two_days() -> None:
    one = [{"at": "2022-05-01T20:00:00+00:00", "total": 1_000_000}]
    f = visits_finding(one)
    assert not f.tested and "1.000.000" in f.reason and f.values["readings"] == one
    two = one + [{"at": "2022-05-03T20:00:00+00:00", "total": 1_000_700}]
    f = visits_finding(two)
    assert f.tested and f.values["per_day"] == 350.0
    assert not visits_finding([]).tested


def test_same_day_in_vietnam_is_one_day() -> None:
    readings = [{"at": "2022-05-01T17:30:00+00:00", "total": 10}, {"at": "2022-05-02T16:00:00+00:00", "total": 20}]
    assert not visits_finding(readings).tested  # both on 2 May in Asia/Ho_Chi_Minh


def test_directory_listing_and_integration_share() -> None:
    html = '<a href="http://thcs-a.tptdm.edu.vn/">THCS A</a><a href="/dsdonvi.aspx?p=2">2</a>'
    assert listed_in(html, "http://tptdm.edu.vn/dsdonvi.aspx", "http://thcs-a.tptdm.edu.vn/tin-tuc")
    assert not listed_in(html, "http://tptdm.edu.vn/dsdonvi.aspx", "http://thcs-b.tptdm.edu.vn/")
    results = [{"school": {"url": u}} for u in ("http://a.hcm.edu.vn", "http://b.hcm.edu.vn", "http://c.edu.vn",
                                                "http://evilhcm.edu.vn")]
    share = integration_share(results, "hcm.edu.vn")
    assert share.values["share"] == 50.0 and share.values["integrated"] == 2
    assert not integration_share([], "hcm.edu.vn").tested
