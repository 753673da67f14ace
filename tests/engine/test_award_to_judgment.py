"""Interest between an award that states none and the judgment on it: each forum's law, or the judgment's words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement
from exequatur.interfaces.api import rate_book
from tests.conftest import matter_from

MATTER = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: award, kind: award, forum: ICC, date: AWARD, currency: USD, amounts: [{label: damages, amount: "AMOUNT"}]}
  - id: j
    kind: judgment
    forum: FORUM
    date: JUDGMENT
    currency: USD
    based_on: award
    amounts: carried
EXTRA"""


def judgment(
    forum: str, award: str, entry: str, as_of: date, *, amount: str = "10000000", extra: str = ""
) -> InstrumentStatement:
    text = (
        MATTER.replace("FORUM", forum)
        .replace("AWARD", award)
        .replace("JUDGMENT", entry)
        .replace("AMOUNT", amount)
        .replace("EXTRA", extra)
    )
    result = accrue(matter_from(text), as_of, rate_book(), instrument="j").instruments[0]
    assert isinstance(result, InstrumentStatement), result
    return result


def test_new_york_adds_cplr_5002_interest_from_the_award() -> None:
    # The exactness issue's example. CPLR 5002 at 9% (5004), simple, from the award (2023-01-10) to entry
    # (2024-01-10): 365 days, 10,000,000 x 9% = 900,000.00. The judgment is 10,900,000.00, which bears 9% from
    # entry: to 2025-01-10, 366 days (2024 is a leap year), 10,900,000 x 0.09 x 366 / 365 = 983,687.67.
    # Total 11,883,687.67; carrying the principal alone gave 10,902,465.75, USD 981,221.92 short.
    result = judgment("US-NY", "2023-01-10", "2024-01-10", date(2025, 1, 10))
    assert {c.label: c.principal for c in result.components} == {
        "damages": Decimal("10000000"),
        "damages: interest to 2024-01-10": Decimal("900000.00"),
    }
    assert result.total == Decimal("11883687.67")
    assert any("CPLR 5002" in n and "Niagara-Wheatfield" in n for n in map(str, result.notes))


def test_new_york_award_with_a_later_start_stated_by_the_judgment() -> None:
    # Gruberg: where the award gave 30 days to pay, interest runs from their end; the judgment states it.
    # 2023-02-09 .. 2024-01-10 = 335 days: 10,000,000 x 9% x 335 / 365 = 826,027.397 -> 826,027.40.
    extra = """    prejudgment:
      - {from: 2023-02-09, rate: "9%", source: "judgment: interest from the end of the award's 30 days"}
"""
    result = judgment("US-NY", "2023-01-10", "2024-01-10", date(2024, 1, 10), extra=extra)
    assert result.total == Decimal("10826027.40")


def test_prejudgment_none_adds_nothing_and_says_so() -> None:
    result = judgment("US-NY", "2023-01-10", "2024-01-10", date(2024, 1, 10), extra="    prejudgment: none\n")
    assert result.total == Decimal("10000000")
    assert any("prejudgment: none" in n for n in map(str, result.notes))


def test_ontario_prejudgment_interest_at_the_rate_of_the_quarter_the_proceeding_began() -> None:
    # CJA s.128(1), s.127(1). Proceeding filed 2020-06-15 (Q2 2020): Bank Rate at the end of 2020-03-01 was 2.00
    # (the 4 Mar 2020 cut came later), to the nearest tenth 2.0%. From the award (2020-03-02) to the order
    # (2021-03-01): 364 days, 1,000,000 x 2% x 364 / 365 = 19,945.205 -> 19,945.21.
    # Postjudgment for an order of Q1 2021: Bank Rate on 2020-12-01 0.50, rounded up 1, + 1 = 2%. To 2022-03-01,
    # 365 days: 1,019,945.21 x 2% = 20,398.904 -> 20,398.90. Total 1,040,344.11.
    extra = (
        "proceedings:\n  - {id: rec, kind: recognition, forum: CA-ON, filed: 2020-06-15, concerns: award, result: j}\n"
    )
    result = judgment("CA-ON", "2020-03-02", "2021-03-01", date(2022, 3, 1), amount="1000000", extra=extra)
    assert result.total == Decimal("1040344.11")
    assert any("s.128(1)" in n for n in map(str, result.notes))


def test_ontario_without_a_filing_date_adds_nothing_and_says_what_is_missing() -> None:
    result = judgment("CA-ON", "2020-03-02", "2021-03-01", date(2021, 3, 1), amount="1000000")
    assert result.total == Decimal("1000000")
    assert any("no filing date" in n for n in map(str, result.notes))


@pytest.mark.parametrize(("forum", "words"), [("US-FED", "Waterside"), ("GB-EW", "s.49(4)")])
def test_where_the_court_decides_nothing_is_added_and_the_statement_says_so(forum: str, words: str) -> None:
    currency = "USD"
    result = judgment(forum, "2023-01-10", "2024-01-10", date(2024, 1, 10))
    assert result.currency == currency
    assert result.total == Decimal("10000000")
    assert any(words in n and "prejudgment:" in n for n in map(str, result.notes))


def test_an_award_that_states_interest_runs_on_its_own_terms_to_the_judgment() -> None:
    # The award's 5% simple runs to entry (365 days: 500,000.00); New York adds no CPLR 5002 interest on top.
    text = (
        MATTER.replace("FORUM", "US-NY")
        .replace("AWARD", "2023-01-10")
        .replace("JUDGMENT", "2024-01-10")
        .replace("AMOUNT", "10000000")
        .replace("EXTRA", "")
        .replace(
            'amounts: [{label: damages, amount: "10000000"}]}',
            'amounts: [{label: damages, amount: "10000000"}],\n     interest: [{from: 2023-01-10, rate: "5%"}]}',
        )
    )
    result = accrue(matter_from(text), date(2024, 1, 10), rate_book(), instrument="j").instruments[0]
    assert isinstance(result, InstrumentStatement), result
    assert result.total == Decimal("10500000.00")
    assert not any("5002" in n for n in map(str, result.notes))
