"""Accrue interest on one instrument and apply its payments, on a timeline of the dates where anything changes.

Between two consecutive dates nothing changes, so each component earns simple interest on its base
(principal + capitalized interest) at one rate: base × percent × day weight, kept exact in the day count's common
scale (engine.daycount.SCALE) and divided only where money is rounded. On a compounding boundary the unpaid
interest is rounded half-up to the cent and capitalized; on a payment the accrued interest is rounded and the
payment applied interest first, then principal (the "United States rule"). Components are paid in the order the
instrument lists them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from exequatur.engine.daycount import SCALE, THIRTY_DAY_COUNTS, counted, unscale
from exequatur.engine.indexrate import ResetRate, reset_rate
from exequatur.engine.schedule import boundaries
from exequatur.engine.statement import (
    AccrualLine,
    CapitalizationLine,
    ComponentPosition,
    InstrumentStatement,
    Line,
    PaymentLine,
)
from exequatur.model.events import Payment
from exequatur.model.instruments import Instrument
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.money import quantum
from exequatur.model.rates import RateBook
from exequatur.rules.basis import Basis, RegimeTerm

#: Working precision. A scaled stretch (base up to 10^15 with cents, a rate up to 1,000% with six decimals, a
#: weight up to 10^11) has at most 40 digits, so every product and sum below is exact; the one division (by SCALE,
#: where money is rounded) is exact whenever its quotient terminates, so an exact half cent stays a half and
#: rounds up. Money is rounded half-up, as courts do, wherever it is rounded at all.
ENGINE_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)
_ZERO = Decimal(0)


@dataclass(slots=True)
class _Run:
    """One term applied to one component over [start, end)."""

    term: InterestTerm
    basis: Basis
    start: date
    end: date
    resets: list[date]
    anchor: date
    #: Where each period begins (the anchor, every compounding and reset anniversary): 30/360 days are counted
    #: from these (ISDA 2006 §4.16(f), (g)).
    periods: list[date]
    rates: dict[date, ResetRate] = field(default_factory=dict)


@dataclass(slots=True)
class _Draft:
    """An accrual line still growing: extended in place while base, rate and rule stay the same."""

    component: str
    start: date
    end: date
    days: int
    base: Decimal
    rate: ResetRate
    day_count: DayCount
    interest: Decimal
    basis: Basis
    index: int

    def line(self) -> AccrualLine:
        rate = self.rate
        return AccrualLine(
            self.component,
            self.start,
            self.end,
            self.days,
            self.base,
            rate.percent,
            self.day_count,
            unscale(self.interest),
            self.basis,
            rate.row,
            rate.note,
        )


@dataclass(slots=True)
class _Component:
    label: str
    awarded: Decimal
    principal: Decimal
    runs: list[_Run]
    capitalized: Decimal = _ZERO
    #: Uncapitalized, unpaid interest, and all interest ever accrued, both scaled (base × percent × weight).
    accrued: Decimal = _ZERO
    interest_accrued: Decimal = _ZERO
    interest_paid: Decimal = _ZERO
    principal_paid: Decimal = _ZERO
    run_index: int = 0
    run: _Run | None = None
    open_line: _Draft | None = None
    # The rate in force and the date it stops being so (next reset or end of the run), to skip lookups.
    rate: ResetRate | None = None
    rate_until: date = date.min


def _runs_for(label: str, regime: Sequence[RegimeTerm], as_of: date) -> list[_Run]:
    terms = sorted((rt for rt in regime if rt.term.applies_to(label)), key=lambda rt: rt.term.start)
    runs = []
    for i, rt in enumerate(terms):
        end = min(d for d in (rt.term.until, terms[i + 1].term.start if i + 1 < len(terms) else None, as_of) if d)
        if end <= rt.term.start:
            continue
        start, anchor = rt.term.start, rt.term.anchor or rt.term.start
        resets = [start]
        if not isinstance(rt.term.rate, FixedRate):
            # Resets fall on the anchor's anniversaries; the one in force at the start is the last on or before it.
            steps = [anchor, *boundaries(anchor, rt.term.rate.reset.value, end)]
            resets = [max(d for d in steps if d <= start), *(d for d in steps if d > start)]
        periods: list[date] = []
        if rt.term.day_count in THIRTY_DAY_COUNTS:
            cuts = {anchor, *resets, *boundaries(anchor, rt.term.compounding.value, end)}
            periods = sorted(cuts)
        runs.append(
            _Run(term=rt.term, basis=rt.basis, start=start, end=end, resets=resets, anchor=anchor, periods=periods)
        )
    return runs


def _rate_at(run: _Run, day: date, rates: RateBook) -> tuple[ResetRate, date]:
    """The rate in force on `day` and the date its reset period ends (the next reset, or the run's end)."""
    i = bisect.bisect_right(run.resets, day) - 1
    reset = run.resets[i]
    until = run.resets[i + 1] if i + 1 < len(run.resets) else run.end
    cached = run.rates.get(reset)
    if cached is None:
        rate = run.term.rate
        if isinstance(rate, FixedRate):
            cached = ResetRate(rate.percent, run.basis.rate_row, f"{rate.percent}% fixed")
        else:
            cached = reset_rate(rate, reset, rates)
        run.rates[reset] = cached
    return cached, until


def accrue_instrument(
    instrument: Instrument,
    components: Sequence[tuple[str, Decimal]],
    regime: Sequence[RegimeTerm],
    payments: Sequence[Payment],
    as_of: date,
    rates: RateBook,
    notes: Sequence[str] = (),
) -> InstrumentStatement:
    """The position of `instrument` on `as_of`. Raises RateLookupError when a rate it needs is not published."""
    cent = quantum(instrument.currency)
    with localcontext(ENGINE_CONTEXT):
        comps = [
            _Component(label=label, awarded=amount, principal=amount, runs=_runs_for(label, regime, as_of))
            for label, amount in components
        ]
        timeline: set[date] = {as_of}
        capitalizing: dict[date, list[_Component]] = {}
        for comp in comps:
            for run in comp.runs:
                timeline.update((run.start, run.end), run.resets)
                for day in boundaries(run.anchor, run.term.compounding.value, run.end):
                    if day <= run.start:
                        continue
                    capitalizing.setdefault(day, []).append(comp)
                    timeline.add(day)
        paying: dict[date, list[Payment]] = {}
        for payment in payments:
            if payment.date <= as_of:
                paying.setdefault(payment.date, []).append(payment)
                timeline.add(payment.date)
        accruing = [c for c in comps if c.runs]
        lines: list[Line | _Draft] = []
        paid = excess = _ZERO
        previous: date | None = None
        for day in sorted(d for d in timeline if d <= as_of):
            if previous is not None:
                for comp in accruing:
                    _accrue(comp, previous, day, rates, lines)
            for comp in capitalizing.get(day, ()):
                _capitalize(comp, day, cent, lines)
            for payment in paying.get(day, ()):
                line = _apply_payment(comps, payment, cent)
                lines.append(line)
                paid += line.amount
                excess += line.excess
            previous = day
        for entry in lines:
            if isinstance(entry, _Draft):
                lines[entry.index] = entry.line()
        positions = tuple(
            ComponentPosition(
                label=c.label,
                awarded=c.awarded,
                principal=c.principal,
                interest=(c.capitalized + unscale(c.accrued)).quantize(cent),
                interest_accrued=unscale(c.interest_accrued).quantize(cent),
                interest_paid=c.interest_paid,
                principal_paid=c.principal_paid,
            )
            for c in comps
        )
    later = [p for p in payments if p.date > as_of]
    extra = [f"{len(later)} payment(s) dated after {as_of} not applied"] if later else []
    return InstrumentStatement(
        id=instrument.id,
        kind=instrument.kind.value,
        forum=instrument.forum,
        currency=instrument.currency,
        date=instrument.date,
        as_of=as_of,
        components=positions,
        lines=tuple(lines),  # type: ignore[arg-type]  # every _Draft was replaced by its line above
        regime=tuple(regime),
        notes=(*notes, *extra),
        status=instrument.status.value,
        paid=paid,
        excess=excess,
    )


def _next_run(comp: _Component, start: date) -> _Run | None:
    """Move to the run in force at `start` (or the next one to start), forgetting the previous run's rate."""
    runs = comp.runs
    while comp.run_index < len(runs) and runs[comp.run_index].end <= start:
        comp.run_index += 1
    comp.rate_until = date.min
    comp.run = runs[comp.run_index] if comp.run_index < len(runs) else None
    return comp.run


def _accrue(comp: _Component, start: date, end: date, rates: RateBook, lines: list[Line | _Draft]) -> None:
    """Add the interest of [start, end) to the component and to the statement (extending the last line if the
    base, rate and rule are unchanged). This is the hot loop of the engine; keep it lean."""
    run = comp.run
    if run is None or start >= run.end:
        run = _next_run(comp, start)
        if run is None:
            return
    if start < run.start:
        return
    base = comp.principal + comp.capitalized
    if base <= 0:
        return
    if start >= comp.rate_until or comp.rate is None:
        comp.rate, comp.rate_until = _rate_at(run, start, rates)
    rate = comp.rate
    day_count = run.term.day_count
    periods = run.periods
    period_start = periods[bisect.bisect_right(periods, start) - 1] if periods else start
    n, weight = counted(day_count, start, end, period_start)
    interest = base * rate.percent * weight  # scaled: multiplied, never divided (DESIGN.md §7)
    comp.accrued += interest
    comp.interest_accrued += interest
    draft = comp.open_line
    if (
        draft is not None
        and draft.end == start
        and draft.base == base
        and draft.rate is rate
        and draft.basis is run.basis
    ):
        draft.end = end
        draft.days += n
        draft.interest += interest
        return
    comp.open_line = _Draft(comp.label, start, end, n, base, rate, day_count, interest, run.basis, len(lines))
    lines.append(comp.open_line)


def _capitalize(comp: _Component, day: date, cent: Decimal, lines: list[Line | _Draft]) -> None:
    run = next((r for r in comp.runs if r.start < day <= r.end and r.term.compounding is not Compounding.NONE), None)
    if run is None:
        return
    amount = unscale(comp.accrued).quantize(cent)
    comp.open_line = None
    if amount == 0:
        comp.accrued = _ZERO
        return
    comp.capitalized += amount
    comp.accrued = _ZERO
    lines.append(CapitalizationLine(component=comp.label, on=day, amount=amount, basis=run.basis))


def _apply_payment(comps: list[_Component], payment: Payment, cent: Decimal) -> PaymentLine:
    """Apply a payment interest first (uncapitalized, then capitalized), then principal, component by component.

    Open accrual lines stay open: if the payment leaves a component's base unchanged (it paid interest only), the
    next stretch extends the same line; if the base changed, _accrue starts a new one.
    """
    left = payment.amount
    to_interest = to_principal = _ZERO
    for comp in comps:
        accrued = unscale(comp.accrued).quantize(cent)  # money changes hands: round once, half-up
        due = accrued + comp.capitalized
        if left >= due:
            take = due
            comp.accrued = comp.capitalized = _ZERO
        else:
            take = left
            if take <= accrued:
                comp.accrued = (accrued - take) * SCALE  # what is left unpaid carries in cents
            else:
                comp.accrued = _ZERO
                comp.capitalized -= take - accrued
        comp.interest_paid += take
        to_interest += take
        left -= take
        if not left:
            break
    if left:
        for comp in comps:
            take = left if left < comp.principal else comp.principal
            comp.principal -= take
            comp.principal_paid += take
            to_principal += take
            left -= take
            if not left:
                break
    return PaymentLine(payment.date, payment.amount, to_interest, to_principal, left, payment.source, payment.cited)
