"""The same post under several URLs or categories is one post."""
from __future__ import annotations

from datetime import date

from audit.posts.identity import Candidate, merge, url_key

D = date(2021, 9, 5)


def test_hcm_variants_are_one_post() -> None:
    urls = [f"http://thcs-a.hcm.edu.vn/tin-tuc/khai-giang/{v}/123/4567" for v in ("ct", "ctmb", "ctfull")]
    posts = merge(Candidate(u, "Lễ khai giảng năm học 2021-2022", None, "") for u in urls)
    assert len(posts) == 1 and set(posts[0].urls) == set(urls)


def test_normalisation() -> None:
    assert url_key("http://www.A.edu.vn/tin/x/?utm_source=fb#top") == url_key("http://a.edu.vn/tin/x")
    assert url_key("http://a.edu.vn/?id=2&cat=1") == url_key("http://a.edu.vn/?cat=1&id=2")
    assert url_key("http://a.edu.vn/?id=2") != url_key("http://a.edu.vn/?id=3")


def test_two_categories_same_title_and_date() -> None:
    posts = merge([
        Candidate("http://a.edu.vn/tin-tuc/hoat-dong/hoi-thao.html", "Hội thao chào mừng 20/11", D, "listing"),
        Candidate("http://a.edu.vn/doan-the/hoi-thao.html", "Hội thao chào mừng 20/11", D, "listing"),
        Candidate("http://a.edu.vn/tin-tuc/hoat-dong/khac.html", "Hội thao chào mừng 20/11", date(2022, 11, 20), "listing"),
    ])
    assert len(posts) == 2 and len(posts[0].urls) == 2


def test_best_date_source_and_canonical_win() -> None:
    posts = merge([
        Candidate("http://a.edu.vn/x?page=1", "Tập huấn chuyển đổi số", date(2021, 9, 4), "listing"),
        Candidate("http://a.edu.vn/x?page=1", "Tập huấn chuyển đổi số", date(2021, 9, 5), "meta",
                  canonical="http://a.edu.vn/tin/tap-huan"),
    ])
    assert len(posts) == 1
    assert (posts[0].published, posts[0].date_source, posts[0].url) == (date(2021, 9, 5), "meta", "http://a.edu.vn/tin/tap-huan")


def test_short_generic_titles_are_not_merged_by_title() -> None:
    posts = merge([Candidate("http://a.edu.vn/1", "Thông báo", D, "listing"),
                   Candidate("http://a.edu.vn/2", "Thông báo", D, "listing")])
    assert len(posts) == 2


def test_the_same_title_on_one_day_is_one_post_unless_shown_as_two() -> None:
    title = "Lịch công tác tháng 12/2020 (tiếp theo)"
    a = Candidate("http://x/doi/2636-lich.htm", title, D, "listing", origin="http://x/doi?p=2")
    b = Candidate("http://x/doi/2638-lich-2.htm", title, D, "listing", origin="http://x/doi?p=2")
    assert len(merge([a, b])) == 2                                 # one listing shows both
    other = Candidate("http://x/tin/2636-lich.htm", title, D, "listing", origin="http://x/tin")
    assert len(merge([a, other])) == 1                             # two categories, one post
    c1 = Candidate("http://x/a.html", title, D, "article", canonical="http://x/a.html")
    c2 = Candidate("http://x/a-1.html", title, D, "article", canonical="http://x/a-1.html")
    assert len(merge([c1, c2])) == 2                               # two canonical URLs: a re-post
    assert merge([c1, other])[0].via == frozenset()


def test_urls_of_one_shape_naming_different_posts_stay_two() -> None:
    title = "Hội nghị cán bộ, công chức, viên chức năm học"
    a = Candidate("http://x/tin-tuc/hoi-nghi-can-bo.html", title, D, "listing", origin="http://x/tin-tuc")
    b = Candidate("http://x/tin-tuc/hoi-nghi-can-bo-1.html", title, D, "listing", origin="http://x/cong-doan")
    assert len(merge([a, b])) == 2                                 # one shape, two leaves: two posts
    q1 = Candidate("http://x/?cat=1&id=5", title, D, "listing", origin="http://x/?cat=1")
    q2 = Candidate("http://x/?cat=2&id=5", title, D, "listing", origin="http://x/?cat=2")
    q3 = Candidate("http://x/?cat=2&id=6", title, D, "listing", origin="http://x/?cat=2")
    assert len(merge([q1, q2])) == 1                               # filed under two categories
    assert len(merge([q1, q3])) == 2
    d1 = Candidate("http://x/Default.aspx?tabid=77&cat=60&id=3366", title, D, "listing", origin="http://x/a")
    d2 = Candidate("http://x/Default.aspx?tabid=162&cat=53&id=3366", title, D, "listing", origin="http://x/b")
    assert len(merge([d1, d2])) == 1                               # the post's own id says it is one
    friendly = Candidate("http://x/tin/hoi-nghi.html", title, D, "listing", origin="http://x/tin")
    assert len(merge([q1, friendly])) == 1                         # two schemes, one post
