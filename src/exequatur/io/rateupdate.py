"""Merge a newer official download into a rate table, refusing any row that contradicts the history held.

The shipped tables are never written: the rows a download adds go to the user's own copy of the table in the
data directory (io/datadir.py), which the loader lays over the shipped one. That copy keeps the shipped table's
definition (title, gap rule, quote), cites each of its rows (the source column names the file or the publisher's
series and the day it was read), and carries the review date of the last merge.

A row the table already holds must carry the same value; for a series of changes (max_gap_days: none) a daily
observation must equal the value in force that day. A contradiction stops the merge with the conflicting dates
listed, and nothing is written. Past the table's end, a series of changes keeps one row per change and its
covered_until moves to the last day observed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from exequatur.io.atomic import write_atomic
from exequatur.io.ratetables import RateTables, parse_rate_table
from exequatur.model.errors import ExequaturError, RateTableFormatError
from exequatur.model.rates import RatePoint, RateSeries
from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class MergeResult:
    """The user's table after the merge (None: nothing to keep), and what changed."""

    text: str | None
    added: tuple[date, ...]
    confirmed: int
    before_first: int
    ends_before: date
    ends_after: date


def read_official(path: Path) -> dict[date, Decimal]:
    """Rows of an official CSV: a date column and a value column (FRED's `observation_date,SERIES` and the like).

    Blank or '.' values (FRED's mark for a day without publication) are skipped, as the shipped tables do.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RateTableFormatError(f"{path} is not a UTF-8 text file", source=Source(str(path), 0)) from None
    except OSError as exc:
        raise RateTableFormatError(f"cannot read {path}: {exc.strerror}", source=Source(str(path), 0)) from None
    return parse_official(text, path)


def parse_official(text: str, path: Path | str) -> dict[date, Decimal]:
    """The rows of an official CSV's text (`read_official`'s rules); `path` names it in the errors (an upload)."""
    from exequatur.model.numbers import FIRST_DATE, LAST_DATE

    rows: dict[date, Decimal] = {}
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a NUL byte, an unclosed quote: not a CSV download
        raise RateTableFormatError(f"{path} is not a CSV file ({exc})", source=Source(str(path), 0)) from None
    for number, cells in enumerate(lines, start=1):
        if not cells or cells[0].startswith("#"):
            continue
        try:
            day = date.fromisoformat(cells[0].strip())
        except ValueError:
            if number == 1 or not rows:
                continue  # a header line
            raise RateTableFormatError(f"{cells[0]!r} is not a date", source=Source(str(path), number)) from None
        if not FIRST_DATE <= day <= LAST_DATE:
            raise RateTableFormatError(
                f"{day} is outside the dates exequatur computes ({FIRST_DATE} to {LAST_DATE})",
                source=Source(str(path), number),
            )
        if len(cells) < 2 or cells[1].strip() in ("", "."):
            continue
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cells[1].strip()):
            raise RateTableFormatError(
                f"{cells[1]!r} is not a plain decimal number", source=Source(str(path), number)
            ) from None
        rows[day] = Decimal(cells[1].strip())
    if not rows:
        raise RateTableFormatError(
            f"{path} holds no 'date,value' rows: is it the CSV download?", source=Source(str(path), 1)
        )
    return rows


#: What to do when the publisher revised rows of the user's own copy, a file in the data directory.
OWN_FILE = "delete that file and run the command again"


def _refuse(
    table: RateSeries, conflicts: list[tuple[date, RatePoint, Decimal]], user: RateSeries | None, revised: str
) -> None:
    listed = "; ".join(f"{day}: table {held.value} ({held.source}), new file {value}" for day, held, value in conflicts)
    advice = ""
    if user is not None and any(held.source.file == user.origin for _, held, _ in conflicts):
        advice = f"; rows of your own copy ({user.origin}) disagree: if the publisher revised them, {revised}"
    raise RateTableFormatError(
        f"the new file contradicts {len(conflicts)} row(s) of {table.id}: {listed[:1500]}{advice}",
        source=conflicts[0][1].source,  # the first row held that the new file contradicts
    )


def _covered_by(table: RateSeries, last: date) -> date:
    """How far a new last row carries a table that states its coverage (covered_until): a half-year table's row
    covers its half-year (the French legal rate); any other carries as far past it as the old last row did."""
    if all(p.on.day == 1 and p.on.month in (1, 7) for p in table.points) and last.day == 1 and last.month in (1, 7):
        return date(last.year, 6, 30) if last.month == 1 else date(last.year, 12, 31)
    assert table.covered_until is not None
    return last + (table.covered_until - table.last)


def merge(
    shipped: RateSeries | None,
    user: RateSeries | None,
    new_rows: Mapping[date, Decimal],
    *,
    today: date,
    provenance: str,
    revised: str = OWN_FILE,
) -> MergeResult:
    """Merge `new_rows` into the table that `shipped` extended by `user` makes; return the user's new copy.

    `provenance` cites the new rows (a file name, or the publisher's series and the day it was fetched);
    `revised` says how to drop the user's own rows that the publisher has since revised (they live in a file, or
    in the database: store/rates.py).
    """
    base = shipped or user
    if base is None:
        raise ExequaturError("merge needs the shipped table or the user's copy")
    table = shipped.extended_by(user) if shipped is not None and user is not None else base
    mine = {p.on: (p.value, p.note) for p in user.points} if user is not None else {}
    added: list[date] = []
    conflicts: list[tuple[date, RatePoint, Decimal]] = []
    covered = table.covered_until
    confirmed = before_first = 0
    if table.max_gap_days is None:
        # A series of changes: each observation must equal the value then in force; later ones add the changes.
        in_force = table.on_or_before(table.last)
        for day, value in sorted(new_rows.items()):
            if day < table.first:
                before_first += 1
            elif day <= table.last:
                held = table.on_or_before(day)
                if held.value != value:
                    conflicts.append((day, held, value))
                confirmed += 1
            elif value != in_force.value:
                added.append(day)
                in_force = RatePoint(day, value, Source(provenance, 0))
        last_seen = max(new_rows, default=table.last)
        if last_seen > table.last:
            covered = last_seen
            if not mine and not added:
                # Nothing changed, but the publisher vouches for the rate in force to a later day: keep the row in
                # force, cited to this confirmation, so the user's copy can carry the new covered_until.
                row = table.on_or_before(table.last)
                mine[row.on] = (row.value, f"{provenance}: still in force on {last_seen} (row as in {row.source})")
    else:
        held_rows = {p.on: p for p in table.points}
        for day, value in sorted(new_rows.items()):
            if day not in held_rows:
                added.append(day)
            elif held_rows[day].value != value:
                conflicts.append((day, held_rows[day], value))
            else:
                confirmed += 1
        if covered is not None and added and added[-1] > table.last:
            covered = max(covered, _covered_by(table, added[-1]))
    if conflicts:
        _refuse(table, conflicts, user, revised)
    for day in added:
        mine[day] = (new_rows[day], provenance)
    text = _user_table(base, mine, covered, today, provenance, shipped is not None) if mine else None
    ends_after = table.last
    if text is not None:
        # Read back what would be written, as the loader will: never keep a file it would refuse.
        copy = parse_rate_table(text, user.origin if user is not None else f"{base.id} (user copy)")
        ends_after = (shipped.extended_by(copy) if shipped is not None else copy).last
    return MergeResult(
        text=text,
        added=tuple(added),
        confirmed=confirmed,
        before_first=before_first,
        ends_before=table.last,
        ends_after=ends_after,
    )


def _user_table(
    base: RateSeries,
    rows: Mapping[date, tuple[Decimal, str | None]],
    covered: date | None,
    today: date,
    latest: str,
    extends_shipped: bool,
) -> str:
    """The user's copy: the table's definition, then its own rows, each cited."""
    out = io.StringIO()
    what = "rows added by exequatur to the table it ships" if extends_shipped else base.source
    header = [
        f"id: {base.id}",
        f"title: {base.title}",
        f"source: {what}, each cited in the source column; the latest from {latest}",
    ]
    if base.licence:
        header.append(f"licence: {base.licence}")
    header.append(f"max_gap_days: {'none' if base.max_gap_days is None else base.max_gap_days}")
    if covered is not None:
        header.append(f"covered_until: {covered.isoformat()}")
    if base.quote:
        header.append(f"quote: {base.quote}")
    header.append(f"reviewed: {today.isoformat()}")
    out.write("".join(f"# {line}\n" for line in header))
    out.write("date,value,source\n")
    writer = csv.writer(out, lineterminator="\n")
    for day in sorted(rows):
        value, note = rows[day]
        writer.writerow([day.isoformat(), str(value), (note or "").replace("\n", " ")])
    return out.getvalue()


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreReport:
    """What a `rates update` or `rates fetch` did to one table."""

    table: str
    result: MergeResult
    written: Path | None
    replaced_unreadable: str | None = None
    #: Where the rows were written when it is not a file (a database: store/rates.py); None: nothing written.
    stored_in: str | None = None

    def lines(self) -> list[str]:
        r = self.result
        out = []
        if self.replaced_unreadable:
            out.append(f"{self.table}: your copy could not be read ({self.replaced_unreadable}); it is replaced")
        written = self.stored_in or self.written
        where = f"written to {written}" if written else "nothing new to keep; nothing written"
        out.append(f"{self.table}: {len(r.added)} row(s) added, {r.confirmed} confirmed; {where}")
        if r.added:
            out.append(f"  new rows {r.added[0]} to {r.added[-1]}")
        if r.before_first:
            out.append(f"  {r.before_first} observation(s) before the table's first row left out")
        if r.ends_after > r.ends_before:
            out.append(f"  the table now covers to {r.ends_after} (it ended {r.ends_before})")
        else:
            out.append(f"  the table covers to {r.ends_after}")
        return out


def store(
    tables: RateTables,
    table: str,
    new_rows: Mapping[date, Decimal],
    *,
    today: date,
    provenance: str,
    output: Path | None = None,
) -> StoreReport:
    """Merge `new_rows` into `table` and write the user's copy atomically (to `output` if given).

    A user's copy that cannot be read is replaced by the shipped table's merge (the error said to run this again).
    """
    shipped = tables.shipped.get(table)
    user: RateSeries | None = None
    unreadable = None
    if table in tables.user:
        try:
            user = tables.user[table]
        except RateTableFormatError as exc:
            if shipped is None:
                raise
            unreadable = str(exc).split(";")[0]
    result = merge(shipped, user, new_rows, today=today, provenance=provenance)
    target = output or tables.user.path(table)
    written = None
    if result.text is not None:
        written = write_atomic(target, result.text)
    return StoreReport(table=table, result=result, written=written, replaced_unreadable=unreadable)
