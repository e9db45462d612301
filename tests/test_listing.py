"""Listing blocks found by structure on pages shaped like the real platforms (and unseen ones)."""
from __future__ import annotations

from datetime import date

from audit.extract.listing import find_blocks

BASE = "http://127.0.0.1:8000/"

VHV = """<html><body><div class="menu"><a href="/gioi-thieu.html">Giới thiệu chung về trường</a></div>
<div class="main">
<div class="news-listType10"><h2><a href="/tin-tuc-thong-bao/hoat-dong/le-khai-giang.html">Lễ khai giảng năm học 2021-2022</a></h2>
 <span class="time-news">05/09/21</span> <span class="category-news">Hoạt động</span> <span>Lượt xem: 120</span></div>
<div class="news-listType10"><h2><a href="/tin-tuc-thong-bao/hoat-dong/tuan-3.html">Lịch công tác Tuần 3 (21/09 - 25/09)</a></h2>
 <span class="time-news">20/09/21</span></div>
<div class="news-listType10"><h2><a href="/tin-tuc-thong-bao/hoat-dong/ke-hoach.html">Kế hoạch tháng 10/2021 của nhà trường</a></h2>
 <span class="time-news">30/09/21</span></div>
</div>
<div class="sidebar"><h3>Tin mới</h3><ul>
<li><a href="/tin-tuc-thong-bao/hoat-dong/le-khai-giang.html">Lễ khai giảng năm học 2021-2022</a> (05/09/2021)</li>
<li><a href="/x/hoi-thao.html">Hội thao chào mừng ngày 20/11</a> (15/11/2021)</li></ul></div></body></html>"""

NUKEVIET = """<html><body><div id="content">
<div class="news_column"><div class="panel"><h3><a href="/tin-tuc/hop-phu-huynh-12.html" title="Họp phụ huynh đầu năm">
<img src="/a.jpg"></a><a href="/tin-tuc/hop-phu-huynh-12.html">Họp phụ huynh học sinh đầu năm học</a></h3>
<ul><li><em class="fa fa-clock-o"></em> 05/09/2023 08:15:00</li><li>Lượt xem: 33</li></ul></div></div>
<div class="news_column"><div class="panel"><h3><a href="/tin-tuc/chuyen-de-toan-13.html">Chuyên đề Toán cấp trường lớp 6</a></h3>
<ul><li><em class="fa fa-clock-o"></em> 1/10/2023 00:30:00</li></ul></div></div>
</div></body></html>"""

TABLE = """<html><body><table class="list"><tr><th>Tiêu đề</th><th>Ngày đăng</th></tr>
<tr><td><a href="?id=1">Kết quả thi học sinh giỏi cấp huyện</a></td><td>Ngày đăng: 12-09-2022</td></tr>
<tr><td><a href="?id=2">Tập huấn chuyển đổi số cho giáo viên</a></td><td>08:30 05/09/2022</td></tr>
<tr><td><a href="?id=3">Hội nghị cán bộ, viên chức năm học mới</a></td><td>ngày 31 tháng 8 năm 2022</td></tr>
</table><p><a href="?p=2">2</a> <a href="?p=2">»</a></p></body></html>"""

WORDPRESS = """<html><body><main>
<article class="post type-post"><h2 class="entry-title"><a href="/2022/09/khai-giang/">Khai giảng năm học mới 2022-2023</a></h2>
<time class="entry-date" datetime="2022-09-04T17:30:00+00:00">04/09/2022</time></article>
<article class="post type-post"><h2 class="entry-title"><a href="/2022/08/don-hoc-sinh/">Đón học sinh lớp 6 nhập học</a></h2>
<time class="entry-date" datetime="2022-08-31T08:00:00+07:00">31/08/2022</time></article>
</main><a class="next" rel="next" href="/category/tin-tuc/page/2/">Trang sau</a></body></html>"""

UNDATED = """<html><body><ul class="tin">
<li><a href="/bai/1">Hoạt động trải nghiệm tại bảo tàng</a></li>
<li><a href="/bai/2">Giải bóng đá học sinh chào mừng 26/3</a></li>
<li><a href="/bai/3">Tuyên truyền an toàn giao thông</a></li></ul></body></html>"""


def titles_and_dates(html: str) -> list[tuple[str, date | None]]:
    block = find_blocks(html, BASE)[0]
    return [(i.title, i.published) for i in block.items]


def test_vhv_two_digit_years_and_title_dates_ignored() -> None:
    assert titles_and_dates(VHV) == [
        ("Lễ khai giảng năm học 2021-2022", date(2021, 9, 5)),
        ("Lịch công tác Tuần 3 (21/09 - 25/09)", date(2021, 9, 20)),
        ("Kế hoạch tháng 10/2021 của nhà trường", date(2021, 9, 30)),
    ]


def test_sidebar_is_its_own_block() -> None:
    blocks = find_blocks(VHV, BASE)
    sidebar = [b for b in blocks if any("Hội thao" in i.title for i in b.items)]
    assert len(sidebar) == 1 and len(sidebar[0].items) == 2
    assert sidebar[0].items[1].published == date(2021, 11, 15)


def test_nukeviet_image_and_title_links_are_one_item() -> None:
    assert titles_and_dates(NUKEVIET) == [
        ("Họp phụ huynh học sinh đầu năm học", date(2023, 9, 5)),
        ("Chuyên đề Toán cấp trường lớp 6", date(2023, 10, 1)),
    ]


def test_unseen_table_layout_with_mixed_date_formats() -> None:
    block = find_blocks(TABLE, "http://127.0.0.1:8000/tin-tuc.aspx")[0]
    assert [i.published for i in block.items] == [date(2022, 9, 12), date(2022, 9, 5), date(2022, 8, 31)]
    assert block.items[0].url == "http://127.0.0.1:8000/tin-tuc.aspx?id=1"


def test_time_element_gives_the_vietnamese_day() -> None:
    assert titles_and_dates(WORDPRESS) == [
        ("Khai giảng năm học mới 2022-2023", date(2022, 9, 5)),
        ("Đón học sinh lớp 6 nhập học", date(2022, 8, 31)),
    ]


def test_listing_without_dates_keeps_items_undated() -> None:
    block = find_blocks(UNDATED, BASE)[0]
    assert len(block.items) == 3 and block.dated_share == 0.0
    assert all(i.published is None for i in block.items)


def test_garbage_gives_no_blocks() -> None:
    assert find_blocks("", BASE) == [] and find_blocks(b"\x00\x01", BASE) == []


def test_a_full_date_in_a_title_is_not_the_items_date() -> None:
    html = """<div class="news-listType10 clearfix"><div class="image"><a href="/a.html"><img src="/x.jpg"></a></div>
    <h2><a href="/a.html" title="Thông báo lịch kiểm tra ngày 24/5/2022">Thông báo lịch kiểm tra ngày 24/5/2022</a></h2>
    <span class="time-news">18/05/22</span></div>
    <div class="news-listType10 clearfix"><h2><a href="/b.html">Đoàn kiểm tra làm việc tại trường ngày 20/12/2021</a></h2>
    <span class="time-news">15/12/21</span></div>"""  # a redraw fragment: no html or body
    assert titles_and_dates(html) == [("Thông báo lịch kiểm tra ngày 24/5/2022", date(2022, 5, 18)),
                                      ("Đoàn kiểm tra làm việc tại trường ngày 20/12/2021", date(2021, 12, 15))]


def test_id_classes_do_not_split_a_listing() -> None:
    html = "".join(f'<article class="post post-{n} type-post"><h2><a href="/p/{n}/">Bài viết số {n} của nhà trường</a>'
                   f'</h2><time datetime="2022-09-0{n}T08:00:00+07:00">0{n}/09/2022</time></article>' for n in range(1, 5))
    assert len(find_blocks(f"<main>{html}</main>", BASE)[0].items) == 4


def test_an_excerpt_repeating_a_dated_title_gives_no_date() -> None:
    html = "".join(f'<article class="post"><h2><a href="/p/{n}/">Thông báo lịch kiểm tra ngày {n}/11/2021</a></h2>'
                   f'<div class="entry-summary"><p>Thông báo lịch kiểm tra ngày {n}/11/2021 […]</p></div></article>'
                   for n in (12, 20))
    block = find_blocks(f"<main>{html}</main>", BASE)[0]
    assert [i.published for i in block.items] == [None, None]


def test_undeclared_utf8_bytes_and_xhtml_declarations() -> None:
    rows = "".join(f'<li><a href="/t/{n}">Hội nghị cán bộ viên chức lần {n}</a> ngày {n} tháng 9 năm 2022</li>'
                   for n in (1, 2))
    for html in (f"<ul>{rows}</ul>".encode(), f'<?xml version="1.0" encoding="utf-8"?><html><body><ul>{rows}</ul></body></html>'):
        block = find_blocks(html, BASE)[0]
        assert [i.published for i in block.items] == [date(2022, 9, 1), date(2022, 9, 2)]
        assert block.items[0].title == "Hội nghị cán bộ viên chức lần 1"
