"""Rate rows that users add, stored in the database: the extension of the shipped tables that a team shares.

The rows a download adds are merged by io/rateupdate.py's own `merge`, with its rules (a row held must keep its
value; a contradiction lists the dates and changes nothing); here they land as rows of `rate_rows` instead of a
file, in the caller's transaction, with one audit row per table changed. Read back, they are each table's
extension, laid over the shipped table as the data directory's copy is (RateSeries.extended_by): a new row adds,
it never hides an older one. Only shipped tables are extended: a table the package does not ship has no
definition (title, gap rule) for the database's rows to follow.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exequatur.io.ratetables import ShippedTables, parse_rate_table, shipped_tables
from exequatur.io.rateupdate import StoreReport, merge
from exequatur.model.errors import ExequaturError
from exequatur.model.rates import RateBook, RatePoint, RateSeries
from exequatur.model.source import Source
from exequatur.store import models as m

#: How a table read from the database is brought past its end (the error of a lookup after it names this).
RENEW = (
    "upload a newer official file for {table} on the web app's Rates page, or run "
    "`exequatur db rates update {table} FILE`"
)
#: How the publisher's revision of rows the database holds is undone: those rows are removed first.
REVISED = "remove them with `exequatur db rates remove {table}` and run the command again"


class UnknownTable(ExequaturError):
    def __init__(self, table: str, known: list[str]) -> None:
        from exequatur.io.suggest import did_you_mean

        super().__init__(f"unknown table {table!r}{did_you_mean(table, known)} (known: {', '.join(known)})")
        self.table = table


def origin(table: str) -> str:
    """The place the database's rows of `table` are cited to, as a file's rows are cited to the file."""
    return f"db:rates/{table}"


def _series(row: m.RateTableRow, shipped: RateSeries) -> RateSeries:
    """The database's rows of a table as a series with the shipped table's definition (as a user's copy has)."""
    where = origin(row.table)
    return RateSeries(
        id=row.table,
        title=shipped.title,
        source=row.source,
        points=tuple(RatePoint(r.date, r.value, Source(where, i), r.source) for i, r in enumerate(row.rows, 1)),
        origin=where,
        max_gap_days=shipped.max_gap_days,
        covered_until=row.covered_until,
        quote=shipped.quote,
        licence=shipped.licence,
        reviewed=row.reviewed,
    )


def _known(shipped: Mapping[str, RateSeries], table: str) -> RateSeries:
    if table not in shipped:
        raise UnknownTable(table, list(shipped))
    return shipped[table]


def require_table(table: str) -> None:
    """UnknownTable (with a suggestion) unless `table` is a shipped table, which the database may extend."""
    if table not in shipped_tables():
        raise UnknownTable(table, list(shipped_tables()))


def _stored(session: Session) -> list[m.RateTableRow]:
    return list(session.scalars(select(m.RateTableRow).order_by(m.RateTableRow.table)))


def extensions(session: Session, shipped: Mapping[str, RateSeries] | None = None) -> dict[str, RateSeries]:
    """Each shipped table's rows in the database, by id (a table with none is absent)."""
    shipped = shipped if shipped is not None else shipped_tables()
    return {r.table: _series(r, shipped[r.table]) for r in _stored(session) if r.table in shipped and r.rows}


def revision(session: Session) -> int:
    """A number that every change to the database's rate rows counts up: the sum of the tables' revisions."""
    total = session.scalar(select(func.coalesce(func.sum(m.RateTableRow.revision), 0)))
    return int(total or 0)


class StoredTables(Mapping[str, RateSeries]):
    """The tables a computation reads from a database: each shipped table, extended by the database's rows."""

    def __init__(self, shipped: ShippedTables, stored: Mapping[str, RateSeries]) -> None:
        self.shipped = shipped
        self.stored = stored
        self._merged: dict[str, RateSeries] = {}

    def __getitem__(self, table: str) -> RateSeries:
        if table not in self._merged:
            series = self.shipped[table]
            if table in self.stored:
                series = series.extended_by(self.stored[table])
            # Past its end, the error names the way to extend the database's table, not the data directory's.
            self._merged[table] = replace(series, renew=RENEW.format(table=table))
        return self._merged[table]

    def covers(self, table: str, day: date) -> bool:
        if table in self.stored:
            series = self[table]
            return series.first <= day <= series.last
        return self.shipped.covers(table, day)

    def __iter__(self) -> Iterator[str]:
        return iter(self.shipped)

    def __len__(self) -> int:
        return len(self.shipped)

    def __contains__(self, table: object) -> bool:
        return table in self.shipped


def tables(session: Session) -> StoredTables:
    """The shipped tables extended by the database's rows, read now."""
    shipped = shipped_tables()
    return StoredTables(shipped, extensions(session, shipped))


def rate_book(session: Session) -> RateBook:
    """A rate book of the shipped tables extended by the database's rows (the data directory is not read)."""
    return RateBook.of([], tables(session))


def _snapshot(row: m.RateTableRow | None, dates: set[date]) -> dict[str, Any] | None:
    """A table's header, its count of rows, and its rows on `dates`, as JSON for the audit log."""
    if row is None:
        return None
    return {
        "source": row.source,
        "covered_until": row.covered_until.isoformat() if row.covered_until else None,
        "reviewed": row.reviewed.isoformat() if row.reviewed else None,
        "row_count": len(row.rows),
        "rows": {r.date.isoformat(): {"value": str(r.value), "source": r.source} for r in row.rows if r.date in dates},
    }


def update(
    session: Session,
    table: str,
    new_rows: Mapping[date, Decimal],
    *,
    today: date,
    provenance: str,
    user: str,
    where: str = "the database",
    notes: Mapping[date, str] | None = None,
    vouched: date | None = None,
) -> StoreReport:
    """Merge an official download into the database's rows of `table`, as `rates update` merges it into a file.

    Runs in the caller's transaction: a contradiction raises before anything is written (the caller's rollback
    undoes nothing then, and everything on any later failure). `where` names the database in the report.
    `notes` cite new rows one by one instead of `provenance`, and `vouched` is a covered_until the rows already
    carry (both for a user's copy imported from the data directory, whose rows were merged and cited before).
    """
    shipped = _known(shipped_tables(), table)
    row = session.scalars(select(m.RateTableRow).where(m.RateTableRow.table == table).with_for_update()).one_or_none()
    own = _series(row, shipped) if row is not None and row.rows else None
    result = merge(shipped, own, new_rows, today=today, provenance=provenance, revised=REVISED.format(table=table))
    if result.text is None:
        return StoreReport(table=table, result=result, written=None)
    copy = parse_rate_table(result.text, origin(table))
    cited = {d: notes[d] for d in result.added if notes and notes.get(d)}
    wanted: dict[date, tuple[Decimal, str]] = {
        p.on: (p.value, cited.get(p.on) or p.note or provenance) for p in copy.points
    }
    held = {r.date: r for r in row.rows} if row is not None else {}
    changed = {d for d, cell in wanted.items() if d not in held or (held[d].value, held[d].source) != cell}
    covered = copy.covered_until
    if vouched is not None and covered is not None and vouched > covered:
        covered = vouched
    header = (copy.source, covered, copy.reviewed)
    if row is not None and not changed and header == (row.source, row.covered_until, row.reviewed):
        return StoreReport(table=table, result=result, written=None)
    before = _snapshot(row, changed)
    now = datetime.now(UTC)
    if row is None:
        row = m.RateTableRow(table=table, revision=0, created_at=now, created_by=user)
        session.add(row)
    row.source, row.covered_until, row.reviewed = header
    row.updated_at, row.updated_by = now, user
    row.revision += 1
    for day in sorted(changed):
        value, note = wanted[day]
        if day in held:
            held[day].value, held[day].source = value, note
        else:
            row.rows.append(m.RateRowRow(date=day, value=value, source=note, added_at=now, added_by=user))
    session.flush()
    session.add(
        m.AuditRow(
            at=now,
            user=user,
            action="create" if before is None else "update",
            matter="",
            revision=row.revision,
            entity=f"rates/{table}",
            before=before,
            after=_snapshot(row, changed),
        )
    )
    session.flush()
    return StoreReport(table=table, result=result, written=None, stored_in=where)


def remove(session: Session, table: str, *, user: str) -> int:
    """Remove every row the database added to `table` (the publisher revised them); return how many. Audited."""
    _known(shipped_tables(), table)
    row = session.scalars(select(m.RateTableRow).where(m.RateTableRow.table == table).with_for_update()).one_or_none()
    if row is None or not row.rows:
        return 0
    before = _snapshot(row, {r.date for r in row.rows})
    count = len(row.rows)
    row.rows = []
    row.covered_until = None
    row.revision += 1
    row.updated_at, row.updated_by = datetime.now(UTC), user
    session.flush()
    session.add(
        m.AuditRow(
            at=row.updated_at,
            user=user,
            action="delete",
            matter="",
            revision=row.revision,
            entity=f"rates/{table}",
            before=before,
            after=_snapshot(row, set()),
        )
    )
    session.flush()
    return count


@dataclass(frozen=True, slots=True)
class TableSummary:
    """A table the database extends: its rows added, the last of them, its coverage, and the last change."""

    table: str
    rows: int
    first: date | None
    last: date | None
    covered_until: date | None
    revision: int
    updated_at: datetime
    updated_by: str


def listed(session: Session) -> list[TableSummary]:
    return [
        TableSummary(
            table=r.table,
            rows=len(r.rows),
            first=r.rows[0].date if r.rows else None,
            last=r.rows[-1].date if r.rows else None,
            covered_until=r.covered_until,
            revision=r.revision,
            updated_at=r.updated_at,
            updated_by=r.updated_by,
        )
        for r in _stored(session)
    ]


def rows_of(session: Session, table: str) -> list[m.RateRowRow]:
    """The rows the database added to `table`, oldest first (none for a table it does not extend)."""
    _known(shipped_tables(), table)
    row = session.scalars(select(m.RateTableRow).where(m.RateTableRow.table == table)).one_or_none()
    return list(row.rows) if row is not None else []


def import_copy(session: Session, copy: RateSeries, *, today: date, user: str, where: str) -> StoreReport:
    """Bring a user's copy of a table from the data directory (`rates update` wrote it) into the database: its rows
    are merged as a download's would be, each keeping its own citation, and its coverage kept."""
    notes = {p.on: p.note for p in copy.points if p.note}
    return update(
        session,
        copy.id,
        {p.on: p.value for p in copy.points},
        today=today,
        provenance=f"{copy.origin}, imported by `exequatur db rates import` on {today}",
        user=user,
        where=where,
        notes=notes,
        vouched=copy.covered_until,
    )
