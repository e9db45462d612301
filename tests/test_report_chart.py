"""The weekly posts chart: Monday–Sunday weeks over the window, bars to scale, the target line, month labels."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from audit.report.chart import PLOT, TOP, Week, posts_chart, render_chart, weekly_counts, y_of
from tests.test_report_html import clean_result

SVG = "{http://www.w3.org/2000/svg}"


def items(*days: str) -> list[dict[str, str]]:
    return [{"url": f"http://t.edu.vn/{i}", "title": f"tin {i}", "published": d, "date_source": "listing"}
            for i, d in enumerate(days)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def test_weeks_run_monday_to_sunday_and_only_the_window_counts() -> None:
    # 1 Sep 2021 is a Wednesday: its week starts on Monday 30 Aug; 5 Sep is that week's Sunday.
    weeks = weekly_counts(items("2021-09-01", "2021-09-05", "2021-09-06", "2021-08-31", "2021-10-01", "2021-09-30"),
                          date(2021, 9, 1), date(2021, 9, 30))
    assert [w.monday for w in weeks] == [date(2021, 8, 30), date(2021, 9, 6), date(2021, 9, 13), date(2021, 9, 20),
                                         date(2021, 9, 27)]
    assert [w.count for w in weeks] == [2, 1, 0, 0, 1]  # 31 Aug and 1 Oct are outside the window


def test_bars_are_to_scale_and_the_target_line_sits_at_the_target() -> None:
    weeks = [Week(date(2021, 8, 30), 2), Week(date(2021, 9, 6), 4), Week(date(2021, 9, 13), 0)]
    root = parse(render_chart(weeks, date(2021, 9, 1), date(2021, 9, 19), target=3))
    drawn = bars(root)
    assert [int(b.get("data-count", "-1")) for b in drawn] == [2, 4, 0]
    heights = [float(b.get("height", "nan")) for b in drawn]
    assert heights == pytest.approx([PLOT / 2, PLOT, 0])  # axis top = tallest bar (4)
    base = TOP + PLOT
    assert all(float(b.get("y", "nan")) + h == pytest.approx(base) for b, h in zip(drawn, heights))
    line = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "target")
    assert float(line.get("y1", "nan")) == pytest.approx(y_of(3, 4)) == pytest.approx(TOP + PLOT / 4)
    assert "Mục tiêu: 3 tin/tuần" in "".join(root.itertext())


def test_the_axis_reaches_the_target_when_every_week_is_below_it() -> None:
    weeks = [Week(date(2021, 8, 30), 1), Week(date(2021, 9, 6), 0)]
    root = parse(render_chart(weeks, date(2021, 9, 1), date(2021, 9, 12), target=3))
    line = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "target")
    assert float(line.get("y1", "nan")) == pytest.approx(TOP)  # the target is the top of the axis
    assert float(bars(root)[0].get("height", "nan")) == pytest.approx(PLOT / 3)


def test_months_are_labelled_in_vietnamese_with_the_year_where_it_changes() -> None:
    start, end = date(2021, 9, 1), date(2022, 5, 31)
    root = parse(render_chart(weekly_counts([], start, end), start, end))
    months = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "month"]
    years = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "year"]
    assert months == ["Th9", "Th10", "Th11", "Th12", "Th1", "Th2", "Th3", "Th4", "Th5"]
    assert years == ["2021", "2022"]
    assert not [e for e in root.iter(f"{SVG}line") if e.get("class") == "target"]


def test_the_chart_describes_itself() -> None:
    weeks = weekly_counts(items("2021-09-01", "2021-09-08", "2021-09-09", "2021-09-10"),
                          date(2021, 9, 1), date(2021, 9, 14))
    root = parse(render_chart(weeks, date(2021, 9, 1), date(2021, 9, 14), target=3))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == root.get("aria-label")
    assert root.get("role") == "img"
    assert title.text == ("Biểu đồ số tin bài mỗi tuần từ 01/09/2021 đến 14/09/2021: 3 tuần, 4 tin bài, "
                          "trung bình 1,33 tin/tuần; 1 tuần đạt mục tiêu 3 tin/tuần.")
    week_titles = [t.text for b in bars(root) for t in b.iter(f"{SVG}title")]
    assert week_titles[1] == "Tuần 06/09/2021–12/09/2021: 3 tin bài"


def test_a_result_chart_agrees_with_the_result_counts() -> None:
    result = clean_result()
    root = parse(posts_chart(result, 3) or "")
    drawn = bars(root)
    assert len(drawn) == result["posts"]["weeks_in_window"] == 40
    assert sum(int(b.get("data-count", "0")) for b in drawn) == result["posts"]["total_in_window"] == 34


def test_no_chart_when_the_posts_could_not_be_counted() -> None:
    result = clean_result()
    result["posts"] = {"status": "not_tested", "total_in_window": 0, "per_week_average": 0, "items": []}
    assert posts_chart(result, 3) is None


def test_a_yearly_target_draws_the_weekly_pace_that_reaches_it() -> None:
    from audit.report.chart import pace_target
    result = {"posts": {"weeks_in_window": 40}}
    assert pace_target(result, 3.0, 40.0) == (3.0, None)
    value, label = pace_target(result, None, 40.0)
    assert value == 1.0 and label is not None and "40 tin/năm học" in label
    assert pace_target({"posts": {}}, None, 40.0) == (None, None)
