"""Accrue interest on one instrument and apply its payments, on a timeline of the dates where anything changes.

Between two consecutive dates nothing changes, so each component earns simple interest on its base
(principal + capitalized interest) at one rate: base × rate × year fraction, kept unrounded. On a compounding
boundary the unpaid interest is rounded half-up to the cent and capitalized; on a payment the accrued interest is
rounded and the payment applied interest first, then principal (the "United States rule"). Components are paid in
the order the instrument lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from exequatur.engine.daycount import days as count_days
from exequatur.engine.daycount import year_fraction
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
from exequatur.model.interest import Compounding, FixedRate, InterestTerm
from exequatur.model.money import quantum
from exequatur.model.rates import RateBook
from exequatur.rules.basis import Basis, RegimeTerm

#: Working precision: 40 digits keep a billion-dollar base exact far below the cent over centuries; money is
#: rounded half-up, as courts do, wherever it is rounded at all.
ENGINE_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@dataclass(slots=True)
class _Run:
    """One term applied to one component over [start, end)."""

    term: InterestTerm
    basis: Basis
    start: date
    end: date
    resets: list[date]
    rates: dict[date, ResetRate] = field(default_factory=dict)


@dataclass(slots=True)
class _Component:
    label: str
    awarded: Decimal
    principal: Decimal
    runs: list[_Run]
    capitalize_on: set[date] = field(default_factory=set)
    capitalized: Decimal = _ZERO
    accrued: Decimal = _ZERO
    interest_accrued: Decimal = _ZERO
    interest_paid: Decimal = _ZERO
    principal_paid: Decimal = _ZERO
    run_index: int = 0
    open_line: int | None = None


def _runs_for(label: str, regime: Sequence[RegimeTerm], as_of: date) -> list[_Run]:
    terms = sorted((rt for rt in regime if rt.term.applies_to(label)), key=lambda rt: rt.term.start)
    runs = []
    for i, rt in enumerate(terms):
        end = min(d for d in (rt.term.until, terms[i + 1].term.start if i + 1 < len(terms) else None, as_of) if d)
        if end <= rt.term.start:
            continue
        resets = [rt.term.start]
        if not isinstance(rt.term.rate, FixedRate):
            resets += list(boundaries(rt.term.start, rt.term.rate.reset.value, end))
        runs.append(_Run(term=rt.term, basis=rt.basis, start=rt.term.start, end=end, resets=resets))
    return runs


def _rate_at(run: _Run, day: date, rates: RateBook) -> ResetRate:
    reset = max(r for r in run.resets if r <= day) if len(run.resets) > 1 else run.resets[0]
    cached = run.rates.get(reset)
    if cached is None:
        rate = run.term.rate
        if isinstance(rate, FixedRate):
            cached = ResetRate(rate.percent, run.basis.rate_row, f"{rate.percent}% fixed")
        else:
            cached = reset_rate(rate, reset, rates)
        run.rates[reset] = cached
    return cached


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
        for comp in comps:
            for run in comp.runs:
                timeline.update((run.start, run.end), run.resets)
                caps = set(boundaries(run.start, run.term.compounding.value, run.end))
                comp.capitalize_on |= caps
                timeline |= caps
        due = sorted((p for p in payments if p.date <= as_of), key=lambda p: p.date)
        timeline.update(p.date for p in due)
        lines: list[Line] = []
        paid = excess = _ZERO
        pay_i = 0
        previous: date | None = None
        for day in sorted(d for d in timeline if d <= as_of):
            if previous is not None:
                for comp in comps:
                    _accrue(comp, previous, day, rates, lines)
            for comp in comps:
                if day in comp.capitalize_on:
                    _capitalize(comp, day, cent, lines)
            while pay_i < len(due) and due[pay_i].date == day:
                line = _apply_payment(comps, due[pay_i], cent)
                lines.append(line)
                paid += line.amount
                excess += line.excess
                pay_i += 1
            previous = day
        positions = tuple(
            ComponentPosition(
                label=c.label,
                awarded=c.awarded,
                principal=c.principal,
                interest=(c.capitalized + c.accrued).quantize(cent),
                interest_accrued=c.interest_accrued.quantize(cent),
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
        lines=tuple(lines),
        regime=tuple(regime),
        notes=(*notes, *extra),
        status=instrument.status.value,
        paid=paid,
        excess=excess,
    )


def _accrue(comp: _Component, start: date, end: date, rates: RateBook, lines: list[Line]) -> None:
    runs = comp.runs
    while comp.run_index < len(runs) and runs[comp.run_index].end <= start:
        comp.run_index += 1
    if comp.run_index == len(runs):
        return
    run = runs[comp.run_index]
    if start < run.start:
        return
    base = comp.principal + comp.capitalized
    if base <= 0:
        return
    term = run.term
    rate = _rate_at(run, start, rates)
    interest = base * rate.percent * year_fraction(term.day_count, start, end) / _HUNDRED
    comp.accrued += interest
    comp.interest_accrued += interest
    n = count_days(term.day_count, start, end)
    if comp.open_line is not None:
        last = lines[comp.open_line]
        if (isinstance(last, AccrualLine) and last.end == start and last.base == base
                and last.rate == rate.percent and last.basis is run.basis and last.rate_note == rate.note):
            lines[comp.open_line] = AccrualLine(
                component=comp.label, start=last.start, end=end, days=last.days + n, base=base,
                rate=rate.percent, day_count=term.day_count, interest=last.interest + interest,
                basis=run.basis, rate_row=rate.row, rate_note=rate.note,
            )
            return
    comp.open_line = len(lines)
    lines.append(AccrualLine(
        component=comp.label, start=start, end=end, days=n, base=base, rate=rate.percent,
        day_count=term.day_count, interest=interest, basis=run.basis, rate_row=rate.row, rate_note=rate.note,
    ))


def _capitalize(comp: _Component, day: date, cent: Decimal, lines: list[Line]) -> None:
    run = next((r for r in comp.runs if r.start < day <= r.end and r.term.compounding is not Compounding.NONE), None)
    if run is None:
        return
    amount = comp.accrued.quantize(cent)
    comp.open_line = None
    if amount == 0:
        comp.accrued = _ZERO
        return
    comp.capitalized += amount
    comp.accrued = _ZERO
    lines.append(CapitalizationLine(component=comp.label, on=day, amount=amount, basis=run.basis))


def _apply_payment(comps: list[_Component], payment: Payment, cent: Decimal) -> PaymentLine:
    left = payment.amount
    to_interest = to_principal = _ZERO
    for comp in comps:
        comp.open_line = None
        due = comp.accrued.quantize(cent) + comp.capitalized
        take = min(left, due)
        # Uncapitalized interest goes first, then capitalized interest; both are interest.
        from_accrued = min(take, comp.accrued.quantize(cent))
        comp.accrued = comp.accrued.quantize(cent) - from_accrued
        comp.capitalized -= take - from_accrued
        comp.interest_paid += take
        to_interest += take
        left -= take
    for comp in comps:
        take = min(left, comp.principal)
        comp.principal -= take
        comp.principal_paid += take
        to_principal += take
        left -= take
    return PaymentLine(
        on=payment.date, amount=payment.amount, to_interest=to_interest, to_principal=to_principal,
        excess=left, source=payment.source, cited=payment.cited,
    )
