"""Day counts against hand values and against QuantLib, an independent implementation of ISDA conventions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import QuantLib as ql
from hypothesis import given
from hypothesis import strategies as st

from exequatur.engine.daycount import days, thirty_360_days, year_fraction
from exequatur.model.interest import DayCount

QL_DAY_COUNTS = {
    DayCount.ACT_365: ql.Actual365Fixed(),
    DayCount.ACT_ACT: ql.ActualActual(ql.ActualActual.ISDA),
    DayCount.ACT_360: ql.Actual360(),
    DayCount.THIRTY_360: ql.Thirty360(ql.Thirty360.BondBasis),
}

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


def qdate(d: date) -> ql.Date:
    return ql.Date(d.day, d.month, d.year)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Bond Basis examples worked from ISDA 2006 §4.16(f): D1 = 31 -> 30; D2 = 31 -> 30 only if D1 is 30 or 31.
        (date(2021, 1, 31), date(2021, 3, 31), 60),
        (date(2021, 1, 30), date(2021, 3, 31), 60),
        (date(2021, 1, 29), date(2021, 3, 31), 62),
        (date(2021, 2, 28), date(2021, 3, 31), 33),
        (date(2020, 12, 15), date(2021, 1, 15), 30),
    ],
)
def test_thirty_360_by_hand(start: date, end: date, expected: int) -> None:
    assert thirty_360_days(start, end) == expected


def test_act_act_splits_at_year_end() -> None:
    # 2019-12-01 to 2020-03-01: 31 days of 2019 / 365 + 60 days of 2020 / 366
    expected = Decimal(31) / 365 + Decimal(60) / 366
    assert year_fraction(DayCount.ACT_ACT, date(2019, 12, 1), date(2020, 3, 1)) == expected


@pytest.mark.parametrize("convention", list(DayCount))
@given(start=dates, length=st.integers(min_value=0, max_value=4000))
def test_year_fraction_agrees_with_quantlib(convention: DayCount, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    ours = year_fraction(convention, start, end)
    theirs = QL_DAY_COUNTS[convention].yearFraction(qdate(start), qdate(end))
    assert abs(float(ours) - theirs) < 1e-12


@pytest.mark.parametrize("convention", list(DayCount))
@given(start=dates, length=st.integers(min_value=0, max_value=4000))
def test_day_numbers_agree_with_quantlib(convention: DayCount, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert days(convention, start, end) == QL_DAY_COUNTS[convention].dayCount(qdate(start), qdate(end))


def test_thirty_360_stretches_cut_anywhere_add_up_to_the_whole() -> None:
    # 2021-01-31 .. 2021-03-31 is 60 days under Bond Basis; counted from the anchor, a cut at 2021-02-28 gives
    # 28 + 32 = 60 too (counted stretch by stretch it would be 28 + 33 = 61).
    from exequatur.engine.daycount import fraction_parts

    anchor = date(2021, 1, 31)
    first, _ = fraction_parts(DayCount.THIRTY_360, anchor, date(2021, 2, 28), anchor)
    second, _ = fraction_parts(DayCount.THIRTY_360, date(2021, 2, 28), date(2021, 3, 31), anchor)
    assert (first, second) == (28, 32)
