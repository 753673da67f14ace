"""New York: interest on money judgments of the New York State courts.

On confirming an arbitral award that states no interest, CPLR 5002 adds interest at the 5004 rate from the date
of the award to the entry of judgment, as of right (Niagara-Wheatfield; Goldberger v Fischer); where the award
gave the debtor time to pay, it runs from the end of that time (Gruberg), which the matter then states.

References:
    N.Y. C.P.L.R. 5002 ("Interest shall be recovered upon the total sum awarded ... from the date the verdict was
    rendered or the report or decision was made to the date of entry of final judgment"), 5003 (interest from
    entry), 5004 (rate), as amended by the Fair Consumer Judgment Interest Act, L. 2021, ch. 831, in force 30 April
    2022; Board of Educ. of Niagara-Wheatfield Cent. School Dist. v. Niagara-Wheatfield Teachers Assn., 46 N.Y.2d
    553, 558 (1979); Matter of Gruberg (Cortell Group), 143 A.D.2d 39 (1st Dept 1988); Matter of Goldberger v
    Fischer, 54 A.D.3d 955 (2d Dept 2008). Parameters: params/us/ny/cplr-5004.yaml.
"""

from __future__ import annotations

from datetime import date

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.rules.basis import Basis, RegimeTerm
from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import Forum, ForumKind, GapContext, GapInterest, RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

PARAMS = "us/ny/cplr-5004.yaml"
FORUM = "US-NY"


class NewYorkJudgmentInterest:
    """Simple interest at the CPLR 5004 rate from the date of entry to the date of payment."""

    def reads_payments(self, instrument: Instrument) -> date | None:
        # CPLR 5004(a)(ii): the unpaid part on 30 Apr 2022 is re-rated; of the payments only whether one came
        # before that day matters (regime below).
        if not instrument.consumer_debt:
            return None
        return load_parameters(PARAMS)["consumer_debt_rate"].values[0].start

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        params = load_parameters(PARAMS)
        if instrument.consumer_debt:
            # The rate is the as-of date's (or, before 30 Apr 2022, the 9% of entry), payments or none.
            return params.steady_through(instrument.date, "rate", "days_in_year", "consumer_debt_rate")
        return params.steady_through(instrument.date, "rate", "days_in_year")

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        params = load_parameters(PARAMS)
        entry = instrument.date
        rate = params.value("rate", entry)
        days = params.value("days_in_year", entry)
        explanation = f"{rate.value}% a year, simple, from entry on {entry} until payment (CPLR 5003, 5004(a))"
        if instrument.consumer_debt:
            effective = params["consumer_debt_rate"].values[0].start
            # CPLR 5004(a)(i)-(ii): the 2% rate governs judgments entered on or after 30 Apr 2022 and, from entry,
            # the part of earlier judgments still unpaid on that date. Before that date the law was 9%.
            if context.as_of >= effective:
                earlier_payments = [p for p in context.payments if p.date < effective]
                if entry < effective and earlier_payments:
                    raise RuleError(
                        "consumer-debt judgment entered before 2022-04-30 with payments before that date: "
                        "CPLR 5004(c) keeps those payments as applied and 5004(a)(ii) re-rates only the unpaid "
                        "part; state the resulting terms in the matter file",
                        forum=FORUM,
                    )
                rate = params.value("consumer_debt_rate", context.as_of)
                explanation = (
                    f"{rate.value}% a year, simple, from entry on {entry}: consumer-debt judgment against a "
                    f"natural person (CPLR 5004(a)(i)-(ii), L. 2021 ch. 831)"
                )
        term = statutory_term(
            start=entry,
            percent=rate.value,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        basis = Basis(
            rule="New York judgment interest",
            citation=f"N.Y. C.P.L.R. 5003; {rate.citation}",
            explanation=f"{explanation}; a day's interest is 1/{days.value} of a year's ({days.citation})",
            parameters=(rate.citation, days.citation),
        )
        return (RegimeTerm(term=term, basis=basis),)


AWARD_INTEREST_CITATION = (
    "N.Y. C.P.L.R. 5002, 5004(a); Board of Educ. v. Niagara-Wheatfield Teachers Assn., 46 N.Y.2d 553, 558 (1979); "
    "Matter of Gruberg (Cortell Group), 143 A.D.2d 39 (1st Dept 1988)"
)


class NewYorkAwardInterest:
    """CPLR 5002 on an award that states no interest: the 5004 rate, simple, from the award to entry."""

    def gap(self, judgment: Instrument, basis: Instrument, context: GapContext) -> GapInterest:
        if basis.kind is not InstrumentKind.AWARD:
            return GapInterest(
                terms=(),
                note=(
                    f"no interest added from {basis.id} ({basis.date}) to {judgment.id} ({judgment.date}): whether "
                    "CPLR 5002 reaches a foreign judgment recognized under CPLR Article 53 is unsettled (the courts "
                    "enter the foreign sum, e.g. Abu Dhabi Commercial Bank v Saad Trading, 117 A.D.3d 609 (1st Dept "
                    "2014)); if the judgment includes such interest, state it (prejudgment:)"
                ),
            )
        params = load_parameters(PARAMS)
        rate = params.value("rate", basis.date)
        effective = params["consumer_debt_rate"].values[0].start
        if judgment.consumer_debt and basis.date >= effective:
            rate = params.value("consumer_debt_rate", basis.date)
        days = params.value("days_in_year", basis.date)
        term = statutory_term(
            start=basis.date,
            until=judgment.date,
            percent=rate.value,
            days_in_year=days.value,
            forum=FORUM,
            params=PARAMS,
        )
        explanation = (
            f"{rate.value}% a year, simple, on the sum awarded from the award of {basis.date} to the entry of "
            f'judgment on {judgment.date}: on confirming an award that states no interest, "interest should be '
            'provided from the date of the award" (Niagara-Wheatfield), as of right under CPLR 5002 (Goldberger v '
            "Fischer, 54 A.D.3d 955); where the award gave time to pay, interest runs from its end (Gruberg): then "
            f"state that start (prejudgment:); a day's interest is 1/{days.value} of a year's"
        )
        regime_term = RegimeTerm(
            term=term,
            basis=Basis(
                rule="New York interest from the award to judgment",
                citation=AWARD_INTEREST_CITATION,
                explanation=explanation,
                parameters=(rate.citation, days.citation),
            ),
        )
        return GapInterest(terms=(regime_term,), note=f"interest from the award to entry: {explanation}")


def court_calendar(venue: str | None = None) -> CourtCalendar:
    """The New York State courts' days (General Construction Law §§24, 25-a); one calendar for every county."""
    return calendar_for(FORUM, state=venue)


COURT = Forum(
    code=FORUM,
    name="New York State courts",
    kind=ForumKind.COURT,
    currency="USD",
    country="US",
    interest=NewYorkJudgmentInterest(),
    gap=NewYorkAwardInterest(),
    calendar=court_calendar,
    recognition_files=(
        "us-ny-cplr-art-53",
        "us-new-york-convention",
        "us-icsid-1650a",
        "us-fsia-suit",
        "us-fsia-execution",
    ),
    deadlines_file="us-ny",
)
