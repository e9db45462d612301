"""School years ("2021-2022", starting 1 September) and their counting windows."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from audit.rubric.model import Window

_YEAR = re.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year named by its first calendar year."""
    first: int

    def __str__(self) -> str:
        return f"{self.first}-{self.first + 1}"

    def resolve(self, window: Window) -> tuple[date, date]:
        """The window's dates: start in the first calendar year, end in the second."""
        return date(self.first, *window.start), date(self.first + 1, *window.end)

    def month_day(self, month_day: str) -> date:
        """A "MM-DD" day of this school year: September onwards in the first calendar year."""
        month, day = (int(x) for x in month_day.split("-"))
        return date(self.first if month >= 9 else self.first + 1, month, day)


def parse_school_year(text: str) -> SchoolYear:
    """"2021-2022" → SchoolYear(2021); ValueError for anything else."""
    match = _YEAR.match(text or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"năm học '{text}' không hợp lệ (dạng 2021-2022)")
    return SchoolYear(int(match.group(1)))


def school_year_of(day: date) -> SchoolYear:
    """The school year containing this day (a school year starts on 1 September)."""
    return SchoolYear(day.year if day.month >= 9 else day.year - 1)
