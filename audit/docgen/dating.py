"""Issue dates, school years and place-date lines of generated documents."""
from __future__ import annotations

import random
from datetime import date, timedelta

REFORM = date(2025, 7, 1)
# Months in which each type is usually issued, as offsets from August of the school year's first year.
SEASONS = {
    "KH": (0, 1, 2), "QĐ": (0, 1, 2, 5), "CTr": (0, 1), "QC": (0, 1, 2), "HD": (0, 1, 2),
    "BC": (4, 5, 9, 10), "TB": tuple(range(11)), "TTr": tuple(range(11)), "CV": tuple(range(11)),
    "BB": tuple(range(1, 10)),
}


def month_date(rng: random.Random, year: int, month: int) -> date:
    """A random day of the given month."""
    return date(year, month, 1) + timedelta(days=rng.randint(0, 27))


def issue_date(rng: random.Random, doc_type: str, start: int, trap: bool) -> date:
    """A plausible issue date for a document about school year start-(start+1)."""
    offset = rng.choice(SEASONS[doc_type])
    if trap:
        offset += 12 + rng.randint(0, 3)
    month = 8 + offset
    return month_date(rng, start + (month - 1) // 12, (month - 1) % 12 + 1)


def school_year_text(rng: random.Random, start: int) -> str:
    """The school year as documents print it: 2023-2024, 2023 - 2024 or 2023 – 2024."""
    sep = rng.choice(("-", "-", " - ", " – "))
    return f"{start}{sep}{start + 1}"


def date_line(rng: random.Random, place: str, day: date, blank: bool) -> str:
    """The italic place-date line; blank leaves the day (and maybe the month) empty."""
    if blank:
        month = "     " if rng.random() < 0.5 else str(day.month)
        return f"{place}, ngày      tháng {month} năm {day.year}"
    dd = f"{day.day:02d}" if rng.random() < 0.8 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 and rng.random() < 0.7 else str(day.month)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"
