"""Post metrics over a school year's window (contract `posts`)."""
from __future__ import annotations

from datetime import date, timedelta

from audit.posts.metrics import post_metrics, weeks_overlapping

START, END = date(2021, 9, 1), date(2022, 5, 31)


def test_weeks_run_monday_to_sunday_and_overlap_the_window() -> None:
    weeks = weeks_overlapping(START, END)  # 1/9/2021 is a Wednesday, 31/5/2022 a Tuesday
    assert weeks[0] == date(2021, 8, 30) and weeks[-1] == date(2022, 5, 30) and len(weeks) == 40


def test_window_edges_are_included_and_outside_posts_ignored() -> None:
    days = [date(2021, 8, 31), START, END, date(2022, 6, 1)]
    m = post_metrics(days, START, END)
    assert m.total_in_window == 2 and m.by_month == {"2021-09": 1, "2022-05": 1}


def test_average_and_weeks_meeting_target() -> None:
    days = [START + timedelta(days=i) for i in range(0, 7 * 40, 2)]  # every other day
    m = post_metrics(days, START, END, weekly_target=3)
    assert m.total_in_window == len([d for d in days if d <= END])
    assert m.per_week_average == round(m.total_in_window / 40, 2)
    assert 0 < m.weeks_meeting_target <= 40


def test_longest_gap() -> None:
    m = post_metrics([date(2021, 9, 10), date(2021, 12, 1)], START, END)
    assert m.longest_gap == ("2021-12-02", "2022-05-31") and m.longest_gap_days == 181


def test_no_posts_is_a_measured_zero_with_the_whole_window_as_gap() -> None:
    m = post_metrics([], START, END, weekly_target=3)
    assert m.total_in_window == 0 and m.per_week_average == 0 and m.weeks_meeting_target == 0
    assert m.longest_gap_days == (END - START).days + 1
