"""The Vietnamese date parser: every format of ../shared/docs/portals.md and the traps."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from audit.dates import VN, find_dates, parse_date, parse_feed_date


@pytest.mark.parametrize("text, expected", [
    ("31/08/2023", date(2023, 8, 31)),
    ("5/9/2023", date(2023, 9, 5)),
    ("20/08/21", date(2021, 8, 20)),
    ("12-09-2022", date(2022, 9, 12)),
    ("05.09.2022", date(2022, 9, 5)),
    ("2021-05-14T08:47:24+0700", date(2021, 5, 14)),
    ("2021-05-14", date(2021, 5, 14)),
    ("08:30 05/09/2022", date(2022, 9, 5)),
    ("13:59:11 03/03/2020", date(2020, 3, 3)),
    ("ngày 31 tháng 8 năm 2023", date(2023, 8, 31)),
    ("Thạch Bàn, ngày 31 tháng 8 năm 2023", date(2023, 8, 31)),
    ("05 Tháng 9, 2021", date(2021, 9, 5)),
    ("05 Tháng 9 năm 2021", date(2021, 9, 5)),
    ("Thứ sáu, 18/9/2026, 20:22 , Lượt đọc : 600", date(2026, 9, 18)),
    ("Thứ hai - 05/09/2023 08:15", date(2023, 9, 5)),
    ("Chủ nhật, 04/09/2022", date(2022, 9, 4)),
    ("CN, 4/9/2022", date(2022, 9, 4)),
    ("T2 05/09/2022", date(2022, 9, 5)),
    ("Đăng lúc: 05/09/2022", date(2022, 9, 5)),
    ("Ngày đăng: 5/9/2022 - Lượt xem: 120", date(2022, 9, 5)),
    ("Cập nhật lúc 14:05 ngày 06/10/2021", date(2021, 10, 6)),
    ("Ðăng lúc 05/09/2022", date(2022, 9, 5)),  # Icelandic eth instead of Đ
])
def test_formats(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "Tuần 3 (21/09 - 25/09)",       # day-month without a year
    "Kế hoạch tháng 10/2021",       # month-year
    "12/25/2022",                    # month first: no 25th month, and no guessing
    "31/02/2022",                    # no such day
    "Lượt truy cập: 1.234.567",      # a visit counter
    "Số: 719 /PGDDĐT-TCCB",          # a document number
    "",
])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text, expected", [
    ("05/09/2022", date(2022, 9, 5)),    # dateutil/feedparser read May 9
    ("01/02/2022", date(2022, 2, 1)),
    ("10/11/21", date(2021, 11, 10)),
])
def test_day_first_never_month_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_utc_timestamps_move_to_the_vietnamese_day() -> None:
    assert parse_date("2022-09-04T17:30:00Z") == date(2022, 9, 5)
    assert parse_date("2022-09-04T17:30:00+00:00") == date(2022, 9, 5)
    assert parse_feed_date("Sun, 04 Sep 2022 17:30:00 GMT") == date(2022, 9, 5)
    assert parse_feed_date("Mon, 05 Sep 2022 00:30:00 +0700") == date(2022, 9, 5)
    assert parse_feed_date("2022-09-05T00:30:00+07:00") == date(2022, 9, 5)


def test_time_is_kept_when_printed() -> None:
    [m] = find_dates("Thứ hai - 05/09/2023 08:15")
    assert m.moment == datetime(2023, 9, 5, 8, 15, tzinfo=VN)
    [m] = find_dates("08:30 05/09/2022")
    assert m.moment == datetime(2022, 9, 5, 8, 30, tzinfo=VN)


def test_every_date_of_a_text_in_order() -> None:
    text = "Tin cùng chuyên mục: Hội thao (20/11/2021) · Khai giảng 05/09/2021 · ngày 2 tháng 9 năm 2021"
    assert [m.day for m in find_dates(text)] == [date(2021, 11, 20), date(2021, 9, 5), date(2021, 9, 2)]
