"""28 U.S.C. §1961: which week's rate, fixed at entry, computed daily, compounded annually."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.statement import InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.rules.us_federal import rate_week, release_date
from tests.conftest import matter_from, position


@pytest.mark.parametrize(
    ("judgment", "week"),
    [
        # Thursday 1 Mar 2018: the week ending Fri 23 Feb was released Mon 26 Feb, before entry.
        (date(2018, 3, 1), date(2018, 2, 23)),
        # Friday 2 Mar 2018: the week ending that day is released only on Mon 5 Mar; 23 Feb applies.
        (date(2018, 3, 2), date(2018, 2, 23)),
        # Monday 5 Mar 2018 is itself a release day: releases count at close of business, so the prior week
        # (D. Utah: "select the prior week's release rate").
        (date(2018, 3, 5), date(2018, 2, 23)),
        # Tuesday 6 Mar 2018: the release of Mon 5 Mar (week ending 2 Mar) is in force.
        (date(2018, 3, 6), date(2018, 3, 2)),
        # Monday 19 Feb 2018 was Washington's Birthday: the week ending 16 Feb was released Tue 20 Feb, so a
        # judgment of Tue 20 Feb takes the week ending 9 Feb, and one of Wed 21 Feb the week ending 16 Feb.
        (date(2018, 2, 20), date(2018, 2, 9)),
        (date(2018, 2, 21), date(2018, 2, 16)),
    ],
)
def test_rate_week(judgment: date, week: date) -> None:
    assert rate_week(judgment) == week


def test_release_moves_past_a_federal_holiday() -> None:
    assert release_date(date(2018, 2, 16)) == date(2018, 2, 20)
    assert release_date(date(2018, 2, 23)) == date(2018, 2, 26)


FEDERAL = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: US-FED, date: DATE, currency: USD, amounts: [{label: judgment, amount: "1000000"}]}
"""


def test_compounded_annually_at_the_rate_of_the_week_before_entry() -> None:
    # Entry Fri 2 Mar 2018: WGS1YR for the week ending 23 Feb 2018 is 2.02 (H.15; shared/data row 2018-02-23).
    # Year 1 (2018-03-02 .. 2019-03-02, 365 days): 1,000,000 x 0.0202 = 20,200.00, capitalized.
    # Year 2 (.. 2020-03-02, 366 days, /365 as the clerks compute): 1,020,200 x 0.0202 x 366/365 = 20,664.50
    # (20,608.04 x 1.0027397 = 20,664.5022). Total 40,864.50.
    result = position(FEDERAL.replace("DATE", "2018-03-02"), date(2020, 3, 2))
    assert result.regime[0].basis.rate_row is not None
    assert result.regime[0].basis.rate_row.on == date(2018, 2, 23)
    assert result.regime[0].term.rate.percent == Decimal("2.02")  # type: ignore[union-attr]
    assert result.interest == Decimal("40864.50")


def test_judgment_before_the_cmt_regime_is_a_clear_error() -> None:
    statement = accrue(matter_from(FEDERAL.replace("DATE", "1999-06-01")), date(2001, 1, 1), rate_book())
    failure = statement.instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "52-week" in failure.message


def test_judgment_after_the_table_ends_names_the_table() -> None:
    statement = accrue(matter_from(FEDERAL.replace("DATE", "2027-01-04")), date(2027, 2, 1), rate_book())
    failure = statement.instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "us-1y-cmt-weekly" in failure.message
