"""Ontario: postjudgment interest on orders of the Ontario courts, Courts of Justice Act ss.127-130.

Money owing under an order (costs and, as the courts read it, prejudgment interest included) bears interest at the
postjudgment interest rate from the date of the order (s.129(1)). That rate is defined per quarter (s.127(1)): the
Bank of Canada's Bank Rate at the end of the first day of the last month of the quarter before the order's quarter,
rounded up to a whole number when it has a fraction, plus 1 per cent. The order's date fixes the quarter, so one
rate governs the order for its life; the Act provides no compounding, and Ontario's own example divides a year's
interest by 365 days. The rate is derived here from the Bank Rate table and checked against the quarterly values
Ontario publishes under s.127(2) (tests/rules/test_ca_on.py).

Where interest is payable by another right (a contract rate: s.129(5)) or the court exercised its discretion under
s.130 to allow another rate or period, the judgment states its own terms: give them in the matter file under
`interest:` and this rule is not consulted. Periodic-payment orders (s.129(2): interest on each instalment from its
default) also need their terms stated. `instrument.date` is taken as the date of the order. A judgment in a foreign
currency accrues here in that currency; engine.owed adds its Canadian-dollar equivalent at payment (s.121).

References:
    Courts of Justice Act, R.S.O. 1990, c. C.43, ss.121, 127(1)-(2), 128(4)(g), 129(1), (5), 130
    (ontario.ca/laws/statute/90c43); O. Reg. 339/07 (publication of the quarterly rates); Ministry of the Attorney
    General, "Prejudgment and postjudgment interest rates" (ontario.ca, worked example: $40,000 x 0.5% / 365 x 60
    days = $32.88); CIBC v. Graat, followed in Kelly v. Kelly, 2018 ONSC 5951 (interest on prejudgment interest).
    Parameters: params/ca/on/cja-127-129.yaml; Bank Rate: table ca-boc-bank-rate (Bank of Canada announcements).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from exequatur.model.errors import RateLookupError, RuleError
from exequatur.model.instruments import Instrument
from exequatur.model.rates import RateBook, RateSeries
from exequatur.rules.basis import Basis, RateRow, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import Forum, ForumKind, GapContext, GapInterest, RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

PARAMS = "ca/on/cja-127-129.yaml"
FORUM = "CA-ON"
BANK_RATE_TABLE = "ca-boc-bank-rate"


def quarter(day: date) -> tuple[int, int]:
    """The calendar quarter (year, 1-4) a day falls in; s.127(1) ends quarters on 31 Mar, 30 Jun, 30 Sep, 31 Dec."""
    return day.year, (day.month - 1) // 3 + 1


def reference_day(day: date) -> date:
    """The first day of the last month of the quarter preceding the quarter in which `day` falls (s.127(1))."""
    year, q = quarter(day)
    if q == 1:
        return date(year - 1, 12, 1)
    return date(year, 3 * (q - 1), 1)


def _series(rates: RateBook | RateSeries, on: date) -> RateSeries:
    return rates.get(BANK_RATE_TABLE, on=on) if isinstance(rates, RateBook) else rates


def bank_rate_at_end_of(day: date, rates: RateBook | RateSeries) -> RateRow:
    """The Bank Rate in force at the end of `day`: the newest change effective on or before it.

    Rows are dated the day a change took effect (the day announced before 2021, the day after from 2021), so a
    change announced on the first of the month counts for that day only before 2021.
    """
    series = _series(rates, day)
    try:
        return RateRow.of(series, series.on_or_before(day))
    except RateLookupError as exc:
        raise RuleError(
            f"no Bank Rate for {day} in table {series.id} ({exc}); state the order's interest terms in the matter "
            "file (interest:), with the rate Ontario published for that quarter",
            forum=FORUM,
        ) from None


def postjudgment_rate(order_date: date, rates: RateBook | RateSeries) -> tuple[Decimal, RateRow]:
    """The s.127(1) postjudgment interest rate for an order made on `order_date`, and the Bank Rate row used.

    The Bank Rate, rounded up to the next whole number when it includes a fraction, plus 1 per cent.
    """
    row = bank_rate_at_end_of(reference_day(order_date), rates)
    addition = load_parameters(PARAMS).value("postjudgment_addition", order_date)
    return row.value.to_integral_value(rounding=ROUND_CEILING) + addition.value, row


def prejudgment_rate(commenced: date, rates: RateBook | RateSeries) -> tuple[Decimal, RateRow]:
    """The s.127(1) prejudgment interest rate for a proceeding commenced on `commenced`, and the Bank Rate row.

    The Bank Rate rounded to the nearest tenth of a point. A Bank Rate set in quarter points ends in .25 or .75, a
    tie for that rounding: it is rounded up (0.75 -> 0.8), the ordinary rule, as no Ontario text on ties was found.
    """
    row = bank_rate_at_end_of(reference_day(commenced), rates)
    return row.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), row


class OntarioJudgmentInterest:
    """Simple interest at the postjudgment rate of the order's quarter, from the date of the order until payment."""

    def reads_payments(self, instrument: Instrument) -> date | None:
        return None

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        order = instrument.date
        year, q = quarter(order)
        # s.127(1): one postjudgment rate for every order of a quarter.
        last_day = date(year + 1, 1, 1) - timedelta(days=1) if q == 4 else date(year, 3 * q + 1, 1) - timedelta(days=1)
        return min(last_day, load_parameters(PARAMS).steady_through(order, "days_in_year", "postjudgment_addition"))

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        params = load_parameters(PARAMS)
        order = instrument.date
        days = params.value("days_in_year", order)
        addition = params.value("postjudgment_addition", order)
        percent, row = postjudgment_rate(order, context.rates)
        year, q = quarter(order)
        explanation = (
            f"{percent}% a year, simple, from the order of {order} until payment: the postjudgment interest rate "
            f"for Q{q} {year}, the Bank Rate of {row.value}% at the end of {reference_day(order)} (in force since "
            f"{row.on}) rounded up to a whole number, plus {addition.value} (CJA s.127(1), s.129(1)); fixed for "
            f"the order's life; a day's interest is 1/{days.value} of a year's. A contract rate (s.129(5)) or a "
            "rate the court set under s.130 replaces this rule: state it in the matter file (interest:)"
        )
        if instrument.currency != "CAD":
            explanation += (
                f"; the order is in {instrument.currency}: interest accrues in that currency, and s.121 converts "
                "the sum to Canadian dollars at payment (the statement shows that equivalent)"
            )
        if instrument.based_on is not None:
            explanation += (
                f"; as an order on {instrument.based_on} it carries the postjudgment rate after its date unless "
                "the matter says the underlying terms continue"
            )
        term = statutory_term(
            start=order,
            percent=percent,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        basis = Basis(
            rule="Ontario postjudgment interest",
            citation="Courts of Justice Act, R.S.O. 1990, c. C.43, ss.127(1), 129(1)",
            explanation=explanation,
            rate_row=row,
            parameters=(addition.citation, days.citation),
        )
        return (RegimeTerm(term=term, basis=basis),)


class OntarioPrejudgmentInterest:
    """CJA s.128(1): prejudgment interest from the day the cause of action arose to the order, at the
    prejudgment rate of the quarter in which the proceeding was commenced (s.127(1)), simple."""

    def gap(self, judgment: Instrument, basis: Instrument, context: GapContext) -> GapInterest:
        limits = (
            "not where interest is payable by another right (s.128(4)(g)), and the court may disallow it or set "
            "another rate or period (s.130): a judgment that did states its terms (prejudgment:)"
        )
        if context.commenced is None:
            return GapInterest(
                terms=(),
                note=(
                    f"no prejudgment interest from {basis.id} ({basis.date}) to {judgment.id} ({judgment.date}): "
                    "CJA s.128(1) gives it at the prejudgment interest rate of the quarter in which the proceeding "
                    "was commenced (s.127(1)), and the matter records no filing date for the proceeding that "
                    f"produced {judgment.id} (proceedings: filed:, result: {judgment.id}); {limits}"
                ),
            )
        params = load_parameters(PARAMS)
        days = params.value("days_in_year", basis.date)
        percent, row = prejudgment_rate(context.commenced, context.rates)
        year, q = quarter(context.commenced)
        term = statutory_term(
            start=basis.date,
            until=judgment.date,
            percent=percent,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        explanation = (
            f"{percent}% a year, simple, from {basis.date} (the {basis.kind.value}, when the cause of action on it "
            f"arose) to the order of {judgment.date}: the prejudgment interest rate for Q{q} {year}, when the "
            f"proceeding was commenced ({context.commenced}), the Bank Rate of {row.value}% at the end of "
            f"{reference_day(context.commenced)} rounded to the nearest tenth (CJA s.127(1), s.128(1)); {limits}; "
            f"a day's interest is 1/{days.value} of a year's"
        )
        regime_term = RegimeTerm(
            term=term,
            basis=Basis(
                rule="Ontario prejudgment interest",
                citation="Courts of Justice Act, R.S.O. 1990, c. C.43, ss.127(1), 128(1)",
                explanation=explanation,
                rate_row=row,
                parameters=(days.citation,),
            ),
        )
        return GapInterest(terms=(regime_term,), note=f"prejudgment interest: {explanation}")


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """The Ontario courts' holidays under the Rules of Civil Procedure (r.1.03(1), r.3.01)."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="Ontario courts",
    kind=ForumKind.COURT,
    currency="CAD",
    country="CA",
    interest=OntarioJudgmentInterest(),
    gap=OntarioPrejudgmentInterest(),
    calendar=court_calendar,
    recognition_files=("ca-on-common-law", "ca-on-icaa", "icsid-article-54", "ca-state-immunity"),
    deadlines_file="ca-on",
    tables=("ca-boc-bank-rate",),
)
