"""Accrual on small matters whose expected figures are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import CapitalizationLine, InstrumentFailure, NoteKind, PaymentLine
from exequatur.interfaces.api import rate_book
from tests.conftest import award_matter, matter_from, payments_yaml, position

HEAD = """
matter: t
creditor: {name: C}
debtor: {name: D}
"""


award = award_matter


def test_simple_interest_for_a_year() -> None:
    # USD 100,000 at 9% simple for 365 days (2021-01-01 to 2022-01-01): 100,000 x 0.09 x 365/365 = 9,000.00
    result = position(award('"9%"', start="2021-01-01"), date(2022, 1, 1))
    assert result.interest == Decimal("9000.00")
    assert result.principal == Decimal("100000")
    assert result.total == Decimal("109000.00")


def test_simple_interest_in_a_leap_year_counts_366_days_under_act_365() -> None:
    # 2020 has 366 days: 100,000 x 0.09 x 366/365 = 9,024.657... -> 9,024.66
    result = position(award('"9%"'), date(2021, 1, 1))
    assert result.interest == Decimal("9024.66")


def test_act_act_weighs_each_day_by_its_own_year() -> None:
    # 2020-07-01 to 2021-07-01 under Act/Act (ISDA): 184 days of 2020 / 366 + 181 days of 2021 / 365
    # = 0.502732240 + 0.495890411 = 0.998622651; x 100,000 x 0.09 = 8,987.6038... -> 8,987.60
    result = position(award('"9%"', day_count="act/act", start="2020-07-01"), date(2021, 7, 1))
    assert result.interest == Decimal("8987.60")


def test_act_360_and_30_360() -> None:
    # 2021-01-15 to 2021-04-15: 90 actual days; 30/360 counts 3 x 30 = 90 days too.
    # Act/360: 100,000 x 0.06 x 90/360 = 1,500.00
    assert position(award('"6%"', day_count="act/360", start="2021-01-15"), date(2021, 4, 15)).interest == Decimal(
        "1500.00"
    )
    # 2021-01-31 to 2021-03-31: actual 59 days; 30/360 Bond Basis: D1 31->30, D2 31->30 (D1 is 30): 60 days.
    # 100,000 x 0.06 x 60/360 = 1,000.00
    result = position(award('"6%"', day_count="30/360", start="2021-01-31"), date(2021, 3, 31))
    assert result.interest == Decimal("1000.00")
    assert result.lines[0].days == 60  # type: ignore[union-attr]


def test_annual_compounding_capitalizes_on_each_anniversary() -> None:
    # 2021-01-01 to 2023-01-01, 10% compounded annually, Act/365, both years of 365 days:
    # year 1: 100,000 x 0.10 = 10,000.00 capitalized; year 2: 110,000 x 0.10 = 11,000.00 -> 21,000.00
    result = position(award('"10%"', compounding="annual", start="2021-01-01"), date(2023, 1, 1))
    assert result.interest == Decimal("21000.00")
    caps = [line for line in result.lines if isinstance(line, CapitalizationLine)]
    assert [(c.on, c.amount) for c in caps] == [
        (date(2022, 1, 1), Decimal("10000.00")),
        (date(2023, 1, 1), Decimal("11000.00")),
    ]


def test_interest_within_a_compounding_period_is_simple() -> None:
    # 2021-01-01 + 1 year capitalizes 10,000.00; then 2022-01-01 to 2022-07-02 (182 days) simple on 110,000:
    # 110,000 x 0.10 x 182/365 = 5,484.93150... -> total interest 15,484.93
    result = position(award('"10%"', compounding="annual", start="2021-01-01"), date(2022, 7, 2))
    assert result.interest == Decimal("15484.93")


def test_semiannual_compounding_steps_from_the_start_and_clamps_month_ends() -> None:
    # Start 2021-08-31: periods end 2022-02-28 (clamped, 181 days) and 2022-08-31 (184 days), counted from the start.
    # 8% Act/365: p1 = 100,000 x 0.08 x 181/365 = 3,967.12328... -> 3,967.12 capitalized
    #             p2 = 103,967.12 x 0.08 x 184/365 = 4,192.8706... -> 4,192.87
    result = position(award('"8%"', compounding="semiannual", start="2021-08-31"), date(2022, 8, 31))
    caps = [line for line in result.lines if isinstance(line, CapitalizationLine)]
    assert [c.on for c in caps] == [date(2022, 2, 28), date(2022, 8, 31)]
    assert caps[0].amount == Decimal("3967.12")
    assert caps[1].amount == Decimal("4192.87")
    assert result.interest == Decimal("8159.99")


def test_payment_goes_to_interest_first_then_principal() -> None:
    # 100,000 at 9% simple from 2021-01-01. On 2021-07-01 (181 days) interest is 100,000 x 0.09 x 181/365
    # = 4,463.01369... -> 4,463.01. A payment of 10,000 pays that interest and 5,536.99 of principal, leaving
    # 94,463.01. Then 2021-07-01 to 2022-01-01 (184 days): 94,463.01 x 0.09 = 8,501.6709; x 184/365
    # = 4,250.8355 + 34.9384 = 4,285.7739 -> 4,285.77.
    text = award(
        '"9%"',
        start="2021-01-01",
        extra=payments_yaml(("2021-07-01", "10000")),
    )
    result = position(text, date(2022, 1, 1))
    pay = next(line for line in result.lines if isinstance(line, PaymentLine))
    assert (pay.to_interest, pay.to_principal, pay.excess) == (Decimal("4463.01"), Decimal("5536.99"), 0)
    assert result.principal == Decimal("94463.01")
    assert result.interest == Decimal("4285.77")
    assert result.paid == Decimal("10000")


def test_a_payment_smaller_than_the_interest_leaves_principal_untouched() -> None:
    # Interest to 2021-07-01 is 4,463.01; a 1,000 payment leaves 3,463.01 interest, which earns nothing (simple).
    # Then 184 days on 100,000: 100,000 x 0.09 x 184/365 = 4,536.98630... -> interest 3,463.01 + 4,536.99 = 8,000.00
    text = award(
        '"9%"',
        start="2021-01-01",
        extra=payments_yaml(("2021-07-01", "1000")),
    )
    result = position(text, date(2022, 1, 1))
    assert result.principal == Decimal("100000")
    assert result.interest == Decimal("8000.00")


def test_overpayment_is_kept_as_unapplied_credit() -> None:
    # On 2021-01-01 nothing has accrued: 150,000 pays the 100,000 principal and leaves 50,000 unapplied.
    text = award(
        '"9%"',
        start="2021-01-01",
        extra=payments_yaml(("2021-01-01", "150000")),
    )
    result = position(text, date(2022, 1, 1))
    assert result.total == 0
    assert result.excess == Decimal("50000")


def test_payments_after_the_as_of_date_are_not_applied() -> None:
    text = award(
        '"9%"',
        start="2021-01-01",
        extra=payments_yaml(("2023-01-01", "1000")),
    )
    result = position(text, date(2022, 1, 1))
    assert result.paid == 0
    assert result.has_note(NoteKind.LATER_PAYMENTS)
    assert any("after 2022-01-01" in note for note in map(str, result.notes))


def test_components_with_their_own_terms() -> None:
    # damages 1,000 at 10% simple from 2021-01-01; costs 500 with no interest. To 2022-01-01: 100.00 on damages.
    text = (
        HEAD
        + """
instruments:
  - id: a
    kind: award
    forum: LCIA
    date: 2021-01-01
    currency: GBP
    amounts: [{label: damages, amount: "1000"}, {label: costs, amount: "500"}]
    interest:
      - {from: 2021-01-01, on: [damages], rate: "10%"}
"""
    )
    result = position(text, date(2022, 1, 1))
    assert [(c.label, c.interest) for c in result.components] == [
        ("damages", Decimal("100.00")),
        ("costs", Decimal("0.00")),
    ]
    assert result.total == Decimal("1600.00")


def test_successive_terms_on_one_component() -> None:
    # 10,000 at 5% from 2021-01-01 until 2021-07-01 (181 days: 247.945...), then 8% to 2022-01-01 (184 days:
    # 403.287...) -> 651.23 (247.9452 + 403.2877 = 651.2329)
    text = (
        HEAD
        + """
instruments:
  - id: a
    kind: award
    forum: SCC
    date: 2021-01-01
    currency: EUR
    amounts: [{label: damages, amount: "10000"}]
    interest:
      - {from: 2021-01-01, until: 2021-07-01, rate: "5%"}
      - {from: 2021-07-01, rate: "8%"}
"""
    )
    assert position(text, date(2022, 1, 1)).interest == Decimal("651.23")


def test_an_award_without_interest_terms_accrues_none() -> None:
    text = (
        HEAD
        + """
instruments:
  - {id: a, kind: award, forum: PCA, date: 2021-01-01, currency: USD, amounts: [{label: x, amount: "10"}]}
"""
    )
    result = position(text, date(2030, 1, 1))
    assert result.interest == 0
    assert result.has_note(NoteKind.NO_INTEREST)


def test_yen_rounds_to_whole_units() -> None:
    # JPY has no minor unit: 1,000,000 x 3% x 100/365 = 8,219.178... -> 8,219
    text = award('"3%"', amount="1000000", start="2021-01-01").replace("USD", "JPY")
    assert position(text, date(2021, 4, 11)).interest == Decimal("8219")


def test_index_rate_with_spread_floor_and_annual_reset() -> None:
    # A matter's own index list: 1.00% on 2020-01-01, -0.50% on 2021-01-01. Spread 2%, floor 2%.
    # 2020: 1.00 + 2 = 3% on 100,000 for 366 days (Act/365) = 3,008.22 (3,008.2191...), capitalized annually.
    # 2021: -0.50 + 2 = 1.5% is below the floor, so 2%: 103,008.22 x 0.02 x 365/365 = 2,060.1644 -> 2,060.16.
    text = award(
        '{index: idx, spread: "2%", floor: "2%", reset: annual}',
        compounding="annual",
        start="2020-01-01",
        extra="""
rates:
  - id: idx
    title: test index
    source: written for this test
    values:
      - {date: 2020-01-01, value: "1.00"}
      - {date: 2021-01-01, value: "-0.50"}
""",
    )
    result = position(text, date(2022, 1, 1))
    assert result.interest == Decimal("5068.38")
    notes = [line.rate_note for line in result.lines if hasattr(line, "rate_note")]
    assert any("below the floor" in (n or "") for n in notes)


def test_index_fallback_to_the_floor_after_cessation() -> None:
    # The index is last read in 2020; resets after 2020-06-30 use the floor alone (4%).
    # 2020: 3% + 2% = 5% (above the floor) for 366 days: 100,000 x 0.05 x 366/365 = 5,013.6986 -> 5,013.70;
    # 2021: the floor, 4% simple on 100,000 (no compounding): 4,000.00. Total 9,013.70.
    text = award(
        """{index: idx, spread: "2%", floor: "4%", reset: annual,
               fallback: {after: 2020-06-30, use: floor}}""",
        start="2020-01-01",
        extra="""
rates:
  - id: idx
    title: test index
    source: written for this test
    values: [{date: 2020-01-01, value: "3"}]
""",
    )
    result = position(text, date(2022, 1, 1))
    assert result.interest == Decimal("9013.70")


def test_a_missing_rate_is_an_error_naming_the_table_and_date() -> None:
    text = award(
        "{index: idx, reset: annual}",
        start="2020-01-01",
        extra="""
rates:
  - id: idx
    title: test index
    source: written for this test
    values: [{date: 2020-01-01, value: "1"}]
""",
    )
    statement = accrue(matter_from(text), date(2022, 1, 1), rate_book())
    failure = statement.instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "'idx'" in failure.message
    assert "2021-01-01" in failure.message


def test_as_of_before_the_instrument_is_an_error_if_asked_and_not_yet_otherwise() -> None:
    matter = matter_from(award('"9%"'))
    asked = accrue(matter, date(2019, 1, 1), rate_book(), instrument="a")
    assert isinstance(asked.instruments[0], InstrumentFailure)
    whole = accrue(matter, date(2019, 1, 1), rate_book())
    assert whole.instruments == ()
    assert whole.not_yet == ("a",)


@pytest.mark.parametrize("compounding", ["monthly", "quarterly", "daily"])
def test_more_frequent_compounding_earns_more(compounding: str) -> None:
    # 100,000 at 12% simple for the 365 days of 2021 is 12,000.00; any compounding inside the year earns more.
    simple = position(award('"12%"', start="2021-01-01"), date(2022, 1, 1)).interest
    compound = position(award('"12%"', compounding=compounding, start="2021-01-01"), date(2022, 1, 1)).interest
    assert compound > simple == Decimal("12000.00")


def test_a_negative_index_without_a_floor_earns_nothing() -> None:
    # Index -0.50% + spread 0.25% = -0.25%: interest is never negative, so 0% for the year.
    text = award(
        '{index: idx, spread: "0.25%", reset: annual}',
        start="2020-01-01",
        extra="""
rates:
  - id: idx
    title: test index
    source: written for this test
    values: [{date: 2020-01-01, value: "-0.50"}]
""",
    )
    result = position(text, date(2020, 12, 31))
    assert result.interest == 0
    assert "never negative" in (result.lines[0].rate_note or "")  # type: ignore[union-attr]
