"""Every forum exequatur knows, in one dict; a forum with `rule=None` is known but its statute is not written yet."""

from __future__ import annotations

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.ca_on import OntarioJudgmentInterest, OntarioPrejudgmentInterest
from exequatur.rules.forum import CourtDecides, Forum, ForumKind, RuleContext
from exequatur.rules.fr import FrenchLegalInterest
from exequatur.rules.gb_ew import EnglishJudgmentInterest
from exequatur.rules.stated import stated_regime
from exequatur.rules.us_de import DelawareJudgmentInterest
from exequatur.rules.us_federal import FederalJudgmentInterest
from exequatur.rules.us_ny import NewYorkAwardInterest, NewYorkJudgmentInterest

_C, _A = ForumKind.COURT, ForumKind.ARBITRAL

FORUMS: dict[str, Forum] = {
    f.code: f
    for f in (
        # Courts: ISO 3166 country, then subdivision where the law is a state's or province's.
        Forum(
            code="US-NY",
            name="New York State courts",
            kind=_C,
            currency="USD",
            calendar=("US", "NY"),
            rule=NewYorkJudgmentInterest(),
            gap=NewYorkAwardInterest(),
        ),
        Forum(
            code="US-FED",
            name="United States federal courts",
            kind=_C,
            currency="USD",
            calendar=("US", None),
            rule=FederalJudgmentInterest(),
            gap=CourtDecides(
                forum="US-FED",
                law=(
                    "post-award, pre-judgment interest on confirming an award is for the court's discretion "
                    "(Waterside Ocean Navigation Co. v. International Navigation Ltd., 737 F.2d 150 (2d Cir. "
                    "1984)), and courts have declined it (Miminco v. Democratic Republic of the Congo, D.D.C. 2015)"
                ),
            ),
            tables=("us-1y-cmt-weekly",),
        ),
        Forum(
            code="US-DE",
            name="Delaware state courts",
            kind=_C,
            currency="USD",
            calendar=("US", "DE"),
            rule=DelawareJudgmentInterest(),
            tables=("us-fed-discount-rate",),
        ),
        Forum(
            code="CA-ON",
            name="Ontario courts",
            kind=_C,
            currency="CAD",
            calendar=("CA", "ON"),
            rule=OntarioJudgmentInterest(),
            gap=OntarioPrejudgmentInterest(),
            tables=("ca-boc-bank-rate",),
        ),
        Forum(
            code="GB-EW",
            name="Courts of England and Wales",
            kind=_C,
            currency="GBP",
            calendar=("GB", "ENG"),
            rule=EnglishJudgmentInterest(),
            gap=CourtDecides(
                forum="GB-EW",
                law=(
                    "interest after an award is the tribunal's to award (Arbitration Act 1996 s.49(4)); where the "
                    "award is silent the court does not add it on giving leave to enforce (s.66; Walker v Rome, "
                    "Aikens J), and the judgment's own interest runs from entry (Judgments Act 1838 s.17)"
                ),
            ),
        ),
        Forum(
            code="FR",
            name="French courts",
            kind=_C,
            currency="EUR",
            calendar=("FR", None),
            rule=FrenchLegalInterest(),
            tables=("fr-taux-legal-particuliers", "fr-taux-legal-professionnels"),
        ),
        # Arbitral institutions and rules: an award states its own interest; the forum decides no rate.
        Forum(code="ICSID", name="ICSID Convention arbitration", kind=_A),
        Forum(code="ICSID-AF", name="ICSID Additional Facility arbitration", kind=_A),
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
    if court.rule is None:
        raise RuleError(
            f"no interest rule for forum {court.code} ({court.name}) yet; state the judgment's interest terms in "
            "the matter file (interest:) to compute it",
            forum=court.code,
        )
    return court.rule.regime(instrument, context)
