"""6 Del. C. §2301(a): discount rate + 5 on the date of judgment, fixed, simple."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.model.interest import Compounding
from tests.conftest import matter_from, position

DE = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: US-DE, date: DATE, currency: USD, amounts: [{label: judgment, amount: "100000"}]}
"""


def de(entry: str) -> str:
    return DE.replace("DATE", entry)


@pytest.mark.parametrize(
    ("entry", "row", "percent"),
    [
        # Noranda (Del. 2021): 17 Oct 2019, discount rate 2.5% (row of 2019-09-19), legal rate 7.5%.
        (date(2019, 10, 17), date(2019, 9, 19), Decimal("7.50")),
        # The day before the cut to 2.25% (2019-10-31) still takes 2.50 + 5.
        (date(2019, 10, 30), date(2019, 9, 19), Decimal("7.50")),
        # A rate takes effect on its row's date: a judgment that day takes it, 2.25 + 5.
        (date(2019, 10, 31), date(2019, 10, 31), Decimal("7.25")),
        # Zero-bound years: 0.25 from 2020-03-16, so 5.25.
        (date(2021, 6, 1), date(2020, 3, 16), Decimal("5.25")),
        # Adjustment credit before 2003: 6.00 from 2000-05-19, so 11.00.
        (date(2000, 12, 1), date(2000, 5, 19), Decimal("11.00")),
    ],
)
def test_legal_rate_on_the_date_of_judgment(entry: date, row: date, percent: Decimal) -> None:
    result = position(de(entry.isoformat()), entry)
    regime = result.regime[0]
    assert regime.basis.rate_row is not None
    assert regime.basis.rate_row.table == "us-fed-discount-rate"
    assert regime.basis.rate_row.on == row
    assert regime.term.rate.percent == percent  # type: ignore[union-attr]


def test_rate_is_fixed_and_simple_for_the_judgments_life() -> None:
    # Entered 2017-01-03 at 1.25 + 5 = 6.25%; the discount rate later rose to 3.00 (2018-12-20) and fell again.
    # To 2020-01-03 = 1,095 days (no 29 Feb in the span): 100,000 x 0.0625 x 1095/365 = 18,750.00, simple.
    result = position(de("2017-01-03"), date(2020, 1, 3))
    assert result.interest == Decimal("18750.00")
    assert result.regime[0].term.compounding is Compounding.NONE
    assert len(result.regime) == 1


def test_basis_cites_the_statute_and_the_case() -> None:
    basis = position(de("2019-10-17"), date(2019, 11, 17)).regime[0].basis
    assert "§2301(a)" in basis.citation
    assert "Noranda" in basis.citation
    assert "2.50%" in basis.explanation
    assert len(basis.parameters) == 2


def test_judgment_before_the_table_is_refused_naming_it() -> None:
    failure = accrue(matter_from(de("1989-02-23")), date(1990, 1, 1), rate_book()).instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "us-fed-discount-rate" in failure.message
    assert "interest:" in failure.message


def test_first_row_of_the_table_is_usable() -> None:
    # 1989-02-24: 7.00 + 5 = 12%; to 1990-02-24 (365 days): 100,000 x 0.12 = 12,000.00
    assert position(de("1989-02-24"), date(1990, 2, 24)).interest == Decimal("12000.00")


def test_judgment_after_the_table_ends_names_the_table() -> None:
    failure = accrue(matter_from(de("2026-08-03")), date(2026, 9, 1), rate_book()).instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "us-fed-discount-rate" in failure.message


TORT = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: j
    kind: judgment
    forum: US-DE
    date: 2009-12-08
    currency: USD
    amounts: [{label: damages, amount: "100000"}]
    tort: {injury: 2006-09-18, settlement_demand: DEMAND}
"""


def test_tort_judgment_bears_the_injury_day_rate_before_and_after_judgment() -> None:
    # O'Riley v. Rogers (Del. Super. 2013): accident 18 Sep 2006, discount rate 6.25% that day (FRBNY, set
    # 2006-06-29), + 5 = 11.25%, one rate from the date of injury through and after the judgment of 8 Dec 2009.
    # To 8 Dec 2010: 2006-09-18 .. 2010-09-18 = 1,461 days, + 81 days to 8 Dec = 1,542 days.
    # 100,000 x 11.25% x 1,542 / 365 = 47,527.397 -> 47,527.40.
    result = position(TORT.replace("DEMAND", "true"), date(2010, 12, 8))
    assert result.regime[0].term.rate.percent == Decimal("11.25")  # type: ignore[union-attr]
    assert result.regime[0].term.start == date(2006, 9, 18)
    assert result.interest == Decimal("47527.40")
    assert "2301(d)" in result.regime[0].basis.citation
    assert "O'Riley" in result.regime[0].basis.citation


@pytest.mark.parametrize(("demand", "said"), [("null", "records no such demand"), ("false", "says none was made")])
def test_tort_judgment_without_the_settlement_demand_is_refused_with_the_reason(demand: str, said: str) -> None:
    statement = accrue(matter_from(TORT.replace("DEMAND", demand)), date(2010, 12, 8), rate_book())
    failure = statement.instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "written settlement demand" in failure.message
    assert said in failure.message
