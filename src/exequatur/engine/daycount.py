"""Day counts (ISDA 2006 §4.16): how many days a stretch counts, and what fraction of a year that is.

Every year basis the engine uses (360, 365, 366 days) divides one common scale, so a stretch's interest is
base × percent × weight ÷ SCALE with an integer weight: sums of stretches stay exact, and the one division
happens where money is rounded (DESIGN.md §7). A rate or a quotient is never rounded first.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from exequatur.model.interest import DayCount

#: Working precision. A scaled stretch (base up to 10^15 with cents, a rate up to 1,000% with six decimals, a
#: weight up to 10^11) has at most 40 digits, so every product and sum below is exact; the one division (by SCALE,
#: where money is rounded) is exact whenever its quotient terminates, so an exact half cent stays a half and
#: rounds up. Money is rounded half-up, as courts do, wherever it is rounded at all.
ENGINE_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)
#: 100 (percent) × the least common multiple of 360, 365 and 366.
SCALE = 160_308_000
#: The weight of one day under a year of 360, 365 or 366 days: SCALE ÷ (100 × days in the year).
DAY_WEIGHT = {360: SCALE // 36_000, 365: SCALE // 36_500, 366: SCALE // 36_600}
_SCALE = Decimal(SCALE)
THIRTY_DAY_COUNTS = frozenset({DayCount.THIRTY_360, DayCount.THIRTY_E_360})


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def thirty_360_days(start: date, end: date) -> int:
    """Bond Basis (ISDA 2006 §4.16(f)): D1 = 31 becomes 30; D2 = 31 becomes 30 only if D1 is then 30."""
    d1 = 30 if start.day == 31 else start.day
    d2 = 30 if end.day == 31 and d1 == 30 else end.day
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def thirty_e_360_days(start: date, end: date) -> int:
    """Eurobond Basis (ISDA 2006 §4.16(g)): a 31st is the 30th at either end."""
    d1 = min(start.day, 30)
    d2 = min(end.day, 30)
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


_THIRTY = {DayCount.THIRTY_360: thirty_360_days, DayCount.THIRTY_E_360: thirty_e_360_days}


def days(day_count: DayCount, start: date, end: date) -> int:
    """The days a statement shows for the period [start, end): calendar days, or 30/360 days."""
    thirty = _THIRTY.get(day_count)
    return thirty(start, end) if thirty else (end - start).days


def _actual_by_year(start: date, end: date) -> tuple[int, int]:
    """Days of [start, end) falling in common years and in leap years."""
    common = leap = 0
    cursor = start
    while cursor < end:
        stop = min(end, date(cursor.year + 1, 1, 1))
        if is_leap(cursor.year):
            leap += (stop - cursor).days
        else:
            common += (stop - cursor).days
        cursor = stop
    return common, leap


def counted(day_count: DayCount, start: date, end: date, period_start: date) -> tuple[int, int]:
    """Days counted for the stretch [start, end) inside the period that began on `period_start`, and its weight.

    30/360 days are defined for a whole period from its own start and end dates (§4.16(f), (g)) and are not
    additive, so a stretch that a payment cuts out of a period counts the period's days to its end less those to
    its start: the parts always add up to the period. The weight is days × DAY_WEIGHT of the basis; act/act
    weighs each day by the length of its own year (§4.16(b)).
    """
    thirty = _THIRTY.get(day_count)
    if thirty is not None:
        n = thirty(period_start, end) - thirty(period_start, start)
        return n, n * DAY_WEIGHT[360]
    actual = (end - start).days
    if day_count is DayCount.ACT_365:
        return actual, actual * DAY_WEIGHT[365]
    if day_count is DayCount.ACT_360:
        return actual, actual * DAY_WEIGHT[360]
    common, leap = _actual_by_year(start, end)
    return actual, common * DAY_WEIGHT[365] + leap * DAY_WEIGHT[366]


def year_fraction(day_count: DayCount, start: date, end: date) -> Fraction:
    """The period [start, end) as an exact fraction of a year under the convention."""
    if day_count in THIRTY_DAY_COUNTS or day_count is DayCount.ACT_360:
        return Fraction(days(day_count, start, end), 360)
    if day_count is DayCount.ACT_365:
        return Fraction((end - start).days, 365)
    common, leap = _actual_by_year(start, end)
    return Fraction(common, 365) + Fraction(leap, 366)


def unscale(weighted: Decimal) -> Decimal:
    """An amount from its scaled form (base × percent × weight), exact wherever the quotient terminates."""
    return weighted / _SCALE
