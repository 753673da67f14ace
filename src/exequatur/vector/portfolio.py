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

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa

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
from exequatur.rules.forum import IncreasingRule, RuleContext
from exequatur.rules.registry import forum, interest_regime, shared_through
from exequatur.vector import kernel

_EPOCH = np.datetime64("1970-01-01", "D")
#: The per diem of a judgment whose regime, as its rule gave it, stops on the as-of date.
NO_PER_DIEM = -1
_YEAR = {DayCount.ACT_365: 365, DayCount.ACT_360: 360}
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
    """Totals in minor units (judgments, principal, interest, total, paid, per diem, and those in error), grouped
    by `by`: forum, entry year and currency, the currency always among them. A judgment in error adds to its
    group's count and errors only; one without a per diem adds nothing to the per diem."""
    n = len(judgments)
    chosen = tuple(g for g in GROUPINGS if g in by or g == "currency")
    years = judgments.entry.astype("datetime64[Y]").astype(np.int64) + 1970
    keys = {"forum": judgments.forum, "year": years, "currency": judgments.currency}
    code = np.zeros(n, np.int64)
    for name in chosen:
        column = _codes(keys[name], n)
        code = _compact(code * (int(column.max()) + 1 if n else 1) + column)
    count = int(code.max()) + 1 if n else 0
    first = np.full(count, -1, np.int64)
    first[code[::-1]] = np.arange(n)[::-1]
    ok = np.array([e is None for e in result.error.tolist()], bool)
    daily = np.where(ok & (result.per_diem != NO_PER_DIEM), result.per_diem, 0)
    sums = {
        name: _sum_by(np.where(ok, column, 0), code, count)
        for name, column in (("principal", result.principal), ("interest", result.interest), ("paid", result.paid))
    }
    sums["per_diem"] = _sum_by(daily, code, count)
    judged = np.bincount(code, minlength=count)
    failed = np.bincount(code, weights=~ok, minlength=count)
    groups = []
    for k in range(count):
        row = int(first[k])
        label: dict[str, Any] = {name: keys[name][row].item() if name == "year" else keys[name][row] for name in chosen}
        label |= {"judgments": int(judged[k]), **{name: sums[name][k] for name in ("principal", "interest")}}
        label |= {"paid": sums["paid"][k], "per_diem": sums["per_diem"][k], "errors": int(failed[k])}
        label["total"] = label["principal"] + label["interest"]
        groups.append(label)
    return sorted(groups, key=lambda label: tuple(label[name] for name in chosen))


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
    #: None, or why the judgment could not be computed (the per-matter engine's message).
    error: np.ndarray
    #: How many judgments each path computed: "columns" (this engine) and "per-matter".
    computed_by: dict[str, int] = field(default_factory=dict)
    #: Wall seconds of each step: "rules" (grouping and asking the rules), "loop" (the columns), "per-matter".
    seconds: dict[str, float] = field(default_factory=dict)


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
#: A day's shape code for judgments the per-matter engine computes one by one, or entered after the as-of date.
_ONE_BY_ONE, _LATE = -1, -2
#: A judgment whose rule, asked with exactly what the per-matter engine gives it, failed: its error is the rule's.
_FAILED = -3
#: Above this a numerator may not fit a signed 64-bit integer: the judgment runs on Python integers.
_INT64_SAFE = 2.0**62
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


def _shape(terms: tuple[RegimeTerm, ...], points: Decimal | None) -> _Shape | None:
    """The shape of a regime raised by `points` from some day (None: not raised); None where an increase meets
    terms of several day counts or act/act, which the loop does not combine."""
    counts = {t.term.day_count for t in terms}
    act_act = DayCount.ACT_ACT in counts
    if points is not None and (act_act or len(counts) > 1):
        return None
    year = 365 if act_act else _YEAR[terms[0].term.day_count]
    rates = [Fraction(t.term.rate.percent) / (100 * (365 if act_act else _YEAR[t.term.day_count])) for t in terms]  # type: ignore[union-attr]
    leap = [Fraction(t.term.rate.percent) / 36_600 for t in terms] if act_act else rates  # type: ignore[union-attr]
    extra = Fraction(points) / (100 * year) if points is not None else Fraction(0)
    d = math.lcm(*(r.denominator for r in [*rates, *leap, extra]))
    last_ends = terms[-1].term.until is not None
    tail = [Fraction(0)] if last_ends else []
    return _Shape(
        ends=tuple(t.term.until.toordinal() - _ORDINAL for t in terms if t.term.until is not None),
        factors=tuple(int(r * d) for r in [*rates, *tail]),
        leaps=tuple(int(r * d) for r in [*leap, *tail]),
        denominator=d,
        months=_MONTHS[terms[0].term.compounding],
        act_act=act_act,
        increase=int(extra * d),
        last_ends=last_ends,
    )


def _codes(column: np.ndarray | None, n: int, rows: np.ndarray | None = None) -> np.ndarray:
    """Each row's value as a small integer, equal values alike (a missing value is a value of its own); with
    `rows`, only those rows' values are read, and every other row is 0."""
    if column is None:
        return np.zeros(n, np.int64)
    if rows is not None:
        codes = np.zeros(n, np.int64)
        codes[rows] = _codes(column[rows], len(rows)) + 1
        return codes
    if column.dtype == bool:
        return column.astype(np.int64)
    if column.dtype.kind in "iuM":
        return _compact(column.astype(np.int64))
    return _encoded(column)[0]


def _encoded(column: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """A column of objects (text, Decimals, None) as codes into its distinct values, by Arrow's hash kernel."""
    encoded = pa.array(column, from_pandas=True).dictionary_encode()
    codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    return np.asarray(codes, np.int64), [*encoded.dictionary.to_pylist(), None]


def _stated(judgments: Judgments) -> np.ndarray:
    """Which judgments state their own rate."""
    if judgments.rate is None:
        return np.zeros(len(judgments), bool)
    return np.asarray(judgments.rate != None, bool)  # noqa: E711 - elementwise


def _compact(values: np.ndarray) -> np.ndarray:
    """The values renumbered 0, 1, 2... in their order."""
    return _unique(values)[1]


def _facts(
    judgments: Judgments, forums: np.ndarray, stated: np.ndarray, increasing: np.ndarray, enforce_days: np.ndarray
) -> np.ndarray:
    """Each row's group: the forum, currency and every fact a rule reads but the entry day, as one small code.

    A French judgment's enforceable day is kept out: its rule takes the increase it fixes apart (IncreasingRule).
    A stated rate is read as it is stated (rules/stated.py): no statutory fact changes it."""
    n = len(judgments)
    known = ~np.isnat(judgments.enforceable) & ~increasing & ~stated
    # Days not known (or not read here) become one day before the first known one, so the codes stay a short table.
    unread = int(enforce_days[known].min()) - 1 if known.any() else 0
    enforce = np.where(known, enforce_days, unread)
    code = np.zeros(n, np.int64)
    own = np.flatnonzero(stated)
    for column in (
        forums,
        _codes(judgments.currency, n),
        _codes(judgments.consumer_debt & ~stated, n),
        _codes(judgments.creditor_individual & ~stated, n),
        _compact(enforce),
        _codes(judgments.rate, n, own),
        _codes(judgments.compounding, n, own),
        _codes(judgments.day_count, n, own),
    ):
        # Mixed radix, renumbered only when the number could grow past what the table renumbering takes.
        radix = int(column.max()) + 1 if n else 1
        if radix * (int(code.max()) + 1 if n else 1) > 4 * n + 1024:
            code = _compact(code)
        code = code * radix + column
    return _compact(code)


def _rule(code: str) -> Any:
    try:
        return forum(code).interest
    except ExequaturError:
        return None


class _Plan:
    """What the rules said, gathered once: each distinct regime (its terms, by the numbers the loop reads), each
    shape (a regime with an increase's points, or none), and each row's shape and increase day."""

    def __init__(self, n: int) -> None:
        self.signatures: dict[tuple[Any, ...], int] = {}
        self.regimes: list[tuple[RegimeTerm, ...]] = []
        self.shapes: dict[tuple[int, Decimal | None], int] = {}
        self.table: list[_Shape] = []
        self.shape = np.full(n, _ONE_BY_ONE, np.int64)
        self.increase = np.full(n, kernel.NEVER, np.int64)
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
    members: np.ndarray,
    entries: np.ndarray,
    as_of: date,
    rates: RateBook,
    plan: _Plan,
    paid: Callable[[int], tuple[Payment, ...]],
    counts: np.ndarray,
) -> np.ndarray:
    """For a group's rows, each one's regime number (or _ONE_BY_ONE, _LATE), asking the rule once per stretch of
    entry days it says share one (InterestRule.shared_through), or, where it reads a judgment's own payments,
    once per judgment that has any (`paid`; `counts`: how many each row has)."""
    as_of_day = (as_of - date(1970, 1, 1)).days
    lo = int(entries.min())
    span = int(entries.max()) - lo + 1
    present = np.zeros(span, bool)
    present[entries - lo] = True
    row_of_day = np.zeros(span, np.int64)
    row_of_day[entries - lo] = members
    days = np.flatnonzero(present) + lo
    by_day = np.full(span, _ONE_BY_ONE, np.int64)
    first = int(members[0])
    context = RuleContext(rates=rates, as_of=as_of, creditor=_creditor(bool(judgments.creditor_individual[first])))
    stated = judgments.stated(first) is not None
    increasing = isinstance(_rule(str(judgments.forum[first])), IncreasingRule) and not stated
    # A rule that reads each judgment's own payments (CPLR 5004(a)(ii) for a consumer debt) is asked judgment by
    # judgment for those that have some, and once per stretch for the others.
    rule = _rule(str(judgments.forum[first]))
    if not stated and rule is not None and rule.reads_payments(_instrument(judgments, first)):
        some = counts[members] > 0
        if some.any():
            mixed = np.empty(len(members), np.int64)
            mixed[some] = _regimes_by_row(judgments, members[some], entries[some], as_of, rates, plan, paid)
            if (~some).any():
                rest = _regimes_by_day(judgments, members[~some], entries[~some], as_of, rates, plan, _none, counts)
                mixed[~some] = rest
            return mixed
    k = 0
    while k < len(days):
        day = int(days[k])
        if day > as_of_day:
            by_day[day - lo :] = _LATE
            break
        inst = _instrument(judgments, int(row_of_day[day - lo]))
        if increasing:
            inst = replace(inst, enforceable=None)  # the increase is each judgment's own (IncreasingRule)
        try:
            terms = interest_regime(inst, context)
            # A stated rate runs from entry as this engine writes it (_instrument): alike on every entry day.
            through = date.max if stated else shared_through(inst, context)
        except ExequaturError:
            k += 1  # the per-matter engine gives each judgment its own message
            continue
        if not _columnar(terms, inst.date):
            k += 1
            continue
        last = min(through, as_of) if through < date.max else as_of
        stop = min((last - date(1970, 1, 1)).days, lo + span - 1)
        by_day[day - lo : stop - lo + 1] = plan.regime(terms)
        k = int(np.searchsorted(days, stop, side="right"))
    regimes: np.ndarray = by_day[entries - lo]
    return regimes


def _none(row: int) -> tuple[Payment, ...]:
    return ()


def _regimes_by_row(
    judgments: Judgments,
    members: np.ndarray,
    entries: np.ndarray,
    as_of: date,
    rates: RateBook,
    plan: _Plan,
    paid: Callable[[int], tuple[Payment, ...]],
) -> np.ndarray:
    """Each row's regime number, its rule asked with the judgment's own credited payments; where the rule fails,
    _FAILED and its message in plan.failures (the per-matter engine, asking the same, would give the same)."""
    as_of_day = (as_of - date(1970, 1, 1)).days
    regimes = np.full(len(members), _ONE_BY_ONE, np.int64)
    regimes[entries > as_of_day] = _LATE
    for k in np.flatnonzero(entries <= as_of_day).tolist():
        row = int(members[k])
        inst = _instrument(judgments, row)
        creditor = _creditor(bool(judgments.creditor_individual[row]))
        context = RuleContext(rates=rates, as_of=as_of, payments=paid(row), creditor=creditor)
        try:
            terms = interest_regime(inst, context)
        except ExequaturError as exc:
            regimes[k] = _FAILED
            plan.failures[row] = str(exc)
            continue
        if _columnar(terms, inst.date):
            regimes[k] = plan.regime(terms)
    return regimes


def _increases(
    judgments: Judgments, members: np.ndarray, entries: np.ndarray, enforce_days: np.ndarray, plan: _Plan
) -> tuple[np.ndarray, list[Decimal | None]]:
    """Each row's increase (IncreasingRule): its day into plan.increase, and its points as a code into the list
    returned (code 0, None: no known enforceable day). The rule is asked once per enforceable day. A row
    enforceable before its entry is marked for the per-matter engine, which gives its error."""
    rule = _rule(str(judgments.forum[int(members[0])]))
    enforce = enforce_days[members]
    known = ~np.isnat(judgments.enforceable[members])
    early = known & (enforce < entries)
    taken = np.flatnonzero(known & ~early)
    days, which = _unique(enforce[taken])
    values: list[Decimal | None] = [None]
    starts = np.zeros(len(days), np.int64)
    codes_of_day = np.zeros(len(days), np.int64)
    for k, day in enumerate(days.tolist()):
        increase = rule.increase(_day(_EPOCH + day))
        starts[k] = increase.start.toordinal() - _ORDINAL
        if increase.points not in values:
            values.append(increase.points)
        codes_of_day[k] = values.index(increase.points)
    plan.increase[members[taken]] = starts[which]
    codes = np.zeros(len(members), np.int64)
    codes[taken] = codes_of_day[which]
    codes[early] = -1
    return codes, values


def _unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values in order and each value's index among them (a table where their span is small)."""
    if not len(values):
        return values.astype(np.int64), np.zeros(0, np.int64)
    lo = int(values.min())
    span = int(values.max()) - lo + 1
    if span > 4 * len(values) + 1024:
        found, inverse = np.unique(values, return_inverse=True)
        return found, inverse.astype(np.int64)
    used = np.zeros(span, bool)
    used[values - lo] = True
    number = np.cumsum(used) - 1
    return np.flatnonzero(used) + lo, np.asarray(number[values - lo], np.int64)


def _calendar(entry_days: np.ndarray, as_of_day: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Month and year tables over the portfolio's span (kernel.py): each month's first day and length, each
    year's 1 January and whether it is a leap year, and the number of the first month."""
    lo = int(entry_days.min()) if len(entry_days) else as_of_day
    first_month = int((_EPOCH + lo).astype("datetime64[M]").astype(np.int64))
    last_month = int((_EPOCH + as_of_day).astype("datetime64[M]").astype(np.int64)) + 13
    month_first, month_length = kernel.month_tables(first_month, last_month)
    years = np.arange(1970 + first_month // 12, 1970 + last_month // 12 + 2)
    year_first = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    year_leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    return month_first, month_length, year_first, year_leap, first_month


def _exact_rows(
    plan: _Plan, rows: np.ndarray, principal: np.ndarray, entry: np.ndarray, paid: np.ndarray, as_of_day: int
) -> np.ndarray:
    """Which of `rows` might outgrow 64-bit integers: the base (grown at the shape's highest rate where it
    compounds: by e^(rate × years) at most, however often) × the highest rate × the days, doubled for rounding,
    or what was paid (in floats, a quarter of the way to 2^64's half)."""
    largest = np.array([max(*s.factors, *s.leaps, 0) + s.increase for s in plan.table] or [0], np.float64)
    denominator = np.array([s.denominator for s in plan.table] or [1], np.float64)
    compounds = np.array([s.months > 0 for s in plan.table] or [False])
    shape = plan.shape[rows]
    span = np.maximum(as_of_day - entry[rows], 1).astype(np.float64)
    with np.errstate(over="ignore"):
        yearly = largest[shape] / denominator[shape] * 366
        growth = np.where(compounds[shape], np.exp(yearly * (span / 365 + 1)), 1.0)
        bound = 2 * principal[rows].astype(np.float64) * growth * largest[shape] * span + 2 * denominator[shape]
    return np.asarray((bound >= _INT64_SAFE) | (paid[rows].astype(np.float64) >= _INT64_SAFE) | ~np.isfinite(bound))


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
    entry_days = (judgments.entry - _EPOCH).astype(np.int64)
    known = ~np.isnat(judgments.enforceable)
    enforce_days = np.where(known, (judgments.enforceable - _EPOCH).astype(np.int64), -(2**40))
    # Payments the per-matter engine credits: on or after entry (credited_payments), on or before the as-of date;
    # by judgment, then day, then file order.
    pay_days = (payments.date - _EPOCH).astype(np.int64)
    credited = np.flatnonzero((pay_days >= entry_days[payments.judgment]) & (pay_days <= as_of_day))
    first_day = int(pay_days[credited].min()) if len(credited) else 0
    span = int(pay_days[credited].max()) - first_day + 1 if len(credited) else 1
    # One key, judgment then day: a stable sort keeps file order within a day (and is fast on runs already sorted).
    key = payments.judgment[credited] * span + (pay_days[credited] - first_day)
    order = credited[np.argsort(key, kind="stable")]
    pay_row, pay_day, pay_amount = payments.judgment[order], pay_days[order], payments.amount[order]
    pay_offsets = np.searchsorted(pay_row, np.arange(n + 1))
    paid_total = np.bincount(pay_row, weights=pay_amount.astype(np.float64), minlength=n)

    out = {name: np.zeros(n, np.int64) for name in ("principal", "interest", "paid", "unapplied", "per_diem")}
    big: dict[str, dict[int, int]] = {name: {} for name in out}
    errors = np.full(n, None, object)
    counted = {"columns": 0, "per-matter": 0}

    def paid(row: int) -> tuple[Payment, ...]:
        """The judgment's credited payments, as the per-matter engine gives them to its rule."""
        currency = str(judgments.currency[row])
        exponent = minor_units(currency)
        return tuple(
            Payment(
                date=_day(_EPOCH + int(pay_day[k])),
                amount=Decimal(int(pay_amount[k])).scaleb(-exponent),
                currency=currency,
                instrument=str(judgments.id[row]),
                source=_HERE,
            )
            for k in range(pay_offsets[row], pay_offsets[row + 1])
        )

    def tell(count: int) -> None:
        if progress is not None and count:
            progress(count)

    # The forum's rule is asked once for each group of alike facts and each stretch of entry days it says share
    # a regime; judgments whose regimes have one shape are then computed together, whatever their entry dates.
    forums, named = _encoded(judgments.forum) if n else (np.zeros(0, np.int64), [None])
    stated = _stated(judgments)
    increasing = np.array([isinstance(_rule(str(f)), IncreasingRule) for f in named], bool)[forums] & ~stated
    plan = _Plan(n)
    counts = np.diff(pay_offsets)
    group = _facts(judgments, forums, stated, increasing, enforce_days)
    by_group = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[by_group], np.arange(int(group.max()) + 2 if n else 1))
    for g in range(len(bounds) - 1):
        members = by_group[bounds[g] : bounds[g + 1]]
        if not len(members):
            continue
        entries = entry_days[members]
        regime = _regimes_by_day(judgments, members, entries, as_of, rates, plan, paid, counts)
        late = regime == _LATE
        plan.shape[members[regime == _FAILED]] = _FAILED
        for row in members[late].tolist():
            errors[row] = f"as-of date {as_of} is before the judgment ({_day(_EPOCH + entry_days[row])})"
        tell(int(late.sum()))
        if increasing[members[0]]:
            codes, values = _increases(judgments, members, entries, enforce_days, plan)
        else:
            codes, values = np.zeros(len(members), np.int64), [None]
        fits = regime >= 0
        combos, which = _unique(regime[fits] * (len(values) + 1) + codes[fits] + 1)
        shape_of = np.array(
            [
                _ONE_BY_ONE
                if c % (len(values) + 1) == 0
                else plan.shape_of(c // (len(values) + 1), values[c % (len(values) + 1) - 1])
                for c in combos.tolist()
            ],
            np.int64,
        )
        plan.shape[members[fits]] = shape_of[which]

    month_first, month_length, year_first, year_leap, first_month = _calendar(entry_days, as_of_day)
    table = plan.table
    end_offsets = np.cumsum([0, *(len(s.ends) for s in table)]).astype(np.int64)
    ends = np.array([e for s in table for e in s.ends], np.int64)
    columns = {
        "factors": [f for s in table for f in s.factors],
        "leaps": [f for s in table for f in s.leaps],
        "denominators": [s.denominator for s in table],
        "increase": [s.increase for s in table],
    }
    months = np.array([s.months for s in table], np.int64)
    act_act = np.array([s.act_act for s in table], np.bool_)
    last_ends = np.array([s.last_ends for s in table], np.bool_)
    month0 = (judgments.entry.astype("datetime64[M]").astype(np.int64) - first_month).astype(np.int64)
    day_of_month = (judgments.entry - judgments.entry.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    in_columns = np.flatnonzero(plan.shape >= 0)
    exact = _exact_rows(plan, in_columns, judgments.principal, entry_days, paid_total, as_of_day)
    outputs = tuple(out[name] for name in ("principal", "interest", "paid", "unapplied", "per_diem"))

    def run(rows: np.ndarray, as_python: bool) -> None:
        """The loop over `rows`: compiled, or as Python on Python integers, on those rows' own columns."""
        kind: Any = object if as_python else np.int64
        local, offsets, pays = rows, pay_offsets, slice(None)
        if as_python:
            counts = pay_offsets[rows + 1] - pay_offsets[rows]
            offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            pays = np.repeat(pay_offsets[rows] - offsets[:-1], counts) + np.arange(int(offsets[-1]))  # type: ignore[assignment]
            local = np.arange(len(rows))
        at = rows if as_python else slice(None)
        results = [np.zeros(len(rows), kind) for _ in outputs] if as_python else list(outputs)
        kernel.walk(
            plan.shape[at],
            judgments.principal[at].astype(kind, copy=False),
            entry_days[at].astype(kind, copy=False),
            month0[at],
            day_of_month[at].astype(kind, copy=False),
            plan.increase[at].astype(kind, copy=False),
            offsets,
            pay_day[pays].astype(kind, copy=False),
            pay_amount[pays].astype(kind, copy=False),
            end_offsets,
            ends.astype(kind, copy=False),
            np.array(columns["factors"], kind),
            np.array(columns["leaps"], kind),
            np.array(columns["denominators"], kind),
            months,
            act_act,
            np.array(columns["increase"], kind),
            last_ends,
            month_first.astype(kind, copy=False),
            month_length.astype(kind, copy=False),
            year_first.astype(kind, copy=False),
            year_leap,
            as_of_day if as_python else np.int64(as_of_day),
            local,
            *results,
            exact=as_python,
        )
        if as_python:
            for name, column in zip(big, results, strict=True):
                big[name].update(zip(rows.tolist(), (int(v) for v in column), strict=True))

    seconds["rules"] = time.perf_counter() - clock
    clock = time.perf_counter()
    compiled = in_columns[~exact]
    for start in range(0, len(compiled), _BATCH):
        batch = compiled[start : start + _BATCH]
        run(batch, as_python=False)
        tell(len(batch))
    if exact.any():
        run(in_columns[exact], as_python=True)
        tell(int(exact.sum()))
    counted["columns"] = len(in_columns)
    seconds["loop"] = time.perf_counter() - clock
    clock = time.perf_counter()

    for row, message in plan.failures.items():
        errors[row] = message
    for row in np.flatnonzero((plan.shape == _ONE_BY_ONE) & (errors == None)).tolist():  # noqa: E711
        own = [
            (_day(_EPOCH + int(pay_day[k])), int(pay_amount[k])) for k in range(pay_offsets[row], pay_offsets[row + 1])
        ]
        result = per_matter(judgments, row, own, as_of, rates)
        counted["per-matter"] += 1
        tell(1)
        if isinstance(result, str):
            errors[row] = result
            continue
        scale = 10 ** minor_units(result.currency)
        daily = result.per_diem_total
        big["principal"][row] = int(sum(c.principal for c in result.components) * scale)
        big["interest"][row] = int(sum(c.interest for c in result.components) * scale)
        big["paid"][row] = int(result.paid * scale)
        big["unapplied"][row] = int(result.excess * scale)
        big["per_diem"][row] = -1 if daily is None else int((daily * scale).to_integral_value(ROUND_HALF_UP))
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
        error=errors,
        computed_by=counted,
        seconds=seconds,
    )
