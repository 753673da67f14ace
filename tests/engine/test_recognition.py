"""Every ground flips when one fact does: for each, a matter where the ground to refuse (or the immunity) is made
out, and the same matter with one fact changed where it is not. The expected statuses come from the law's words
(quoted in the regime files and docs/recognition.md), not from running the program: e.g. CPLR 5304(b)(2) lets a
court refuse a judgment whose debtor "did not receive notice", so served: false makes it out and served: true
clears it."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.engine.recognition import Assessment, AssessmentError, GroundStatus, assess
from tests.conftest import matter_from

AS_OF = date(2026, 12, 2)
PRIVATE = "{name: Debtor Ltd, country: CA}"
STATE = "{name: Republic of X, country: XX, sovereign: true}"

#: The instrument a proceeding concerns (i), the judgment it yields (j), and where it is brought.
SETUPS = {
    # A judgment of Ontario recognized in New York, before and after the 2021 revision of Article 53.
    "ny-old": ("judgment CA-ON", "US-NY", "recognition", "2020-01-02", PRIVATE),
    "ny-new": ("judgment CA-ON", "US-NY", "recognition", "2022-01-03", PRIVATE),
    # An ICC award seated in Paris confirmed in a federal court, and an ICSID award.
    "fed-award": ("award ICC", "US-FED", "confirmation", "2020-01-02", PRIVATE),
    "fed-icsid": ("award ICSID", "US-FED", "confirmation", "2020-01-02", PRIVATE),
    "fed-state": ("award ICC", "US-FED", "confirmation", "2020-01-02", STATE),
    "on-judgment": ("judgment US-NY", "CA-ON", "recognition", "2020-01-02", PRIVATE),
    "on-award": ("award ICC", "CA-ON", "recognition", "2020-01-02", PRIVATE),
    "on-icsid": ("award ICSID", "CA-ON", "recognition", "2020-01-02", PRIVATE),
    "on-state": ("award ICC", "CA-ON", "recognition", "2020-01-02", STATE),
    "ew-award": ("award ICC", "GB-EW", "enforcement", "2020-01-02", PRIVATE),
    "ew-judgment": ("judgment US-NY", "GB-EW", "recognition", "2020-01-02", PRIVATE),
    "ew-state": ("award ICC", "GB-EW", "enforcement", "2020-01-02", STATE),
}


def matter_text(setup: str, facts: dict[tuple[str, str], object], *, filed: str | None = None, rest: str = "") -> str:
    kind_forum, forum, proceeding, default_filed, debtor = SETUPS[setup]
    kind, of = kind_forum.split()
    seat = ", seat: FR" if kind == "award" and of != "ICSID" else ""
    currency = "USD"  # every forum here enters a judgment on a dollar award or judgment in dollars
    rows = [f"matter: m\ncreditor: {{name: Creditor SA, country: FR}}\ndebtor: {debtor}\ninstruments:"]
    rows.append(
        f"  - {{id: i, kind: {kind}, forum: {of}, date: 2019-01-15, currency: {currency}{seat}, "
        'amounts: [{label: s, amount: "1000"}]}'
    )
    rows.append(
        f"  - {{id: j, kind: judgment, forum: {forum}, date: 2020-06-01, currency: {currency}, "
        "based_on: i, amounts: carried}"
    )
    country = {"US-NY": "US", "US-FED": "US", "CA-ON": "CA", "GB-EW": "GB"}[forum]
    rows.append(f"assets:\n  - {{id: a1, description: a bank account, location: in the forum, country: {country}}}")
    rows.append(
        f"proceedings:\n  - {{id: p, kind: {proceeding}, forum: {forum}, filed: {filed or default_filed}, "
        "concerns: i, result: j}"
    )
    if facts:
        rows.append("facts:")
        for (name, about), value in facts.items():
            shown = str(value).lower() if isinstance(value, bool) else f'"{value}"'
            rows.append(f"  - {{fact: {name}, about: {about}, value: {shown}}}")
    return "\n".join(rows) + "\n" + rest


def assessment(setup: str, facts: dict[tuple[str, str], object], **kw: str) -> Assessment:
    return assess(matter_from(matter_text(setup, facts, **kw)), "p", AS_OF)


def status(a: Assessment, regime: str, ground: str) -> GroundStatus:
    found = [g for g in a.grounds if g.regime == regime and g.id == ground]
    assert len(found) == 1, [f"{g.regime}:{g.id}" for g in a.grounds]
    return found[0].status


#: The setup's asset is in the forum's country (its country: is written from the forum's).
ON_ASSET = {("asset-of-debtor", "a1"): True}
#: A commercial asset of the state in the forum, not used for the claim.
COMMERCIAL = {**ON_ASSET, ("asset-use", "a1"): "commercial", ("asset-used-for-claim", "a1"): False}

#: (setup, regime, ground, facts it always has, the fact flipped, value making it out, value clearing it)
FLIPS = [
    # CPLR Article 53 as it stood until 10 Jun 2021.
    ("ny-old", "us-ny/cplr-art-53", "5302-applicability", {}, ("final-where-rendered", "i"), False, True),
    ("ny-old", "us-ny/cplr-art-53", "5301-b-tax-penalty", {}, ("tax-or-penalty", "i"), True, False),
    # The 1970 text excludes only "a judgment for support in matrimonial or family matters".
    ("ny-old", "us-ny/cplr-art-53", "5301-b-support", {}, ("family-matter", "i"), "support", "none"),
    ("ny-old", "us-ny/cplr-art-53", "5304-a-1", {}, ("impartial-system", "i"), False, True),
    ("ny-old", "us-ny/cplr-art-53", "5304-a-2", {}, ("personal-jurisdiction", "i"), "none", "appeared"),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-1", {}, ("subject-matter-jurisdiction", "i"), False, True),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-2", {}, ("served", "i"), False, True),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-3", {}, ("fraud", "i"), "shown", "not-alleged"),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-4", {}, ("public-policy", "i"), "shown", "not-alleged"),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-5", {}, ("conflicting-judgment", "i"), True, False),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-6", {}, ("forum-agreement-breached", "i"), True, False),
    (
        "ny-old",
        "us-ny/cplr-art-53",
        "5304-b-7",
        {("personal-jurisdiction", "i"): "served-in-state"},
        ("inconvenient-forum", "i"),
        True,
        False,
    ),
    ("ny-old", "us-ny/cplr-art-53", "5304-b-8", {}, ("defamation", "i"), True, False),
    # CPLR Article 53 from 11 Jun 2021.
    ("ny-new", "us-ny/cplr-art-53", "5302-a-applicability", {}, ("final-where-rendered", "i"), False, True),
    ("ny-new", "us-ny/cplr-art-53", "5302-b-excluded", {}, ("tax-or-penalty", "i"), True, False),
    (
        "ny-new",
        "us-ny/cplr-art-53",
        "5302-b-3-domestic-relations",
        {},
        ("family-matter", "i"),
        "other-domestic-relations",
        "none",
    ),
    ("ny-new", "us-ny/cplr-art-53", "5304-a-1", {}, ("impartial-system", "i"), False, True),
    ("ny-new", "us-ny/cplr-art-53", "5304-a-2", {}, ("personal-jurisdiction", "i"), "none", "vehicle-or-aircraft"),
    ("ny-new", "us-ny/cplr-art-53", "5304-a-3", {}, ("subject-matter-jurisdiction", "i"), False, True),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-1", {}, ("served", "i"), False, True),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-2", {}, ("fraud", "i"), "shown", "not-alleged"),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-3", {}, ("public-policy", "i"), "shown", "not-alleged"),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-4", {}, ("conflicting-judgment", "i"), True, False),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-5", {}, ("forum-agreement-breached", "i"), True, False),
    (
        "ny-new",
        "us-ny/cplr-art-53",
        "5304-b-6",
        {("personal-jurisdiction", "i"): "served-in-state"},
        ("inconvenient-forum", "i"),
        True,
        False,
    ),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-7", {}, ("integrity-doubt", "i"), "shown", "not-alleged"),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-8", {}, ("proceeding-due-process", "i"), "shown", "not-alleged"),
    ("ny-new", "us-ny/cplr-art-53", "5304-b-9", {}, ("defamation", "i"), True, False),
    # The New York Convention in a federal court.
    ("fed-award", "us/new-york-convention", "9-usc-202-commercial", {}, ("commercial-relationship", "i"), False, True),
    (
        "fed-award",
        "us/new-york-convention",
        "9-usc-202-us-citizens",
        {},
        ("relationship-entirely-us", "i"),
        True,
        False,
    ),
    ("fed-award", "us/new-york-convention", "us-reciprocity", {}, ("seat-convention-state", "i"), False, True),
    ("fed-award", "us/new-york-convention", "art-v-1-a", {}, ("agreement-valid", "i"), False, True),
    ("fed-award", "us/new-york-convention", "art-v-1-b", {}, ("proper-notice", "i"), False, True),
    ("fed-award", "us/new-york-convention", "art-v-1-c", {}, ("within-submission", "i"), "no", "yes"),
    ("fed-award", "us/new-york-convention", "art-v-1-d", {}, ("tribunal-and-procedure-proper", "i"), False, True),
    (
        "fed-award",
        "us/new-york-convention",
        "art-v-1-e",
        {("award-binding", "i"): True},
        ("set-aside", "i"),
        "annulled",
        "rejected",
    ),
    ("fed-award", "us/new-york-convention", "art-v-2-a", {}, ("arbitrable", "i"), False, True),
    ("fed-award", "us/new-york-convention", "art-v-2-b", {}, ("public-policy", "i"), "shown", "not-alleged"),
    # ICSID awards in a federal court and in Ontario.
    ("fed-icsid", "us/icsid-1650a", "art-53-stay", {}, ("enforcement-stayed", "i"), True, False),
    ("fed-icsid", "us/icsid-1650a", "art-54-1-final-judgment", {}, ("final-where-rendered", "i"), False, True),
    ("on-icsid", "icsid/article-54", "art-53-stay", {}, ("enforcement-stayed", "i"), True, False),
    # The FSIA: immunity from suit and from execution.
    (
        "fed-state",
        "us/fsia-suit",
        "1604-immunity",
        {("immunity-waived-suit", "debtor"): False, ("commercial-activity", "i"): False},
        ("arbitration-agreement-by-state", "i"),
        False,
        True,
    ),
    # §1605(a)(2): commercial activity lifts immunity only with its tie to the United States.
    (
        "fed-state",
        "us/fsia-suit",
        "1604-immunity",
        {
            ("immunity-waived-suit", "debtor"): False,
            ("arbitration-agreement-by-state", "i"): False,
            ("commercial-activity", "i"): True,
        },
        ("commercial-activity-us-nexus", "i"),
        False,
        True,
    ),
    (
        "fed-state",
        "us/fsia-suit",
        "1608-a-service",
        {("service-earlier-method-skipped", "j"): False},
        ("service-method", "j"),
        "personal",
        "mail-by-clerk",
    ),
    # §1608(a)'s ways are "in hierarchical order" (Republic of Sudan v. Harrison): a skipped earlier way fails it.
    (
        "fed-state",
        "us/fsia-suit",
        "1608-a-service",
        {("service-method", "j"): "convention"},
        ("service-earlier-method-skipped", "j"),
        True,
        False,
    ),
    (
        "fed-state",
        "us/fsia-suit",
        "1608-e-evidence",
        {("appeared", "j"): False},
        ("default-evidence", "j"),
        False,
        True,
    ),
    (
        "fed-state",
        "us/fsia-suit",
        "1608-e-copy",
        {("appeared", "j"): False},
        ("default-judgment-sent", "j"),
        False,
        True,
    ),
    (
        "fed-state",
        "us/fsia-execution",
        "1609-1610-a:a1",
        {**ON_ASSET, ("agreement-bars-execution", "i"): False},
        ("asset-use", "a1"),
        "diplomatic",
        "commercial",
    ),
    # §1610(a)(6)'s proviso: an agreement providing against execution takes the award's judgment out of it.
    (
        "fed-state",
        "us/fsia-execution",
        "1609-1610-a:a1",
        {**COMMERCIAL, ("execution-waiver", "debtor"): "none"},
        ("agreement-bars-execution", "i"),
        True,
        False,
    ),
    # §1610(a)(1): a waiver "either explicitly or by implication".
    (
        "fed-state",
        "us/fsia-execution",
        "1609-1610-a:a1",
        {**COMMERCIAL, ("agreement-bars-execution", "i"): True},
        ("execution-waiver", "debtor"),
        "none",
        "implied",
    ),
    # §1611(b)(1) wants the waiver "explicitly": one by implication leaves the bank's property immune.
    (
        "fed-state",
        "us/fsia-execution",
        "1611-b-1-central-bank:a1",
        {("central-bank-property", "a1"): True, ("central-bank-waiver", "a1"): "none"},
        ("execution-waiver", "debtor"),
        "implied",
        "explicit",
    ),
    # ... "unless such bank or authority, or its parent foreign government, has explicitly waived": the bank's own.
    (
        "fed-state",
        "us/fsia-execution",
        "1611-b-1-central-bank:a1",
        {("central-bank-property", "a1"): True, ("execution-waiver", "debtor"): "none"},
        ("central-bank-waiver", "a1"),
        "implied",
        "in-writing",
    ),
    # Ontario: foreign judgments at common law, awards under the ICAA 2017, the State Immunity Act.
    ("on-judgment", "ca-on/common-law-judgments", "jurisdiction", {}, ("personal-jurisdiction", "i"), "none", "agreed"),
    (
        "on-judgment",
        "ca-on/common-law-judgments",
        "final-and-conclusive",
        {},
        ("final-where-rendered", "i"),
        False,
        True,
    ),
    (
        "on-judgment",
        "ca-on/common-law-judgments",
        "fraud",
        {("fraud-adjudicated-abroad", "i"): False},
        ("fraud", "i"),
        "shown",
        "not-alleged",
    ),
    # Beals: fraud already put to and decided by the foreign court does not reopen the merits without new facts.
    (
        "on-judgment",
        "ca-on/common-law-judgments",
        "fraud",
        {("fraud", "i"): "shown"},
        ("fraud-adjudicated-abroad", "i"),
        False,
        True,
    ),
    (
        "on-judgment",
        "ca-on/common-law-judgments",
        "natural-justice",
        {("proceeding-due-process", "i"): "not-alleged"},
        ("served", "i"),
        False,
        True,
    ),
    ("on-judgment", "ca-on/common-law-judgments", "public-policy", {}, ("public-policy", "i"), "shown", "not-alleged"),
    ("on-judgment", "ca-on/common-law-judgments", "tax-or-penalty", {}, ("tax-or-penalty", "i"), True, False),
    ("on-award", "ca-on/icaa-2017", "s2-commercial", {}, ("commercial-relationship", "i"), False, True),
    ("on-award", "ca-on/icaa-2017", "art-36-1-a-i", {}, ("agreement-valid", "i"), False, True),
    ("on-award", "ca-on/icaa-2017", "art-36-1-a-ii", {}, ("proper-notice", "i"), False, True),
    ("on-award", "ca-on/icaa-2017", "art-36-1-a-iii", {}, ("within-submission", "i"), "no", "yes"),
    ("on-award", "ca-on/icaa-2017", "art-36-1-a-iv", {}, ("tribunal-and-procedure-proper", "i"), False, True),
    (
        "on-award",
        "ca-on/icaa-2017",
        "art-36-1-a-v",
        {("award-binding", "i"): True},
        ("set-aside", "i"),
        "annulled",
        "not-sought",
    ),
    ("on-award", "ca-on/icaa-2017", "art-36-1-b-i", {}, ("arbitrable", "i"), False, True),
    ("on-award", "ca-on/icaa-2017", "art-36-1-b-ii", {}, ("public-policy", "i"), "shown", "not-alleged"),
    (
        "on-state",
        "ca/state-immunity-act",
        "s3-immunity",
        {("immunity-waived-suit", "debtor"): False},
        ("commercial-activity", "i"),
        False,
        True,
    ),
    ("on-state", "ca/state-immunity-act", "s9-service", {}, ("served", "j"), False, True),
    (
        "on-state",
        "ca/state-immunity-act",
        "s12-execution:a1",
        {**ON_ASSET, ("execution-waiver", "debtor"): "none", ("central-bank-property", "a1"): False},
        ("asset-use", "a1"),
        "public-non-commercial",
        "commercial",
    ),
    # s.12(1)(a): a waiver "either explicitly or by implication" reaches property not in commercial use.
    (
        "on-state",
        "ca/state-immunity-act",
        "s12-execution:a1",
        {**ON_ASSET, ("asset-use", "a1"): "public-non-commercial", ("central-bank-property", "a1"): False},
        ("execution-waiver", "debtor"),
        "none",
        "implied",
    ),
    # s.12(4)-(5): the central bank's own, non-commercial property needs an explicit waiver.
    (
        "on-state",
        "ca/state-immunity-act",
        "s12-4-central-bank:a1",
        {
            ("central-bank-property", "a1"): True,
            ("execution-waiver", "debtor"): "implied",
            ("central-bank-waiver", "a1"): "none",
        },
        ("asset-use", "a1"),
        "public-non-commercial",
        "commercial",
    ),
    # England and Wales. The setup's award is seated in Paris, so it is made outside the United Kingdom.
    ("ew-award", "gb-ew/arbitration-act-1996", "s100-1-nyc-award", {}, ("seat-convention-state", "i"), False, True),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-2-a", {}, ("agreement-valid", "i"), False, True),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-2-b", {}, ("agreement-valid", "i"), False, True),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-2-c", {}, ("proper-notice", "i"), False, True),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-2-d", {}, ("within-submission", "i"), "no", "yes"),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-2-e", {}, ("tribunal-and-procedure-proper", "i"), False, True),
    (
        "ew-award",
        "gb-ew/arbitration-act-1996",
        "s103-2-f",
        {("set-aside", "i"): "not-sought"},
        ("award-binding", "i"),
        False,
        True,
    ),
    ("ew-award", "gb-ew/arbitration-act-1996", "s103-3-arbitrability", {}, ("arbitrable", "i"), False, True),
    (
        "ew-award",
        "gb-ew/arbitration-act-1996",
        "s103-3-public-policy",
        {},
        ("public-policy", "i"),
        "shown",
        "not-alleged",
    ),
    # At common law England asks presence or submission only (Adams v Cape): domicile alone does not do.
    (
        "ew-judgment",
        "gb-ew/common-law-judgments",
        "jurisdiction",
        {},
        ("personal-jurisdiction", "i"),
        "domicile",
        "served-in-state",
    ),
    (
        "ew-judgment",
        "gb-ew/common-law-judgments",
        "final-and-conclusive",
        {},
        ("final-where-rendered", "i"),
        False,
        True,
    ),
    ("ew-judgment", "gb-ew/common-law-judgments", "fraud", {}, ("fraud", "i"), "shown", "not-alleged"),
    (
        "ew-judgment",
        "gb-ew/common-law-judgments",
        "natural-justice",
        {("proceeding-due-process", "i"): "not-alleged"},
        ("served", "i"),
        False,
        True,
    ),
    ("ew-judgment", "gb-ew/common-law-judgments", "public-policy", {}, ("public-policy", "i"), "shown", "not-alleged"),
    ("ew-judgment", "gb-ew/common-law-judgments", "tax-or-penalty", {}, ("tax-or-penalty", "i"), True, False),
    (
        "ew-state",
        "gb/state-immunity-act-1978",
        "s1-immunity",
        {("immunity-waived-suit", "debtor"): False},
        ("arbitration-agreement-by-state", "i"),
        False,
        True,
    ),
    (
        "ew-state",
        "gb/state-immunity-act-1978",
        "s12-service",
        {},
        ("service-method", "j"),
        "mail-by-clerk",
        "diplomatic-channel",
    ),
    (
        "ew-state",
        "gb/state-immunity-act-1978",
        "s13-execution:a1",
        {**COMMERCIAL, ("execution-waiver", "debtor"): "none", ("central-bank-separate", "a1"): False},
        ("central-bank-property", "a1"),
        True,
        False,
    ),
    # s.14(4): a separate central bank stands in the State's place, so the consent in writing must be its own.
    (
        "ew-state",
        "gb/state-immunity-act-1978",
        "s13-execution:a1",
        {
            **COMMERCIAL,
            ("central-bank-property", "a1"): True,
            ("central-bank-separate", "a1"): True,
            ("execution-waiver", "debtor"): "in-writing",
        },
        ("central-bank-waiver", "a1"),
        "explicit",
        "in-writing",
    ),
    # s.13(3): only consent in writing reaches property not in commercial use; an explicit oral waiver does not.
    (
        "ew-state",
        "gb/state-immunity-act-1978",
        "s13-execution:a1",
        {**ON_ASSET, ("asset-use", "a1"): "public-non-commercial", ("central-bank-property", "a1"): False},
        ("execution-waiver", "debtor"),
        "explicit",
        "in-writing",
    ),
]

#: Grounds that are at most at risk for one value, and cleared for another (same shape as FLIPS).
RISKS = [
    # Art. VI lets the court adjourn while a set-aside is pending: a risk of delay, not a ground to refuse.
    ("fed-award", "us/new-york-convention", "art-vi-adjournment", {}, ("set-aside", "i"), "pending", "not-sought"),
    # Beals: a basis other than the traditional ones must be a real and substantial connection, to be argued.
    (
        "on-judgment",
        "ca-on/common-law-judgments",
        "jurisdiction",
        {},
        ("personal-jurisdiction", "i"),
        "other-basis",
        "vehicle-or-aircraft",
    ),
]


@pytest.mark.parametrize(
    ("setup", "regime", "ground", "base", "fact", "made_out", "cleared"),
    FLIPS,
    ids=[f"{r}:{g}" for _, r, g, *_ in FLIPS],
)
def test_one_fact_flips_the_ground(
    setup: str,
    regime: str,
    ground: str,
    base: dict[tuple[str, str], object],
    fact: tuple[str, str],
    made_out: object,
    cleared: object,
) -> None:
    assert status(assessment(setup, {**base, fact: made_out}), regime, ground) is GroundStatus.MET
    assert status(assessment(setup, {**base, fact: cleared}), regime, ground) is GroundStatus.NOT_MET
    # Without the fact, the ground is unknown and asks for it.
    unknown = next(g for g in assessment(setup, base).grounds if g.regime == regime and g.id == ground)
    assert unknown.status is GroundStatus.UNKNOWN
    assert unknown.question is not None
    assert fact[0] in unknown.question


@pytest.mark.parametrize(
    ("setup", "regime", "ground", "base", "fact", "risky", "cleared"),
    RISKS,
    ids=[f"{r}:{g}" for _, r, g, *_ in RISKS],
)
def test_one_fact_puts_the_ground_at_risk(
    setup: str,
    regime: str,
    ground: str,
    base: dict[tuple[str, str], object],
    fact: tuple[str, str],
    risky: object,
    cleared: object,
) -> None:
    assert status(assessment(setup, {**base, fact: risky}), regime, ground) is GroundStatus.AT_RISK
    assert status(assessment(setup, {**base, fact: cleared}), regime, ground) is GroundStatus.NOT_MET
    assert status(assessment(setup, base), regime, ground) is GroundStatus.UNKNOWN


def test_every_ground_of_every_regime_is_flipped_above() -> None:
    from exequatur.rules.recognition import regime, regime_names

    flipped = {(r, g.split(":")[0]) for _, r, g, *_ in FLIPS + RISKS}
    timed = {("us/new-york-convention", "9-usc-207-time"), ("ca-on/icaa-2017", "s10-limitation")}
    ordered = {("us/fsia-execution", "1610-c-order")}
    for name in regime_names():
        r = regime(name)
        for version in r.versions:
            for g in version.grounds:
                assert (r.id, g.id) in flipped | timed | ordered, f"no flip case for {r.id}:{g.id}"


def test_the_2021_transition_chooses_the_version_by_the_filing_day() -> None:
    # L. 2021, ch. 127 applies to actions commenced on or after 11 Jun 2021.
    before = assessment("ny-old", {}, filed="2021-06-10")
    after = assessment("ny-old", {}, filed="2021-06-11")
    assert before.regimes[0].version == "from 1970-09-01 to 2021-06-10"
    assert after.regimes[0].version == "from 2021-06-11"
    assert {g.id for g in after.grounds} > {"5304-a-3", "5304-b-9"}


def test_the_207_and_icaa_time_limits_read_the_filing_day() -> None:
    # 9 U.S.C. §207: an award of Tue 15 Jan 2019; three years end Sat 15 Jan 2022 -> Mon 17 Jan 2022 is Martin
    # Luther King Jr. Day -> Tue 18 Jan 2022 (FRCP 6(a)(1)(C)). Filed that Tuesday: in time; Wednesday: late.
    assert status(assessment("fed-award", {}, filed="2022-01-18"), "us/new-york-convention", "9-usc-207-time") is (
        GroundStatus.NOT_MET
    )
    assert status(assessment("fed-award", {}, filed="2022-01-19"), "us/new-york-convention", "9-usc-207-time") is (
        GroundStatus.MET
    )
    # ICAA 2017 s.10: ten years from 15 Jan 2019 end Tue 15 Jan 2029.
    assert status(assessment("on-award", {}, filed="2029-01-15"), "ca-on/icaa-2017", "s10-limitation") is (
        GroundStatus.NOT_MET
    )
    assert status(assessment("on-award", {}, filed="2029-01-16"), "ca-on/icaa-2017", "s10-limitation") is (
        GroundStatus.MET
    )


def test_1610_c_needs_the_order() -> None:
    without = assessment("fed-state", {})
    assert status(without, "us/fsia-execution", "1610-c-order") is GroundStatus.MET  # execution barred until ordered
    ordered = assessment(
        "fed-state", {}, rest="events:\n  - {event: execution-ordered, instrument: j, date: 2021-01-05}\n"
    )
    assert status(ordered, "us/fsia-execution", "1610-c-order") is GroundStatus.NOT_MET


def test_partly_within_the_submission_is_at_risk_and_inconvenience_needs_service_only() -> None:
    assert (
        status(assessment("fed-award", {("within-submission", "i"): "partly"}), "us/new-york-convention", "art-v-1-c")
        is GroundStatus.AT_RISK
    )
    appeared = assessment("ny-old", {("personal-jurisdiction", "i"): "appeared", ("inconvenient-forum", "i"): True})
    assert status(appeared, "us-ny/cplr-art-53", "5304-b-7") is GroundStatus.NOT_APPLICABLE


def test_immunity_regimes_reach_only_a_sovereign_and_the_facts_carry_their_source() -> None:
    private = assessment("fed-award", {})
    assert not [r for r in private.regimes if r.id.startswith("us/fsia")]
    state = assessment("fed-state", {("arbitration-agreement-by-state", "i"): True})
    g = next(g for g in state.grounds if g.id == "1604-immunity")
    used = {u.name: u for u in g.facts}
    assert used["arbitration-agreement-by-state"].fact is not None
    assert used["arbitration-agreement-by-state"].fact.source.line > 0


def test_a_proceeding_that_cannot_be_assessed_is_a_clear_error() -> None:
    m = matter_from(matter_text("fed-award", {}))
    with pytest.raises(AssessmentError, match="no proceeding 'q'"):
        assess(m, "q", AS_OF)
    text = matter_text("fed-award", {}).replace("kind: confirmation", "kind: set-aside")
    with pytest.raises(AssessmentError, match="of kind set-aside"):
        assess(matter_from(text), "p", AS_OF)


def test_a_value_neither_listed_as_making_out_nor_clearing_a_ground_leaves_it_unknown() -> None:
    # State Immunity Act 1978 s.12(1): the writ is served through the FCDO unless the State agreed otherwise;
    # service under a convention is neither the route the Act names nor one it refuses outright here.
    a = assessment("ew-state", {("service-method", "j"): "convention"})
    assert status(a, "gb/state-immunity-act-1978", "s12-service") is GroundStatus.UNKNOWN


@pytest.mark.parametrize(
    ("setup", "regime", "ground"),
    [
        ("fed-state", "us/fsia-execution", "1609-1610-a:a1"),
        ("on-state", "ca/state-immunity-act", "s12-execution:a1"),
        ("ew-state", "gb/state-immunity-act-1978", "s13-execution:a1"),
    ],
)
def test_a_missions_property_stays_immune_whatever_the_general_waiver(setup: str, regime: str, ground: str) -> None:
    # VCDR art. 22(3) (kept by SIA 1978 s.16(1); Alcom v Colombia): a general written waiver of execution immunity
    # does not reach a mission's property, which the same waiver would reach were it in public, non-diplomatic use.
    waived = {**ON_ASSET, ("execution-waiver", "debtor"): "in-writing", ("central-bank-property", "a1"): False}
    assert status(assessment(setup, {**waived, ("asset-use", "a1"): "diplomatic"}), regime, ground) is (
        GroundStatus.MET
    )


def test_the_uk_written_waiver_reaches_public_property_but_the_us_one_does_not() -> None:
    # SIA 1978 s.13(3) lets written consent reach any of the state's property but a mission's; FSIA §1610(a) reaches
    # only property "used for a commercial activity in the United States", whatever the waiver.
    facts = {**ON_ASSET, ("execution-waiver", "debtor"): "in-writing", ("asset-use", "a1"): "public-non-commercial"}
    facts[("central-bank-property", "a1")] = False
    assert status(assessment("ew-state", facts), "gb/state-immunity-act-1978", "s13-execution:a1") is (
        GroundStatus.NOT_MET
    )
    assert status(assessment("fed-state", facts), "us/fsia-execution", "1609-1610-a:a1") is GroundStatus.MET


def test_an_award_made_in_england_is_not_a_new_york_convention_award_there() -> None:
    # Arbitration Act 1996 s.100(1): a New York Convention award is made in a state "other than the United Kingdom".
    text = matter_text("ew-award", {("seat-convention-state", "i"): True}).replace("seat: FR", "seat: GB-EW")
    a = assess(matter_from(text), "p", AS_OF)
    assert status(a, "gb-ew/arbitration-act-1996", "s100-1-nyc-award") is GroundStatus.MET


def test_a_set_aside_pending_at_the_seat_stops_the_icaa_clock() -> None:
    # ICAA 2017 s.10(b): where set-aside proceedings were commenced, the ten years run from their end. Filed on
    # 16 Jan 2029, a day after ten years from the award, the application is late unless those proceedings were
    # pending then; decided on 1 Jun 2019, the ten years end Fri 1 Jun 2029.
    late = "2029-01-16"
    assert status(assessment("on-award", {}, filed=late), "ca-on/icaa-2017", "s10-limitation") is GroundStatus.MET
    pending = assessment("on-award", {("set-aside", "i"): "pending"}, filed=late)
    assert status(pending, "ca-on/icaa-2017", "s10-limitation") is GroundStatus.NOT_MET
    seat = "  - {id: sa, kind: set-aside, forum: FR, filed: 2019-02-01, concerns: i}\n"
    text = matter_text("on-award", {}, filed=late).replace("proceedings:\n", "proceedings:\n" + seat)
    assert status(assess(matter_from(text), "p", AS_OF), "ca-on/icaa-2017", "s10-limitation") is GroundStatus.NOT_MET
    decided = seat.replace("concerns: i", "concerns: i, decided: 2019-06-01")
    for filed, expected in (("2029-06-01", GroundStatus.NOT_MET), ("2029-06-02", GroundStatus.MET)):
        text = matter_text("on-award", {}, filed=filed).replace("proceedings:\n", "proceedings:\n" + decided)
        assert status(assess(matter_from(text), "p", AS_OF), "ca-on/icaa-2017", "s10-limitation") is expected


JUDGMENT_ON_AWARD = f"""\
matter: m
creditor: {{name: Creditor SA, country: FR}}
debtor: {STATE}
instruments:
  - {{id: award, kind: award, forum: ICC, date: 2019-01-15, currency: USD, seat: FR,
     amounts: [{{label: s, amount: "1000"}}]}}
  - {{id: on-judgment, kind: judgment, forum: CA-ON, date: 2020-06-01, currency: USD, based_on: award,
     amounts: carried}}
  - {{id: ny-judgment, kind: judgment, forum: US-NY, date: 2021-06-01, currency: USD, based_on: on-judgment,
     amounts: carried}}
proceedings:
  - {{id: ny, kind: recognition, forum: US-NY, filed: 2020-09-01, concerns: on-judgment, result: ny-judgment}}
facts:
  - {{fact: immunity-waived-suit, about: debtor, value: false}}
"""


def test_an_agreement_to_arbitrate_carried_to_a_judgment_on_the_award_leaves_immunity_at_risk() -> None:
    # FSIA §1605(a)(6) reaches an action "to confirm an award"; no holding was found that it reaches a suit on a
    # foreign court's judgment on the award, so the award's agreement, carried to the judgment, leaves §1604 at risk.
    carried = assess(
        matter_from(JUDGMENT_ON_AWARD + "  - {fact: arbitration-agreement-by-state, about: award, value: true}\n"),
        "ny",
        AS_OF,
    )
    g = next(g for g in carried.grounds if g.id == "1604-immunity")
    assert g.status is GroundStatus.AT_RISK
    assert "to confirm an award" in g.caveats[0]
    assert next(u for u in g.facts if u.name == "arbitration-agreement-by-state").carried_from == "award"
    # Waived outright, immunity is cleared whatever is carried.
    waived = JUDGMENT_ON_AWARD.replace("value: false}", "value: true}")
    g = next(g for g in assess(matter_from(waived), "ny", AS_OF).grounds if g.id == "1604-immunity")
    assert g.status is GroundStatus.NOT_MET
    assert g.caveats == ()


def test_in_england_the_award_s_agreement_carries_to_a_judgment_on_it() -> None:
    # L R Avionics v Nigeria [2016] EWHC 1761 (Comm): enforcing a judgment that converts an award relates to the
    # arbitration (SIA 1978 s.9), so the award's agreement clears immunity there without a caveat.
    text = JUDGMENT_ON_AWARD.replace("forum: US-NY, filed", "forum: GB-EW, filed").replace(
        "id: ny-judgment, kind: judgment, forum: US-NY", "id: ny-judgment, kind: judgment, forum: GB-EW"
    )
    text += "  - {fact: arbitration-agreement-by-state, about: award, value: true}\n"
    g = next(g for g in assess(matter_from(text), "ny", AS_OF).grounds if g.id == "s1-immunity")
    assert g.status is GroundStatus.NOT_MET
    assert g.caveats == ()


def test_the_1970_text_excludes_support_only_and_the_2021_text_all_domestic_relations() -> None:
    # CPLR 5301(b) (1970): "a judgment for support in matrimonial or family matters"; CPLR 5302(b)(3) (2021): "a
    # judgment for divorce, support or maintenance, or other judgment rendered in connection with domestic relations".
    divorce = {("family-matter", "i"): "other-domestic-relations"}
    assert status(assessment("ny-old", divorce), "us-ny/cplr-art-53", "5301-b-support") is GroundStatus.NOT_MET
    assert status(assessment("ny-new", divorce), "us-ny/cplr-art-53", "5302-b-3-domestic-relations") is (
        GroundStatus.MET
    )


def test_an_asset_is_in_the_forum_of_its_own_country_only() -> None:
    # FSIA §1609 speaks of "property in the United States", SIA 1978 s.13 of property the English court can reach:
    # the same asset, written as in the United States, is in the federal court's reach and not in England's.
    facts = {**COMMERCIAL, ("execution-waiver", "debtor"): "in-writing", ("central-bank-property", "a1"): False}
    us_asset = matter_text("ew-state", facts).replace("country: GB}", "country: US}")
    ew = assess(matter_from(us_asset), "p", AS_OF)
    assert status(ew, "gb/state-immunity-act-1978", "s13-execution:a1") is GroundStatus.MET
    used = next(g for g in ew.grounds if g.id == "s13-execution:a1").facts
    assert next(u for u in used if u.name == "asset-in-forum").value is False


def test_a_1610_c_order_counts_for_its_own_judgment_from_its_day() -> None:
    # §1610(c): the order is the court's, on the judgment it entered. An order on another judgment of the debt, or
    # one made after the as-of date, does not lift the bar; a writ of attachment on the judgment presupposes one.
    order = "events:\n  - {event: execution-ordered, instrument: j, date: 2021-01-05}\n"
    assert status(assessment("fed-state", {}, rest=order), "us/fsia-execution", "1610-c-order") is GroundStatus.NOT_MET
    early = assess(matter_from(matter_text("fed-state", {}, rest=order)), "p", date(2021, 1, 4))
    assert status(early, "us/fsia-execution", "1610-c-order") is GroundStatus.MET
    other = order.replace("instrument: j,", "instrument: i,")
    assert status(assessment("fed-state", {}, rest=other), "us/fsia-execution", "1610-c-order") is GroundStatus.MET
    writ = (
        "actions:\n  - {id: w, kind: writ-of-attachment, date: 2021-02-01, court: D. Del., instrument: j, asset: a1}\n"
    )
    assert status(assessment("fed-state", {}, rest=writ), "us/fsia-execution", "1610-c-order") is GroundStatus.NOT_MET


def test_a_recorded_asset_in_forum_is_an_error_that_says_to_write_the_country() -> None:
    text = matter_text("fed-state", {("asset-in-forum", "a1"): True})
    from exequatur.io.matterfile import parse_matter

    matter, errors = parse_matter(text, "<test>")
    assert matter is None
    assert "worked out" in str(errors[0])
    assert "country:" in str(errors[0])


def test_a_tort_committed_there_is_jurisdiction_in_ontario_arguable_in_new_york_and_none_in_england() -> None:
    # Club Resorts v Van Breda, 2012 SCC 17, para 90: a tort committed in the province is a presumptive connecting
    # factor; CPLR 5305 does not list it (5305(b) lets a court recognize other bases); Adams v Cape asks presence or
    # submission only.
    tort = {("personal-jurisdiction", "i"): "tort-committed-there"}
    assert status(assessment("on-judgment", tort), "ca-on/common-law-judgments", "jurisdiction") is (
        GroundStatus.NOT_MET
    )
    assert status(assessment("ny-new", tort), "us-ny/cplr-art-53", "5304-a-2") is GroundStatus.AT_RISK
    assert status(assessment("ew-judgment", tort), "gb-ew/common-law-judgments", "jurisdiction") is GroundStatus.MET


def test_central_bank_grounds_reach_only_a_central_banks_property_in_the_forum() -> None:
    plain = assessment("fed-state", {("central-bank-property", "a1"): False})
    assert status(plain, "us/fsia-execution", "1611-b-1-central-bank:a1") is GroundStatus.NOT_APPLICABLE
    abroad = matter_text("on-state", {("central-bank-property", "a1"): True}).replace("country: CA}", "country: US}")
    a = assess(matter_from(abroad), "p", AS_OF)
    assert status(a, "ca/state-immunity-act", "s12-4-central-bank:a1") is GroundStatus.NOT_APPLICABLE


def test_a_separate_central_banks_own_consent_clears_it_whatever_the_state_said() -> None:
    # SIA 1978 s.14(4): for a separate central bank, s.13(3) reads "the bank" for "the State": its written consent
    # lifts the immunity though the State gave none, and the State's alone does not.
    bank = {**ON_ASSET, ("central-bank-property", "a1"): True, ("central-bank-separate", "a1"): True}
    for state in ("none", "implied", "explicit"):
        facts = {**bank, ("execution-waiver", "debtor"): state, ("central-bank-waiver", "a1"): "in-writing"}
        assert status(assessment("ew-state", facts), "gb/state-immunity-act-1978", "s13-execution:a1") is (
            GroundStatus.NOT_MET
        ), state
    only_state = {**bank, ("execution-waiver", "debtor"): "in-writing", ("central-bank-waiver", "a1"): "none"}
    assert status(assessment("ew-state", only_state), "gb/state-immunity-act-1978", "s13-execution:a1") is (
        GroundStatus.MET
    )


def test_in_canada_a_central_banks_own_waiver_is_the_states() -> None:
    # State Immunity Act s.2: a "foreign state" includes its agencies; s.12(1)(a) lifts immunity on its waiver.
    facts = {
        **ON_ASSET,
        ("asset-use", "a1"): "public-non-commercial",
        ("central-bank-property", "a1"): True,
        ("execution-waiver", "debtor"): "none",
        ("central-bank-waiver", "a1"): "explicit",
    }
    a = assessment("on-state", facts)
    assert status(a, "ca/state-immunity-act", "s12-execution:a1") is GroundStatus.NOT_MET
    assert status(a, "ca/state-immunity-act", "s12-4-central-bank:a1") is GroundStatus.NOT_MET


def test_an_order_dated_before_its_judgment_does_not_count() -> None:
    early = "actions:\n  - {id: w, kind: writ-of-attachment, date: 2020-05-01, court: D. Del., instrument: j}\n"
    g = next(g for g in assessment("fed-state", {}, rest=early).grounds if g.id == "1610-c-order")
    assert g.status is GroundStatus.MET
    assert next(u for u in g.facts if u.name == "execution-ordered").about == "j"


def test_an_unknown_or_reserved_country_code_is_an_error_at_its_line() -> None:
    from exequatur.io.matterfile import parse_matter

    for code, words in (("UK", "ISO writes GB"), ("XX", "not an ISO 3166-1")):
        text = matter_text("ew-state", {}).replace("country: GB}", f"country: {code}}}")
        matter, errors = parse_matter(text, "<test>")
        assert matter is None
        assert words in str(errors[0])
