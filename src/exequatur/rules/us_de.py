"""Delaware: post-judgment interest at the legal rate, 6 Del. C. §2301(a).

A judgment bears, from its date, 5% over the Federal Reserve discount rate (including any surcharge) in force on
the date of judgment, fixed for the judgment's life (Noranda v. XL Ins. Am., Del. 2021), simple, on the whole
judgment sum including any prejudgment interest (NGL Energy v. LCT Capital, Del. 2024). Where the judgment rests
on a contract with a lower lawful rate, that rate caps it ("whichever is less"): state such terms in the matter
file. The Court of Chancery sets interest in its discretion (and may compound); its judgments should state their
terms too. This rule models a Superior Court judgment that states none.

A tort judgment for bodily injury, death or property damage (`tort:` in the matter) follows §2301(d) instead: the
legal rate "as of the time from which interest is due", the date of injury, "added to any final judgment"
from that date, provided the plaintiff had made a written settlement demand valid for 30 days for less than the
judgment; and one rate before and after judgment (O'Riley v. Rogers, following Houghton v. Shapira). Without the
demand the subsection gives nothing, and exequatur refuses the judgment rather than guess its interest.

References:
    6 Del. C. §2301(a), (d) (delcode.delaware.gov/title6/c023); Noranda Aluminum Holding Corp. v. XL Insurance America,
    Inc., No. 443, 2020 (Del. Dec. 16, 2021); NGL Energy Partners LP v. LCT Capital, LLC, No. 265, 2023 (Del. May
    28, 2024); O'Riley v. Rogers, C.A. No. S08C-07-020 RFS (Del. Super. Sept. 4, 2013) ("I do not agree that
    Plaintiff's judgment interest should be calculated using two separate rates"), following Houghton v. Shapira
    (Del. Super.): "6 Del. C. 2301(d) does not distinguish between pre-judgment and post-judgment interest". Parameters:
    params/us/de/6-del-c-2301.yaml; rates: table us-fed-discount-rate (FRBNY discount rate, primary credit from
    2003-01-09).
"""

from __future__ import annotations

from datetime import date

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument
from exequatur.rules.basis import Basis, RateRow, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import Forum, ForumKind, RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

PARAMS = "us/de/6-del-c-2301.yaml"
FORUM = "US-DE"
DISCOUNT_TABLE = "us-fed-discount-rate"


class DelawareJudgmentInterest:
    """The legal rate on the date of judgment (discount rate + 5 points), simple, from that date until payment."""

    def reads_payments(self, instrument: Instrument) -> date | None:
        return None

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        if instrument.tort is not None:
            return instrument.date
        entry = instrument.date
        steady = load_parameters(PARAMS).steady_through(entry, "spread", "days_in_year")
        # The discount rate in force on the date of judgment: the same until the next change takes effect.
        return min(steady, context.rates.get(DISCOUNT_TABLE, on=entry).steady_through(entry))

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        if instrument.tort is not None:
            return self._tort(instrument, context)
        params = load_parameters(PARAMS)
        entry = instrument.date
        spread = params.value("spread", entry)
        days = params.value("days_in_year", entry)
        series = context.rates.get(DISCOUNT_TABLE, on=entry)
        # §2301(a): the discount rate "as of the time from which interest is due", which for post-judgment
        # interest is the date of judgment (Noranda, Del. 2021). Rows are dated the day a rate took effect.
        if entry < series.first:
            raise RuleError(
                f"Delaware judgment entered {entry}, before the first discount rate shipped ({series.first} in "
                f"table {DISCOUNT_TABLE}); state the legal rate in the matter file (interest:)",
                forum=FORUM,
            )
        row = RateRow.of(series, series.on_or_before(entry))
        percent = row.value + spread.value
        term = statutory_term(
            start=entry,
            percent=percent,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        basis = Basis(
            rule="Delaware post-judgment interest at the legal rate",
            citation="6 Del. C. §2301(a); Noranda Aluminum Holding Corp. v. XL Ins. Am., Inc. (Del. 2021)",
            explanation=(
                f"{percent}% a year: the Federal Reserve discount rate of {row.value}% in force on the date of "
                f"judgment, {entry} (set {row.on}), plus {spread.value} points; fixed for the judgment's life, "
                f"simple, from judgment until payment; a day's interest is 1/{days.value} of a year's"
            ),
            rate_row=row,
            parameters=(spread.citation, days.citation),
        )
        return (RegimeTerm(term=term, basis=basis),)

    def _tort(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        """§2301(d): from the date of injury, at the legal rate of that date, the one rate before and after entry."""
        tort = instrument.tort
        assert tort is not None
        if tort.settlement_demand is not True:
            said = "records no such demand" if tort.settlement_demand is None else "says none was made"
            raise RuleError(
                "6 Del. C. §2301(d) adds interest to a tort judgment only where, before trial, the plaintiff had "
                "extended a written settlement demand valid for at least 30 days for less than the judgment; the "
                f"matter {said} (tort: settlement_demand: true), so the judgment's interest cannot be derived: "
                "state it (interest:)",
                forum=FORUM,
            )
        if tort.injury > instrument.date:
            raise RuleError(f"date of injury {tort.injury} is after the judgment ({instrument.date})", forum=FORUM)
        params = load_parameters(PARAMS)
        spread = params.value("spread", tort.injury)
        days = params.value("days_in_year", tort.injury)
        series = context.rates.get(DISCOUNT_TABLE, on=tort.injury)
        if tort.injury < series.first:
            raise RuleError(
                f"date of injury {tort.injury} is before the first discount rate shipped ({series.first} in table "
                f"{DISCOUNT_TABLE}); state the legal rate in the matter file (interest:)",
                forum=FORUM,
            )
        row = RateRow.of(series, series.on_or_before(tort.injury))
        percent = row.value + spread.value
        term = statutory_term(
            start=tort.injury,
            percent=percent,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        basis = Basis(
            rule="Delaware tort judgment interest from the date of injury",
            citation=(
                "6 Del. C. §2301(d), (a); O'Riley v. Rogers, C.A. No. S08C-07-020 RFS (Del. Super. Sept. 4, 2013); "
                "Houghton v. Shapira (Del. Super.)"
            ),
            explanation=(
                f"{percent}% a year: the Federal Reserve discount rate of {row.value}% in force on the date of "
                f'injury, {tort.injury} (set {row.on}), plus {spread.value} points, "commencing from the date of '
                'injury" and added to the final judgment (§2301(d), the written settlement demand having been '
                "made); one rate before and after the judgment of "
                f'{instrument.date}, as §2301(d) "does not distinguish between pre-judgment and post-judgment '
                f"interest\" (O'Riley, following Houghton); simple; a day's interest is 1/{days.value} of a year's"
            ),
            rate_row=row,
            parameters=(spread.citation, days.citation),
        )
        return (RegimeTerm(term=term, basis=basis),)


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """The Delaware state courts' legal holidays (1 Del. C. §501)."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="Delaware state courts",
    kind=ForumKind.COURT,
    currency="USD",
    country="US",
    interest=DelawareJudgmentInterest(),
    calendar=court_calendar,
    tables=("us-fed-discount-rate",),
)
