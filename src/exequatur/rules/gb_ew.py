"""England and Wales: interest on High Court judgment debts.

Every judgment debt carries simple interest at the rate s.17 of the Judgments Act 1838 states, from the day
judgment is given (CPR 40.8) until payment. The rate is not the court's to vary, except that for a judgment in a
currency other than sterling the court may order such rate as it thinks fit (AJA 1970 s.44A); without such an order
the s.17 rate applies to it too. An arbitral award enforced as a judgment (Arbitration Act 1996 s.66) carries the
s.17 rate as a judgment; the interest the award itself grants (s.49) is stated on the award.

This forum models the High Court. County court judgments carry interest only when for £5,000 or more (County
Courts (Interest on Judgment Debts) Order 1991, SI 1991/1184) or for a qualifying commercial debt (SI 1998/2400),
and stop accruing while certain enforcement runs; state such a judgment's terms in the matter file.

References:
    Judgments Act 1838 s.17(1), as amended by the Judgment Debts (Rate of Interest) Order 1993, SI 1993/564;
    CPR 40.8(1); Administration of Justice Act 1970 s.44A (inserted by the Private International Law (Miscellaneous
    Provisions) Act 1995 s.1, from 1 November 1996); Arbitration Act 1996 ss.49, 66; County Courts (Interest on
    Judgment Debts) Order 1991. Parameters: params/gb/ew/judgments-act-1838-s17.yaml.
"""

from __future__ import annotations

from datetime import date

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument
from exequatur.rules.basis import Basis, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import CourtDecides, Forum, ForumKind, RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

PARAMS = "gb/ew/judgments-act-1838-s17.yaml"
FORUM = "GB-EW"


class EnglishJudgmentInterest:
    """Simple interest at the s.17 rate from the day judgment is given until payment, whatever the currency."""

    def reads_payments(self, instrument: Instrument) -> date | None:
        return None

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        return load_parameters(PARAMS).steady_through(instrument.date, "rate", "days_in_year")

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        params = load_parameters(PARAMS)
        given = instrument.date
        first = params["rate"].values[0].start
        # SI 1993/564: 8% from 1 April 1993. The earlier 15% (1985) is not shipped: its commencement and whether a
        # change of rate reached judgments already given were not verified, so earlier judgments are refused.
        if given < first:
            raise RuleError(
                f"judgment given {given}, before {first}: the Judgments Act rate was then 15% (set in 1985) and "
                "exequatur does not ship the earlier rates or their transitional rules; state the judgment's "
                "interest terms in the matter file (interest:)",
                forum=FORUM,
            )
        rate = params.value("rate", given)
        days = params.value("days_in_year", given)
        citations = [rate.citation, days.citation]
        explanation = f"{rate.value}% a year, simple, from judgment on {given} until payment (s.17; CPR 40.8)"
        if instrument.currency != "GBP":
            discretion = params["foreign_currency_discretion"].values[0]
            # AJA 1970 s.44A, from 1 November 1996: the court may order another rate for a non-sterling judgment;
            # an order stated in the matter (interest:) replaces this rule, so here none was made.
            if given >= discretion.start:
                citations.append(discretion.citation)
                explanation += (
                    f"; the judgment is in {instrument.currency}: s.44A of the Administration of Justice Act 1970 "
                    "lets the court order another rate, and none is stated (state it under interest: if ordered)"
                )
            else:
                explanation += (
                    f"; the judgment is in {instrument.currency} but was given before s.44A came into force on "
                    f"{discretion.start}, so only the s.17 rate can apply"
                )
        if instrument.based_on is not None:
            explanation += (
                f"; as a judgment on {instrument.based_on} (e.g. an award entered under Arbitration Act 1996 s.66) "
                "it carries the s.17 rate after entry, whatever interest the award granted under s.49"
            )
        term = statutory_term(
            start=given,
            percent=rate.value,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        basis = Basis(
            rule="English judgment debt interest",
            citation=f"{rate.citation}; CPR 40.8(1)",
            explanation=f"{explanation}; a day's interest is 1/{days.value} of a year's ({days.citation})",
            parameters=tuple(citations),
        )
        return (RegimeTerm(term=term, basis=basis),)


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """The days the court office is closed (CPR 2.8(5)); its short_period_calendar() is CPR 2.8(4)'s."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="Courts of England and Wales",
    kind=ForumKind.COURT,
    currency="GBP",
    country="GB",
    interest=EnglishJudgmentInterest(),
    gap=CourtDecides(
        forum=FORUM,
        law=(
            "interest after an award is the tribunal's to award (Arbitration Act 1996 s.49(4)); where the "
            "award is silent the court does not add it on giving leave to enforce (s.66; Walker v Rome, "
            "Aikens J), and the judgment's own interest runs from entry (Judgments Act 1838 s.17)"
        ),
    ),
    calendar=court_calendar,
    recognition_files=("gb-ew-common-law", "gb-ew-aa-1996", "icsid-article-54", "gb-state-immunity"),
)
