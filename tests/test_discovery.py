"""Discovery from page structure and Vietnamese wording: sections, pagination, feeds, sitemaps."""
from __future__ import annotations

from datetime import date

import pytest

from audit.extract.discovery import (Section, breadcrumbs, classify, family_sections, feed_links,
                                     language_alternates, next_pages, page_number, pager_facts, parse_sitemap,
                                     sections)
from audit.extract.listing import parse_html

BASE = "http://127.0.0.1:8000/"

HOME = """<html><head><link rel="alternate" type="application/rss+xml" href="/news/rss/"></head><body>
<ul class="menu"><li><a href="/gioi-thieu.html">Giới thiệu</a><ul><li><a href="/so-do-to-chuc.html">Sơ đồ tổ chức</a></li></ul></li>
<li><a href="/tin-tuc-thong-bao.html">Tin tức - Thông báo</a><ul><li><a href="/tin-tuc-thong-bao/hoat-dong.html">Hoạt động</a></li>
<li><a href="/tin-tuc-thong-bao/thi-dua-khen-thuong.html">Thi đua - Khen thưởng</a></li></ul></li>
<li><a href="/van-ban-cong-van.html">Văn bản - Công văn</a></li><li><a href="/tai-nguyen.html">Tài nguyên</a></li>
<li><a href="/cong-khai.html">Công khai</a></li><li><a href="/bieu-mau.html">Biểu mẫu</a></li>
<li><a href="/lien-he.html">Liên hệ</a></li><li><a href="http://other.edu.vn/tin-tuc">Tin tức Sở</a></li>
<li><a href="/c/123">TIN HOẠT ĐỘNG</a></li></ul></body></html>"""


def test_sections_by_wording() -> None:
    kinds = {s.label: s.kind for s in sections(HOME, BASE)}
    assert kinds["Tin tức - Thông báo"] == "news" and kinds["Hoạt động"] == "news"
    assert kinds["Thi đua - Khen thưởng"] == "news" and kinds["TIN HOẠT ĐỘNG"] == "news"
    assert kinds["Văn bản - Công văn"] == "documents" and kinds["Tài nguyên"] == "resources"
    assert kinds["Công khai"] == "disclosure" and kinds["Biểu mẫu"] == "forms"
    assert kinds["Sơ đồ tổ chức"] == "organisation" and kinds["Liên hệ"] == "contact"
    assert "Tin tức Sở" not in kinds  # another site


@pytest.mark.parametrize("label, url, kind", [
    ("BA CÔNG KHAI", "", "disclosure"), ("Thông tin công khai", "", "disclosure"),
    ("Thủ tục hành chính", "", "forms"), ("", "http://x/tin-tuc/c/5", "news"),
    ("Kho học liệu", "", "resources"), ("Album ảnh", "", "photo_album"), ("Hỏi đáp", "", "qa"),
    ("Trang chủ", "", None),
])
def test_classify(label: str, url: str, kind: str | None) -> None:
    assert classify(label, url) == kind


@pytest.mark.parametrize("url, n", [
    ("http://x/tin?page=3", 3), ("http://x/tin?p=2", 2), ("http://x/tin-tuc/page-4", 4),
    ("http://x/category/tin-tuc/page/5/", 5), ("http://x/tin-tuc", None),
])
def test_page_number(url: str, n: int | None) -> None:
    assert page_number(url) == n


def test_next_pages_rel_next_words_and_numbers() -> None:
    html = """<html><head><link rel="next" href="/tin/page/2/"></head><body>
    <div class="pager"><a href="/tin/page/1/">1</a> <a href="/tin/page/2/">2</a> <a href="/tin/page/3/">3</a>
    <a href="/tin/page/2/">Trang sau</a> <a href="javascript:go(2)">»</a></div></body></html>"""
    assert next_pages(html, "http://x/tin/") == ["http://x/tin/page/2/", "http://x/tin/page/3/"]


def test_feeds() -> None:
    assert feed_links(HOME, BASE) == ["http://127.0.0.1:8000/news/rss/"]


def test_sitemap_and_index() -> None:
    xml = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>http://x/a/ct/1/2</loc><lastmod>2021-09-04T17:30:00Z</lastmod></url>
    <url><loc>http://x/b</loc></url></urlset>"""
    pages, children = parse_sitemap(xml)
    assert pages == [("http://x/a/ct/1/2", date(2021, 9, 5)), ("http://x/b", None)] and children == []
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>http://x/sitemap-1.xml</loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index) == ([], ["http://x/sitemap-1.xml"])
    assert parse_sitemap(b"<html>not xml") == ([], [])


def test_menu_children_inherit_their_parents_kind() -> None:
    html = """<ul><li><a href="/tin">Tin tức</a><ul><li><a href="/tuyen-dung">Tuyển dụng</a></li>
    <li><a href="/goc-nhin">Góc nhìn chuyên gia</a></li></ul></li>
    <li><a href="/vb">Văn bản</a><ul><li><a href="/vb/thong-bao">Thông báo</a></li>
    <li><a href="/vb/so">Công văn của Sở</a></li></ul></li></ul>"""
    kinds = {s.label: s.kind for s in sections(html, BASE)}
    assert kinds["Tuyển dụng"] == "news" and kinds["Góc nhìn chuyên gia"] == "news"
    assert kinds["Thông báo"] == "documents" and kinds["Công văn của Sở"] == "documents"
    table = """<table><tr><td class="menu"><a href="/van-ban">Văn bản chỉ đạo</a>
    <div class="submenu">- <a href="/thong-bao">Thông báo</a></div></td></tr></table>"""
    assert {s.label: s.kind for s in sections(table, BASE)}["Thông báo"] == "documents"


def test_pagers_language_switches_and_neighbours_are_no_sections() -> None:
    html = """<a href="/tin-tuc?page=3">Xem thêm</a><a href="/en/news">ENG</a><a href="/tin-tuc/bai-1.html">« Bài trước</a>
    <a href="/tin-tuc/ke-hoach-tuan-18.html">Kế hoạch tuần 18 (30/12 - 03/01)</a><a href="/tin-tuc/">Tin tức</a>"""
    assert [s.label for s in sections(html, BASE)] == ["Tin tức"]


@pytest.mark.parametrize("html, announced, script", [
    ('<div class="pg"><a href="/t?page=2">2</a><a href="/t?page=12">12</a></div>', 12, False),
    ("<div>Trang 1/52 <a href='/t/page/2/'>Trang sau ›</a></div>", 52, False),
    ("<p>Kế hoạch tháng 11/2023</p><a href='/t?p=2'>Trang sau</a><p>Ngày 1/11</p><a href='/t?p=2'>Trang sau</a>", None,
     False),
    ('<ul><li><a onclick="loadPage(2)">2</a></li><li><a onclick="loadPage(9)">Cuối</a></li></ul>', 2, True),
    ('<div class="tong-so">Tổng số: 181 tin</div>', 19, False),
])
def test_pager_announcements(html: str, announced: int | None, script: bool) -> None:
    pager = pager_facts(f"<html><body>{html}</body></html>", "http://x/t", per_page=10)
    assert (pager.announced, pager.script_only) == (announced, script)


def test_next_links_with_arrows_and_more() -> None:
    for label in ("Trang sau ›", "Xem thêm", "Next »", "»»"):
        assert next_pages(f'<a href="/t?p=2">{label}</a>', "http://x/t") == ["http://x/t?p=2"], label


def test_tabs_of_a_listing_are_its_family() -> None:
    html = """<a href="tin-tucc0b0.html?cate=15">Mầm non</a><a href="tin-tuc65fd.html?cate=8">Tất cả</a>
    <a href="tin-tuc.html?cate=8&amp;page=2">2</a><a href="lien-he.html?x=1">Liên hệ</a>"""
    found = family_sections(html, "http://x/tin-tuc.html", Section("http://x/tin-tuc.html", "Tin tức", "news"))
    assert [(s.label, s.kind) for s in found] == [("Mầm non", "news"), ("Tất cả", "news")]


def test_breadcrumbs_and_language_alternates() -> None:
    html = """<html><head><link rel="alternate" hreflang="en" href="/en/bai.html">
    <link rel="alternate" hreflang="vi" href="/bai.html"></head><body>
    <ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/category/hoat-dong">Hoạt động học đường</a></li>
    <li><a href="javascript:;">Bài</a></li></ol><a href="/en/bai.html">ENG</a></body></html>"""
    crumbs = breadcrumbs(parse_html(html), "http://x/bai.html")
    assert [(s.label, s.kind) for s in crumbs] == [("Hoạt động học đường", "news")]
    assert language_alternates(html, "http://x/bai.html") == ["http://x/en/bai.html"]
