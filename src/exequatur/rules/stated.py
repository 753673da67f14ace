"""Terms an instrument states for itself: an award's interest clause, or a judgment that orders its own rate."""

from __future__ import annotations

from dataclasses import replace

from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.rules.basis import Basis, RegimeTerm


def stated_regime(instrument: Instrument) -> tuple[RegimeTerm, ...]:
    """The instrument's own terms, each cited to the line of the matter file that states it."""
    what = "award" if instrument.kind is InstrumentKind.AWARD else "judgment"
    terms = []
    for term in instrument.interest:
        citation = term.note or instrument.cited or f"the {what} ({term.source})"
        basis = Basis(
            rule=f"interest as the {what} states it",
            citation=citation,
            explanation=(
                f"the {what} fixes its own interest; "
                + ("an arbitral forum has no statutory rate" if what == "award" else "it displaces the statute")
            ),
        )
        terms.append(RegimeTerm(term=term, basis=basis))
    return tuple(terms)


def stated_gap_regime(judgment: Instrument) -> tuple[RegimeTerm, ...]:
    """The interest a judgment states from its basis's date to entry (`prejudgment:`), ending at entry."""
    terms = []
    for term in judgment.prejudgment_terms:
        ended = term if term.until is not None and term.until <= judgment.date else replace(term, until=judgment.date)
        basis = Basis(
            rule="interest to judgment as the judgment states it",
            citation=term.note or judgment.cited or f"the judgment ({term.source})",
            explanation=f"the judgment of {judgment.date} awards this interest on the sum it carries, up to entry",
        )
        terms.append(RegimeTerm(term=ended, basis=basis))
    return tuple(terms)
