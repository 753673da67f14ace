"""Accrue interest on one instrument and apply its payments, on a timeline of the dates where anything changes.

Between two consecutive dates nothing changes, so each component earns simple interest on its base
(principal + capitalized interest) at one rate: base × percent × day weight, kept exact in the day count's common
scale (engine.daycount.SCALE) and divided only where money is rounded. On a compounding boundary the unpaid
interest is rounded half-up to the cent and capitalized; on a payment the accrued interest is rounded and the
payment applied interest first, then principal (the "United States rule"). Components are paid in the order the
instrument lists them.

The statement is cut at every payment, capitalization, rate change and the as-of date (and, for act/act, at each
year's end, so every line divides by one year length). Each line carries the running balance after it, and its
interest in cents as its share of the rounded total, so the itemization adds up to the totals to the cent.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, localcontext

from exequatur.engine.daycount import ENGINE_CONTEXT, SCALE, THIRTY_DAY_COUNTS, counted, is_leap, unscale
from exequatur.engine.indexrate import ResetRate, reset_rate
from exequatur.engine.results import (
    AccrualLine,
    Balance,
    CapitalizationLine,
    ComponentPosition,
    InstrumentStatement,
    Line,
    Note,
    NoteKind,
    PaymentLine,
    PerDiem,
)
from exequatur.engine.schedule import boundaries
from exequatur.model.errors import ExequaturError
from exequatur.model.events import Payment
from exequatur.model.instruments import Instrument
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.money import quantum
from exequatur.model.rates import RateBook
from exequatur.rules.basis import Basis, RegimeTerm

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
    year_days: int
    #: The component's accrual since it was last rounded, rounded, when the line opened; and when it closed.
    before: Decimal
    slot: int = 0
    #: Extended past lines of other components, so that it no longer stands in date order.
    crossed: bool = False
    cents: Decimal = _ZERO
    #: The component's (principal, unpaid interest) in cents when the line closed.
    state: tuple[Decimal, Decimal] = (_ZERO, _ZERO)

    def line(self, balance: Balance) -> AccrualLine:
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
            self.year_days,
            self.cents,
            balance,
            rate.fixed,
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
    slot: int = 0
    run_index: int = 0
    run: _Run | None = None
    open_line: _Draft | None = None
    # The rate in force and the date it stops being so (next reset or end of the run), to skip lookups.
    rate: ResetRate | None = None
    rate_until: date = date.min
    cited: str | None = None

    def state(self, cent: Decimal) -> tuple[Decimal, Decimal]:
        """(principal, unpaid interest) in cents: what the component owes right now."""
        return self.principal, self.capitalized + unscale(self.accrued).quantize(cent)

    def close_line(self, cent: Decimal) -> None:
        """Close the open accrual line: its cents are the rounded accrual now less the rounded accrual then."""
        draft = self.open_line
        if draft is None:
            return
        rounded = unscale(self.accrued).quantize(cent)
        draft.cents = rounded - draft.before
        draft.state = (self.principal, self.capitalized + rounded)
        self.open_line = None


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
            cached = ResetRate(rate.percent, run.basis.rate_row, f"{rate.percent}% fixed", fixed=True)
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
    notes: Sequence[Note] = (),
    following: Callable[[], Sequence[RegimeTerm]] | None = None,
) -> InstrumentStatement:
    """The position of `instrument` on `as_of`. Raises RateLookupError when a rate it needs is not published.

    `following` gives the regime as it stands the day after `as_of`, for a per diem where the regime given stops
    on the as-of date (a French half-year that ends then); it is called only in that case."""
    cent = quantum(instrument.currency)
    cited = {c.label: c.cited for c in instrument.components}
    with localcontext(ENGINE_CONTEXT):
        comps = [
            _Component(
                label=label,
                awarded=amount,
                principal=amount,
                runs=_runs_for(label, regime, as_of),
                slot=slot,
                cited=cited.get(label),
            )
            for slot, (label, amount) in enumerate(components)
        ]
        timeline: set[date] = {as_of}
        capitalizing: dict[date, list[_Component]] = {}
        for comp in comps:
            for run in comp.runs:
                timeline.update((run.start, run.end), run.resets)
                if run.term.day_count is DayCount.ACT_ACT:
                    # Each act/act line divides by one year's length: cut at every 1 January.
                    timeline.update(date(y, 1, 1) for y in range(run.start.year + 1, run.end.year + 1))
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
        #: For each event line (by its index in `lines`), the states of the components it changed.
        changed: dict[int, list[tuple[int, tuple[Decimal, Decimal]]]] = {}
        paid = excess = _ZERO
        previous: date | None = None
        for day in sorted(d for d in timeline if d <= as_of):
            if previous is not None:
                for comp in accruing:
                    _accrue(comp, previous, day, rates, lines, cent)
            for comp in capitalizing.get(day, ()):
                _capitalize(comp, day, cent, lines, changed)
            for payment in paying.get(day, ()):
                line = _apply_payment(comps, payment, cent, lines, changed, _applied_by(instrument))
                paid += line.amount
                excess += line.excess
            previous = day
        for comp in comps:
            comp.close_line(cent)
        positions = tuple(
            ComponentPosition(
                label=c.label,
                awarded=c.awarded,
                principal=c.principal,
                interest=(c.capitalized + unscale(c.accrued)).quantize(cent),
                interest_accrued=unscale(c.interest_accrued).quantize(cent),
                interest_paid=c.interest_paid,
                principal_paid=c.principal_paid,
                cited=c.cited,
                capitalized=c.capitalized,
            )
            for c in comps
        )
        per_diem, per_diem_note = _per_diem(comps, regime, as_of, rates, following)
        ordered = _in_date_order(lines, changed, comps)
    later = [p for p in payments if p.date > as_of]
    extra = [Note(NoteKind.LATER_PAYMENTS, f"{len(later)} payment(s) dated after {as_of} not applied")] if later else []
    if per_diem_note is not None:
        extra.append(per_diem_note)
    return InstrumentStatement(
        id=instrument.id,
        kind=instrument.kind.value,
        forum=instrument.forum,
        currency=instrument.currency,
        date=instrument.date,
        as_of=as_of,
        components=positions,
        lines=ordered,
        regime=tuple(regime),
        notes=(*notes, *extra),
        status=instrument.status.value,
        paid=paid,
        excess=excess,
        per_diem=per_diem,
    )


def _in_date_order(
    lines: list[Line | _Draft], changed: dict[int, list[tuple[int, tuple[Decimal, Decimal]]]], comps: list[_Component]
) -> tuple[Line, ...]:
    """The lines in date order, each with the instrument's running balance after it.

    A line of interest stands at its end, before the events of that day (it accrued before them); a capitalization
    comes before a payment of the same day. The totals are kept as running sums: a line changes one component's
    state, so each line costs the same whatever the number of components.
    """
    if any(type(e) is _Draft and e.crossed for e in lines):
        keys = [
            (e.end, 0, i) if type(e) is _Draft else (e.on, 1 if type(e) is CapitalizationLine else 2, i)  # type: ignore[union-attr]
            for i, e in enumerate(lines)
        ]
        order = [i for _, _, i in sorted(keys)]
    else:
        order = list(range(len(lines)))  # built in date order already: the common case
    states = [(c.awarded, _ZERO) for c in comps]
    principal = sum((c.awarded for c in comps), _ZERO)
    interest = _ZERO
    ordered: list[Line] = []
    append = ordered.append
    for index in order:
        entry = lines[index]
        if type(entry) is _Draft:
            was_p, was_i = states[entry.slot]
            now_p, now_i = states[entry.slot] = entry.state
            principal += now_p - was_p
            interest += now_i - was_i
            append(entry.line(Balance(principal, interest)))
            continue
        for slot, state in changed[index]:
            was_p, was_i = states[slot]
            now_p, now_i = states[slot] = state
            principal += now_p - was_p
            interest += now_i - was_i
        # A NamedTuple built from its fields but the last (the balance, known only now): cheaper than _replace.
        append(tuple.__new__(type(entry), (*entry[:-1], Balance(principal, interest))))  # type: ignore[arg-type, index, type-var]
    return tuple(ordered)


def year_days(day_count: DayCount, day: date) -> int:
    """The length of the year a day's interest divides by under the convention."""
    if day_count is DayCount.ACT_365:
        return 365
    if day_count is DayCount.ACT_ACT:
        return 366 if is_leap(day.year) else 365
    return 360


def _per_diem(
    comps: list[_Component],
    regime: Sequence[RegimeTerm],
    as_of: date,
    rates: RateBook,
    following: Callable[[], Sequence[RegimeTerm]] | None,
) -> tuple[tuple[PerDiem, ...] | None, Note | None]:
    """What each component earns on the day after `as_of`, at the rate and on the base in force then."""
    out = []
    day_after = as_of + timedelta(days=1)
    for comp in comps:
        base = comp.principal + comp.capitalized
        if base <= 0:
            continue
        try:
            runs = _runs_for(comp.label, regime, day_after)
            if following is not None and runs and runs[-1].end == as_of:
                regime, following = following(), None  # the regime given stops today: take the next day's
                runs = _runs_for(comp.label, regime, day_after)
            run = next((r for r in runs if r.start <= as_of < r.end), None)
            if run is None:
                continue
            rate, _ = _rate_at(run, as_of, rates)
        except ExequaturError as exc:
            return None, Note(NoteKind.NO_PER_DIEM, f"no per diem after {as_of}: {exc}")
        basis = year_days(run.term.day_count, as_of)
        out.append(PerDiem(comp.label, base, rate.percent, basis, base * rate.percent / (100 * basis)))
    return tuple(out), None


def _next_run(comp: _Component, start: date) -> _Run | None:
    """Move to the run in force at `start` (or the next one to start), forgetting the previous run's rate."""
    runs = comp.runs
    while comp.run_index < len(runs) and runs[comp.run_index].end <= start:
        comp.run_index += 1
    comp.rate_until = date.min
    comp.run = runs[comp.run_index] if comp.run_index < len(runs) else None
    return comp.run


def _accrue(
    comp: _Component, start: date, end: date, rates: RateBook, lines: list[Line | _Draft], cent: Decimal
) -> None:
    """Add the interest of [start, end) to the component and to the statement (extending the last line if the
    base, rate, year length and rule are unchanged). This is the hot loop of the engine; keep it lean."""
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
    basis_days = year_days(day_count, start)
    draft = comp.open_line
    if (
        draft is not None
        and draft.end == start
        and draft.base == base
        and draft.rate is rate
        and draft.basis is run.basis
        and draft.year_days == basis_days
    ):
        if draft.index != len(lines) - 1:
            draft.crossed = True  # other lines came after it: the statement must be put in date order
        draft.end = end
        draft.days += n
        draft.interest += interest
        comp.accrued += interest
        comp.interest_accrued += interest
        return
    comp.close_line(cent)
    comp.open_line = _Draft(
        comp.label,
        start,
        end,
        n,
        base,
        rate,
        day_count,
        interest,
        run.basis,
        len(lines),
        basis_days,
        unscale(comp.accrued).quantize(cent),
        slot=comp.slot,
    )
    lines.append(comp.open_line)
    comp.accrued += interest
    comp.interest_accrued += interest


def _capitalize(
    comp: _Component,
    day: date,
    cent: Decimal,
    lines: list[Line | _Draft],
    changed: dict[int, list[tuple[int, tuple[Decimal, Decimal]]]],
) -> None:
    run = next((r for r in comp.runs if r.start < day <= r.end and r.term.compounding is not Compounding.NONE), None)
    if run is None:
        return
    comp.close_line(cent)
    amount = unscale(comp.accrued).quantize(cent)
    if amount == 0:
        comp.accrued = _ZERO
        return
    comp.capitalized += amount
    comp.accrued = _ZERO
    changed[len(lines)] = [(comp.slot, comp.state(cent))]
    lines.append(CapitalizationLine(component=comp.label, on=day, amount=amount, basis=run.basis))


def _applied_by(instrument: Instrument) -> str:
    """How a payment's application is named on the statement: the same order everywhere (DESIGN.md §7), called
    the "United States rule" only on a United States court's judgment, where that is its name."""
    if instrument.forum.startswith("US-"):
        return "United States rule: interest first, then principal"
    return "interest first, then principal"


def _apply_payment(
    comps: list[_Component],
    payment: Payment,
    cent: Decimal,
    lines: list[Line | _Draft],
    changed: dict[int, list[tuple[int, tuple[Decimal, Decimal]]]],
    rule: str,
) -> PaymentLine:
    """Apply a payment interest first (uncapitalized, then capitalized), then principal, component by component.

    Every open line closes here: the interest accrued to the day is rounded to the cent (it is what the payment is
    measured against), and what the payment leaves unpaid carries on in cents.
    """
    for comp in comps:
        comp.close_line(cent)
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
    line = PaymentLine(
        payment.date,
        payment.amount,
        to_interest,
        to_principal,
        left,
        payment.source,
        payment.cited,
        rule,
        credited=payment.credited,
    )
    changed[len(lines)] = [(c.slot, c.state(cent)) for c in comps]
    lines.append(line)
    return line
