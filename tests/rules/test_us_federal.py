"""28 U.S.C. §1961: which week's rate, fixed at entry, computed daily, compounded annually."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.model.instruments import CmtWeek
from exequatur.rules.us_federal import rate_week, release_date
from tests.conftest import matter_from, position


@pytest.mark.parametrize(
    ("judgment", "statute", "clerk"),
    [
        # "The calendar week preceding the date of the judgment" (§1961(a)) is the Monday-to-Sunday week before the
        # week of entry; the clerks' practice takes the latest release published before the day of entry, a
        # release counting at the close of business (D. Utah: "select the prior week's release rate").
        # Thursday 1 Mar 2018: the week ending Fri 23 Feb was released Mon 26 Feb, before entry: both agree.
        (date(2018, 3, 1), date(2018, 2, 23), date(2018, 2, 23)),
        # Friday 2 Mar 2018: the week ending that day is released only on Mon 5 Mar; 23 Feb under both.
        (date(2018, 3, 2), date(2018, 2, 23), date(2018, 2, 23)),
        # Monday 5 Mar 2018, a release day: the statute's preceding week ends Fri 2 Mar (released that day); the
        # clerks' practice keeps the week before.
        (date(2018, 3, 5), date(2018, 3, 2), date(2018, 2, 23)),
        # Tuesday 6 Mar 2018: the release of Mon 5 Mar (week ending 2 Mar) is in force under both.
        (date(2018, 3, 6), date(2018, 3, 2), date(2018, 3, 2)),
        # Monday 19 Feb 2018 was Washington's Birthday: the week ending 16 Feb was released Tue 20 Feb. For a
        # judgment of Tue 20 Feb the statute still takes the week ending 16 Feb; the clerks' practice 9 Feb.
        (date(2018, 2, 20), date(2018, 2, 16), date(2018, 2, 9)),
        (date(2018, 2, 21), date(2018, 2, 16), date(2018, 2, 16)),
        # Sunday 4 Mar 2018 belongs to the week of Mon 26 Feb: the preceding week ends Fri 23 Feb; the latest
        # release before it is that of Mon 26 Feb, the same week.
        (date(2018, 3, 4), date(2018, 2, 23), date(2018, 2, 23)),
        # Monday 15 Jul 2024 (the exactness issue): S.D. Tex. lists the week ending 12 Jul 2024 for judgments
        # entered 15-21 July 2024.
        (date(2024, 7, 15), date(2024, 7, 12), date(2024, 7, 5)),
    ],
)
def test_rate_week(judgment: date, statute: date, clerk: date) -> None:
    assert rate_week(judgment) == statute
    assert rate_week(judgment, CmtWeek.CALENDAR_WEEK) == statute
    assert rate_week(judgment, CmtWeek.LATEST_RELEASE) == clerk


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


def test_a_monday_judgment_takes_the_week_just_released_and_names_the_practice() -> None:
    # Entry Mon 15 Jul 2024, H.15 release day. Statute: week ending 12 Jul 2024, WGS1YR 4.96. Clerk practice:
    # week ending 5 Jul 2024, 5.05. One year later, simple within the year: 1,000,000 x 4.96% = 49,600.00;
    # at 5.05% = 50,500.00.
    text = FEDERAL.replace("DATE", "2024-07-15")
    statute = position(text, date(2025, 7, 15))
    assert statute.interest == Decimal("49600.00")
    explanation = statute.regime[0].basis.explanation
    assert "cmt_week: calendar-week" in explanation
    assert "release day" in explanation
    assert "2024-07-05 (5.05%)" in explanation
    clerk = position(text.replace("currency: USD,", "currency: USD, cmt_week: latest-release,"), date(2025, 7, 15))
    assert clerk.interest == Decimal("50500.00")
    assert "cmt_week: latest-release" in clerk.regime[0].basis.explanation
    matter_wide = position("cmt_week: latest-release\n" + text, date(2025, 7, 15))
    assert matter_wide.interest == Decimal("50500.00")


def test_exact_half_cent_rounds_up() -> None:
    # The exactness issue's example: USD 9,140,153.28 entered Thu 6 Jun 2024; the week ending 31 May 2024 gives
    # 5.2% (WGS1YR). Year 1: 9,140,153.28 x 0.052 = 475,287.97056 -> 475,287.97 capitalized; base 9,615,441.25.
    # Year 2: 9,615,441.25 x 0.052 = 500,002.945 exactly -> half-up 500,002.95; base 10,115,444.20.
    # 2026-06-06 .. 2026-12-01 = 178 days: 10,115,444.20 x 0.052 x 178 / 365 = 256,516.5798... -> 256,516.58.
    # Total 10,115,444.20 + 256,516.58 = 10,371,960.78 (a rate rounded to 40 digits first gave .77).
    result = position(FEDERAL.replace("DATE", "2024-06-06").replace('"1000000"', '"9140153.28"'), date(2026, 12, 1))
    assert result.total == Decimal("10371960.78")
