"""Dated rate series (statistical tables, a matter's own fixings) and the book that finds them by id.

A lookup never guesses: a date before the first row, after the series' coverage, or further from the newest row
than the series allows is an error that names the series and the date.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from exequatur.model.errors import RateLookupError
from exequatur.model.source import Source


class RatePoint(NamedTuple):
    """One published value, in percent per annum (or the quoted rate for exchange rates). A NamedTuple: tables
    hold thousands of them and load on every run."""

    on: date
    value: Decimal
    source: Source
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateSeries:
    """A series of dated values with its provenance.

    `max_gap_days` bounds how far back the newest value may lie (a weekend or a holiday, not a missing month);
    None marks a series of changes (a central bank rate), where a value holds until the next row.
    `covered_until` is the last date the series vouches for; past it a lookup fails even within the gap.
    `quote` names an exchange rate's terms, e.g. "CAD per USD"; `gaps` lists known holes, as (first, last) rows.
    """

    id: str
    title: str
    source: str
    points: tuple[RatePoint, ...]
    origin: str
    max_gap_days: int | None = 7
    covered_until: date | None = None
    quote: str | None = None
    gaps: tuple[tuple[date, date], ...] = ()
    licence: str | None = None
    reviewed: date | None = None
    _dates: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(p.on for p in self.points))

    @property
    def first(self) -> date:
        return self._dates[0]

    @property
    def last(self) -> date:
        if self.covered_until is not None:
            return self.covered_until
        return self._dates[-1] + timedelta(days=self.max_gap_days or 0)

    def on_or_before(self, day: date) -> RatePoint:
        """The newest value published on or before `day` (the openfisca rule), within the series' gap."""
        if not self.points or day < self.first or day > self.last:
            span = f"{self.first} to {self.last}" if self.points else "no rows"
            raise RateLookupError(
                f"rate table {self.id!r} has no value for {day}: it covers {span}", table=self.id, on=day
            )
        point = self.points[bisect.bisect_right(self._dates, day) - 1]
        if self.max_gap_days is not None and (day - point.on).days > self.max_gap_days:
            raise RateLookupError(
                f"rate table {self.id!r} has no value for {day}: the newest earlier row is {point.on}, "
                f"more than {self.max_gap_days} days before",
                table=self.id,
                on=day,
            )
        return point

    def exactly(self, day: date) -> RatePoint:
        """The row dated exactly `day` (e.g. the H.15 week ending on a given Friday)."""
        i = bisect.bisect_left(self._dates, day)
        if i == len(self._dates) or self._dates[i] != day:
            raise RateLookupError(f"rate table {self.id!r} has no row dated {day}", table=self.id, on=day)
        return self.points[i]


@dataclass(frozen=True, slots=True)
class RateBook:
    """Rate series by id, searched in order of precedence: the run's own files (`--rates`), then the matter's own
    lists, then the tables shipped with the package."""

    own: Mapping[str, RateSeries]
    shipped: Mapping[str, RateSeries]
    matter: Mapping[str, RateSeries] = field(default_factory=dict)

    @classmethod
    def of(cls, own: Iterable[RateSeries], shipped: Mapping[str, RateSeries] | Iterable[RateSeries]) -> RateBook:
        return cls(
            own={s.id: s for s in own},
            shipped=shipped if isinstance(shipped, Mapping) else {s.id: s for s in shipped},
        )

    def with_matter(self, series: Iterable[RateSeries]) -> RateBook:
        """This book with a matter's own rate lists, below the run's files and above the shipped tables."""
        return RateBook(own=self.own, shipped=self.shipped, matter={s.id: s for s in series})

    @property
    def layers(self) -> tuple[Mapping[str, RateSeries], ...]:
        return (self.own, self.matter, self.shipped)

    def get(self, table: str, *, on: date) -> RateSeries:
        for layer in self.layers:
            if table in layer:
                return layer[table]
        known = sorted({k for layer in self.layers for k in layer})
        raise RateLookupError(f"unknown rate table {table!r} (known: {', '.join(known) or 'none'})", table=table, on=on)

    def __contains__(self, table: str) -> bool:
        return any(table in layer for layer in self.layers)

    def may_cover(self, table: str, day: date) -> bool:
        """A cheap answer to "could `table` have a value for `day`?"; False only when it certainly has none."""
        for layer in self.layers:
            if table in layer:
                covers = getattr(layer, "covers", None)
                if covers is not None:
                    return bool(covers(table, day))
                series = layer[table]
                return series.first <= day <= series.last
        return True
