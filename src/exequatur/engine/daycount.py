"""Day counts (ISDA 2006 §4.16): how many days a stretch counts, and what fraction of a year that is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.model.interest import DayCount

_365, _366, _360 = Decimal(365), Decimal(366), Decimal(360)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def thirty_360_days(start: date, end: date) -> int:
    """Bond Basis (ISDA 2006 §4.16(f)): a 31st becomes the 30th; an end on the 31st does so only after a 30th."""
    d1 = 30 if start.day == 31 else start.day
    d2 = 30 if end.day == 31 and d1 >= 30 else end.day
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def days(day_count: DayCount, start: date, end: date) -> int:
    """The days a statement shows for the stretch: calendar days, or 30/360 days."""
    if day_count is DayCount.THIRTY_360:
        return thirty_360_days(start, end)
    return (end - start).days


def year_fraction(day_count: DayCount, start: date, end: date) -> Decimal:
    """The stretch [start, end) as a fraction of a year under the convention."""
    if day_count is DayCount.ACT_365:
        return Decimal((end - start).days) / _365
    if day_count is DayCount.ACT_360:
        return Decimal((end - start).days) / _360
    if day_count is DayCount.THIRTY_360:
        return Decimal(thirty_360_days(start, end)) / _360
    # Actual/Actual (ISDA): days falling in a leap year count 1/366, the others 1/365.
    total = Decimal(0)
    cursor = start
    while cursor < end:
        year_end = date(cursor.year + 1, 1, 1)
        stop = min(end, year_end)
        total += Decimal((stop - cursor).days) / (_366 if _is_leap(cursor.year) else _365)
        cursor = stop
    return total


#: The denominator of each convention's year fraction; act/act's fraction is computed whole, so its basis is 1.
YEAR_BASIS: dict[DayCount, Decimal] = {
    DayCount.ACT_365: _365,
    DayCount.ACT_360: _360,
    DayCount.THIRTY_360: _360,
    DayCount.ACT_ACT: Decimal(1),
}


def fraction_parts(day_count: DayCount, start: date, end: date, anchor: date | None = None) -> tuple[int, Decimal]:
    """Days counted, and the year fraction's numerator over YEAR_BASIS, so the hot loop needs no division.

    30/360 days are not additive (the 31st rules depend on both ends), so a stretch is counted as the days from
    the term's `anchor` to its end less those to its start: cutting a period at any date then changes nothing.
    """
    if day_count is DayCount.THIRTY_360:
        counted = (
            thirty_360_days(anchor, end) - thirty_360_days(anchor, start)
            if anchor is not None
            else thirty_360_days(start, end)
        )
        return counted, Decimal(counted)
    actual = (end - start).days
    if day_count is DayCount.ACT_ACT:
        return actual, year_fraction(day_count, start, end)
    return actual, Decimal(actual)
