"""Properties that must hold for any input: additivity of simple interest, conservation of payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from exequatur.engine.daycount import year_fraction
from exequatur.engine.results import PaymentLine
from exequatur.model.interest import DayCount
from tests.conftest import award_matter, payments_yaml, position

additive = st.sampled_from([DayCount.ACT_365, DayCount.ACT_360, DayCount.ACT_ACT])
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2050, 1, 1))


@given(convention=additive, a=days, gaps=st.tuples(st.integers(0, 3000), st.integers(0, 3000)))
def test_year_fractions_add_up(convention: DayCount, a: date, gaps: tuple[int, int]) -> None:
    b = a + timedelta(days=gaps[0])
    c = b + timedelta(days=gaps[1])
    whole = year_fraction(convention, a, c)
    parts = year_fraction(convention, a, b) + year_fraction(convention, b, c)
    assert whole == parts  # exact fractions


def simple(amount: str, start: date, payments: str = "") -> str:
    return award_matter('"9%"', amount=amount, start=str(start), extra=payments)


@settings(max_examples=50, deadline=None)
@given(
    a=days, gaps=st.tuples(st.integers(1, 4000), st.integers(1, 4000)), cents=st.integers(min_value=1, max_value=10**13)
)
def test_simple_interest_over_a_c_is_a_b_plus_b_c(a: date, gaps: tuple[int, int], cents: int) -> None:
    """Interest on [a,c] equals interest on [a,b] plus interest on a fresh claim over [b,c], to the cent."""
    amount = str(Decimal(cents) / 100)
    b = a + timedelta(days=gaps[0])
    c = b + timedelta(days=gaps[1])
    whole = position(simple(amount, a), c).interest
    first = position(simple(amount, a), b).interest
    second = position(simple(amount, b), c).interest
    # Each figure is rounded half-up once, so the sum of two may differ from the whole by one cent.
    assert abs(whole - (first + second)) <= Decimal("0.01")


payment = st.tuples(st.integers(0, 3650), st.integers(1, 5_000_000))


@settings(max_examples=50, deadline=None)
@given(payments=st.lists(payment, max_size=12), principal=st.integers(1, 10_000_000))
def test_payments_neither_create_nor_destroy_money(payments: list[tuple[int, int]], principal: int) -> None:
    start = date(2015, 1, 1)
    listed = payments_yaml(*((str(start + timedelta(days=d)), f"{cents / 100:.2f}") for d, cents in payments))
    result = position(simple(str(principal), start, payments=listed), date(2025, 1, 1))
    lines = [line for line in result.lines if isinstance(line, PaymentLine)]
    for line in lines:
        assert line.to_interest + line.to_principal + line.excess == line.amount
        assert min(line.to_interest, line.to_principal, line.excess) >= 0
    assert result.paid == sum((line.amount for line in lines), Decimal(0))
    principal_paid = sum((line.to_principal for line in lines), Decimal(0))
    assert result.principal == principal - principal_paid
    interest_paid = sum((line.to_interest for line in lines), Decimal(0))
    accrued = sum((c.interest_accrued for c in result.components), Decimal(0))
    # What was accrued is either paid or still owed (each rounded once per payment: a cent per payment at most).
    assert abs(accrued - interest_paid - result.interest) <= Decimal("0.01") * (len(lines) + 1)
    # Nothing is paid while something is owed and money is left over.
    assert result.excess == 0 or result.total == 0
