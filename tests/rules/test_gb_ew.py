"""Judgments Act 1838 s.17: 8% simple from judgment; AJA 1970 s.44A for non-sterling judgments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.model.interest import Compounding, DayCount
from tests.conftest import matter_from, position

GB = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: GB-EW, date: DATE, currency: CUR, amounts: [{label: judgment, amount: "100000"}]}
"""


def gb(given: str, currency: str = "GBP") -> str:
    return GB.replace("DATE", given).replace("CUR", currency)


def test_eight_percent_simple_from_judgment() -> None:
    # 2019-04-25 to 2021-04-25 = 731 days (29 Feb 2020): 100,000 x 0.08 x 731/365 = 16,021.92 (16,021.9178);
    # simple, so the second year earns on 100,000 only.
    result = position(gb("2019-04-25"), date(2021, 4, 25))
    assert result.interest == Decimal("16021.92")
    term = result.regime[0].term
    assert term.compounding is Compounding.NONE
    assert term.day_count is DayCount.ACT_365
    assert term.start == date(2019, 4, 25)
    assert "SI 1993/564" in result.regime[0].basis.citation


def test_rate_is_the_same_on_the_first_day_of_the_1993_order() -> None:
    # Given 1993-04-01, the day SI 1993/564 took effect; to 1994-04-01 (365 days): 100,000 x 0.08 = 8,000.00
    assert position(gb("1993-04-01"), date(1994, 4, 1)).interest == Decimal("8000.00")


def test_judgment_before_the_1993_order_is_refused_with_a_reason() -> None:
    failure = accrue(matter_from(gb("1993-03-31")), date(1994, 1, 1), rate_book()).instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "1993-04-01" in failure.message
    assert "interest:" in failure.message


def test_foreign_currency_judgment_gets_the_s17_rate_and_says_s44a() -> None:
    # EUR judgment, 2020-01-15 to 2021-01-15 (366 days): 100,000 x 0.08 x 366/365 = 8,021.92 (8,021.9178)
    result = position(gb("2020-01-15", currency="EUR"), date(2021, 1, 15))
    assert result.interest == Decimal("8021.92")
    basis = result.regime[0].basis
    assert "s.44A" in basis.explanation
    assert any("44A" in p for p in basis.parameters)


def test_foreign_currency_judgment_before_s44a_says_so() -> None:
    # s.44A (PIL(MP)A 1995 s.1) reaches judgments given on or after 1 November 1996 only.
    result = position(gb("1996-10-31", currency="USD"), date(1997, 10, 31))
    assert result.interest == Decimal("8000.00")  # 365 days: 100,000 x 0.08
    assert "before s.44A came into force" in result.regime[0].basis.explanation


def test_sterling_judgment_does_not_mention_s44a() -> None:
    result = position(gb("2020-01-15"), date(2020, 2, 15))
    assert "44A" not in result.regime[0].basis.explanation


def test_interest_stated_by_the_court_replaces_the_rule() -> None:
    # A s.44A order for 4.5% on a USD judgment, stated in the matter: 2020-01-15 to 2021-01-15, 366 days,
    # act/365: 100,000 x 0.045 x 366/365 = 4,512.33 (4,512.3288).
    text = gb("2020-01-15", currency="USD").replace(
        'amounts: [{label: judgment, amount: "100000"}]}',
        'amounts: [{label: judgment, amount: "100000"}],\n'
        "     interest: [{from: 2020-01-15, rate: 4.5%, compounding: none, day_count: act/365}]}",
    )
    assert position(text, date(2021, 1, 15)).interest == Decimal("4512.33")
