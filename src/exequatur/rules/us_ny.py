"""New York: interest on money judgments of the New York State courts.

References:
    N.Y. C.P.L.R. 5003 (interest from entry), 5004 (rate), as amended by the Fair Consumer Judgment Interest Act,
    L. 2021, ch. 831, in force 30 April 2022. Parameters: params/us/ny/cplr-5004.yaml.
"""

from __future__ import annotations

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument
from exequatur.rules.basis import Basis, RegimeTerm
from exequatur.rules.forum import RuleContext, statutory_term
from exequatur.rules.parameters import load_parameters

PARAMS = "us/ny/cplr-5004.yaml"
FORUM = "US-NY"


class NewYorkJudgmentInterest:
    """Simple interest at the CPLR 5004 rate from the date of entry to the date of payment."""

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
