"""Random portfolios for the equality test and the benchmarks: judgments of every court forum over 2005-2025,
principals from a few dollars to a billion, and payments before, during and after entry."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from exequatur.engine.results import InstrumentStatement
from exequatur.model.money import minor_units
from exequatur.vector.portfolio import NO_PER_DIEM, Judgments, Payments

FORUMS = ("US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR")
CURRENCY = {"US-NY": "USD", "US-FED": "USD", "US-DE": "USD", "CA-ON": "CAD", "GB-EW": "GBP", "FR": "EUR"}


def portfolio(count: int, seed: int, *, payments_each: float = 2.0) -> tuple[Judgments, Payments]:
    rng = random.Random(seed)
    forum = [rng.choice(FORUMS) for _ in range(count)]
    # French legal rates are tabled from 2009: earlier French judgments are errors in both engines alike.
    first = {f: date(2009, 1, 1) if f == "FR" else date(2005, 1, 1) for f in FORUMS}
    entry = [first[f] + timedelta(days=rng.randrange(0, (date(2025, 12, 31) - first[f]).days)) for f in forum]
    principal = [
        rng.choice((rng.randrange(100, 10**5), rng.randrange(10**5, 10**8), rng.randrange(10**8, 10**11)))
        for _ in range(count)
    ]
    enforceable = [
        np.datetime64(e + timedelta(days=rng.randrange(0, 90))) if f == "FR" and rng.random() < 0.6 else None
        for f, e in zip(forum, entry, strict=True)
    ]
    # One in twenty states its own rate, with a compounding and day count the columns may or may not take.
    stated = [rng.random() < 0.05 for _ in range(count)]
    rate = [rng.choice((Decimal("3.5"), Decimal("6"), Decimal("12.25"))) if s else None for s in stated]
    compounding = [rng.choice((None, "annual", "monthly")) if s else None for s in stated]
    day_count = [rng.choice((None, "act/360", "act/act")) if s else None for s in stated]
    judgments = Judgments(
        id=np.array([f"j{k}" for k in range(count)], object),
        forum=np.array(forum, object),
        entry=np.array(entry, "datetime64[D]"),
        currency=np.array([CURRENCY[f] for f in forum], object),
        principal=np.array(principal, np.int64),
        consumer_debt=np.array([f == "US-NY" and rng.random() < 0.05 for f in forum]),
        creditor_individual=np.array([f == "FR" and rng.random() < 0.3 for f in forum]),
        enforceable=np.array([np.datetime64("NaT") if e is None else e for e in enforceable], "datetime64[D]"),
        rate=np.array(rate, object),
        compounding=np.array(compounding, object),
        day_count=np.array(day_count, object),
    )
    who, when, amount = [], [], []
    for k in range(count):
        for _ in range(rng.choice(range(int(2 * payments_each) + 1))):
            who.append(k)
            when.append(entry[k] + timedelta(days=rng.randrange(-20, 7000)))
            amount.append(rng.randrange(1, max(2, principal[k] // rng.choice((2, 5, 50)))))
    paid = Payments(
        judgment=np.array(who, np.int64), date=np.array(when, "datetime64[D]"), amount=np.array(amount, np.int64)
    )
    return judgments, paid


def figures(statement: InstrumentStatement) -> tuple[int, int, int, int, int]:
    """A per-matter statement's principal, interest, paid, unapplied and per diem in minor units (the per diem
    rounded half-up, NO_PER_DIEM where the statement has none): what the portfolio engine must give."""
    scale = 10 ** minor_units(statement.currency)
    daily = statement.per_diem_total
    return (
        int(sum(c.principal for c in statement.components) * scale),
        int(sum(c.interest for c in statement.components) * scale),
        int(statement.paid * scale),
        int(statement.excess * scale),
        NO_PER_DIEM if daily is None else int((daily * scale).to_integral_value(ROUND_HALF_UP)),
    )
