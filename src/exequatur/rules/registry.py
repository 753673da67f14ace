"""Every forum exequatur knows, in one dict; one with `interest=None` is known but its statute is not written yet."""

from __future__ import annotations

from datetime import date

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.rules import ca_on, fr, gb_ew, icsid, us_de, us_federal, us_ny
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.forum import Forum, ForumKind, RuleContext
from exequatur.rules.stated import stated_regime

_A = ForumKind.ARBITRAL

FORUMS: dict[str, Forum] = {
    f.code: f
    for f in (
        # Courts: ISO 3166 country, then subdivision where the law is a state's or province's. Each forum's law
        # (interest, calendar, deadlines) is its module's COURT.
        us_ny.COURT,
        us_federal.COURT,
        us_de.COURT,
        ca_on.COURT,
        gb_ew.COURT,
        fr.COURT,
        # Arbitral institutions and rules: an award states its own interest; the forum decides no rate.
        icsid.CONVENTION,
        icsid.ADDITIONAL_FACILITY,
        Forum(code="ICC", name="ICC International Court of Arbitration", kind=_A),
        Forum(code="LCIA", name="London Court of International Arbitration", kind=_A),
        Forum(code="PCA", name="Permanent Court of Arbitration", kind=_A),
        Forum(code="SCC", name="Arbitration Institute of the Stockholm Chamber of Commerce", kind=_A),
        Forum(code="UNCITRAL", name="UNCITRAL Rules arbitration (ad hoc)", kind=_A),
        Forum(code="ICDR", name="International Centre for Dispute Resolution", kind=_A),
        Forum(code="SIAC", name="Singapore International Arbitration Centre", kind=_A),
        Forum(code="HKIAC", name="Hong Kong International Arbitration Centre", kind=_A),
    )
}


def deadline_rule_ids() -> tuple[str, ...]:
    """Every deadline rule of every forum, by id (a matter file's `done` events name one)."""
    return tuple(sorted(r.id for f in FORUMS.values() if f.deadlines for r in f.deadlines.rules))


def forum(code: str) -> Forum:
    try:
        return FORUMS[code]
    except KeyError:
        raise RuleError(f"unknown forum {code!r}", forum=code) from None


def interest_regime(instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
    """The terms on which an instrument accrues: its own if it states them, else its forum's statute.

    An award that states no interest accrues none; a judgment of a forum whose rule is not written yet is an error
    for that instrument alone.
    """
    if instrument.interest:
        return stated_regime(instrument)
    if instrument.kind is InstrumentKind.AWARD:
        return ()
    court = forum(instrument.forum)
    if court.interest is None:
        raise RuleError(
            f"no interest rule for forum {court.code} ({court.name}) yet; state the judgment's interest terms in "
            "the matter file (interest:) to compute it",
            forum=court.code,
        )
    return court.interest.regime(instrument, context)


def shared_through(instrument: Instrument, context: RuleContext) -> date:
    """The last entry day through which a judgment otherwise like `instrument` has its regime's numbers (its
    forum rule's InterestRule.shared_through); the instrument's own day where it states its terms, whose dates
    are its own."""
    if instrument.interest or instrument.kind is InstrumentKind.AWARD:
        return instrument.date
    rule = forum(instrument.forum).interest
    return instrument.date if rule is None else rule.shared_through(instrument, context)
