"""Dated rate series (statistical tables, a matter's own fixings) and the book that finds them by id.

A lookup never guesses: a date before the first row, after the series' coverage, or further from the newest row
than the series allows is an error that names the series and the date; past the end it also names the command that
brings the table up to date.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from exequatur.model.errors import RateLookupError, RateTableFormatError
from exequatur.model.source import Source


class RatePoint(NamedTuple):
    """One published value, in percent per annum (or the quoted rate for exchange rates). A NamedTuple: tables
    hold thousands of them and load on every run. `source` is the file and line the row was read from, so a
    table extended by another file still tells each row's origin."""

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
    `renew` says how to bring the table past its end (the loader knows the commands; the error names them).
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
    renew: str | None = None
    _dates: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(p.on for p in self.points))

    @property
    def first(self) -> date:
        return self._dates[0]

    @property
    def last_row(self) -> date:
        return self._dates[-1]

    @property
    def last(self) -> date:
        """The last date a lookup can answer: `covered_until`, else the newest row plus the gap allowed."""
        if self.covered_until is not None:
            return self.covered_until
        return self._dates[-1] + timedelta(days=self.max_gap_days or 0)

    def _past_end(self, day: date, *, exact: bool) -> RateLookupError:
        """The error for a day after the table's end: it names the last covered date and how to go further."""
        how = self.renew or f"add rows dated after {self.last_row} to {self.origin}"
        if exact:
            what = f"no row dated {day}: its last row is {self.last_row} (it covers {self.first} to {self.last})"
        else:
            if self.covered_until is not None:
                why = "the covered_until of its header"
            else:
                why = f"its last row, {self.last_row}, answers for {self.max_gap_days or 0} days"
            what = f"no value for {day}: it covers {self.first} to {self.last} ({why}), and {day} is past its end"
        return RateLookupError(
            f"rate table {self.id!r} has {what}; to bring it up to date, {how}", table=self.id, on=day
        )

    def on_or_before(self, day: date) -> RatePoint:
        """The newest value published on or before `day` (the openfisca rule), within the series' gap."""
        if self.points and day > self.last:
            raise self._past_end(day, exact=False)
        if not self.points or day < self.first:
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

    def steady_through(self, day: date) -> date:
        """The last day whose `on_or_before` answers as `day`'s does: the day before the next row, within the gap
        and the coverage (a judgment's rate fixed by the row in force on its date is the same until then)."""
        i = bisect.bisect_right(self._dates, day)
        end = self._dates[i] - timedelta(days=1) if i < len(self._dates) else self.last
        if self.max_gap_days is not None and i > 0:
            end = min(end, self._dates[i - 1] + timedelta(days=self.max_gap_days))
        return min(end, self.last)

    def exactly(self, day: date) -> RatePoint:
        """The row dated exactly `day` (e.g. the H.15 week ending on a given Friday)."""
        if self.points and day > self.last_row:
            raise self._past_end(day, exact=True)
        i = bisect.bisect_left(self._dates, day)
        if i == len(self._dates) or self._dates[i] != day:
            raise RateLookupError(f"rate table {self.id!r} has no row dated {day}", table=self.id, on=day)
        return self.points[i]

    def extended_by(self, other: RateSeries) -> RateSeries:
        """This series with the rows of `other` (a user's table or a `--rates` file of the same id) merged by date.

        Where both have a row for a date, `other`'s wins; every row keeps the file and line it came from. The
        series keeps its own definition (title, gap rule, quote); `other`'s covered_until and reviewed apply where
        later, and a new change in a series of changes vouches for its own date.
        """
        if other.quote is not None and self.quote is not None and other.quote != self.quote:
            raise RateTableFormatError(
                f"{other.id} quotes {other.quote!r} but the table it extends quotes {self.quote!r}",
                source=Source(other.origin, 1),
            )
        rows = {p.on: p for p in self.points}
        rows.update((p.on, p) for p in other.points)
        points = tuple(rows[d] for d in sorted(rows))
        covered = self.covered_until
        if other.covered_until is not None and other.covered_until > self.last:
            covered = other.covered_until
        if self.max_gap_days is None and points and (covered is None or points[-1].on > covered):
            covered = points[-1].on
        reviewed = max((d for d in (self.reviewed, other.reviewed) if d is not None), default=None)
        return RateSeries(
            id=self.id,
            title=self.title,
            source=f"{self.source}; extended by {other.origin} ({other.source})",
            points=points,
            origin=f"{self.origin} + {other.origin}",
            max_gap_days=self.max_gap_days,
            covered_until=covered,
            quote=self.quote or other.quote,
            gaps=tuple(sorted({*self.gaps, *other.gaps})),
            licence=self.licence,
            reviewed=reviewed,
            renew=self.renew,
        )


@dataclass(frozen=True, slots=True)
class RateBook:
    """Rate series by id, searched in order of precedence: tables that replace (`own`), then the matter's own
    lists, then the tables shipped with the package (already extended by the user's own copies).

    `extensions` (the run's `--rates` files) never replace: each extends the table of its id found in those
    layers, so a file with three new rows leaves every older lookup working.
    """

    own: Mapping[str, RateSeries]
    shipped: Mapping[str, RateSeries]
    matter: Mapping[str, RateSeries] = field(default_factory=dict)
    extensions: Mapping[str, RateSeries] = field(default_factory=dict)
    _extended: dict[str, RateSeries] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        own: Iterable[RateSeries],
        shipped: Mapping[str, RateSeries] | Iterable[RateSeries],
        extensions: Iterable[RateSeries] = (),
    ) -> RateBook:
        added: dict[str, RateSeries] = {}
        for series in extensions:  # two files of one id: the later extends the earlier
            added[series.id] = added[series.id].extended_by(series) if series.id in added else series
        return cls(
            own={s.id: s for s in own},
            shipped=shipped if isinstance(shipped, Mapping) else {s.id: s for s in shipped},
            extensions=added,
        )

    def with_matter(self, series: Iterable[RateSeries]) -> RateBook:
        """This book with a matter's own rate lists, below the run's files and above the shipped tables."""
        return RateBook(
            own=self.own, shipped=self.shipped, matter={s.id: s for s in series}, extensions=self.extensions
        )

    @property
    def layers(self) -> tuple[Mapping[str, RateSeries], ...]:
        return (self.own, self.matter, self.shipped)

    def get(self, table: str, *, on: date) -> RateSeries:
        if table in self._extended:
            return self._extended[table]
        for layer in self.layers:
            if table in layer:
                base = layer[table]
                break
        else:
            if table in self.extensions:
                return self.extensions[table]
            known = sorted({k for layer in (*self.layers, self.extensions) for k in layer})
            raise RateLookupError(
                f"unknown rate table {table!r} (known: {', '.join(known) or 'none'})", table=table, on=on
            )
        if table not in self.extensions:
            return base
        self._extended[table] = base.extended_by(self.extensions[table])
        return self._extended[table]

    def __contains__(self, table: str) -> bool:
        return table in self.extensions or any(table in layer for layer in self.layers)

    def identity(self) -> tuple[Hashable, tuple[Any, ...]]:
        """A key two books share only where they give the same series for every id, and the objects the key names
        by their identity, to be kept alive beside it so that no identity is reused (a memo of what was read from
        the tables). A layer that says its own `identity()` (the shipped and user tables, parsed on use) is named
        without parsing a table; any other layer by each of its series."""
        keys: list[Hashable] = []
        held: list[Any] = []
        for layer in (self.own, self.matter, self.extensions, self.shipped):
            own = getattr(layer, "identity", None)
            if callable(own):
                keys.append(own())
                held.append(layer)
            else:
                keys.append(tuple((name, id(series)) for name, series in layer.items()))
                held.extend(layer.values())
        return tuple(keys), tuple(held)

    def may_cover(self, table: str, day: date) -> bool:
        """A cheap answer to "could `table` have a value for `day`?"; False only when it certainly has none."""
        if table in self.extensions:
            series = self.get(table, on=day)
            return series.first <= day <= series.last
        for layer in self.layers:
            if table in layer:
                covers = getattr(layer, "covers", None)
                if covers is not None:
                    return bool(covers(table, day))
                series = layer[table]
                return series.first <= day <= series.last
        return True
