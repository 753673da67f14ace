"""Each forum's InterestRule.shared_through: the entry days it says share a regime do share it, number for number.

The portfolio engine asks a rule once per stretch of entry days it names, so a stretch too long would give a
judgment another's rate: every day of a stretch is held to the rule's own answer for that day.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from exequatur.interfaces.api import rate_book
from exequatur.model.errors import ExequaturError
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.parties import Party
from exequatur.model.source import Source
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.forum import IncreasingRule, RuleContext
from exequatur.rules.fr import FrenchLegalInterest
from exequatur.rules.registry import FORUMS, interest_regime, shared_through

AS_OF = date(2026, 6, 1)
HERE = Source("<test>", 0)
COURTS = ("US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR")
CURRENCY = {"US-NY": "USD", "US-FED": "USD", "US-DE": "USD", "CA-ON": "CAD", "GB-EW": "GBP", "FR": "EUR"}


def _judgment(forum: str, entry: date, enforceable: date | None = None) -> Instrument:
    return Instrument(
        id="j",
        kind=InstrumentKind.JUDGMENT,
        forum=forum,
        date=entry,
        currency=CURRENCY[forum],
        components=(Component(label="principal", amount=Decimal("1000.00"), source=HERE),),
        source=HERE,
        enforceable=enforceable,
    )


def _numbers(terms: tuple[RegimeTerm, ...]) -> list[tuple[object, ...]]:
    """What the portfolio engine reads of a regime, but the first term's start."""
    return [(t.term.rate.percent, t.term.day_count, t.term.compounding, t.term.until) for t in terms]  # type: ignore[union-attr]


@pytest.mark.parametrize("forum", COURTS)
@pytest.mark.parametrize("individual", [False, True])
def test_every_day_of_a_stretch_has_the_first_days_regime(forum: str, individual: bool) -> None:
    rng = random.Random(f"{forum}{individual}")
    book = rate_book()
    context = RuleContext(rates=book, as_of=AS_OF, creditor=Party(name="c", source=HERE, private_individual=individual))
    checked = 0
    for _ in range(60):
        entry = date(2009, 1, 1) + timedelta(days=rng.randrange(0, 6200))
        enforceable = entry + timedelta(days=rng.randrange(0, 60)) if forum == "FR" and rng.random() < 0.5 else None
        inst = _judgment(forum, entry, enforceable)
        try:
            terms = interest_regime(inst, context)
        except ExequaturError:
            continue
        last = shared_through(inst, context)
        assert last >= entry
        end = min(last, AS_OF)
        for day in {end, entry + timedelta(days=rng.randrange(0, (end - entry).days + 1))}:
            other = interest_regime(replace(inst, date=day), context)
            assert other[0].term.start == day
            assert _numbers(other) == _numbers(terms), (forum, entry, day, last)
            checked += 1
    assert checked > 60


@pytest.mark.parametrize(
    ("forum", "entry", "last"),
    [
        # 28 U.S.C. §1961(a): "the calendar week preceding the date of the judgment" is one week for a Monday-to-
        # Sunday week of entry: Wed 24 Aug 2016 shares it through Sun 28 Aug 2016.
        ("US-FED", date(2016, 8, 24), date(2016, 8, 28)),
        # CJA s.127(1): one postjudgment rate for the quarter of the order, 1 Apr to 30 Jun 2017.
        ("CA-ON", date(2017, 4, 25), date(2017, 6, 30)),
        # C. mon. fin. L313-2: one legal rate per half-year, 1 Jan to 30 Jun 2015.
        ("FR", date(2015, 3, 10), date(2015, 6, 30)),
        # CPLR 5004 (9% since 1981) and the Judgments Act's 8% (since 1 April 1993) have not changed since.
        ("US-NY", date(2019, 3, 4), date.max),
        ("GB-EW", date(2019, 3, 4), date.max),
    ],
)
def test_the_stretch_is_the_laws_own_period(forum: str, entry: date, last: date) -> None:
    assert shared_through(_judgment(forum, entry), RuleContext(rates=rate_book(), as_of=AS_OF)) == last


def test_a_delaware_stretch_ends_the_day_before_the_discount_rate_changes() -> None:
    # 6 Del. C. §2301(a): the Federal Reserve discount rate in force on the day of judgment + 5 points. The
    # primary credit rate went from 0.25% to 0.50% on 17 Mar 2022 (federalreserve.gov, 16 Mar 2022 release); a
    # judgment of 1 Mar 2022 shares its 5.25% through 16 Mar 2022.
    assert shared_through(_judgment("US-DE", date(2022, 3, 1)), RuleContext(rates=rate_book(), as_of=AS_OF)) == date(
        2022, 3, 16
    )


def test_a_french_stretch_stops_at_the_day_the_decision_became_enforceable() -> None:
    inst = _judgment("FR", date(2015, 3, 10), enforceable=date(2015, 4, 2))
    assert shared_through(inst, RuleContext(rates=rate_book(), as_of=AS_OF)) == date(2015, 4, 2)


def test_the_french_increase_starts_the_day_after_two_months_from_enforceability() -> None:
    # service-public.fr F783: a decision enforceable on 17 Sept 2015 bears the increased rate from 18 Nov 2015;
    # L313-3 al. 1: five points.
    rule = FORUMS["FR"].interest
    assert isinstance(rule, IncreasingRule)
    increase = FrenchLegalInterest().increase(date(2015, 9, 17))
    assert (increase.start, increase.points) == (date(2015, 11, 18), Decimal(5))
    # 31 Dec + 2 months: 28 Feb 2015 is the last day of the period (CPC art. 641 al. 2), the increase from 1 Mar.
    assert FrenchLegalInterest().increase(date(2014, 12, 31)).start == date(2015, 3, 1)
    assert not isinstance(FORUMS["US-NY"].interest, IncreasingRule)
