"""Discovery from page structure and Vietnamese wording: sections, pagination, feeds, sitemaps."""
from __future__ import annotations

from datetime import date

import pytest

from audit.extract.discovery import classify, feed_links, next_pages, page_number, parse_sitemap, sections

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
