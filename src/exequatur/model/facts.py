"""Facts a court weighs in recognizing a judgment or enforcing an award, as the matter file records them.

Each fact has a name from a closed catalogue, a typed value, what it is about (an instrument, an asset, or the
debtor), and its source. The catalogue says each fact's type and the question that asks for it, so that a ground
whose fact is missing can ask it; the recognition rules (rules/recognition/) read facts only by these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from exequatur.model.source import Source


class About(StrEnum):
    """What a fact is about: the instrument a proceeding concerns, an asset targeted, or the debtor itself."""

    INSTRUMENT = "instrument"
    ASSET = "asset"
    DEBTOR = "debtor"


#: Values of a three-way allegation: not raised, raised but not decided, made out.
ALLEGATION = ("not-alleged", "alleged", "shown")


@dataclass(frozen=True, slots=True)
class FactKind:
    """A name of the catalogue: what it is about, the values it takes (None: true or false), and its question."""

    about: About
    question: str
    choices: tuple[str, ...] | None = None
    #: A fact of an award that holds for the judgments on it too (the state's agreement to arbitrate).
    inherited: bool = False


_I, _A, _D = About.INSTRUMENT, About.ASSET, About.DEBTOR

CATALOGUE: dict[str, FactKind] = {
    # Service, appearance, finality: the judgment or award itself.
    "served": FactKind(_I, "Was the debtor served with the proceeding that led to it, in time to defend?"),
    "service-method": FactKind(
        _I,
        "How was the debtor served (FSIA §1608(a) lists the ways in order)?",
        ("special-arrangement", "convention", "mail-by-clerk", "diplomatic-channel", "personal", "other"),
    ),
    "appeared": FactKind(_I, "Did the debtor appear in the proceeding (other than only to contest jurisdiction)?"),
    "final-where-rendered": FactKind(_I, "Is it final, conclusive and enforceable where it was rendered?"),
    "impartial-system": FactKind(
        _I, "Was it rendered under a judicial system of impartial tribunals and procedures compatible with due process?"
    ),
    "personal-jurisdiction": FactKind(
        _I,
        "On what basis did the rendering court have jurisdiction over the debtor?",
        (
            "served-in-state",
            "appeared",
            "agreed",
            "domicile",
            "business-office",
            "vehicle-or-aircraft",
            "tort-committed-there",
            "other-basis",
            "none",
        ),
    ),
    "subject-matter-jurisdiction": FactKind(_I, "Did the rendering court have jurisdiction over the subject matter?"),
    "fraud": FactKind(_I, "Was the judgment or award obtained by fraud?", ALLEGATION),
    "fraud-adjudicated-abroad": FactKind(
        _I, "Were the fraud allegations already put to and decided by the rendering court, with no new material facts?"
    ),
    "public-policy": FactKind(_I, "Would recognition be contrary to the forum's public policy?", ALLEGATION),
    "conflicting-judgment": FactKind(_I, "Does it conflict with another final and conclusive judgment?"),
    "forum-agreement-breached": FactKind(
        _I, "Was the proceeding contrary to the parties' agreement to settle the dispute elsewhere?"
    ),
    "inconvenient-forum": FactKind(_I, "Was the rendering court a seriously inconvenient forum?"),
    "integrity-doubt": FactKind(
        _I, "Do the circumstances raise substantial doubt about the integrity of the rendering court?", ALLEGATION
    ),
    "proceeding-due-process": FactKind(
        _I, "Was the specific proceeding incompatible with the requirements of due process?", ALLEGATION
    ),
    "defamation": FactKind(_I, "Is it a defamation judgment?"),
    "tax-or-penalty": FactKind(_I, "Is it a judgment for taxes, a fine or a penalty?"),
    "family-matter": FactKind(
        _I,
        "Is it a judgment for support, or another judgment rendered in domestic relations (divorce, maintenance)?",
        ("none", "support", "other-domestic-relations"),
    ),
    # Arbitration: the agreement, the tribunal, the award's life at its seat.
    "agreement-valid": FactKind(
        _I, "Was there a valid written agreement to arbitrate, made by parties with capacity to make it?"
    ),
    "proper-notice": FactKind(
        _I,
        "Was the debtor given proper notice of the arbitrator's appointment and the proceedings, and able to "
        "present its case?",
    ),
    "within-submission": FactKind(
        _I, "Does the award deal only with matters submitted to arbitration?", ("yes", "partly", "no")
    ),
    "tribunal-and-procedure-proper": FactKind(
        _I, "Were the tribunal's composition and the procedure as agreed (or, failing agreement, per the seat's law)?"
    ),
    "award-binding": FactKind(_I, "Is the award binding on the parties (not suspended at its seat)?"),
    "set-aside": FactKind(
        _I,
        "Was the award's set-aside sought at its seat, and with what result?",
        ("not-sought", "pending", "rejected", "annulled-in-part", "annulled"),
    ),
    "seat-convention-state": FactKind(
        _I, "Was the award made in the territory of a State party to the New York Convention?"
    ),
    "relationship-entirely-us": FactKind(
        _I,
        "Is the relationship entirely between citizens of the United States, with no property, performance or other "
        "reasonable relation abroad (9 U.S.C. §202)?",
        inherited=True,
    ),
    "arbitrable": FactKind(_I, "Is the subject matter capable of settlement by arbitration under the forum's law?"),
    "commercial-relationship": FactKind(
        _I, "Does the dispute arise out of a legal relationship considered commercial?", inherited=True
    ),
    "enforcement-stayed": FactKind(_I, "Is enforcement of the ICSID award stayed under the Convention (arts. 50-52)?"),
    # Immunity from suit: the debtor's conduct and agreements.
    "immunity-waived-suit": FactKind(_D, "Did the debtor waive its immunity from suit, explicitly or by implication?"),
    "arbitration-agreement-by-state": FactKind(
        _I,
        "Did the foreign state agree in writing to submit the dispute to arbitration?",
        inherited=True,
    ),
    "commercial-activity": FactKind(
        _I,
        "Does the claim relate to a commercial activity of the foreign state?",
        inherited=True,
    ),
    "commercial-activity-us-nexus": FactKind(
        _I,
        "Is the claim based on commercial activity carried on in the United States, on an act there in connection "
        "with commercial activity elsewhere, or on an act elsewhere causing a direct effect there (FSIA §1605(a)(2))?",
        inherited=True,
    ),
    "service-earlier-method-skipped": FactKind(
        _I,
        "Was an earlier way of serving a foreign state (FSIA §1608(a): special arrangement, then an applicable "
        "convention, then mail by the clerk) available but passed over?",
    ),
    "default-evidence": FactKind(
        _I, "Was the default judgment entered on evidence satisfactory to the court (FSIA §1608(e))?"
    ),
    "default-judgment-sent": FactKind(
        _I, "Was a copy of the default judgment sent to the foreign state as service is made (FSIA §1608(e))?"
    ),
    # Immunity from execution: each asset.
    "execution-waiver": FactKind(
        _D,
        "Did the debtor waive the immunity of its property from attachment and execution, and how: not at all "
        "(none), by implication (implied), explicitly but not in writing (explicit), or explicitly in writing, by "
        "treaty or contract (in-writing)?",
        ("none", "implied", "explicit", "in-writing"),
    ),
    "agreement-bars-execution": FactKind(
        _I,
        "Does the arbitration agreement provide against attachment or execution (FSIA §1610(a)(6)'s proviso)?",
        inherited=True,
    ),
    "asset-use": FactKind(
        _A,
        "What is the asset used, or intended to be used, for?",
        ("commercial", "diplomatic", "military", "public-non-commercial"),
    ),
    "central-bank-property": FactKind(
        _A, "Is the asset property of the state's central bank or monetary authority, held for its own account?"
    ),
    "central-bank-separate": FactKind(_A, "Is the central bank or monetary authority holding it a separate entity?"),
    "central-bank-waiver": FactKind(
        _A,
        "Did the central bank or monetary authority itself waive the immunity of the asset, and how (none, implied, "
        "explicit, in-writing)?",
        ("none", "implied", "explicit", "in-writing"),
    ),
    "asset-of-debtor": FactKind(
        _A, "Is the asset the property of the debtor (or of an entity found to be its alter ego)?"
    ),
    "asset-used-for-claim": FactKind(
        _A, "Is or was the asset used for the commercial activity on which the claim is based?"
    ),
}


#: Names that are worked out from the matter rather than recorded, with where to write what decides them.
WORKED_OUT = {
    "asset-in-forum": "write the asset's country: (an ISO code such as US), which is compared with each forum's",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One recorded fact: `value` is a bool, or one of its kind's choices; `on` the day it was so, if it matters."""

    name: str
    about: str
    value: bool | str
    source: Source
    on: date | None = None
    cited: str | None = None
