"""An article's own date: meta first, then the byline by the title, never a related post's."""
from __future__ import annotations

from datetime import date

from audit.extract.article import article_date, article_facts, canonical_url

RELATED = """<div class="related"><h3>Tin cùng chuyên mục</h3><ul>
<li><a href="/a">Hội thao chào mừng 20/11</a> (25/11/2026)</li><li><a href="/b">Khai giảng</a> (05/09/2026)</li></ul></div>"""


def test_vhv_meta_published_time() -> None:
    html = """<html><head><meta property="article:published_time" itemprop="datePublished"
    content="2021-05-14T08:47:24+0700"></head><body><h1>Hội nghị viên chức</h1>""" + RELATED + "</body></html>"
    assert article_date(html) == (date(2021, 5, 14), "meta")


def test_json_ld() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "datePublished": "2022-09-04T17:30:00Z"}</script></head><body><h1>Tin</h1></body></html>"""
    assert article_date(html) == (date(2022, 9, 5), "meta")


def test_hcm_byline_not_zero_padded_and_related_block_ignored() -> None:
    html = """<html><body><div class="menu">Tin mới (01/01/2027)</div>
    <div class="qi"><h1 class="title">Tập huấn chuyển đổi số cho giáo viên</h1>
    <div class="date">Thứ sáu, 18/9/2026, 20:22 , Lượt đọc : 600</div>
    <div class="qicontentdetail">Sáng nay nhà trường tổ chức tập huấn ...</div>""" + RELATED + "</div></body></html>"
    assert article_date(html) == (date(2026, 9, 18), "article")


def test_date_above_the_title() -> None:
    html = """<html><body><div class="post"><span class="d">Thứ hai - 05/09/2023 08:15</span>
    <h1>Họp phụ huynh đầu năm</h1><p>Nội dung bài viết không có ngày.</p>""" + RELATED + "</div></body></html>"
    assert article_date(html) == (date(2023, 9, 5), "article")


def test_only_related_dates_means_no_date() -> None:
    html = "<html><body><h1>Thông báo nghỉ lễ</h1><p>Nội dung.</p>" + RELATED + "</body></html>"
    assert article_date(html) == (None, "")


def test_title_date_is_not_the_publication_date() -> None:
    html = """<html><body><h1>Lịch công tác Tuần 3 (21/09 - 25/09)</h1>
    <p>Đăng lúc: 20/09/2021</p></body></html>"""
    assert article_date(html) == (date(2021, 9, 20), "article")


def test_canonical() -> None:
    html = '<html><head><link rel="canonical" href="http://x.edu.vn/tin/a/ct/1/2"></head><body></body></html>'
    assert canonical_url(html) == "http://x.edu.vn/tin/a/ct/1/2" and canonical_url("<p>x</p>") is None


def test_a_dated_title_and_a_body_repeating_it_are_not_the_byline() -> None:
    html = """<html><body><h1>Thông báo lịch kiểm tra ngày 24/10/2021</h1>
    <div class="date">Thứ hai, 18/10/2021, 07:30 , Lượt đọc : 12</div>
    <div class="qicontentdetail">Thông báo lịch kiểm tra ngày 24/10/2021 như sau: các lớp kiểm tra giữa kỳ.</div>
    </body></html>"""
    assert article_date(html) == (date(2021, 10, 18), "article")
    no_byline = "<html><body><h1>Thông báo lịch kiểm tra ngày 24/10/2021</h1><p>Thông báo lịch kiểm tra ngày 24/10/2021.</p></body></html>"
    assert article_date(no_byline)[0] != date(2021, 10, 24)


def test_a_byline_equal_to_the_title_date_is_kept() -> None:
    html = "<html><body><h1>Khai giảng ngày 5/9/2022</h1><p class='d'>Đăng lúc: 05/09/2022</p></body></html>"
    assert article_date(html) == (date(2022, 9, 5), "article")


def test_where_the_date_stands_is_the_templates_fingerprint() -> None:
    html = """<html><body><h1>Hội thao</h1><p class="detail-date">23 Tháng 9, 2021</p><p>Nội dung.</p></body></html>"""
    facts = article_facts(html, "http://x/hoi-thao.html")
    assert (facts.published, facts.where) == (date(2021, 9, 23), "p.detail-date")
    meta = '<html><head><meta property="article:published_time" content="2021-05-14T08:47:24+0700"></head></html>'
    assert article_facts(meta, "http://x/a").where == "meta:article:published_time"


def test_a_time_of_the_related_block_is_not_the_articles() -> None:
    html = """<html><body><h1>Chuyên đề môn Ngữ văn lớp 7</h1><div class="bv-info">Cập nhật lúc 09:57 01/09/2020 |
    Lượt xem: 2743 | Tác giả: Nguyễn Văn Hùng</div><div class="tin-khac"><h3>Các tin khác</h3><ul><li><a href="/b">Bài
    khác</a> <time datetime="2025-06-09T08:00:00+07:00">09/06/2025</time></li></ul></div></body></html>"""
    assert article_facts(html, "http://x/a").published == date(2020, 9, 1)


def test_no_guess_on_the_first_of_a_month_the_title_names() -> None:
    html = "<html><head><title>Lịch công tác tháng 3/2023</title></head><body><h1>Lịch công tác tháng 3/2023</h1>" \
           "<p>Nhà trường thông báo lịch công tác.</p></body></html>"
    assert article_facts(html, "http://x/a").published is None


def test_a_language_copy_names_its_original_and_a_stub_forwards() -> None:
    copy = """<html lang="en"><head><link rel="alternate" hreflang="vi" href="../index.html">
    <link rel="alternate" hreflang="vi" href="../bai-viet.html"></head><body><h1>Post</h1></body></html>"""
    assert article_facts(copy, "http://x/en/post.html").original == "http://x/bai-viet.html"
    assert article_facts(copy.replace('lang="en"', 'lang="vi"'), "http://x/en/post.html").original is None
    stub = """<html><head><meta http-equiv="refresh" content="0; url=https://baodautu.vn/x.html"><title>Page has moved
    </title></head><body><a href="https://baodautu.vn/x.html">Click here...</a></body></html>"""
    assert article_facts(stub, "http://x/hao-hung").forward == "https://baodautu.vn/x.html"


def test_a_documents_page_and_its_links() -> None:
    doc = """<html><body><h1>Kế hoạch số 12/KH-THCS</h1><table><tr><td>Số hiệu</td><td>12/KH-THCS</td></tr>
    <tr><td>Ngày ban hành</td><td>05/09/2022</td></tr></table></body></html>"""
    assert article_facts(doc, "http://x/vb/1").document
    post = """<html><body><h1>Khai giảng</h1><p>Đăng lúc: 05/09/2022</p><a href="/tin/hoi-thao-chao-mung.html">Hội thao
    chào mừng ngày 20/11</a><a class="next" href="/tin/b.html">Bài sau »</a><a href="/lien-he">Liên hệ</a></body></html>"""
    facts = article_facts(post, "http://x/tin/a.html")
    assert not facts.document and facts.links == ("http://x/tin/hoi-thao-chao-mung.html", "http://x/tin/b.html")
