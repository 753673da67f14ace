"""France: interest on money judgments of the French courts (intérêt au taux légal, increased after two months).

A French judgment accrues at the legal rate of each half-year in turn, not at a rate fixed on the day of judgment,
and at that rate plus 5 points once two months have passed since the decision was served (or otherwise became
enforceable). So the regime is a run of terms, one per stretch between half-year boundaries and the day the
increase begins. Without the date of service (`enforceable:`) the increase is left out and the statement says so.

References:
    C. civ. art. 1231-7: interest at the legal rate runs from the pronouncement of the judgment, unless the judge
    decides otherwise (a judgment that does states its own terms in the matter file).
    C. mon. fin. art. L313-2, as amended by ordonnance n° 2014-947 du 20 août 2014 (from 1 Jan 2015): the rate is
    fixed by arrêté for each half-year, one rate for creditors who are natural persons not acting for professional
    purposes and one for all other cases; art. D313-1-A (décret n° 2014-1115). Before 2015: one rate for each
    calendar year, fixed by décret.
    C. mon. fin. art. L313-3: +5 points from the expiry of two months after the day the decision became
    enforceable, "fût-ce par provision"; the juge de l'exécution may exempt the debtor from the increase or reduce
    it. Cass. 2e civ., 4 avr. 2002, n° 00-19.822; 12 janv. 2023, n° 20-20.063 (with CPC art. 503): the two months
    run from the day the decision was served.
    CPC art. 641 al. 2, 642 al. 1: a period in months ends on the same day-number (or the month's last day), at
    midnight. The weekend extension of art. 642 al. 2 is not applied: it governs time limits for procedural acts
    (art. 640), and no source was found applying it to L313-3.
    C. civ. art. 1343-2: interest is capitalised (for a full year at least) only if a judgment so orders.
    service-public.fr, fiche F783 « Calcul de l'intérêt légal »: amount x days x rate / 36 500, leap years included.
    Parameters: params/fr/cmf-l313.yaml. Rates: tables fr-taux-legal-particuliers, fr-taux-legal-professionnels.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from exequatur.model.errors import RateLookupError, RuleError
from exequatur.model.instruments import Instrument
from exequatur.model.rates import RatePoint, RateSeries
from exequatur.rules.basis import Basis, RateRow, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import Forum, ForumKind, Increase, IncreaseLaw, RuleContext, statutory_term
from exequatur.rules.parameters import ParameterSet, load_parameters

PARAMS = "fr/cmf-l313.yaml"
FORUM = "FR"
#: C. mon. fin. L313-2 al. 2: the rate for creditors who are natural persons not acting for professional purposes.
PARTICULIERS = "fr-taux-legal-particuliers"
#: C. mon. fin. L313-2 al. 2: the rate "dans tous les autres cas".
PROFESSIONNELS = "fr-taux-legal-professionnels"

_LIMITS = (
    "simple interest: C. civ. art. 1343-2 capitalises interest only where a judgment so orders, and the juge de "
    "l'exécution may exempt the debtor from the increase or reduce it (L313-3 al. 2); a judgment that orders "
    "either states its own terms in the matter file"
)


_NO_SERVICE = (
    "WITHOUT the +{points} points of L313-3: they start two months after the decision was served (CPC art. 503; "
    "Cass. 2e civ. 12 Jan 2023, n° 20-20.063), and the matter states no such date, so this figure excludes them "
    "(state enforceable: to include them)"
)


def half_year(day: date) -> date:
    """The first day of the half-year containing `day`: the rate of L313-2 is fixed for each half-year."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(day: date) -> date:
    start = half_year(day)
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def increase_starts(enforceable: date, months: int) -> date:
    """The first day of the L313-3 increased rate: the day after the two-month period expires.

    CPC art. 641 al. 2: the period ends on the same day-number of the last month, or on that month's last day when it
    has none (relativedelta clamps the same way); art. 642 al. 1: at midnight. service-public.fr F783: a decision
    enforceable on 17 Sept 2015 bears the increased rate from 18 Nov 2015.
    """
    return enforceable + relativedelta(months=months) + timedelta(days=1)


def _stretches(start: date, until: date, increase: date) -> Iterator[tuple[date, date]]:
    """[from, to) stretches from `start`, cut at each half-year and at `increase`, the last one reaching `until`.

    Always yields at least the first stretch, so a statement asked for on the judgment day still shows the rule.
    """
    day = start
    while True:
        stop = next_half_year(day)
        if day < increase < stop:
            stop = increase
        yield day, stop
        day = stop
        if day >= until:
            return


def _semester_row(series: RateSeries, day: date) -> RatePoint:
    """The row of the half-year containing `day`; a row of an earlier half-year is a hole, never a stand-in."""
    point = series.on_or_before(day)
    semester = half_year(day)
    if point.on != semester:
        raise RateLookupError(
            f"rate table {series.id!r} has no row for the half-year starting {semester} (needed for {day}); "
            f"the newest earlier row is {point.on}",
            table=series.id,
            on=day,
        )
    return point


def _act(semester: date, params: ParameterSet) -> str:
    """The instrument that fixed a half-year's rate: an arrêté per half-year since 2015, a décret per year before."""
    # C. mon. fin. L313-2 before 1 Jan 2015: "fixé par décret pour la durée de l'année civile"; from then on, by
    # arrêté for each half-year (ordonnance n° 2014-947, art. 1; art. D313-1-A).
    if params.value("creditor_categories", semester).value == 1:
        return f"décret fixing the legal rate for {semester.year}"
    half = "1st" if semester.month == 1 else "2nd"
    return f"arrêté fixing the legal rate for the {half} half of {semester.year}"


class FrenchLegalInterest:
    """Simple interest at each half-year's legal rate from the judgment, +5 points two months after enforceability."""

    def increase(self, enforceable: date) -> Increase:
        """L313-3 al. 1: the increase, as the law in force on the day the decision became enforceable sets it."""
        law = self.increase_law(enforceable)
        return Increase(start=increase_starts(enforceable, law.months), points=law.points)

    def increase_law(self, enforceable: date) -> IncreaseLaw:
        params = load_parameters(PARAMS)
        names = ("majoration_delay_months", "majoration_points")
        months, points = (params.value(name, enforceable) for name in names)
        return IncreaseLaw(
            months=int(months.value), points=points.value, through=params.steady_through(enforceable, *names)
        )

    def reads_payments(self, instrument: Instrument) -> date | None:
        return None

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        """The half-year of entry: each later half-year's rate is the same for every judgment entered in it."""
        entry = instrument.date
        params = load_parameters(PARAMS)
        last = next_half_year(entry) - timedelta(days=1)
        names = ("days_in_year", "creditor_categories", "majoration_points", "majoration_delay_months")
        last = min(last, params.steady_through(entry, *names))
        for table in (PARTICULIERS, PROFESSIONNELS):
            last = min(last, context.rates.get(table, on=entry).steady_through(entry))
        # A judgment entered after the day it became enforceable is an error of its own.
        return last if instrument.enforceable is None else min(last, instrument.enforceable)

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        params = load_parameters(PARAMS)
        entry = instrument.date
        enforceable = instrument.enforceable
        if enforceable is not None and enforceable < entry:
            raise RuleError(
                f"enforceable {enforceable} is before the decision's date {entry}; state the day the decision was "
                "served (enforceable:), or the judgment's own interest terms (interest:)",
                forum=FORUM,
            )
        points = params.value("majoration_points", enforceable or entry)
        months = params.value("majoration_delay_months", enforceable or entry)
        if enforceable is None:
            # The two months run from service of the decision (CPC art. 503; Cass. 2e civ. 12 Jan 2023,
            # n° 20-20.063). Without that date the increase cannot be placed, so it is left out, never assumed.
            increase = date.max
            when = ""
        else:
            increase = self.increase(enforceable).start
            when = (
                f"+{points.value} points from {increase}, once {months.value} months from the day the decision was "
                f"served or otherwise became enforceable, {enforceable}, had expired at midnight (CPC art. 641 "
                "al. 2, 642 al. 1; the weekend extension of art. 642 al. 2 governs procedural acts and is not "
                "applied)"
            )
        # L313-2 al. 2 (from 2015): the particuliers rate only for a natural person not acting professionally.
        private = context.creditor is not None and context.creditor.private_individual
        table = PARTICULIERS if private else PROFESSIONNELS
        category = (
            "a creditor who is a natural person not acting for professional purposes"
            if private
            else "creditors other than natural persons acting privately (the creditor is not marked private_individual)"
        )
        series = context.rates.get(table, on=entry)
        # A half-year the table lacks is met before any term is built, with the error the loop below would meet:
        # a book of French judgments run past the table's end (until `rates update`) fails each in microseconds.
        for start, _ in _stretches(entry, context.as_of, increase):
            _semester_row(series, start)
        terms = []
        for start, stop in _stretches(entry, context.as_of, increase):
            semester = half_year(start)
            row = RateRow.of(series, _semester_row(series, start))
            days = params.value("days_in_year", start)
            # L313-2: one rate for all creditors before 2015 (the tables repeat it in both files); two from 2015.
            categories = params.value("creditor_categories", semester)
            # L313-3 al. 1: +5 points from the day after two months from enforceability expire (CPC art. 641 al. 2,
            # 642 al. 1).
            increased = start >= increase
            percent = row.value + points.value if increased else row.value
            legal = (
                f"the single legal rate for {semester.year}"
                if categories.value == 1
                else f"the legal rate for {category}"
            )
            rate_text = f"{row.value}% ({legal}, {_act(semester, params)})"
            if increased:
                rate_text = f"{percent}%: {rate_text} + {points.value} points (L313-3)"
            term = statutory_term(
                start=start,
                until=stop,
                percent=percent,
                days_in_year=days.value,
                forum=FORUM,
                params=PARAMS,
            )
            citation = "C. mon. fin. art. L313-2" + (", L313-3" if increased else "") + "; C. civ. art. 1231-7"
            shared = (
                f"the judgment of {entry} bears each half-year's legal rate in turn, "
                f"{when or _NO_SERVICE.format(points=points.value)}; {_LIMITS}; a day's interest is "
                f"1/{days.value} of a year's, leap years included (service-public.fr F783)"
            )
            basis = Basis(
                rule="French legal interest, increased" if increased else "French legal interest",
                citation=f"{citation}; {_act(semester, params)}",
                explanation=f"{rate_text} a year for {start} to {stop}: {shared}",
                shared=shared,
                rate_row=row,
                parameters=(categories.citation, points.citation, months.citation, days.citation),
            )
            terms.append(RegimeTerm(term=term, basis=basis))
        return tuple(terms)


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """The French courts' jours fériés (CPC art. 642); `venue` "57", "67" or "68" adds Alsace-Moselle's."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="French courts",
    kind=ForumKind.COURT,
    currency="EUR",
    country="FR",
    interest=FrenchLegalInterest(),
    calendar=court_calendar,
    deadlines_file="fr",
    tables=("fr-taux-legal-particuliers", "fr-taux-legal-professionnels"),
)
