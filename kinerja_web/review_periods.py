"""A year split into review periods of its cadence, each with an input deadline."""
from __future__ import annotations

from datetime import date, timedelta

from .models import Period, ReviewPeriod
from .models.org import CADENCES

NAMES = {4: "Triwulan", 2: "Semester", 12: "Bulan"}


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV")[n - 1] if n <= 4 else str(n)


def make_review_periods(period: Period, deadline_days: int = 10) -> None:
    """Split ``period`` (a year) into review periods of its cadence; input closes ``deadline_days`` after each."""
    count = CADENCES[period.cadence]
    months = 12 // count
    for seq in range(1, count + 1):
        start = date(period.year, (seq - 1) * months + 1, 1)
        end_month = seq * months
        end = (date(period.year + 1, 1, 1) if end_month == 12
               else date(period.year, end_month + 1, 1)) - timedelta(days=1)
        period.reviews.append(ReviewPeriod(seq=seq, name=f"{NAMES[count]} {_roman(seq) if count < 12 else seq}",
                                           starts_on=start, ends_on=end,
                                           input_deadline=end + timedelta(days=deadline_days)))
