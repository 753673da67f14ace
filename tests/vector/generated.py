"""Random portfolios for the equality test and the benchmarks: judgments of every court forum over 2005-2025,
principals from a few dollars to a billion, and payments before, during and after entry."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pyarrow as pa

from exequatur.engine.results import InstrumentStatement
from exequatur.model.money import minor_units
from exequatur.vector.labels import Labels
from exequatur.vector.portfolio import NO_PER_DIEM, Judgments, Payments

FORUMS = ("US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR")
CURRENCY = {"US-NY": "USD", "US-FED": "USD", "US-DE": "USD", "CA-ON": "CAD", "GB-EW": "GBP", "FR": "EUR"}


def portfolio(
    count: int, seed: int, *, payments_each: float = 2.0, forums: tuple[str, ...] = FORUMS, stated: float = 0.05
) -> tuple[Judgments, Payments]:
    """`count` judgments of `forums` drawn with numpy's seeded generator, a share `stated` of them with a rate of
    their own, and about `payments_each` payments each."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(forums), count)
    forum = np.array(forums)[pick]
    french = forum == "FR"
    # French legal rates are tabled from 2009: earlier French judgments are errors in both engines alike.
    first = np.where(french, np.datetime64("2009-01-01"), np.datetime64("2005-01-01"))
    span = (np.datetime64("2025-12-31") - first).astype(np.int64)
    entry = first + (rng.random(count) * span).astype(np.int64)
    # Principals from a dollar to a billion: a third each of small, middling and large sums, in minor units.
    size = rng.integers(0, 3, count)
    low = np.array([100, 10**5, 10**8])[size]
    high = np.array([10**5, 10**8, 10**11])[size]
    principal = low + (rng.random(count) * (high - low)).astype(np.int64)
    served = french & (rng.random(count) < 0.6)
    enforceable = np.where(served, entry + rng.integers(0, 90, count), np.datetime64("NaT"))
    # Some state their own rate, with a compounding and day count the columns may or may not take.
    own = rng.random(count) < stated
    currencies = tuple(sorted({CURRENCY[f] for f in forums}))
    # Stated terms as codes into their few values (Labels), code 0 the statute's (None).
    rate = np.where(own, 1 + rng.integers(0, 3, count), 0)
    compounding = np.where(own, rng.integers(0, 3, count), 0)
    day_count = np.where(own, rng.integers(0, 3, count), 0)
    judgments = Judgments(
        id=pa.array(np.char.add("j", np.arange(count).astype(str)), pa.string()),
        forum=Labels(pick.astype(np.int8), forums),
        entry=entry.astype("datetime64[D]"),
        currency=Labels(np.array([currencies.index(CURRENCY[f]) for f in forums], np.int8)[pick], currencies),
        principal=principal.astype(np.int64),
        consumer_debt=(forum == "US-NY") & (rng.random(count) < 0.05),
        creditor_individual=french & (rng.random(count) < 0.3),
        enforceable=enforceable.astype("datetime64[D]"),
        rate=Labels(rate.astype(np.int8), (None, Decimal("3.5"), Decimal("6"), Decimal("12.25"))),
        compounding=Labels(compounding.astype(np.int8), (None, "annual", "monthly")),
        day_count=Labels(day_count.astype(np.int8), (None, "act/360", "act/act")),
    )
    # Each judgment gets 0 to 2 × payments_each payments, from 20 days before entry to 7,000 after, each of up to
    # a half, a fifth or a fiftieth of the principal.
    many = rng.integers(0, int(2 * payments_each) + 1, count)
    who = np.repeat(np.arange(count), many)
    when = entry[who] + rng.integers(-20, 7000, len(who))
    part = np.array([2, 5, 50])[rng.integers(0, 3, len(who))]
    top = np.maximum(2, principal[who] // part)
    amount = 1 + (rng.random(len(who)) * (top - 1)).astype(np.int64)
    paid = Payments(judgment=who.astype(np.int64), date=when.astype("datetime64[D]"), amount=amount.astype(np.int64))
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
