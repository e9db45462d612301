"""Incremental recrawl decisions (pure): when a listing has caught up with known posts."""
from __future__ import annotations

from datetime import date

from audit.crawl.memory import Memory, caught_up, remembered
from audit.crawl.plan import main_block, pick_sections
from audit.extract.discovery import Section
from audit.extract.listing import ListingBlock, ListingItem
from audit.posts.identity import Candidate

D = date(2023, 3, 1)


def _block(*items: tuple[str, str]) -> ListingBlock:
    return ListingBlock("li", tuple(ListingItem(f"https://t.edu.vn/{u}", title, D) for u, title in items))


def _memory(*items: tuple[str, str]) -> Memory:
    return Memory(tuple(Candidate(f"https://t.edu.vn/{u}", t, D, "article") for u, t in items), incremental=True)


def test_a_page_ending_with_known_posts_has_caught_up() -> None:
    known = _memory(("b", "Hội nghị cán bộ viên chức năm học"), ("c", "Kế hoạch tháng 3 năm 2023 của trường")).keys()
    assert caught_up(_block(("new", "Tin mới nhất hôm nay của trường"), ("b", "x"), ("c", "y")), known)
    assert not caught_up(_block(("b", "x"), ("new", "Tin mới nhất hôm nay của trường")), known)  # pinned on top
    assert not caught_up(_block(("b", "x")), known)
    assert not caught_up(_block(("b", "x"), ("c", "y")), frozenset())


def test_the_same_post_under_another_url_is_known_by_title_and_date() -> None:
    known = _memory(("tin-tuc/b", "Hội nghị cán bộ viên chức năm học"),
                    ("tin-tuc/c", "Kế hoạch tháng 3 năm 2023 của trường")).keys()
    other = _block(("a", "Tin mới"), ("hoat-dong/b", "Hội nghị cán bộ viên chức năm học"),
                   ("hoat-dong/c", "Kế hoạch tháng 3 năm 2023 của trường"))
    assert caught_up(other, known)


def test_remembered_rows_and_the_window() -> None:
    rows = [{"url": "https://t.edu.vn/a", "title": "A", "published": "2022-08-31", "date_source": "listing",
             "deleted": False},
            {"url": "https://t.edu.vn/b", "title": "B", "published": "2022-09-01", "date_source": "article",
             "deleted": True}]
    posts, deleted = remembered(rows)
    memory = Memory(posts, deleted, incremental=True)
    assert [c.url for c in memory.since(date(2022, 9, 1))] == ["https://t.edu.vn/b"]
    assert deleted == {"https://t.edu.vn/b"}
    assert len(memory.dated()) == 2


def test_a_last_page_with_one_post_is_still_the_listing() -> None:
    sidebar = _block(("s1", "x"), ("s2", "y"))
    last = ListingBlock("li", (ListingItem("https://t.edu.vn/z", "Bài cuối", D),))
    previous = {tuple(i.url for i in sidebar.items), ("https://t.edu.vn/p1", "https://t.edu.vn/p2")}
    assert main_block([sidebar, last], previous) is last
    assert main_block([sidebar, last], set()) is sidebar


def test_headlines_and_pagers_are_no_sections() -> None:
    found = [Section("https://t.edu.vn/tin-tuc", "Tin tức", "news"),
             Section("https://t.edu.vn/tin-tuc/a-1.html",
                     "Đoàn kiểm tra của Sở GD&ĐT làm việc tại trường ngày 18/3", "news")]
    assert [s.label for s in pick_sections(found, ("news",), set(), 10)] == ["Tin tức"]


def test_pager_links_are_not_sections() -> None:
    from audit.extract.discovery import sections
    html = """<html><body><ul class="menu"><li><a href="/tin-tuc">Tin tức</a></li></ul>
    <div class="pager"><a href="/tin-tuc?p=2">2</a> <a href="/tin-tuc?p=3">Trang 3</a>
    <a href="/tin-tuc/page/2/">Trang sau »</a> <a href="/tin-tuc?p=9">Cuối »</a></div></body></html>"""
    assert [s.url for s in sections(html, "https://t.edu.vn/")] == ["https://t.edu.vn/tin-tuc"]


def test_a_long_menu_label_is_still_a_section() -> None:
    found = [Section("https://t.edu.vn/tin-tuc-su-kien-hoat-dong", "Tin tức - Sự kiện - Hoạt động của nhà trường",
                     "news"),
             Section("https://t.edu.vn/hoat-dong/to-chuc-le-khai-giang-nam-hoc-moi-2022-4412.html",
                     "Tổ chức lễ khai giảng năm học mới 2022 - 2023 tại trường", "news"),
             Section("https://t.edu.vn/index.php?p=1234", "Hội nghị cán bộ viên chức người lao động năm học", "news")]
    assert [s.url for s in pick_sections(found, ("news",), set(), 10)] == [found[0].url]
