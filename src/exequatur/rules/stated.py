"""Terms an instrument states for itself: an award's interest clause, or a judgment that orders its own rate."""

from __future__ import annotations

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
