"""Balances of many judgments at once, in exact integer minor units, column by column.

Judgments that share a forum, an entry date, a currency and the facts their rule reads (consumer debt, the creditor
being a private individual, the day a French decision became enforceable) share one interest regime: it is asked
of the forum's own rule once per group (rules/registry.interest_regime, the per-matter engine's entry point), with
the same rate tables. Each group's regime is then applied to all its judgments together. The arithmetic is the
per-matter engine's (engine/accrual.py, DESIGN.md §7) in integers: interest accrues as an exact numerator over one
denominator per group (base × rate numerator × days); it is rounded half-up to the minor unit only where the
per-matter engine rounds, at a capitalization, a payment and the as-of date; a payment goes to interest, then to
capitalized interest, then to principal. Where a sum could outgrow 64-bit integers the same steps run on Python's
integers instead. A regime this engine does not take (a floating or reset rate, a day count other than act/365 or
act/360, compounding other than annual), or a group whose rule needs each judgment's own payments (a New York
consumer-debt judgment), is computed judgment by judgment by the per-matter engine itself, and counted as such.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement
from exequatur.model.errors import ExequaturError
from exequatur.model.events import Payment
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units
from exequatur.model.parties import Party
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.forum import RuleContext
from exequatur.rules.registry import interest_regime

_EPOCH = np.datetime64("1970-01-01", "D")
_YEAR = {DayCount.ACT_365: 365, DayCount.ACT_360: 360}
#: Above this a numerator may not fit a signed 64-bit integer: the group runs on Python integers.
_INT64_SAFE = 2**62
_HERE = Source("<portfolio>", 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgments:
    """One row per judgment. `principal` is in the currency's minor units; dates are numpy days."""

    id: np.ndarray
    forum: np.ndarray
    entry: np.ndarray
    currency: np.ndarray
    principal: np.ndarray
    consumer_debt: np.ndarray
    creditor_individual: np.ndarray
    #: The day the decision became enforceable (France, C. mon. fin. L313-3); NaT where not known.
    enforceable: np.ndarray
    #: A rate the judgment states in place of the statute's (a Decimal percent, or None), with its compounding
    #: and day count (Compounding and DayCount values); None where the statute governs.
    rate: np.ndarray | None = None
    compounding: np.ndarray | None = None
    day_count: np.ndarray | None = None

    def take(self, rows: np.ndarray) -> Judgments:
        """The judgments of `rows`, in that order."""

        def cut(column: np.ndarray | None) -> np.ndarray | None:
            return None if column is None else column[rows]

        return Judgments(
            id=self.id[rows],
            forum=self.forum[rows],
            entry=self.entry[rows],
            currency=self.currency[rows],
            principal=self.principal[rows],
            consumer_debt=self.consumer_debt[rows],
            creditor_individual=self.creditor_individual[rows],
            enforceable=self.enforceable[rows],
            rate=cut(self.rate),
            compounding=cut(self.compounding),
            day_count=cut(self.day_count),
        )

    def stated(self, row: int) -> tuple[Decimal, str, str] | None:
        if self.rate is None or self.rate[row] is None:
            return None
        compounding = None if self.compounding is None else self.compounding[row]
        day_count = None if self.day_count is None else self.day_count[row]
        return self.rate[row], str(compounding or "none"), str(day_count or "act/365")

    def __len__(self) -> int:
        return len(self.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Payments:
    """One row per payment: the row of its judgment, its day, its amount in the judgment's minor units."""

    judgment: np.ndarray
    date: np.ndarray
    amount: np.ndarray

    @staticmethod
    def none() -> Payments:
        return Payments(judgment=np.zeros(0, np.int64), date=np.zeros(0, "datetime64[D]"), amount=np.zeros(0, np.int64))


#: What totals may be grouped by; the currency always is, since sums in two currencies do not add.
GROUPINGS = ("forum", "year", "currency")


def summary(
    judgments: Judgments, result: Balances, by: tuple[str, ...] = ("forum", "currency")
) -> list[dict[str, Any]]:
    """Totals in minor units (judgments, principal, interest, total, paid, and those in error), grouped by `by`:
    forum, entry year and currency, the currency always among them."""
    chosen = tuple(g for g in GROUPINGS if g in by or g == "currency")
    years = judgments.entry.astype("datetime64[Y]").astype(np.int64) + 1970
    columns = {"forum": judgments.forum.tolist(), "year": years.tolist(), "currency": judgments.currency.tolist()}
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for i in range(len(judgments)):
        key = tuple(columns[g][i] for g in chosen)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {**dict(zip(chosen, key, strict=True)), "judgments": 0, "principal": 0, "interest": 0}
            g |= {"paid": 0, "errors": 0}
        g["judgments"] += 1
        if result.error[i] is not None:
            g["errors"] += 1
            continue
        g["principal"] += int(result.principal[i])
        g["interest"] += int(result.interest[i])
        g["paid"] += int(result.paid[i])
    for g in groups.values():
        g["total"] = g["principal"] + g["interest"]
    return [groups[k] for k in sorted(groups)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Balances:
    """Per judgment, in minor units: the principal and interest still unpaid, what was paid, and their total."""

    principal: np.ndarray
    interest: np.ndarray
    paid: np.ndarray
    #: What payments brought beyond all that was owed, kept apart, never credited (the statement's `unapplied`).
    unapplied: np.ndarray
    #: None, or why the judgment could not be computed (the per-matter engine's message).
    error: np.ndarray
    #: How many judgments each path computed: "columns" (this engine) and "per-matter".
    computed_by: dict[str, int] = field(default_factory=dict)


def _day(value: np.datetime64) -> date:
    return date(1970, 1, 1) + timedelta(days=int((value - _EPOCH).astype(np.int64)))


def _instrument(judgments: Judgments, row: int) -> Instrument:
    currency = str(judgments.currency[row])
    amount = Decimal(int(judgments.principal[row])).scaleb(-minor_units(currency))
    enforceable = judgments.enforceable[row]
    stated = judgments.stated(row)
    day = _day(judgments.entry[row])
    terms = (
        ()
        if stated is None
        else (
            InterestTerm(
                start=day,
                rate=FixedRate(percent=stated[0]),
                compounding=Compounding(stated[1]),
                day_count=DayCount(stated[2]),
                source=_HERE,
            ),
        )
    )
    return Instrument(
        id=str(judgments.id[row]),
        kind=InstrumentKind.JUDGMENT,
        forum=str(judgments.forum[row]),
        date=day,
        currency=currency,
        components=(Component(label="principal", amount=amount, source=_HERE),),
        source=_HERE,
        consumer_debt=bool(judgments.consumer_debt[row]),
        enforceable=None if np.isnat(enforceable) else _day(enforceable),
        interest=terms,
    )


def _creditor(individual: bool) -> Party:
    return Party(name="creditor", source=_HERE, private_individual=individual)


def per_matter(
    judgments: Judgments, row: int, payments: list[tuple[date, int]], as_of: date, rates: RateBook
) -> InstrumentStatement | str:
    """One judgment through the per-matter engine: its statement, or why it cannot be computed."""
    inst = _instrument(judgments, row)
    exponent = minor_units(inst.currency)
    paid = tuple(
        Payment(date=d, amount=Decimal(a).scaleb(-exponent), currency=inst.currency, instrument=inst.id, source=_HERE)
        for d, a in payments
    )
    matter = Matter(
        id="portfolio",
        creditor=_creditor(bool(judgments.creditor_individual[row])),
        debtor=Party(name="debtor", source=_HERE),
        source=_HERE,
        instruments=(inst,),
        payments=paid,
    )
    if as_of < inst.date:
        return f"as-of date {as_of} is before the judgment ({inst.date})"
    result = accrue(matter, as_of, rates).instruments[0]
    return result if isinstance(result, InstrumentStatement) else result.message


#: Compounding the columns take, as months between capitalizations (from entry, as engine/schedule counts them).
_MONTHS = {
    Compounding.NONE: 0,
    Compounding.ANNUAL: 12,
    Compounding.SEMIANNUAL: 6,
    Compounding.QUARTERLY: 3,
    Compounding.MONTHLY: 1,
}
_DAY_COUNTS = frozenset({DayCount.ACT_365, DayCount.ACT_360, DayCount.ACT_ACT})


def _columnar(terms: tuple[RegimeTerm, ...], entry: date) -> bool:
    """Whether this engine takes the regime: fixed rates, act/365, act/360 or act/act, for the principal, one term
    after another from entry; simple, or (a single open term) compounded every so many months from entry."""
    if not terms or terms[0].term.start != entry:
        return False
    if DayCount.ACT_ACT in {t.term.day_count for t in terms} and len({t.term.day_count for t in terms}) > 1:
        return False
    for k, t in enumerate(terms):
        if not (
            isinstance(t.term.rate, FixedRate)
            and t.term.day_count in _DAY_COUNTS
            and t.term.compounding in _MONTHS
            and t.term.applies_to("principal")
            and t.term.anchor in (None, t.term.start)
        ):
            return False
        if k + 1 < len(terms) and t.term.until != terms[k + 1].term.start:
            return False
        if t.term.compounding is not Compounding.NONE and (len(terms) > 1 or t.term.until is not None):
            return False
    return True


#: A regime as the columns read it: the days its terms end; each term's rate per day as a numerator over a common
#: denominator (and in a leap year, for act/act; else empty); the denominator; the months between
#: capitalizations (0: simple); whether the last term ends too.
Shape = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int, int, bool]
_ORDINAL = date(1970, 1, 1).toordinal()


def _shape(terms: tuple[RegimeTerm, ...]) -> Shape:
    act_act = terms[0].term.day_count is DayCount.ACT_ACT
    percents = [Fraction(t.term.rate.percent) for t in terms]  # type: ignore[union-attr]
    rates = [p / (100 * (365 if act_act else _YEAR[t.term.day_count])) for p, t in zip(percents, terms, strict=True)]
    leap = [p / 36_600 for p in percents] if act_act else []
    denominator = math.lcm(*(r.denominator for r in rates + leap))
    ends = tuple(t.term.until.toordinal() - _ORDINAL for t in terms if t.term.until is not None)
    return (
        ends,
        tuple(int(r * denominator) for r in rates),
        tuple(int(r * denominator) for r in leap),
        denominator,
        _MONTHS[terms[0].term.compounding],
        terms[-1].term.until is not None,
    )


def _anniversaries(entry: np.ndarray, as_of_day: int, months: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, day) of each entry's every `months`-month anniversary after it and on or before the as-of date: the
    same day of the month, or the month's last day where it has fewer (engine/schedule.boundaries, relativedelta:
    29 February's yearly anniversary is 28 February in a common year)."""
    start = _EPOCH + entry
    month_start = start.astype("datetime64[M]")
    day_of_month = (start - month_start.astype("datetime64[D]")).astype(np.int64)
    span = as_of_day - entry
    most = int(span.max() // (28 * months)) + 1 if len(span) else 0
    rows, days = [], []
    for k in range(1, most + 1):
        first_of_month = month_start + np.timedelta64(k * months, "M")
        length = ((first_of_month + 1).astype("datetime64[D]") - first_of_month.astype("datetime64[D]")).astype(int)
        day = first_of_month.astype("datetime64[D]") + np.minimum(day_of_month, length - 1)
        ordinal = (day - _EPOCH).astype(np.int64)
        inside = ordinal <= as_of_day
        if not inside.any():
            break
        rows.append(np.flatnonzero(inside))
        days.append(ordinal[inside])
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(days)


def _new_years(first: int, last: int) -> set[int]:
    """The 1 Januaries after `first` and on or before `last` (days since 1970): act/act cuts a stretch there."""
    y0 = (_EPOCH + first).astype("datetime64[Y]").astype(int) + 1971
    y1 = (_EPOCH + last).astype("datetime64[Y]").astype(int) + 1970
    return {date(y, 1, 1).toordinal() - _ORDINAL for y in range(y0, y1 + 1)}


def _is_leap(days: np.ndarray) -> np.ndarray:
    year = (_EPOCH + days).astype("datetime64[Y]").astype(np.int64) + 1970
    leap: np.ndarray = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return leap


def _round(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """numerator / denominator rounded half-up to an integer (numerators are never negative)."""
    return (numerator * 2 + denominator) // (2 * denominator)


def _apply(
    shape: Shape,
    principal: np.ndarray,
    entry: np.ndarray,
    pay_row: np.ndarray,
    pay_day: np.ndarray,
    pay_amount: np.ndarray,
    as_of_day: int,
    dtype: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Judgments of one regime shape through their events in date order: (principal, interest, paid) left.

    Events are the days the terms end, each entry's anniversaries where the regime compounds, the as-of date, and
    each judgment's payments; on one day a capitalization comes before a payment, and payments keep their file
    order. Each round takes every judgment's next event, so the rounds number the most events any one has."""
    ends, factor_list, leap_list, d, months, last_ends = shape
    n = len(principal)
    cuts = {e for e in ends if e <= as_of_day} | {as_of_day}
    if leap_list:
        cuts |= _new_years(int(entry.min()), as_of_day)
    shared = np.array(sorted(cuts), np.int64)
    cap_row, cap_day = _anniversaries(entry, as_of_day, months) if months else (np.zeros(0, np.int64),) * 2
    rows = np.concatenate([np.repeat(np.arange(n), len(shared)), cap_row, pay_row])
    days = np.concatenate([np.tile(shared, n), cap_day, pay_day])
    kind = np.concatenate(
        [np.zeros(n * len(shared), np.int64), np.ones(len(cap_row), np.int64), np.full(len(pay_row), 2, np.int64)]
    )
    amount = np.concatenate([np.zeros(n * len(shared) + len(cap_row), np.int64), pay_amount])
    # A shared day before a judgment's own entry (a 1 January of act/act) is not one of its events.
    keep = days >= entry[rows]
    rows, days, kind, amount = rows[keep], days[keep], kind[keep], amount[keep]
    seq = np.arange(len(rows))
    order = np.lexsort((seq, kind, days, rows))
    rows, days, kind, amount = rows[order], days[order], kind[order], amount[order].astype(dtype)
    first = np.searchsorted(rows, np.arange(n))
    rank = np.arange(len(rows)) - first[rows]

    base = principal.astype(dtype)
    capitalized = np.zeros(n, dtype)
    accrued = np.zeros(n, dtype)  # over the denominator d
    paid = np.zeros(n, dtype)
    beyond = np.zeros(n, dtype)
    previous = entry.astype(np.int64)
    # The term in force on a day is the number of term ends on or before it; past the last end, none (rate 0).
    bounds = np.array(ends, np.int64)
    factors = np.array([*factor_list, 0] if last_ends else [*factor_list, factor_list[-1]], dtype)
    leaps = np.array([*leap_list, 0] if last_ends else [*leap_list, leap_list[-1]], dtype) if leap_list else factors
    for r in range(int(rank.max()) + 1 if len(rank) else 0):
        at = rank == r
        i, day, what, money = rows[at], days[at], kind[at], amount[at]
        term = np.searchsorted(bounds, previous[i], side="right")
        factor = np.where(_is_leap(previous[i]), leaps[term], factors[term]) if leap_list else factors[term]
        accrued[i] += (base[i] + capitalized[i]) * factor * (day - previous[i]).astype(dtype)
        previous[i] = day
        cap = what == 1
        if cap.any():
            c = i[cap]
            capitalized[c] += _round(accrued[c], d)  # a capitalization of nothing leaves nothing to carry either
            accrued[c] = 0
        pay = what == 2
        if pay.any():
            p, money = i[pay], money[pay]
            interest = _round(accrued[p], d)
            due = interest + capitalized[p]
            whole = money >= due
            take = np.where(whole, due, money)
            # Part of the accrued interest unpaid carries in minor units; past it, capitalized interest is paid.
            within = take <= interest
            accrued[p] = np.where(whole, 0, np.where(within, (interest - take) * d, 0))
            capitalized[p] = np.where(whole, 0, np.where(within, capitalized[p], due - take))
            to_principal = np.minimum(money - take, base[p])
            base[p] -= to_principal
            paid[p] += money
            beyond[p] += money - take - to_principal
    interest = capitalized + _round(accrued, d)
    return base, interest, paid, beyond


def _bound(shape: Shape, principal: np.ndarray, entry: np.ndarray, as_of_day: int) -> int:
    """A bound on any numerator: the largest base (grown yearly at the highest rate where it compounds) × the
    largest factor × the longest stretch, doubled for rounding."""
    _, factors, leaps, d, months, _ = shape
    span = max(as_of_day - int(entry.min()), 1)
    largest = max((*factors, *leaps))
    # Compounding more often than yearly grows a year's base by less than twice the yearly rate's share.
    growth = math.ceil((1 + 2 * Fraction(largest, d) * 366) ** (span // 365 + 2)) if months else 1
    return 2 * int(principal.max()) * growth * largest * span + d


def balances(
    judgments: Judgments,
    payments: Payments,
    as_of: date,
    rates: RateBook,
    progress: Callable[[int], None] | None = None,
) -> Balances:
    """Every judgment's balance on `as_of`. A judgment its rule cannot compute gets its error, not a figure.
    `progress` is told how many judgments each batch held, as it is done."""
    n = len(judgments)
    out_principal = np.zeros(n, object)
    out_interest = np.zeros(n, object)
    out_paid = np.zeros(n, object)
    out_unapplied = np.zeros(n, object)
    errors = np.full(n, None, object)
    counted = {"columns": 0, "per-matter": 0}
    as_of_day = int((np.datetime64(as_of, "D") - _EPOCH).astype(np.int64))
    entry_days = (judgments.entry - _EPOCH).astype(np.int64)
    known = ~np.isnat(judgments.enforceable)
    enforce_days = np.where(known, (judgments.enforceable - _EPOCH).astype(np.int64), -(2**40))
    pay_days = (payments.date - _EPOCH).astype(np.int64)
    # Payments the per-matter engine credits: on or after entry (credited_payments), on or before the as-of date.
    credited = (pay_days >= entry_days[payments.judgment]) & (pay_days <= as_of_day)
    pay_row, pay_day, pay_amount = payments.judgment[credited], pay_days[credited], payments.amount[credited]
    by_judgment = np.argsort(pay_row, kind="stable")
    sorted_rows = pay_row[by_judgment]

    def tell(count: int) -> None:
        if progress is not None:
            progress(count)

    def one_by_one(members: list[int]) -> None:
        for row in members:
            lo, hi = np.searchsorted(sorted_rows, [row, row + 1])
            own = [(_day(_EPOCH + int(pay_day[k])), int(pay_amount[k])) for k in by_judgment[lo:hi]]
            result = per_matter(judgments, row, own, as_of, rates)
            if isinstance(result, str):
                errors[row] = result
                continue
            scale = 10 ** minor_units(result.currency)
            out_principal[row] = int(sum(c.principal for c in result.components) * scale)
            out_interest[row] = int(sum(c.interest for c in result.components) * scale)
            out_paid[row] = int(result.paid * scale)
            out_unapplied[row] = int(result.excess * scale)
        counted["per-matter"] += len(members)
        tell(len(members))

    # The forum's rule is asked once for each distinct set of what it reads; judgments whose regimes have one
    # shape are then computed together, whatever their entry dates.
    keys: dict[tuple[Any, ...], list[int]] = {}
    none = [None] * n
    columns = zip(
        judgments.forum.tolist(),
        entry_days.tolist(),
        judgments.consumer_debt.tolist(),
        judgments.creditor_individual.tolist(),
        enforce_days.tolist(),
        none if judgments.rate is None else judgments.rate.tolist(),
        none if judgments.compounding is None else judgments.compounding.tolist(),
        none if judgments.day_count is None else judgments.day_count.tolist(),
        # No rule reads the currency for its rate today, but each is asked with the judgment's own.
        judgments.currency.tolist(),
        strict=True,
    )
    for row, key in enumerate(columns):
        keys.setdefault(key, []).append(row)
    shapes: dict[Shape, list[int]] = {}
    known_shapes: dict[tuple[Any, ...], Shape] = {}
    for (forum, entry_day, consumer, individual, _, rate, *_rest), members in keys.items():
        inst = _instrument(judgments, members[0])
        if entry_day > as_of_day:
            errors[members] = f"as-of date {as_of} is before the judgment ({inst.date})"
            tell(len(members))
            continue
        if forum == "US-NY" and consumer and rate is None:  # CPLR 5004(a)(ii) reads each judgment's own payments
            one_by_one(members)
            continue
        try:
            terms = interest_regime(inst, RuleContext(rates=rates, as_of=as_of, creditor=_creditor(bool(individual))))
        except ExequaturError:
            one_by_one(members)  # the per-matter engine gives each judgment its own message
            continue
        if not _columnar(terms, inst.date):
            one_by_one(members)
            continue
        # Judgments entered on other days often share every term but the first one's start: one shape for them.
        sig = tuple((t.term.rate.percent, t.term.day_count, t.term.compounding, t.term.until) for t in terms)  # type: ignore[union-attr]
        shape = known_shapes.get(sig)
        if shape is None:
            shape = known_shapes[sig] = _shape(terms)
        shapes.setdefault(shape, []).extend(members)
    # Each shape's payments, found once: payments sorted by their judgment's shape, then sliced.
    shape_of = np.full(n, -1, np.int64)
    local = np.zeros(n, np.int64)
    groups = [np.array(sorted(members), np.int64) for members in shapes.values()]
    for k, group in enumerate(groups):
        shape_of[group] = k
        local[group] = np.arange(len(group))
    pay_shape = shape_of[pay_row]
    by_shape = np.argsort(pay_shape, kind="stable")
    cuts = np.searchsorted(pay_shape[by_shape], np.arange(len(groups) + 1))
    for k, (shape, group) in enumerate(zip(shapes, groups, strict=True)):
        mine = by_shape[cuts[k] : cuts[k + 1]]
        principal, entries = judgments.principal[group], entry_days[group]
        exact = _bound(shape, principal, entries, as_of_day) >= _INT64_SAFE
        dtype = object if exact else np.int64
        left, interest, paid, beyond = _apply(
            shape, principal, entries, local[pay_row[mine]], pay_day[mine], pay_amount[mine], as_of_day, dtype
        )
        out_principal[group], out_interest[group], out_paid[group], out_unapplied[group] = left, interest, paid, beyond
        counted["columns"] += len(group)
        tell(len(group))
    return Balances(
        principal=out_principal,
        interest=out_interest,
        paid=out_paid,
        unapplied=out_unapplied,
        error=errors,
        computed_by=counted,
    )
