"""United States federal courts: post-judgment interest under 28 U.S.C. §1961.

References:
    28 U.S.C. §1961(a)-(b) as amended by Pub. L. 106-554 (21 Dec 2000): "the weekly average 1-year constant
    maturity Treasury yield, as published by the Board of Governors of the Federal Reserve System, for the
    calendar week preceding the date of the judgment", computed daily, compounded annually. Practice differs for a
    judgment entered on a release day: S.D.N.Y. and E.D. Mo. point to the "Week Ending" column of the release
    (judgments "entered during the two weeks listed"); D. Utah (utd.uscourts.gov/post-judgement-interest-rates)
    and Bankr. W.D. Tex. take "the prior week's release" when "the judgment date is the same as the release
    date". Parameters: params/us/federal/28-usc-1961.yaml; rates: table us-1y-cmt-weekly (FRED WGS1YR).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from exequatur.model.errors import RateLookupError, RuleError
from exequatur.model.instruments import CmtWeek, Instrument
from exequatur.model.interest import Compounding
from exequatur.rules.basis import Basis, RateRow, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for, country_holidays
from exequatur.rules.forum import CourtDecides, Forum, ForumKind, RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

if TYPE_CHECKING:
    import holidays

PARAMS = "us/federal/28-usc-1961.yaml"
FORUM = "US-FED"
CMT_TABLE = "us-1y-cmt-weekly"


@cache
def _federal_holidays(year: int) -> holidays.HolidayBase:
    # `holidays` is imported when a release date is first computed, not with the forum, and only its US module.
    return country_holidays("US", years=year)


def release_date(week_ending: date) -> date:
    """The day H.15 publishes a week's averages: the Monday after the Friday, or the next business day."""
    day = week_ending + timedelta(days=3)
    while day.weekday() >= 5 or day in _federal_holidays(day.year):
        day += timedelta(days=1)
    return day


def calendar_week(judgment: date) -> date:
    """The Friday ending "the calendar week preceding the date of the judgment" (§1961(a)): the week before the
    Monday-to-Sunday week of entry, so a Monday judgment takes the week whose average H.15 releases that day."""
    return judgment - timedelta(days=judgment.weekday() + 3)


def latest_release_week(judgment: date) -> date:
    """The Friday ending the week of the latest H.15 release published before the day of entry.

    A release counts at the close of business, so a judgment entered on a release day (a Monday, or the Tuesday
    after a holiday) takes the week before (D. Utah; Bankr. W.D. Tex.; Bankr. D. Nev.).
    """
    friday = judgment - timedelta(days=(judgment.weekday() - 4) % 7)
    while release_date(friday) >= judgment:
        friday -= timedelta(days=7)
    return friday


def rate_week(judgment: date, practice: CmtWeek = CmtWeek.CALENDAR_WEEK) -> date:
    """The Friday ending the week whose 1-year CMT average governs a judgment entered on `judgment`."""
    if practice is CmtWeek.LATEST_RELEASE:
        return latest_release_week(judgment)
    return calendar_week(judgment)


_PRACTICE = {
    CmtWeek.CALENDAR_WEEK: "the calendar week preceding the week of entry, as §1961(a) words it (cmt_week: "
    "calendar-week)",
    CmtWeek.LATEST_RELEASE: "the latest H.15 release published before the day of entry, a release counting at the "
    "close of business (cmt_week: latest-release; D. Utah, Bankr. W.D. Tex.)",
}


class FederalJudgmentInterest:
    """§1961: a rate fixed at entry for the life of the judgment, computed daily, compounded annually."""

    def reads_payments(self, instrument: Instrument) -> date | None:
        return None

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        entry = instrument.date
        if instrument.cmt_week is not CmtWeek.CALENDAR_WEEK:
            return entry  # the latest release before entry moves with the H.15 calendar, day by day
        # "the calendar week preceding the date of the judgment": one week's average for a Monday-to-Sunday week.
        sunday = entry + timedelta(days=6 - entry.weekday())
        steady = load_parameters(PARAMS).steady_through(entry, "cmt_regime", "compounding_months", "days_in_year")
        return min(sunday, steady)

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        params = load_parameters(PARAMS)
        entry = instrument.date
        regime_start = params["cmt_regime"].values[0].start
        if entry < regime_start:
            raise RuleError(
                f"federal judgment entered {entry}, before {regime_start}: §1961 then used the coupon-equivalent "
                "yield of the last 52-week T-bill auction, a table exequatur does not ship yet; state the rate "
                "in the matter file (interest:)",
                forum=FORUM,
            )
        regime = params.value("cmt_regime", entry)
        months = params.value("compounding_months", entry)
        days = params.value("days_in_year", entry)
        if months.value != 12:
            raise RuleError(f"unsupported §1961 compounding every {months.value} months", forum=FORUM)
        practice = instrument.cmt_week
        week = rate_week(entry, practice)
        series = context.rates.get(CMT_TABLE, on=week)
        row = RateRow.of(series, series.exactly(week))
        term = statutory_term(
            start=entry,
            percent=row.value,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
            compounding=Compounding.ANNUAL,
        )
        explanation = (
            f"{row.value}% a year: the weekly average 1-year CMT for the week ending {week} (released "
            f"{release_date(week)}), taken as {_PRACTICE[practice]}; fixed for the judgment's life, computed daily "
            f"(1/{days.value} of a year), compounded annually from entry"
        )
        if calendar_week(entry) != latest_release_week(entry):
            # Entered on a release day: the two readings of the statute give different weeks; show the other one.
            other = latest_release_week(entry) if practice is CmtWeek.CALENDAR_WEEK else calendar_week(entry)
            try:
                other_rate = f"{series.exactly(other).value}%"
            except RateLookupError:
                other_rate = "not in the table"
            explanation += (
                f". Entered on {entry}, an H.15 release day: the other practice takes the week ending {other} "
                f"({other_rate})"
            )
        basis = Basis(
            rule="federal post-judgment interest",
            citation="28 U.S.C. §1961(a)-(b), as amended by Pub. L. 106-554 (21 Dec 2000)",
            explanation=explanation,
            rate_row=row,
            parameters=(regime.citation, months.citation, days.citation),
        )
        return (RegimeTerm(term=term, basis=basis),)


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """A district court's legal holidays (FRCP 6(a)(6), FRAP 26(a)(6)), with those of its state (`venue`, e.g.
    "DC"; New York when not given)."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="United States federal courts",
    kind=ForumKind.COURT,
    currency="USD",
    country="US",
    interest=FederalJudgmentInterest(),
    gap=CourtDecides(
        forum=FORUM,
        law=(
            "post-award, pre-judgment interest on confirming an award is for the court's discretion "
            "(Waterside Ocean Navigation Co. v. International Navigation Ltd., 737 F.2d 150 (2d Cir. "
            "1984)), and courts have declined it (Miminco v. Democratic Republic of the Congo, D.D.C. 2015)"
        ),
    ),
    calendar=court_calendar,
    recognition_files=("us-new-york-convention", "us-icsid-1650a", "us-fsia-suit", "us-fsia-execution"),
    deadlines_file="us-fed",
    tables=("us-1y-cmt-weekly",),
)
