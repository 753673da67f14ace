"""What an instrument would be worth in each forum if a judgment on it were entered there on a given date.

For each forum a hypothetical judgment is added to the matter: based on the instrument, carrying its unpaid
balance on the recognition date, in the forum's currency where the forum converts at entry and in the
instrument's own currency where it converts at payment. Each is then computed by the same engine and rules as a
real judgment, so every figure traces to its rule. The instrument itself, left to its own terms, is the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure, InstrumentStatement
from exequatur.model.errors import ExequaturError
from exequatur.model.instruments import Instrument, InstrumentKind, InstrumentStatus
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from exequatur.rules.conversion import CONVERSION, ConvertAt
from exequatur.rules.registry import FORUMS, forum

Result = InstrumentStatement | InstrumentFailure


@dataclass(frozen=True, slots=True, kw_only=True)
class Projection:
    """One forum's (or the baseline's) statement on the end date and its path of totals over time."""

    label: str
    forum: str
    result: Result
    path: tuple[tuple[date, Decimal], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    matter: str
    instrument: str
    recognized_on: date
    until: date
    baseline: Projection
    forums: tuple[Projection, ...]


def _hypothetical(base: Instrument, code: str, on: date) -> Instrument:
    court = forum(code)
    if court.interest is None or court.currency is None:
        raise ExequaturError(f"{code} is not a court whose judgments exequatur can compute")
    rule = CONVERSION.get(code)
    currency = base.currency if rule is not None and rule.at is ConvertAt.PAYMENT else court.currency
    return Instrument(
        id=f"{base.id}@{code}",
        kind=InstrumentKind.JUDGMENT,
        forum=code,
        date=on,
        currency=currency,
        components=(),
        carried=True,
        based_on=base.id,
        status=InstrumentStatus.SOUGHT,
        title=f"judgment on {base.id} entered in {court.name} on {on} (projection)",
        source=Source("<compare>", 0),
    )


def _path(
    matter: Matter, instrument: str, start: date, until: date, rates: RateBook, steps: int
) -> tuple[tuple[date, Decimal], ...]:
    months = max(1, ((until.year - start.year) * 12 + until.month - start.month) // steps or 1)
    days = []
    day = start
    while day < until:
        days.append(day)
        day = start + relativedelta(months=months * len(days))
    days.append(until)
    points = []
    for day in days:
        result = accrue(matter, day, rates, instrument=instrument).instruments[0]
        if isinstance(result, InstrumentStatement):
            points.append((day, result.total))
    return tuple(points)


def compare(
    matter: Matter,
    instrument: str,
    forums: list[str],
    recognized_on: date,
    until: date,
    rates: RateBook,
    *,
    steps: int = 48,
) -> Comparison:
    """Project `instrument` into each of `forums` from `recognized_on` to `until`."""
    if until < recognized_on:
        raise ExequaturError(f"--until {until} is before --recognized-on {recognized_on}")
    base = matter.instrument(instrument)
    unknown = [code for code in forums if code not in FORUMS]
    if unknown:
        raise ExequaturError(f"unknown forum(s) {', '.join(unknown)} (known: {', '.join(FORUMS)})")
    hypotheticals = [_hypothetical(base, code, recognized_on) for code in forums]
    projected = replace(matter, instruments=(*matter.instruments, *hypotheticals))
    start = max(base.date, recognized_on)
    baseline = Projection(
        label=f"{instrument} on its own terms",
        forum=base.forum,
        result=accrue(projected, until, rates, instrument=instrument).instruments[0],
        path=_path(projected, instrument, start, until, rates, steps),
    )
    projections = tuple(
        Projection(
            label=f"judgment in {h.forum}",
            forum=h.forum,
            result=accrue(projected, until, rates, instrument=h.id).instruments[0],
            path=_path(projected, h.id, recognized_on, until, rates, steps),
        )
        for h in hypotheticals
    )
    return Comparison(
        matter=matter.id,
        instrument=instrument,
        recognized_on=recognized_on,
        until=until,
        baseline=baseline,
        forums=projections,
    )
