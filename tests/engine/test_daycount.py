"""Day counts against hand values and against QuantLib, an independent implementation of ISDA conventions."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
import QuantLib as ql
from hypothesis import given
from hypothesis import strategies as st

from exequatur.engine.daycount import counted, days, thirty_360_days, thirty_e_360_days, year_fraction
from exequatur.model.interest import DayCount

QL_DAY_COUNTS = {
    DayCount.ACT_365: ql.Actual365Fixed(),
    DayCount.ACT_ACT: ql.ActualActual(ql.ActualActual.ISDA),
    DayCount.ACT_360: ql.Actual360(),
    DayCount.THIRTY_360: ql.Thirty360(ql.Thirty360.BondBasis),
    DayCount.THIRTY_E_360: ql.Thirty360(ql.Thirty360.European),
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
    expected = Fraction(31, 365) + Fraction(60, 366)
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


def test_thirty_360_stretches_cut_anywhere_add_up_to_the_period() -> None:
    # 2021-01-31 .. 2021-03-31 is 60 days under Bond Basis; counted from the period's start, a cut at 2021-02-28
    # gives 28 + 32 = 60 too (counted stretch by stretch it would be 28 + 33 = 61).
    period = date(2021, 1, 31)
    first, _ = counted(DayCount.THIRTY_360, period, date(2021, 2, 28), period)
    second, _ = counted(DayCount.THIRTY_360, date(2021, 2, 28), date(2021, 3, 31), period)
    assert (first, second) == (28, 32)


@pytest.mark.parametrize(
    ("start", "end", "bond", "euro"),
    [
        # Semi-annual periods of a term anchored on 31 Aug 2022 (ISDA 2006 §4.16(f) and (g), worked by hand):
        # 28 Feb 2023 -> 31 Aug 2023: D1 = 28 stays, so (f) keeps D2 = 31: 180 + 3 = 183; (g) makes D2 30: 182.
        (date(2023, 2, 28), date(2023, 8, 31), 183, 182),
        # 29 Feb 2024 -> 31 Aug 2024: (f) 180 + (31 - 29) = 182; (g) 180 + (30 - 29) = 181.
        (date(2024, 2, 29), date(2024, 8, 31), 182, 181),
        # 31 Aug 2022 -> 28 Feb 2023: D1 = 30 under both; 30 x 6 + (28 - 30) = 178.
        (date(2022, 8, 31), date(2023, 2, 28), 178, 178),
        # 31 Aug 2023 -> 29 Feb 2024: 180 + (29 - 30) = 179.
        (date(2023, 8, 31), date(2024, 2, 29), 179, 179),
        # 30 Jan -> 31 Mar: (f) D1 = 30 so D2 -> 30: 60; (g) 60.  29 Jan -> 31 Mar: (f) 62, (g) 61.
        (date(2021, 1, 30), date(2021, 3, 31), 60, 60),
        (date(2021, 1, 29), date(2021, 3, 31), 62, 61),
    ],
)
def test_thirty_360_periods_by_hand(start: date, end: date, bond: int, euro: int) -> None:
    assert counted(DayCount.THIRTY_360, start, end, start)[0] == bond
    assert counted(DayCount.THIRTY_E_360, start, end, start)[0] == euro
    assert thirty_e_360_days(start, end) == euro


def test_weights_share_one_scale() -> None:
    # A day at 360, 365 and 366 days a year weighs SCALE / (100 x basis): 4453, 4392 and 4380 of 160,308,000.
    assert counted(DayCount.ACT_360, date(2021, 1, 1), date(2021, 1, 2), date(2021, 1, 1)) == (1, 4453)
    assert counted(DayCount.ACT_365, date(2021, 1, 1), date(2021, 1, 2), date(2021, 1, 1)) == (1, 4392)
    # act/act over New Year 2019/2020: 1 day of 2019 (common) and 1 day of 2020 (leap).
    assert counted(DayCount.ACT_ACT, date(2019, 12, 31), date(2020, 1, 2), date(2019, 12, 31)) == (2, 4392 + 4380)
