"""Compounding on whole periods against QuantLib's InterestRate.

QuantLib compounds with a fractional power, (1 + r/n)^(n·t); courts compute simple interest inside a period and
capitalize at its end. The two agree exactly where every period's year fraction is exactly 1/n: 30/360 Bond Basis
periods starting on a day up to the 28th, and Act/365 years with no 29 February. The engine also rounds each
capitalization to the cent, so the totals may differ by at most half a cent per capitalization.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import QuantLib as ql
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import award_matter, position

FREQUENCIES = {"annual": ql.Annual, "semiannual": ql.Semiannual, "quarterly": ql.Quarterly, "monthly": ql.Monthly}
PER_YEAR = {"annual": 1, "semiannual": 2, "quarterly": 4, "monthly": 12}


def matter(rate: str, compounding: str, day_count: str, start: date, amount: str) -> str:
    return award_matter(f'"{rate}%"', compounding, day_count, amount=amount, start=str(start))


@settings(max_examples=60, deadline=None)
@given(
    compounding=st.sampled_from(sorted(FREQUENCIES)),
    years=st.integers(min_value=1, max_value=12),
    rate_bp=st.integers(min_value=1, max_value=2500),
    start=st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 28)).filter(lambda d: d.day <= 28),
    amount=st.integers(min_value=1_000, max_value=10_000_000_000),
)
def test_whole_periods_30_360_match_quantlib(
    compounding: str, years: int, rate_bp: int, start: date, amount: int
) -> None:
    rate = Decimal(rate_bp) / 100
    end = date(start.year + years, start.month, start.day)
    result = position(matter(str(rate), compounding, "30/360", start, str(amount)), end)
    ql_rate = ql.InterestRate(
        float(rate / 100), ql.Thirty360(ql.Thirty360.BondBasis), ql.Compounded, FREQUENCIES[compounding]
    )
    factor = ql_rate.compoundFactor(ql.Date(start.day, start.month, start.year), ql.Date(end.day, end.month, end.year))
    expected = Decimal(amount) * Decimal(repr(factor)) - Decimal(amount)
    periods = years * PER_YEAR[compounding]
    # Rounding each capitalization moves the base by at most half a cent, which then earns interest.
    tolerance = Decimal("0.005") * periods * (1 + rate / 100) ** years + Decimal(amount) * Decimal("1e-13")
    assert abs(result.interest - expected) <= tolerance


@pytest.mark.parametrize(("start", "years"), [(date(2021, 3, 1), 3), (date(2009, 3, 1), 3), (date(2013, 1, 1), 3)])
def test_annual_act_365_without_leap_days_matches_quantlib(start: date, years: int) -> None:
    # 2021-03-01 .. 2024-03-01 spans 29 Feb 2024, so it is used as a control that must differ.
    end = date(start.year + years, start.month, start.day)
    result = position(matter("7.5", "annual", "act/365", start, "1000000"), end)
    factor = ql.InterestRate(0.075, ql.Actual365Fixed(), ql.Compounded, ql.Annual).compoundFactor(
        ql.Date(start.day, start.month, start.year), ql.Date(end.day, end.month, end.year)
    )
    expected = Decimal(1000000) * Decimal(repr(factor)) - Decimal(1000000)
    leap_day_inside = any(
        date(y, 2, 28) >= start and date(y, 3, 1) <= end and (y % 4 == 0) for y in range(start.year, end.year + 1)
    )
    if leap_day_inside:
        assert abs(result.interest - expected) > Decimal("1")
    else:
        assert abs(result.interest - expected) <= Decimal("0.02")


def test_simple_interest_matches_quantlib_simple() -> None:
    # QuantLib's Simple compounding is 1 + r·t, the same arithmetic as the engine's simple interest.
    start, end = date(2017, 4, 25), date(2026, 11, 25)
    result = position(matter("9", "none", "act/365", start, "1234567.89"), end)
    factor = ql.InterestRate(0.09, ql.Actual365Fixed(), ql.Simple, ql.Annual).compoundFactor(
        ql.Date(25, 4, 2017), ql.Date(25, 11, 2026)
    )
    expected = (Decimal("1234567.89") * (Decimal(repr(factor)) - 1)).quantize(Decimal("0.01"))
    assert abs(result.interest - expected) <= Decimal("0.01")
