"""Random portfolios for the equality test and the benchmarks: judgments of every court forum over 2005-2025,
principals from a few dollars to a billion, and payments before, during and after entry."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

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


def unusual(count: int, seed: int) -> tuple[Judgments, Payments]:
    """`count` judgments made to meet the edges: entries from 1975 to 2027 (before the rate tables, after the
    as-of date), a forum no one has, currencies of 0 and 3 decimals, sums from nothing to 10^15 minor units,
    enforceable days before and after entry, stated terms of every rate, compounding and day count the matter
    file takes, and payments of nothing, of everything, before entry and after the as-of date."""
    rng = np.random.default_rng(seed)
    forums = (*FORUMS, "XX-ZZ")
    currencies = ("USD", "CAD", "GBP", "EUR", "JPY", "KWD")
    pick = rng.integers(0, len(forums), count)
    first, last = np.datetime64("1975-01-01", "D"), np.datetime64("2027-06-01", "D")
    entry = first + rng.integers(0, int((last - first).astype(np.int64)), count)
    principal = np.array([0, 1, 999, 10**9, 10**15])[rng.integers(0, 5, count)] + rng.integers(0, 1000, count)
    known = rng.integers(0, 4, count) > 0
    enforceable = np.where(known, entry + rng.integers(-40, 400, count), np.datetime64("NaT"))
    own = rng.random(count) < 0.3
    rates = (None, Decimal("0"), Decimal("3.5"), Decimal("6"), Decimal("12.25"), Decimal("0.001"), Decimal("99.99"))
    compoundings = (None, "none", "annual", "semiannual", "quarterly", "monthly", "daily")
    day_counts = (None, "act/365", "act/360", "act/act", "30/360")

    def stated(names: tuple[object, ...]) -> Labels:
        return Labels(np.where(own, rng.integers(1, len(names), count), 0).astype(np.int8), names)

    judgments = Judgments(
        id=pa.array(np.char.add("u", np.arange(count).astype(str)), pa.string()),
        forum=Labels(pick.astype(np.int8), forums),
        entry=entry.astype("datetime64[D]"),
        currency=Labels(rng.integers(0, len(currencies), count).astype(np.int8), currencies),
        principal=principal.astype(np.int64),
        consumer_debt=rng.random(count) < 0.3,
        creditor_individual=rng.random(count) < 0.3,
        enforceable=enforceable.astype("datetime64[D]"),
        rate=stated(rates),
        compounding=Labels(np.where(own, rng.integers(0, len(compoundings), count), 0).astype(np.int8), compoundings),
        day_count=Labels(np.where(own, rng.integers(0, len(day_counts), count), 0).astype(np.int8), day_counts),
    )
    who = np.repeat(np.arange(count), rng.integers(0, 6, count))
    when = entry[who] + rng.integers(-100, 9000, len(who))
    amount = np.maximum(1, principal[who] // rng.choice([1, 2, 3, 7, 1000], len(who)))
    amount = np.where(rng.random(len(who)) < 0.05, 0, amount)
    paid = Payments(judgment=who.astype(np.int64), date=when.astype("datetime64[D]"), amount=amount.astype(np.int64))
    return judgments, paid


def figures(statement: InstrumentStatement) -> tuple[int, int, int, int, int]:
    """A per-matter statement's principal, interest, paid, unapplied and per diem in minor units (the per diem
    rounded half-up, NO_PER_DIEM where the statement has none): what the portfolio engine must give. Counted in
    exact fractions, since Decimal's sums round past 28 digits."""
    scale = 10 ** minor_units(statement.currency)

    def whole(amount: Fraction) -> int:
        assert amount.denominator == 1, amount  # cents, as the engine rounds them
        return int(amount)

    daily = statement.per_diem_total
    return (
        whole(sum((Fraction(c.principal) for c in statement.components), Fraction(0)) * scale),
        whole(sum((Fraction(c.interest) for c in statement.components), Fraction(0)) * scale),
        whole(Fraction(statement.paid) * scale),
        whole(Fraction(statement.excess) * scale),
        NO_PER_DIEM if daily is None else math.floor(Fraction(daily) * scale + Fraction(1, 2)),
    )
