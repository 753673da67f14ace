"""What each instrument of a matter comes to over time: its statement on a series of days, from its date to an
as-of date, as the engine computes it on each of those days (`accrue`). Nothing is interpolated: every point is
the statement `exequatur owe --as-of DAY` gives.

The days: about `steps` evenly spaced months from the first instrument's date to the as-of date, plus each
instrument's own date, each payment's day and the as-of date itself, so that the last point of every line is the
statement on the as-of date and a payment shows where it falls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure, InstrumentStatement
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """One instrument's statement on one day."""

    day: date
    principal: Decimal
    interest: Decimal
    paid: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One instrument's points, oldest first; `stop` is the engine's message where it gave no figure on a day
    (the line ends at the last day it did)."""

    instrument: str
    forum: str
    currency: str
    status: str
    points: tuple[Point, ...]
    stop: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    day: date
    amount: Decimal
    currency: str
    against: str  # the instrument or debt it is credited against, or "the debt"


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    matter: str
    as_of: date
    days: tuple[date, ...]
    lines: tuple[Line, ...]
    payments: tuple[Payment, ...]


def months_apart(start: date, as_of: date, steps: int = 36) -> int:
    """The months between two plotted days of `history_days` (about `steps` from `start` to `as_of`)."""
    span = (as_of.year - start.year) * 12 + as_of.month - start.month
    return max(1, span // max(1, steps))


def history_days(matter: Matter, as_of: date, steps: int = 36) -> tuple[date, ...]:
    """The days to compute: evenly spaced months (about `steps` of them) from the first instrument's date, each
    instrument's date and each payment's day up to `as_of`, and `as_of`."""
    dated = [i.date for i in matter.instruments if i.date <= as_of]
    if not dated:
        return ()
    start = min(dated)
    every = months_apart(start, as_of, steps)
    days = {as_of, *dated, *(p.date for p in matter.payments if start <= p.date <= as_of)}
    step = 0
    while (day := start + relativedelta(months=every * step)) < as_of:
        days.add(day)
        step += 1
    return tuple(sorted(days))


def history(matter: Matter, as_of: date, rates: RateBook, *, steps: int = 36) -> History:
    """Each instrument entered by `as_of`, computed on each of `history_days` from its own date."""
    days = history_days(matter, as_of, steps)
    points: dict[str, list[Point]] = {}
    stops: dict[str, str] = {}
    status: dict[str, str] = {}
    for day in days:
        for result in accrue(matter, day, rates).instruments:
            if result.id in stops:
                continue
            if isinstance(result, InstrumentFailure):
                stops[result.id] = result.message
                continue
            assert isinstance(result, InstrumentStatement)
            status[result.id] = result.status
            points.setdefault(result.id, []).append(
                Point(day=day, principal=result.principal, interest=result.interest, paid=result.paid)
            )
    lines = tuple(
        Line(
            instrument=i.id,
            forum=i.forum,
            currency=i.currency,
            status=status.get(i.id, i.status.value),
            points=tuple(points.get(i.id, ())),
            stop=stops.get(i.id),
        )
        for i in matter.instruments
        if i.date <= as_of
    )
    payments = tuple(
        Payment(day=p.date, amount=p.amount, currency=p.currency, against=p.instrument or p.debt or "the debt")
        for p in matter.payments
        if p.date <= as_of
    )
    return History(matter=matter.id, as_of=as_of, days=days, lines=lines, payments=payments)
