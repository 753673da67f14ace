"""What each rate table's end keeps from being computed (`rates stale`, `rules stale`).

A table that ends before the date asked about blocks whatever reads it past its end. Rather than restate each
forum's reading of its tables here, the forum's own rule is asked: a probe judgment of that forum is handed to
its interest rule with the real tables, and a search over entry dates (or dates computed to) finds the last one
that works. Exchange tables are probed the same way through the engine's own conversion. So the answer stays
true when a rule changes which day it reads (e.g. §1961's week before entry, Ontario's quarter before).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations

from exequatur.engine.conversion import FX_TABLES, convert
from exequatur.model.errors import ExequaturError
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.parties import Party
from exequatur.model.rates import RateBook, RateSeries
from exequatur.model.source import Source
from exequatur.rules.forum import Forum, RuleContext
from exequatur.rules.registry import FORUMS

_PROBE = Source("<rates stale probe>", 0)
#: How far before a table's end the probes start: a date every rule can compute while the table still covers it.
_LEAD = timedelta(days=400)


@dataclass(frozen=True, slots=True, kw_only=True)
class TableStatus:
    """One table against a date: where it ends, how far behind it is, and what that blocks."""

    table: str
    on: date
    last_row: date | None = None
    ends: date | None = None
    blocked: tuple[str, ...] = ()
    error: str | None = None

    @property
    def behind(self) -> int:
        return (self.on - self.ends).days if self.ends is not None and self.ends < self.on else 0

    @property
    def stale(self) -> bool:
        return self.error is not None or self.behind > 0

    def __str__(self) -> str:
        if self.error is not None:
            return f"{self.table}: cannot be read: {self.error}"
        ends = f"last row {self.last_row}, covers to {self.ends}"
        if not self.stale:
            return f"{self.table}: {ends}: up to date on {self.on}"
        blocked = "; ".join(self.blocked) or "lookups after its end fail"
        return f"{self.table}: {ends}, {self.behind} days before {self.on}: {blocked}"


def _last_true(works: Callable[[date], bool], low: date, high: date) -> date:
    """The last day in [low, high] for which `works` holds, given works(low) and not works(high) (monotone)."""
    while (high - low).days > 1:
        middle = low + timedelta(days=(high - low).days // 2)
        if works(middle):
            low = middle
        else:
            high = middle
    return low


def _judgment(forum: Forum, entered: date) -> Instrument:
    return Instrument(
        id="probe",
        kind=InstrumentKind.JUDGMENT,
        forum=forum.code,
        date=entered,
        currency=forum.currency or "USD",
        components=(Component(label="probe", amount=Decimal(100), source=_PROBE),),
        source=_PROBE,
    )


# Creditors whose category may select the table a rule reads (the French legal rate has one for private persons).
_CREDITORS = (None, Party(name="probe", source=_PROBE, private_individual=True))


def _forum_blocked(forum: Forum, series: RateSeries, on: date, book: RateBook) -> str | None:
    rule = forum.interest
    if rule is None:
        return None

    def fails(entered: date, as_of: date) -> bool:
        """Whether some creditor's judgment entered on `entered`, computed to `as_of`, needs the table and fails."""
        for creditor in _CREDITORS:
            try:
                rule.regime(_judgment(forum, entered), RuleContext(rates=book, as_of=as_of, creditor=creditor))
            except ExequaturError as exc:
                if series.id in str(exc):
                    return True
        return False

    # A first judgment the rule can compute while the table still covers it: the searches start there.
    span = series.last - series.first
    candidates = [series.last - d for d in (_LEAD, span // 2, span // 4, timedelta(days=45)) if d <= span]
    start = next((day for day in candidates if not fails(day, day)), None)
    if start is None:
        return f"{forum.code}: cannot tell (judgments entered while the table covers them fail too)"
    if fails(start, on):
        last = _last_true(lambda day: not fails(start, day), start, on)
        return f"no {forum.code} judgment can be computed to a date after {last}"
    if fails(on, on):
        last = _last_true(lambda day: not fails(day, on), start, on)
        return f"{forum.code} judgments entered after {last} cannot be computed"
    return None


def _conversions(on: date, book: RateBook) -> dict[frozenset[str], tuple[date | None, tuple[str, ...]]]:
    """For each pair of currencies the exchange tables serve: the last day it converts, if before `on` (else None),
    and the tables read on that day."""

    def rows(a: str, b: str, day: date) -> tuple[str, ...] | None:
        try:
            return tuple(r.table for r in convert(Decimal(1), a, b, day, book, citation="probe").rows)
        except ExequaturError:
            return None

    out: dict[frozenset[str], tuple[date | None, tuple[str, ...]]] = {}
    currencies = sorted({c for pair in FX_TABLES for c in pair})
    ends: set[date] = set()
    for table in {t for ts in FX_TABLES.values() for t in ts if t in book}:
        try:
            ends.add(book.get(table, on=on).last)
        except ExequaturError:
            continue  # a damaged table: its own status line says so
    for a, b in combinations(currencies, 2):
        used = rows(a, b, on)
        if used is not None:
            out[frozenset({a, b})] = (None, used)
            continue
        good = [day for day in sorted(ends) if day < on and rows(a, b, day) is not None]
        if not good:
            continue

        def converts(day: date, a: str = a, b: str = b) -> bool:
            return rows(a, b, day) is not None

        last = _last_true(converts, good[-1], on)
        out[frozenset({a, b})] = (last, rows(a, b, last) or ())
    return out


def _pair(pair: frozenset[str]) -> str:
    order = ("USD", "EUR", "GBP", "CAD")
    return "/".join(sorted(pair, key=lambda c: order.index(c) if c in order else len(order)))


def table_status(tables: Mapping[str, RateSeries], on: date, book: RateBook | None = None) -> list[TableStatus]:
    """Every table against `on`, with what its end blocks for forums and conversions."""
    book = book or RateBook.of([], tables)
    statuses: list[TableStatus] = []
    conversions: dict[frozenset[str], tuple[date | None, tuple[str, ...]]] | None = None
    fx_tables = {t for ts in FX_TABLES.values() for t in ts}
    for table in tables:
        try:
            series = tables[table]
        except ExequaturError as exc:
            statuses.append(TableStatus(table=table, on=on, error=str(exc)))
            continue
        status = TableStatus(table=table, on=on, last_row=series.last_row, ends=series.last)
        if not status.stale:
            statuses.append(status)
            continue
        blocked: list[str] = []
        for forum in FORUMS.values():
            if table in forum.tables:
                found = _forum_blocked(forum, series, on, book)
                if found:
                    blocked.append(found)
        if table in fx_tables:
            conversions = conversions if conversions is not None else _conversions(on, book)
            for pair, (last, used) in sorted(conversions.items(), key=lambda item: _pair(item[0])):
                direct = table in FX_TABLES.get(pair, ())
                if last is not None and table in used and series.last <= last:
                    blocked.append(f"{_pair(pair)} conversions after {last} cannot be made")
                elif direct and table not in used and used:
                    until = f" (until {last})" if last is not None else ""
                    blocked.append(
                        f"{_pair(pair)} conversions after {series.last} use {', '.join(sorted(set(used)))}{until}"
                    )
        if not blocked:
            blocked.append(
                f"lookups after {series.last} fail: an award or judgment whose interest follows {table} cannot be "
                "computed past it"
            )
        statuses.append(
            TableStatus(table=table, on=on, last_row=series.last_row, ends=series.last, blocked=tuple(blocked))
        )
    return statuses
