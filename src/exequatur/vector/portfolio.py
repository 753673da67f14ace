"""Balances of many judgments at once, in exact integer minor units, column by column.

Judgments that share a forum, a currency and the facts their rule reads (consumer debt, the creditor being a
private individual, a stated rate) form a group. Its rule is asked for a regime (rules/registry.interest_regime,
the per-matter engine's entry point, with the same rate tables) once per stretch of entry days that the rule says
share one (InterestRule.shared_through: the week of a §1961 rate, the quarter of Ontario's, the half-year of
France's); a French judgment's enforceable day only places the L313-3 increase (IncreasingRule), asked once per
day. Each regime becomes a shape (term ends, rates per day as numerators over one denominator), and one compiled
loop (kernel.py) takes every judgment through its events with the per-matter engine's arithmetic (engine/
accrual.py, DESIGN.md §7): interest is rounded half-up to the minor unit only at a capitalization, a payment and
the as-of date; a payment goes to interest, then capitalized interest, then principal. A judgment whose sums
could outgrow 64-bit integers runs through the same loop on Python integers. A regime the loop does not take (a
floating or reset rate, a day count other than act/365, act/360 or act/act, compounding of several terms), or a
rule that reads each judgment's own payments (a New York consumer debt), is computed judgment by judgment by the
per-matter engine itself, and counted as such.
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numba
import numpy as np
import pyarrow as pa

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement
from exequatur.model.errors import ExequaturError
from exequatur.model.events import Payment
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.money import in_minor_units, minor_units
from exequatur.model.parties import Party
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.conversion import currency_problems
from exequatur.rules.forum import IncreasingRule, RuleContext
from exequatur.rules.registry import forum, interest_regime, shared_through
from exequatur.vector import kernel
from exequatur.vector.labels import Labels

_EPOCH = np.datetime64("1970-01-01", "D")
#: A day not known (numpy's NaT), as days since 1970.
NO_DAY = np.datetime64("NaT", "D").view(np.int64).item()
#: The per diem of a judgment whose regime, as its rule gave it, stops on the as-of date.
NO_PER_DIEM = -1
_YEAR = {DayCount.ACT_365: 365, DayCount.ACT_360: 360}
_HERE = Source("<portfolio>", 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgments:
    """One row per judgment. `principal` is in the currency's minor units; dates are numpy days. The ids are
    Arrow text (a file's own column, in its chunks, never a Python string per row); the forum, the currency and a stated
    rate's terms are Labels (codes into their few values). Plain sequences are taken and converted."""

    id: Any
    forum: Labels
    entry: np.ndarray
    currency: Labels
    principal: np.ndarray
    consumer_debt: np.ndarray
    creditor_individual: np.ndarray
    #: The day the decision became enforceable (France, C. mon. fin. L313-3); NaT where not known.
    enforceable: np.ndarray
    #: A rate the judgment states in place of the statute's (a Decimal percent, or None), with its compounding
    #: and day count (Compounding and DayCount values); None where the statute governs.
    rate: Labels | None = None
    compounding: Labels | None = None
    day_count: Labels | None = None

    def __post_init__(self) -> None:
        ids = self.id
        if not isinstance(ids, pa.Array | pa.ChunkedArray):
            ids = pa.array(np.asarray(ids, object), pa.string())
        object.__setattr__(self, "id", ids)
        for name in ("forum", "currency", "rate", "compounding", "day_count"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, Labels.of(value))
        for name in ("entry", "enforceable"):
            object.__setattr__(self, name, np.asarray(getattr(self, name)).astype("datetime64[D]", copy=False))

    def take(self, rows: np.ndarray) -> Judgments:
        """The judgments of `rows`, in that order."""

        def cut(column: Labels | None) -> Labels | None:
            return None if column is None else column[rows]

        return Judgments(
            id=self.id.take(pa.array(rows, pa.int64())),
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

    def ident(self, row: int) -> str:
        return str(self.id[row].as_py())

    def stated(self, row: int) -> tuple[Decimal, str, str] | None:
        if self.rate is None or self.rate[row] is None:
            return None
        compounding = None if self.compounding is None else self.compounding[row]
        day_count = None if self.day_count is None else self.day_count[row]
        return self.rate[row], str(compounding or "none"), str(day_count or "act/365")

    def stating(self) -> np.ndarray:
        """Which judgments state their own rate."""
        if self.rate is None:
            return np.zeros(len(self), bool)
        return ~self.rate.equals(None)

    def __len__(self) -> int:
        return len(self.entry)


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
    """Totals in minor units (judgments, principal, interest, total, paid, unapplied: the part of `paid` beyond all
    that was owed, never credited; per diem, and those in error), grouped by `by`: forum, entry year and
    currency, the currency always among them. A judgment in error adds to its group's count and errors only; one
    without a per diem adds nothing to the per diem and counts in `without_per_diem`."""
    n = len(judgments)
    chosen = tuple(g for g in GROUPINGS if g in by or g == "currency")
    entry = judgments.entry.view(np.int64)
    if n and "year" in chosen:
        days = kernel.calendar(int(entry.min()), int(entry.max()))
        year_index = days.year_of_day[entry - days.first_day]
        first_years = days.year_first.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        year_names = tuple(first_years.tolist())
    else:
        year_index, year_names = np.zeros(0, np.int64), ()
    keys = {
        "forum": (judgments.forum.codes, judgments.forum.names),
        "year": (year_index, year_names),
        "currency": (judgments.currency.codes, judgments.currency.names),
    }
    code = np.zeros(n, np.int64)
    for name in chosen:
        column, names = keys[name]
        code *= len(names)
        code += column
    distinct, code = _unique(code)
    count = len(distinct)
    first = np.full(count, -1, np.int64)
    first[code[::-1]] = np.arange(n)[::-1]
    ok = result.ok
    names = ("principal", "interest", "paid", "unapplied", "per_diem")
    columns = (result.principal, result.interest, result.paid, result.unapplied, result.per_diem)
    if any(c.dtype == object for c in columns):  # sums past 64 bits: rare, one by one
        sums = {
            name: _sum_by(np.where(ok, column, 0), code, count)
            for name, column in zip(names[:4], columns[:4], strict=True)
        }
        sums["per_diem"] = _sum_by(np.where(ok & (columns[4] != NO_PER_DIEM), columns[4], 0), code, count)
        judged = np.bincount(code, minlength=count).tolist()
        failed = np.bincount(code, weights=~ok, minlength=count).tolist()
        no_per_diem = np.bincount(code, weights=ok & (columns[4] == NO_PER_DIEM), minlength=count).tolist()
    else:
        table = kernel.group_sums(code, count, ok, *columns).tolist()
        judged, failed, no_per_diem = [row[0] for row in table], [row[1] for row in table], [row[12] for row in table]
        sums = {name: [(row[2 + 2 * c] << 32) + row[3 + 2 * c] for row in table] for c, name in enumerate(names)}
    groups = []
    for k in range(count):
        row = int(first[k])
        label: dict[str, Any] = {name: keys[name][1][int(keys[name][0][row])] for name in chosen}
        label |= {"judgments": int(judged[k]), **{name: sums[name][k] for name in names}, "errors": int(failed[k])}
        label["without_per_diem"] = int(no_per_diem[k])
        label["total"] = label["principal"] + label["interest"]
        groups.append(label)
    return sorted(groups, key=lambda label: tuple(label[name] for name in chosen))


def merged(totals: list[list[dict[str, Any]]], by: tuple[str, ...]) -> list[dict[str, Any]]:
    """Totals of several parts (each from `summary`, grouped by at least `by`) added up, grouped by `by` (the
    currency always among them)."""
    chosen = tuple(g for g in GROUPINGS if g in by or g == "currency")
    sums: tuple[str, ...] = ("judgments", "principal", "interest", "paid", "unapplied", "per_diem", "errors")
    sums += ("total", "without_per_diem")
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for groups in totals:
        for group in groups:
            key = tuple(group[name] for name in chosen)
            into = out.setdefault(key, {**dict(zip(chosen, key, strict=True)), **dict.fromkeys(sums, 0)})
            for name in sums:
                into[name] += group[name]
    return [out[key] for key in sorted(out)]


def _sum_by(values: np.ndarray, groups: np.ndarray, count: int) -> list[int]:
    """Exact sums of non-negative integers by group: in 21-bit slices, each of whose sums a float64 holds
    exactly for up to 2^32 rows, added back together as Python integers."""
    if values.dtype == object:
        totals = [0] * count
        for g, v in zip(groups.tolist(), values.tolist(), strict=True):
            totals[g] += int(v)
        return totals
    totals = [0] * count
    values = values.astype(np.int64)
    for shift in (0, 21, 42):
        part = ((values >> shift) & (2**21 - 1)).astype(np.float64)
        sliced = np.bincount(groups, weights=part, minlength=count)
        for g in range(count):
            totals[g] += int(sliced[g]) << shift
    return totals


@dataclass(frozen=True, slots=True, kw_only=True)
class Balances:
    """Per judgment, in minor units: the principal and interest still unpaid, what was paid, and their total."""

    principal: np.ndarray
    interest: np.ndarray
    paid: np.ndarray
    #: What payments brought beyond all that was owed, kept apart, never credited (the statement's `unapplied`).
    unapplied: np.ndarray
    #: A day's interest after the as-of date, on the base and at the rate in force then, rounded half-up to the
    #: minor unit (the statement's per diem); NO_PER_DIEM where no term runs past the as-of date.
    per_diem: np.ndarray
    #: Why a judgment could not be computed (the per-matter engine's message), by row; the others have figures.
    errors: dict[int, str] = field(default_factory=dict)
    #: How many judgments each path computed: "columns" (this engine) and "per-matter".
    computed_by: dict[str, int] = field(default_factory=dict)
    #: Wall seconds of each step: "rules" (grouping and asking the rules), "loop" (the columns), "per-matter".
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> np.ndarray:
        """Which judgments have figures."""
        mask = np.ones(len(self.principal), bool)
        mask[list(self.errors)] = False
        return mask


def _day(value: np.datetime64) -> date:
    day = value.item()  # a numpy day within datetime.date's years is given back as one
    assert isinstance(day, date)
    return day


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
        id=judgments.ident(row),
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
    refused = currency_problems(inst, None)  # as the matter file's check refuses it (a New York sum in euros)
    if refused:
        return refused[0]
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
#: A day's shape code for judgments the per-matter engine computes one by one, or entered after the as-of date.
_ONE_BY_ONE, _LATE = -1, -2
#: A judgment whose rule, asked with exactly what the per-matter engine gives it, failed: its error is the rule's.
_FAILED = -3
#: Rows the compiled loop takes at a time (the progress bar moves once per batch).
_BATCH = 1_000_000


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


@dataclass(frozen=True, slots=True)
class _Shape:
    """A regime as the loop reads it, whatever the entry day: the days its terms end (days since 1970), the
    rate per day after each count of ends passed (a numerator over `denominator`; one more than the ends, 0 past
    the last where the last term ends), the same in a leap year for act/act, the months between
    capitalizations (0: simple), and an increase's points per day (kernel.py)."""

    ends: tuple[int, ...]
    factors: tuple[int, ...]
    leaps: tuple[int, ...]
    denominator: int
    months: int
    act_act: bool
    increase: int
    last_ends: bool


_ORDINAL = date(1970, 1, 1).toordinal()


def _days(day: date) -> int:
    """A date as days since 1970."""
    return day.toordinal() - _ORDINAL


def _shape(terms: tuple[RegimeTerm, ...], points: Decimal | None) -> _Shape | None:
    """The shape of a regime raised by `points` from some day (None: not raised); None where an increase meets
    terms of several day counts or act/act, which the loop does not combine."""
    counts = {t.term.day_count for t in terms}
    act_act = DayCount.ACT_ACT in counts
    if points is not None and (act_act or len(counts) > 1):
        return None
    year = 365 if act_act else _YEAR[terms[0].term.day_count]
    percents = [t.term.rate.percent.as_integer_ratio() for t in terms]  # type: ignore[union-attr]
    years = [365 if act_act else _YEAR[t.term.day_count] for t in terms]
    # A percent a year as a fraction of a day: built from integers, as Fraction(Decimal) is ten times slower.
    rates = [Fraction(p, q * 100 * y) for (p, q), y in zip(percents, years, strict=True)]
    leap = [Fraction(p, q * 36_600) for p, q in percents] if act_act else rates
    extra = Fraction(*points.as_integer_ratio()) / (100 * year) if points is not None else Fraction(0)
    d = math.lcm(*(r.denominator for r in [*rates, *leap, extra]))
    last_ends = terms[-1].term.until is not None
    tail = [Fraction(0)] if last_ends else []
    return _Shape(
        ends=tuple(_days(t.term.until) for t in terms if t.term.until is not None),
        factors=tuple(r.numerator * (d // r.denominator) for r in [*rates, *tail]),
        leaps=tuple(r.numerator * (d // r.denominator) for r in [*leap, *tail]),
        denominator=d,
        months=_MONTHS[terms[0].term.compounding],
        act_act=act_act,
        increase=extra.numerator * (d // extra.denominator),
        last_ends=last_ends,
    )


def _unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values in order and each value's index among them."""
    found, inverse, _ = _distinct(values)
    return found, inverse


def _distinct(values: np.ndarray, spent: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct values in order, each value's index among them, and one row holding each (by a table
    where their span is small, else by sorting). `spent`: the caller needs `values` no more, and the indices
    may be written over them (an int64 column of ten million rows not taken from the system again)."""
    if not len(values):
        return values.astype(np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo = int(values.min())
    span = int(values.max()) - lo + 1
    if span <= 4 * len(values) + 1024:
        # Read on every core where a table per core costs less than the values themselves.
        parts = numba.get_num_threads() if span * 2 <= len(values) else 1
        values = values.astype(np.int64, copy=False)
        inverse = values if spent and values.flags.writeable else np.empty(len(values), np.int64)
        found, inverse, holder = kernel.dense(values, lo, span, parts, inverse)
        return found, inverse, holder
    found, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    return found, inverse.astype(np.int64), first.astype(np.int64)


def _facts(judgments: Judgments, stated: np.ndarray, increasing: np.ndarray, enforce_days: np.ndarray) -> np.ndarray:
    """Each row's group: the forum, currency and every fact a rule reads but the entry day, as one small code
    (mixed radix over the columns that vary, renumbered 0, 1, 2...).

    A French judgment's enforceable day is kept out: its rule takes the increase it fixes apart (IncreasingRule).
    A stated rate is read as it is stated (rules/stated.py): no statutory fact changes it."""
    n = len(judgments)
    code = judgments.forum.codes.astype(np.int64)
    total = len(judgments.forum.names)

    def add(column: np.ndarray, radix: int) -> None:
        nonlocal code, total
        if radix <= 1:
            return
        if total * radix > 2**40:
            code = _unique(code)[1]
            total = int(code.max()) + 1
        code *= radix
        code += column
        total *= radix

    add(judgments.currency.codes, len(judgments.currency.names))
    some_stated = bool(stated.any())
    for flag in (judgments.consumer_debt, judgments.creditor_individual):
        if flag.any():
            add(flag & ~stated if some_stated else flag, 2)
    read = (enforce_days != NO_DAY) & ~increasing & ~stated
    if read.any():
        days, which = _unique(enforce_days[read])
        column = np.zeros(n, np.int64)
        column[read] = which + 1
        add(column, len(days) + 1)
    if some_stated:
        for terms in (judgments.rate, judgments.compounding, judgments.day_count):
            if terms is not None:
                add(np.where(stated, terms.codes.astype(np.int64) + 1, 0), len(terms.names) + 1)
    return _unique(code)[1]


def _rule(code: str) -> Any:
    try:
        return forum(code).interest
    except ExequaturError:
        return None


class _Plan:
    """What the rules said, gathered once: each distinct regime (its terms, by the numbers the loop reads), each
    shape (a regime with an increase's points, or none), and the rows whose rule failed with its message."""

    def __init__(self) -> None:
        self.signatures: dict[tuple[Any, ...], int] = {}
        self.regimes: list[tuple[RegimeTerm, ...]] = []
        self.shapes: dict[tuple[int, Decimal | None], int] = {}
        self.table: list[_Shape] = []
        self.failures: dict[int, str] = {}

    def regime(self, terms: tuple[RegimeTerm, ...]) -> int:
        sig = tuple((t.term.rate.percent, t.term.day_count, t.term.compounding, t.term.until) for t in terms)  # type: ignore[union-attr]
        found = self.signatures.get(sig)
        if found is None:
            found = self.signatures[sig] = len(self.regimes)
            self.regimes.append(terms)
        return found

    def shape_of(self, regime: int, points: Decimal | None) -> int:
        """The shape's number; _ONE_BY_ONE where the loop cannot take the regime with that increase."""
        found = self.shapes.get((regime, points))
        if found is None:
            made = _shape(self.regimes[regime], points)
            found = _ONE_BY_ONE if made is None else len(self.table)
            if made is not None:
                self.table.append(made)
            self.shapes[(regime, points)] = found
        return found


def _regimes_by_day(
    judgments: Judgments,
    rows: np.ndarray,
    days: np.ndarray,
    as_of: date,
    rates: RateBook,
    plan: _Plan,
    paid: Callable[[int], tuple[Payment, ...]] | None = None,
) -> tuple[np.ndarray, dict[int, str]]:
    """For one group's distinct entry days (ascending; `rows`, a judgment entered on each), each day's regime
    number (or _ONE_BY_ONE, _LATE), asking the rule once per stretch of entry days it says share one
    (InterestRule.shared_through). With `paid`, the rule reads the payments (InterestRule.reads_payments): it is
    asked with the payments of the day's judgment. Where it fails the day is _FAILED, its message returned by the
    day's index (every judgment of the group entered that day gets it). Without `paid`, a rule whose increase is
    each judgment's own (IncreasingRule) was asked for a judgment with no enforceable day: its refusal is returned
    and the day left _ONE_BY_ONE, for the caller to give the refusal to such judgments alone."""
    as_of_day = (as_of - date(1970, 1, 1)).days
    out = np.full(len(days), _ONE_BY_ONE, np.int64)
    failed: dict[int, str] = {}
    first = int(rows[0])
    context = RuleContext(rates=rates, as_of=as_of, creditor=_creditor(bool(judgments.creditor_individual[first])))
    stated = judgments.stated(first) is not None
    increasing = isinstance(_rule(str(judgments.forum[first])), IncreasingRule) and not stated
    known = None if paid is not None else _answers(judgments, first, increasing, as_of, rates)
    k = 0
    while k < len(days):
        day = int(days[k])
        if day > as_of_day:
            out[k:] = _LATE
            break
        if known is not None:
            found = known.find(day)
            if found is not None:
                after = int(np.searchsorted(days, found[0], side="right"))
                out[k:after] = plan.regime(found[1])
                k = after
                continue
        inst = _instrument(judgments, int(rows[k]))
        if increasing:
            inst = replace(inst, enforceable=None)  # the increase is each judgment's own (IncreasingRule)
        asked = context if paid is None else replace(context, payments=paid(int(rows[k])))
        try:
            terms = interest_regime(inst, asked)
            # A stated rate runs from entry as this engine writes it (_instrument): alike on every entry day.
            through = date.max if stated else shared_through(inst, asked)
        except ExequaturError as exc:
            # Every judgment of the group entered that day is asked the same question (the rule reads no sum and
            # no name), so each gets the same refusal, as each would get its regime; but where the increase is
            # each judgment's own, only those with no enforceable day were asked it (the caller's to sort).
            after = _refused_through(judgments, rows, days, k, inst, asked, str(exc), paid or _unpaid, increasing)
            if not increasing or paid is not None:
                out[k:after] = _FAILED
            failed.update(dict.fromkeys(range(k, after), str(exc)))
            k = after
            continue
        if not _columnar(terms, inst.date):
            k += 1
            continue
        if terms[-1].term.until == as_of:
            terms = _following(inst, asked, terms)
        last = _days(min(through, as_of))
        if known is not None:
            known.add(day, last, terms)
        after = int(np.searchsorted(days, last, side="right"))
        out[k:after] = plan.regime(terms)
        k = after
    return out, failed


def _following(inst: Instrument, asked: RuleContext, terms: tuple[RegimeTerm, ...]) -> tuple[RegimeTerm, ...]:
    """A regime that stops on the as-of date (a half-year's rate ending that day) as it stands the day after, so
    that the per diem is the next day's rate, as the per-matter engine asks for it (engine/owed.py, `following`);
    the regime itself where that day's rate is not known (no per diem, as there)."""
    try:
        after = interest_regime(inst, replace(asked, as_of=asked.as_of + timedelta(days=1)))
    except ExequaturError:
        return terms
    return after if _columnar(after, inst.date) else terms


def _unpaid(row: int) -> tuple[Payment, ...]:
    return ()


def _refused_through(
    judgments: Judgments,
    rows: np.ndarray,
    days: np.ndarray,
    k: int,
    inst: Instrument,
    asked: RuleContext,
    message: str,
    paid: Callable[[int], tuple[Payment, ...]],
    increasing: bool = False,
) -> int:
    """Where the rule refused day k's judgment, read with its payments: one past the last day of its stretch
    (InterestRule.shared_through, which holds for a refusal too) when the stretch's last day is refused with
    the same words, so that a refusal naming its entry day is never handed to another day; else k + 1."""
    try:
        through = shared_through(inst, asked)
    except ExequaturError:
        return k + 1
    end = int(np.searchsorted(days, _days(min(through, asked.as_of)), side="right"))
    if end - 1 <= k:
        return k + 1
    last = _instrument(judgments, int(rows[end - 1]))
    if increasing:
        last = replace(last, enforceable=None)  # asked as day k's was (_regimes_by_day)
    try:
        interest_regime(last, replace(asked, payments=paid(int(rows[end - 1]))))
    except ExequaturError as exc:
        return end if str(exc) == message else k + 1
    return k + 1


class _Stretches:
    """The stretches of entry days a rule was asked for (InterestRule.shared_through) and their regimes, for one
    group of facts, rate tables and as-of date: a later part of the same portfolio reads them instead of asking
    again."""

    def __init__(self) -> None:
        self.firsts: list[int] = []
        self.answers: list[tuple[int, tuple[RegimeTerm, ...]]] = []

    def find(self, day: int) -> tuple[int, tuple[RegimeTerm, ...]] | None:
        """The last day of the stretch holding `day`, and its regime; None if none was asked."""
        k = bisect.bisect_right(self.firsts, day) - 1
        if k < 0 or self.answers[k][0] < day:
            return None
        return self.answers[k]

    def add(self, first: int, last: int, terms: tuple[RegimeTerm, ...]) -> None:
        k = bisect.bisect_right(self.firsts, first)
        self.firsts.insert(k, first)
        self.answers.insert(k, (last, terms))


#: The rules' answers in this process, by group of facts, as-of date and the rate tables (RateBook.identity, its
#: objects kept alive beside the answers so that no identity is reused; no table is parsed for the key): a
#: portfolio computed in parts, or on Dask in one worker, asks each stretch once. Cleared past _MOST_ANSWERS.
_ANSWERS: dict[tuple[Any, ...], tuple[_Stretches, tuple[Any, ...]]] = {}
_MOST_ANSWERS = 10_000


def _answers(judgments: Judgments, row: int, increasing: bool, as_of: date, rates: RateBook) -> _Stretches:
    """The answers known for the group of `row`: the facts its rule reads but the entry day (_facts)."""
    tables, held = rates.identity()
    enforceable = judgments.enforceable[row]
    facts = (
        str(judgments.forum[row]),
        str(judgments.currency[row]),
        bool(judgments.consumer_debt[row]),
        bool(judgments.creditor_individual[row]),
        None if increasing or np.isnat(enforceable) else int(enforceable.view(np.int64)),
        judgments.stated(row),
    )
    key = (facts, as_of, tables)
    found = _ANSWERS.get(key)
    if found is None:
        if len(_ANSWERS) >= _MOST_ANSWERS:
            _ANSWERS.clear()
        found = _ANSWERS[key] = (_Stretches(), held)
    return found[0]


def _months_later(days: np.ndarray, months: int) -> np.ndarray:
    """The day `months` months after each of `days` (days since 1970): the same day-number of that month, or its
    last day where it has none, as dateutil's relativedelta counts (IncreaseLaw)."""
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    day_of_month = days - month.astype("datetime64[D]").view(np.int64)
    target = (month + months).astype("datetime64[D]").view(np.int64)
    length = (month + months + 1).astype("datetime64[D]").view(np.int64) - target
    later: np.ndarray = target + np.minimum(day_of_month, length - 1)
    return later


def _increase_table(
    rule: IncreasingRule, days: np.ndarray, values: list[Decimal | None]
) -> tuple[np.ndarray, np.ndarray]:
    """For enforceable days (ascending, days since 1970): the day each one's increase starts (IncreasingRule),
    and its points as an index into `values` (which grows; 0 is None), -1 where no law in force places it;
    asking the rule once per stretch of days its law places alike (IncreasingRule.increase_law)."""
    starts = np.full(len(days), kernel.NEVER, np.int64)
    codes = np.full(len(days), -1, np.int64)
    k = 0
    while k < len(days):
        try:
            law = rule.increase_law(_day(_EPOCH + days[k]))
        except ExequaturError:  # no law in force that day: the per-matter engine gives the rule's error
            k += 1
            continue
        after = int(np.searchsorted(days, _days(law.through), "right"))
        # The day after the period runs out (CPC art. 642 al. 1: at midnight).
        starts[k:after] = _months_later(days[k:after], law.months) + 1
        if law.points not in values:
            values.append(law.points)
        codes[k:after] = values.index(law.points)
        k = after
    return starts, codes


def _plan_rows(
    judgments: Judgments,
    as_of: date,
    rates: RateBook,
    plan: _Plan,
    credited: Callable[[], np.ndarray] | None,
    paid: Callable[[np.ndarray], Callable[[int], tuple[Payment, ...]]],
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's shape (or _ONE_BY_ONE, _LATE, _FAILED) and the day its increase starts (kernel.NEVER: none;
    empty where no row has an increase).

    The rows are grouped by their facts (_facts); the rule is asked for each group's distinct entry days, once
    per stretch that shares a regime, and each row takes its (group, day)'s regime by a gather. A forum whose
    rate rises from an enforceable day (IncreasingRule) is asked once per stretch of the enforceable days its
    rows hold, and its rows take their day's points in the same gather (kernel.row_shapes). Where a rule reads
    whether a payment came before a day (InterestRule.reads_payments), the group's rows with a credited one
    before it (`credited`: each judgment's first credited payment day, asked for only then; None: no payments)
    are asked apart, once per entry day, with the payments of the day's judgment (`paid`, given the judgments
    asked about: each one's payments), none of it waiting for the payments to be put in order."""
    entry = judgments.entry.view(np.int64)
    enforce = judgments.enforceable.view(np.int64)
    stated = judgments.stating()
    forum = judgments.forum.codes
    rules = [_rule(str(name)) for name in judgments.forum.names]
    raising = [f for f, r in enumerate(rules) if isinstance(r, IncreasingRule)]
    table_row = np.full(len(rules), -1, np.int64)
    table_row[raising] = np.arange(len(raising))
    cores = numba.get_num_threads()
    day_lo, day_hi, other_days = kernel.enforce_facts(forum, table_row, stated, entry, enforce, NO_DAY, cores)
    lo = int(entry.min())
    span = int(entry.max()) - lo + 1
    if stated.any() or other_days:
        # Facts beyond the usual four: grouped column by column, renumbered.
        increasing = (table_row[forum] >= 0) & ~stated
        key = _facts(judgments, stated, increasing, enforce)
        del increasing
        key *= span
        key += entry
        key -= lo
    else:
        key = kernel.fact_keys(
            forum,
            judgments.currency.codes,
            judgments.consumer_debt,
            judgments.creditor_individual,
            entry,
            len(judgments.currency.names),
            lo,
            span,
        )
    keys, which, holder = _distinct(key, spent=True)
    del key
    key_group, key_day = keys // span, keys % span + lo
    regime_of_key = np.full(len(keys), _ONE_BY_ONE, np.int64)
    bounds = np.searchsorted(key_group, np.arange(int(key_group[-1]) + 2))
    refused_keys: dict[int, str] = {}  # a key's index: the rule's refusal, for each of its rows
    each_own: set[int] = set()  # refused keys of a rule whose increase is each judgment's own
    reading: list[tuple[int, int, int]] = []
    for g in range(len(bounds) - 1):
        a, b = int(bounds[g]), int(bounds[g + 1])
        if a == b:
            continue
        rows = holder[a:b]
        first = int(rows[0])
        refused = currency_problems(_instrument(judgments, first), None)
        if refused:  # the forum's own currency (rules/conversion.py): every judgment of the group its error
            regime_of_key[a:b] = _FAILED
            plan.failures.update(dict.fromkeys(np.flatnonzero((which >= a) & (which < b)).tolist(), refused[0]))
            continue
        regime_of_key[a:b], failed = _regimes_by_day(judgments, rows, key_day[a:b], as_of, rates, plan)
        refused_keys.update((a + day, message) for day, message in failed.items())
        if failed and table_row[forum[first]] >= 0 and not stated[first]:
            each_own.update(a + day for day in failed)
        rule = rules[forum[first]]
        before = None if rule is None or stated[first] else rule.reads_payments(_instrument(judgments, first))
        if before is not None and credited is not None:
            reading.append((a, b, _days(before)))
    refused_alone = np.zeros(0, np.int64)  # refused rows whose key stays _ONE_BY_ONE for its other rows
    if refused_keys:
        refused_rows = np.flatnonzero(np.isin(which, np.fromiter(refused_keys, np.int64)))
        if each_own:
            own = np.isin(which[refused_rows], np.fromiter(each_own, np.int64))
            kept = ~own | (enforce[refused_rows] == NO_DAY)  # one with its own enforceable day goes one by one
            refused_alone = refused_rows[own & kept]
            refused_rows = refused_rows[kept]
        plan.failures.update({row: refused_keys[int(which[row])] for row in refused_rows.tolist()})
    # Each increase, asking the rule once per stretch of the enforceable days its rows hold: it needs no
    # payment, which may still be being put in order. Without a known enforceable day, `starts` is empty.
    values: list[Decimal | None] = [None]
    day_span = int(day_hi) - int(day_lo) + 1
    start_of_day = np.full((len(raising), max(day_span, 0)), kernel.NEVER, np.int64)
    code_of_day = np.full((len(raising), max(day_span, 0)), -1, np.int64)
    if day_span > 0:
        seen = kernel.raised_days(forum, table_row, stated, entry, enforce, NO_DAY, int(day_lo), day_span, cores)
        for t, f in enumerate(raising):
            present = np.flatnonzero(seen[t])
            start_of_day[t, present], code_of_day[t, present] = _increase_table(rules[f], present + day_lo, values)
    # Each regime's shape, and raised by each increase's points where a row of such a forum holds the key.
    plain = np.array([plan.shape_of(r, None) for r in range(len(plan.regimes))] or [_ONE_BY_ONE], np.int64)
    raised = np.full((len(plain), len(values)), _ONE_BY_ONE, np.int64)
    increasing_key = (table_row[forum[holder]] >= 0) & ~stated[holder]
    for r in np.unique(regime_of_key[increasing_key]).tolist():
        if r >= 0:
            raised[r] = [plan.shape_of(r, v) for v in values]
    # The rows of a group that reads payments and has one before its day: their regime by their own entry
    # day, found while `which` still holds each row's key.
    first_paid = credited() if reading and credited is not None else np.zeros(0, np.int64)
    paying_rows: list[tuple[np.ndarray, np.ndarray]] = []
    for a, b, before in reading:
        rows = np.flatnonzero((which >= a) & (which < b))
        rows = rows[first_paid[rows] < before]
        if not len(rows):
            continue
        for row in rows.tolist():  # asked again with their payments: a refusal without them is not theirs
            plan.failures.pop(row, None)
        days, first_of_day, day_of_row = np.unique(entry[rows], return_index=True, return_inverse=True)
        asking = rows[first_of_day]
        asked, failed = _regimes_by_day(judgments, asking, days, as_of, rates, plan, paid(asking))
        if failed:  # each row of a refused day gets the day's refusal
            words = list(dict.fromkeys(failed.values()))
            said = np.full(len(days), -1, np.int64)
            said[list(failed)] = [words.index(m) for m in failed.values()]
            hit = said[day_of_row.ravel()]
            told = hit >= 0
            plan.failures.update(zip(rows[told].tolist(), [words[c] for c in hit[told].tolist()], strict=True))
        paying_rows.append((rows, asked[day_of_row]))
    starts = np.full(len(judgments) if day_span > 0 else 0, kernel.NEVER, np.int64)
    shape = which  # each row's key, written over with its shape
    kernel.row_shapes(
        shape,
        regime_of_key,
        plain,
        raised,
        forum,
        table_row,
        stated,
        entry,
        enforce,
        NO_DAY,
        int(day_lo),
        start_of_day,
        code_of_day,
        starts,
        _ONE_BY_ONE,
    )
    shape[refused_alone] = _FAILED  # before the rows asked with their payments take their own
    for rows, asked in paying_rows:
        # As row_shapes reads a row, with the regime asked with its payments.
        t = table_row[forum[rows]]
        own = (t >= 0) & ~stated[rows]
        day = enforce[rows]
        code = np.zeros(len(rows), np.int64)
        known = own & (day != NO_DAY)
        code[known & (day < entry[rows])] = -1
        placed = known & (day >= entry[rows])
        code[placed] = code_of_day[t[placed], day[placed] - day_lo]
        combos, where = np.unique(np.stack([asked, own, code]), axis=1, return_inverse=True)
        shape_of = [
            r if r < 0 else _ONE_BY_ONE if c < 0 else plan.shape_of(r, values[c] if o else None)
            for r, o, c in combos.T.tolist()
        ]
        shape[rows] = np.array(shape_of, np.int64)[where.ravel()]
    return shape, starts


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
    clock = time.perf_counter()
    seconds: dict[str, float] = {}
    as_of_day = (as_of - date(1970, 1, 1)).days
    entry = judgments.entry.view(np.int64)
    cores = numba.get_num_threads()  # numba's count is each thread's own: the caller's (one, on a Dask worker)

    def order() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Payments the per-matter engine credits: on or after entry (credited_payments), on or before the as-of
        # date; by judgment, then day, then file order.
        start = time.perf_counter()
        if not len(payments.judgment):  # nothing to order: each judgment's (empty) stretch starts at 0
            seconds["payments"] = 0.0
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(n + 1, np.int64)
        numba.set_num_threads(cores)
        found = kernel.payment_order(
            payments.judgment,
            payments.date.astype("datetime64[D]", copy=False).view(np.int64),
            payments.amount,
            entry,
            as_of_day,
            n,
            cores,
        )
        seconds["payments"] = time.perf_counter() - start
        return found

    # The payments are put in order (compiled, without the GIL) on a thread of their own while the rules are
    # asked; nothing in the plan waits for them. No other compiled loop runs on several cores until they are in
    # order. A caller held to one core gets no second thread: the order comes first.
    out = {name: np.zeros(n, np.int64) for name in ("principal", "interest", "paid", "unapplied", "per_diem")}
    too_big = np.zeros(n, np.bool_)
    ordering: Future[tuple[np.ndarray, np.ndarray, np.ndarray]] = Future()
    touched: Future[Any] = Future()
    if cores > 1:
        pool = ThreadPoolExecutor(1)
        ordering = pool.submit(order)
        # Then, on the same thread, the pages of the loop's columns are taken from the system (their first
        # write, a fault each 4 KB: ~0.1 s for ten million rows) while the rules are still being asked.
        touched = pool.submit(lambda: [kernel.touch(column) for column in (*out.values(), too_big)])
        pool.shutdown(wait=False)
    else:  # held to one core (a Dask worker, vector/distributed.one_core): no thread beside the caller's
        ordering.set_result(order())
        touched.set_result(None)
    clock = time.perf_counter()
    big: dict[str, dict[int, int]] = {name: {} for name in out}
    errors: dict[int, str] = {}
    counted = {"columns": 0, "per-matter": 0}

    pay_days = payments.date.astype("datetime64[D]", copy=False).view(np.int64)

    def paid(rows: np.ndarray) -> Callable[[int], tuple[Payment, ...]]:
        """The credited payments of each of `rows`, as the per-matter engine gives them to its rule: gathered
        from the file's payments in one pass, by day and then file order, as `order` puts them."""
        wanted = np.zeros(n, np.bool_)
        wanted[rows] = True
        found = kernel.credited_of(payments.judgment, pay_days, entry, as_of_day, wanted)
        found = found[np.lexsort((pay_days[found], payments.judgment[found]))]  # stable: file order within a day
        own: dict[int, list[int]] = {}
        for k, row in zip(found.tolist(), payments.judgment[found].tolist(), strict=True):
            own.setdefault(row, []).append(k)

        def of(row: int) -> tuple[Payment, ...]:
            currency = str(judgments.currency[row])
            exponent = minor_units(currency)
            ident = judgments.ident(row)
            return tuple(
                Payment(
                    date=_day(_EPOCH + int(pay_days[k])),
                    amount=Decimal(int(payments.amount[k])).scaleb(-exponent),
                    currency=currency,
                    instrument=ident,
                    source=_HERE,
                )
                for k in own.get(row, ())
            )

        return of

    def tell(count: int) -> None:
        if progress is not None and count:
            progress(count)

    def credited() -> np.ndarray:
        return kernel.first_credited(payments.judgment, pay_days, entry, as_of_day, n)  # type: ignore[no-any-return]

    plan = _Plan()
    try:
        if n:
            shape, increase = _plan_rows(
                judgments, as_of, rates, plan, credited if len(payments.judgment) else None, paid
            )
        else:
            shape, increase = np.zeros(0, np.int64), np.zeros(0, np.int64)
    finally:
        pay_day, pay_amount, pay_offsets = ordering.result()
    late = np.flatnonzero(shape == _LATE)
    for row in late.tolist():
        errors[row] = f"as-of date {as_of} is before the judgment ({_day(_EPOCH + entry[row])})"
    tell(len(late))
    # From the first entry, or from the as-of date where every judgment comes after it (each then an error).
    days = kernel.calendar(min(int(entry.min()), as_of_day) if n else as_of_day, as_of_day)
    table = plan.table
    parts = kernel.segments(
        [(s.ends, s.factors, s.leaps, s.act_act, s.last_ends) for s in table],
        days.first_day,
        as_of_day,
        days.year_first,
        days.year_leap,
    )
    denominators = [s.denominator for s in table]
    increases = [s.increase for s in table]
    months = np.array([s.months for s in table], np.int64)
    largest = np.array([float(max(*s.factors, *s.leaps, 0) + s.increase) for s in table], np.float64)
    outputs = tuple(out[name] for name in ("principal", "interest", "paid", "unapplied", "per_diem"))
    paying = bool(len(pay_day))
    increasing = bool(len(increase))

    def run(rows: np.ndarray, as_python: bool) -> None:
        """The loop over `rows`: compiled, or as Python on Python integers, on those rows' own columns."""
        kind: Any = object if as_python else np.int64
        local, offsets, pays = rows, pay_offsets, slice(None)
        if as_python:
            own = pay_offsets[rows + 1] - pay_offsets[rows]
            offsets = np.concatenate([[0], np.cumsum(own)]).astype(np.int64)
            pays = np.repeat(pay_offsets[rows] - offsets[:-1], own) + np.arange(int(offsets[-1]))  # type: ignore[assignment]
            local = np.arange(len(rows))
        at = rows if as_python else slice(None)
        results = [np.zeros(len(rows), kind) for _ in outputs] if as_python else list(outputs)
        kernel.walk(
            shape[at],
            judgments.principal[at].astype(kind, copy=False),
            entry[at].astype(kind, copy=False),
            increase[at].astype(kind, copy=False) if increasing else increase,
            offsets,
            pay_day[pays].astype(kind, copy=False),
            pay_amount[pays].astype(kind, copy=False),
            parts.offsets,
            parts.start,
            parts.rate.astype(kind, copy=False),
            parts.summed.astype(kind, copy=False),
            parts.as_of,
            parts.no_per_diem,
            np.array(denominators, kind),
            months,
            np.array(increases, kind),
            largest,
            days.month_first,
            days.month_length,
            days.month_of_day,
            days.first_day if as_python else np.int64(days.first_day),
            as_of_day if as_python else np.int64(as_of_day),
            local,
            not as_python,
            increasing,
            paying,
            *results,
            too_big[at] if as_python else too_big,
            exact=as_python,
        )
        if as_python:
            for name, column in zip(big, results, strict=True):
                big[name].update(zip(rows.tolist(), (int(v) for v in column), strict=True))

    seconds["rules"] = time.perf_counter() - clock
    clock = time.perf_counter()
    touched.result()  # no write of the loop's may meet the zeros written there
    for start in range(0, n, _BATCH):
        batch = np.arange(start, min(start + _BATCH, n))
        run(batch, as_python=False)
        if progress is not None:  # the batch's rows the loop computed (two passes over it: only when asked)
            tell(int(np.count_nonzero(shape[start : start + _BATCH] >= 0)) - int(np.count_nonzero(too_big[batch])))
    exact = np.flatnonzero(too_big)
    if len(exact):
        run(exact, as_python=True)
        tell(len(exact))
    counted["columns"] = int(np.count_nonzero(shape >= 0))
    seconds["loop"] = time.perf_counter() - clock
    clock = time.perf_counter()

    errors.update(plan.failures)
    for row in np.flatnonzero(shape == _ONE_BY_ONE).tolist():
        own = [
            (_day(_EPOCH + int(pay_day[k])), int(pay_amount[k])) for k in range(pay_offsets[row], pay_offsets[row + 1])
        ]
        result = per_matter(judgments, row, own, as_of, rates)
        tell(1)
        if isinstance(result, str):
            errors[row] = result
            continue
        counted["per-matter"] += 1  # computed: one in error is counted among the errors alone
        code, daily = result.currency, result.per_diem_total
        big["principal"][row] = sum(in_minor_units(c.principal, code) for c in result.components)
        big["interest"][row] = sum(in_minor_units(c.interest, code) for c in result.components)
        big["paid"][row] = in_minor_units(result.paid, code)
        big["unapplied"][row] = in_minor_units(result.excess, code)
        big["per_diem"][row] = NO_PER_DIEM if daily is None else in_minor_units(daily, code)
    seconds["per-matter"] = time.perf_counter() - clock
    final = {}
    for name, column in out.items():
        found = big[name]
        if any(v >= 2**63 for v in found.values()):
            column = column.astype(object)
        for row, value in found.items():
            column[row] = value
        final[name] = column
    return Balances(
        principal=final["principal"],
        interest=final["interest"],
        paid=final["paid"],
        unapplied=final["unapplied"],
        per_diem=final["per_diem"],
        errors=errors,
        computed_by=counted,
        seconds=seconds,
    )
