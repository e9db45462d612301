"""What changed between two results of a school: posts counted, totals, criteria whose status or proposal moved."""
from __future__ import annotations

import copy
from typing import Any

from audit.report.changes import changes, posts_counted


def result(posts: int, items: int = 2) -> dict[str, Any]:
    """A small result: `posts` counted, `items` of them listed, three criteria."""
    return {
        "crawl": {"status": "ok"}, "window": {"start": "2022-09-01", "end": "2023-05-31"},
        "posts": {"status": "ok", "total_in_window": posts,
                  "items": [{"url": f"http://a.vn/tin/{i}", "title": f"Tin {i}", "published": f"2023-05-0{i + 1}",
                   "urls": [f"http://a.vn/tin/{i}", f"http://a.vn/muc-khac/tin/{i}"]}
                            for i in range(items)]},
        "evidence": [{"file": "ke-hoach.pdf"}],
        "criteria": [{"id": "1.1", "title": "Cổng có tin bài", "status": "contradicted", "self": 5, "proposed": 3},
                     {"id": "1.2", "title": "Công khai", "status": "confirmed", "self": 2, "proposed": 2},
                     {"id": "2.1", "title": "Kế hoạch", "status": "unverifiable", "self": 4, "proposed": None}],
        "totals": {"self": 11, "proposed": 5, "discrepancies": 1, "needs_review": 0}}


def test_the_same_result_has_no_change() -> None:
    one = result(40)
    diff = changes(one, copy.deepcopy(one))
    assert not diff["changed"] and diff["criteria"] == [] and diff["new_posts"] == []
    assert diff["posts"] == {"before": 40, "after": 40, "difference": 0, "changed": False}


def test_one_more_post_moves_the_count_and_the_criterion() -> None:
    old, new = result(40), result(41, items=3)
    new["criteria"][0].update(status="confirmed", proposed=5)
    new["totals"].update(proposed=7, discrepancies=0)
    diff = changes(old, new)
    assert diff["changed"]
    assert diff["posts"] == {"before": 40, "after": 41, "difference": 1, "changed": True}
    assert [p["title"] for p in diff["new_posts"]] == ["Tin 2"]
    assert diff["totals"]["proposed"]["difference"] == 2 and diff["totals"]["discrepancies"]["difference"] == -1
    assert not diff["totals"]["self"]["changed"]
    (crit,) = diff["criteria"]
    assert crit["id"] == "1.1" and crit["status_before"] == "contradicted" and crit["status_after"] == "confirmed"
    assert crit["proposed"] == {"before": 3, "after": 5, "difference": 2, "changed": True}


def test_new_posts_are_those_of_the_window_not_seen_at_any_address() -> None:
    old, new = result(40), result(41, items=2)
    new["posts"]["items"][0]["url"] = "http://a.vn/muc-khac/tin/0"          # the same post, its other address
    new["posts"]["items"] += [{"url": "http://a.vn/tin/cu", "title": "Năm trước", "published": "2021-10-01"},
                              {"url": "http://a.vn/tin/moi", "title": "Mới", "published": "2023-05-20"},
                              {"url": "http://a.vn/tin/khong-ngay", "title": "Không ngày", "published": None}]
    assert [p["title"] for p in changes(old, new)["new_posts"]] == ["Mới"]


def test_a_status_change_without_a_score_change_is_listed() -> None:
    old, new = result(40), result(40)
    new["criteria"][2]["status"] = "needs_review"
    (crit,) = changes(old, new)["criteria"]
    assert crit["id"] == "2.1" and crit["proposed"]["difference"] is None and not crit["proposed"]["changed"]


def test_criteria_in_one_result_only_and_posts_not_checked() -> None:
    old, new = result(40), result(0, items=0)
    new["posts"] = {"status": "not_tested", "reason": "không đọc được cổng"}
    new["crawl"]["status"] = "failed"
    new["criteria"] = new["criteria"][:2] + [{"id": "3.1", "title": "Mới", "status": "confirmed", "proposed": 1}]
    diff = changes(old, new)
    assert posts_counted(new) is None
    assert diff["posts"] == {"before": 40, "after": None, "difference": None, "changed": True}
    assert diff["crawl"]["before"] == "ok" and diff["crawl"]["after"] == "failed"
    assert [c["id"] for c in diff["criteria"]] == ["3.1", "2.1"]
    assert diff["criteria"][1]["status_after"] is None
