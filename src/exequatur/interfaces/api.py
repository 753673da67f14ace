"""The Python API: load and check matters, build a rate book, compute what is owed.

>>> from exequatur import owe
>>> statement = owe("examples/rusoro-v-venezuela.yaml", as_of=date(2023, 8, 14))

The command line and the web app go through these functions (and io.files, io.record for what a file holds), so
that all three check, load and report a file the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from exequatur.model.errors import ExequaturError, MatterError
from exequatur.reports.formats import ReportFormat

if TYPE_CHECKING:
    from exequatur.engine.deadlines import Schedule
    from exequatur.engine.recognition import Assessment
    from exequatur.engine.results import Statement
    from exequatur.io.files import FileCheck
    from exequatur.io.rateupdate import StoreReport
    from exequatur.model.matter import Matter
    from exequatur.model.rates import RateBook
    from exequatur.store.models import AuditRow
    from exequatur.store.rates import TableSummary
    from exequatur.store.repository import Imported, Summary

# Each function imports the engine and loaders it calls when it is called, so that importing the API (and the
# command line, which goes through it) loads only what the one command run needs.


class MatterFileError(ExequaturError):
    """A matter file failed its checks; `errors` holds every problem found, each with its place."""

    def __init__(self, errors: Sequence[MatterError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


def rate_book(rate_files: Iterable[str | Path] = ()) -> RateBook:
    """The shipped tables, extended by the user's copies in the data directory, extended again by this run's own
    files (`--rates FILE`): a file of new rows adds to a table of its id, it never hides the older rows."""
    from exequatur.io.ratetables import load_rate_table, rate_tables
    from exequatur.model.rates import RateBook

    return RateBook.of([], rate_tables(), extensions=[load_rate_table(path) for path in rate_files])


def check(path: str | Path, rates: RateBook | None = None) -> list[MatterError]:
    """The problems of a matter file, each with its place; empty if it passes."""
    from exequatur.io.matterfile import load_matter

    book = rates or rate_book()
    _, errors = load_matter(path, known_tables=book.__contains__)
    return errors


def check_file(path: str | Path, rates: RateBook | None = None, *, matters: Path | None = None) -> FileCheck:
    """Check a matter file or a debtor's claims file (`-` is standard input), as `exequatur check` does: the
    result holds the problems, or, when there are none, a summary of what the file holds (a claims file's with the
    matter files it names, each checked too; they must lie under its folder, or under `matters`)."""
    from exequatur.io.files import check_file as check_input

    book = rates or rate_book()
    return check_input(path, known_tables=book.__contains__, matters=matters)


def matter(path: str | Path, rates: RateBook | None = None) -> Matter:
    from exequatur.io.matterfile import load_matter

    book = rates or rate_book()
    loaded, errors = load_matter(path, known_tables=book.__contains__)
    if loaded is None:
        raise MatterFileError(errors)
    return loaded


def _matter_of(source: str | Path | Matter, rates: RateBook | None = None) -> Matter:
    """A Matter given, or the matter of the file at a path: the functions below take either, so that the
    command line (files), the web app (stored matters) and a program (objects) call the same ones."""
    from exequatur.model.matter import Matter as MatterObject

    return source if isinstance(source, MatterObject) else matter(source, rates)


def owe(
    source: str | Path | Matter,
    as_of: date,
    *,
    instrument: str | None = None,
    rate_files: Iterable[str | Path] = (),
    rates: RateBook | None = None,
) -> Statement:
    """What is owed on each instrument of the matter (a file's path, or a Matter) on `as_of` (or on the one
    instrument named). `rates`, where given, is the rate book to use instead of reading the tables again."""
    from exequatur.engine.owed import accrue

    book = rates or rate_book(rate_files)
    loaded = _matter_of(source, book)
    if instrument is not None:
        require_instrument(loaded, instrument, loaded.id if source is loaded else str(source))
    return accrue(loaded, as_of, book, instrument=instrument)


def deadlines(source: str | Path | Matter, as_of: date) -> Schedule:
    """Every deadline of the matter's instruments (a file's path, or a Matter), marked open, met, missed, needing
    a fact, or a task, as of `as_of` (the day "past" is measured from)."""
    from exequatur.engine.deadlines import deadlines as schedule_of

    return schedule_of(_matter_of(source), as_of)


def assess(source: str | Path | Matter, proceeding: str, as_of: date) -> Assessment:
    """The grounds for refusing recognition or enforcement, and the immunities, of the proceeding's forum, checked
    against the matter's facts (a file's path, or a Matter) as they stood on `as_of`. A checklist for counsel,
    not legal advice."""
    from exequatur.engine.recognition import assess as assess_proceeding

    return assess_proceeding(_matter_of(source), proceeding, as_of)


def report(
    path: str | Path,
    as_of: date,
    fmt: ReportFormat | str,
    out: str | Path,
    *,
    instrument: str | None = None,
    rate_files: Iterable[str | Path] = (),
) -> tuple[Path, Statement]:
    """Write the statement of amount due on `as_of` as `fmt` (pdf, xlsx, html, csv, json) to `out`, whole or not at
    all; return the path written and the statement it shows."""
    from exequatur.engine.owed import accrue
    from exequatur.reports.formats import write_report

    source = Path(path)
    if str(path) == "-":
        raise ExequaturError("a report needs a matter file on disk, not standard input (its sha256 is on every page)")
    if not source.exists():
        raise ExequaturError(f"{path}: no such file")
    if not source.is_file():
        raise ExequaturError(f"{path}: not a file (a report needs a matter file)")
    rate_paths = [Path(f) for f in rate_files]
    book = rate_book(rate_paths)
    loaded = matter(source, book)
    if instrument is not None:
        require_instrument(loaded, instrument, path)
    statement = accrue(loaded, as_of, book, instrument=instrument)
    written = write_report(loaded, statement, ReportFormat(fmt), Path(out), matter_file=source, rate_files=rate_paths)
    return written, statement


def require_instrument(loaded: Matter, instrument: str, path: str | Path) -> None:
    """ExequaturError unless the matter has the instrument, naming the closest id and the ones it has."""
    from exequatur.io.suggest import did_you_mean

    if not loaded.has_instrument(instrument):
        ids = [i.id for i in loaded.instruments]
        raise ExequaturError(
            f"no instrument {instrument!r} in {path}{did_you_mean(instrument, ids)} (it has: {', '.join(ids)})"
        )


# -- matters as text, and the database ----------------------------------------------------------------------


def check_text(text: str, file: str = "<text>", rates: RateBook | None = None) -> list[MatterError]:
    """The problems of a matter file's text (`file` names it in the messages); empty if it passes."""
    from exequatur.io.matterfile import parse_matter

    book = rates or rate_book()
    _, errors = parse_matter(text, file, known_tables=book.__contains__)
    return errors


def matter_from_text(text: str, file: str = "<text>", rates: RateBook | None = None) -> Matter:
    """The matter of a matter file's text; MatterFileError with every problem if it has any."""
    from exequatur.io.matterfile import parse_matter

    book = rates or rate_book()
    loaded, errors = parse_matter(text, file, known_tables=book.__contains__)
    if loaded is None:
        raise MatterFileError(errors)
    return loaded


def matter_text(source: Matter) -> str:
    """A matter file that loads to `source` (its places aside): what `db import` stores for a Matter object."""
    from exequatur.io.printer import render
    from exequatur.io.writer import matter_tree

    return render(matter_tree(source))


def db_upgrade(db: str | None = None) -> tuple[str, str]:
    """Bring the database at `db` (default: the SQLite file in the data directory) to this exequatur's schema;
    return the database as shown in messages and the migration it is at."""
    from exequatur.store.database import open_engine, shown, upgrade

    engine = open_engine(db)
    return shown(engine), upgrade(engine)


def db_import(
    source: str | Matter,
    *,
    db: str | None = None,
    user: str | None = None,
    file: str = "<text>",
    rates: RateBook | None = None,
) -> Imported:
    """Store a matter, given as the text of its matter file (checked first, its comments kept) or as a Matter,
    in one transaction: the database gets all of it or, on any problem, none of it. MatterFileError if the
    text has problems; StoreError if the database cannot be used."""
    from exequatur.io.files import FileKind, kind_of
    from exequatur.io.schema import MatterFile
    from exequatur.io.yamllines import load_yaml
    from exequatur.model.matter import Matter as MatterRecord
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.repository import import_checked

    text = matter_text(source) if isinstance(source, MatterRecord) else source
    if kind_of(text) is FileKind.CLAIMS:
        raise ExequaturError(f"{file}: a debtor's claims file, not a matter file; import the matter files it names")
    matter_from_text(text, file, rates)
    raw = load_yaml(text)
    spec = MatterFile.model_validate(raw)
    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        return import_checked(session, spec, raw, text, file=file, user=user or _user())


def db_export(matter_id: str, *, db: str | None = None) -> str:
    """The matter file of a stored matter, written from the database's rows, with the comments it was imported
    with."""
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.repository import export_text

    engine = open_engine(db, reading=True)
    ready(engine)
    with transaction(engine, write=False) as session:
        return export_text(session, matter_id)


def db_matter(matter_id: str, *, db: str | None = None, rates: RateBook | None = None) -> Matter:
    """A stored matter as the engine takes it: the Matter its exported file loads to (places name the matter
    in the database, `db:<id>`)."""
    return matter_from_text(db_export(matter_id, db=db), f"db:{matter_id}", rates)


def db_matters(*, db: str | None = None) -> list[Summary]:
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.repository import matters

    engine = open_engine(db, reading=True)
    ready(engine)
    with transaction(engine, write=False) as session:
        return matters(session)


def db_audit(*, db: str | None = None, matter_id: str | None = None) -> list[AuditRow]:
    """The audit log, oldest first (of one matter, if named)."""
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.repository import audit

    engine = open_engine(db, reading=True)
    ready(engine)
    with transaction(engine, write=False) as session:
        return audit(session, matter_id)


# -- rate rows in the database ---------------------------------------------------------------------------------


def db_rates_update(
    table: str,
    new_rows: Mapping[date, Decimal],
    *,
    provenance: str,
    today: date,
    db: str | None = None,
    user: str | None = None,
) -> StoreReport:
    """Merge an official download's rows (io.rateupdate.read_official or parse_official) into the database's rows
    of a shipped table, in one transaction, with `rates update`'s rules: a contradiction is an error listing the
    dates, and writes nothing. `provenance` cites the rows (the file, and the day it was merged)."""
    from exequatur.store import rates
    from exequatur.store.database import open_engine, ready, shown, transaction

    rates.require_table(table)
    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        return rates.update(
            session,
            table,
            new_rows,
            today=today,
            provenance=provenance,
            user=user or _user(),
            where=shown(engine),
        )


def db_rates_import(*, today: date, db: str | None = None, user: str | None = None) -> list[StoreReport]:
    """Bring the data directory's copies of shipped tables (written by `rates update` and `rates fetch`) into the
    database, all in one transaction: a copy that contradicts the database's rows stops it, and nothing lands."""
    from exequatur.io.datadir import rates_dir
    from exequatur.io.ratetables import UserTables, shipped_tables
    from exequatur.store import rates
    from exequatur.store.database import open_engine, ready, shown, transaction

    copies = UserTables(rates_dir())
    shipped = shipped_tables()
    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        return [
            rates.import_copy(session, copies[t], today=today, user=user or _user(), where=shown(engine))
            for t in copies
            if t in shipped
        ]


def db_rates_remove(table: str, *, db: str | None = None, user: str | None = None) -> int:
    """Remove the rows the database added to a table (a publisher revised them); how many were removed."""
    from exequatur.store import rates
    from exequatur.store.database import open_engine, ready, transaction

    rates.require_table(table)
    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        return rates.remove(session, table, user=user or _user())


def db_rates(*, db: str | None = None) -> list[TableSummary]:
    """The tables the database extends: rows added, the last of them, and who changed it last."""
    from exequatur.store import rates
    from exequatur.store.database import open_engine, ready, transaction

    engine = open_engine(db, reading=True)
    ready(engine)
    with transaction(engine, write=False) as session:
        return rates.listed(session)


def db_rate_book(*, db: str | None = None) -> RateBook:
    """A rate book of the shipped tables extended by the database's rows (what the web app computes with)."""
    from exequatur.store import rates
    from exequatur.store.database import open_engine, ready, transaction

    engine = open_engine(db)
    ready(engine)
    with transaction(engine, write=False) as session:
        return rates.rate_book(session)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container), no USER in the environment
        return "unknown"


# -- users of the web app --------------------------------------------------------------------------------------


def db_user_add(name: str, role: str, password: str, *, db: str | None = None, by: str | None = None) -> None:
    """Add a user of the web app (role admin, editor or viewer) with an argon2 hash of `password`; audited."""
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.users import add, hash_password

    hashed = hash_password(password)
    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        add(session, name, role, hashed, by=by or _user())


def db_user_grant(
    name: str, matter_id: str, *, db: str | None = None, by: str | None = None, revoke: bool = False
) -> bool:
    """Let the user see (or, as an editor, replace) the matter, or take that back; False if nothing changed."""
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.users import grant
    from exequatur.store.users import revoke as take_back

    engine = open_engine(db)
    ready(engine)
    with transaction(engine) as session:
        change = take_back if revoke else grant
        return change(session, name, matter_id, by=by or _user())


def db_users(*, db: str | None = None) -> list[tuple[str, str, list[str]]]:
    """Every user: name, role and granted matters."""
    from exequatur.store.database import open_engine, ready, transaction
    from exequatur.store.users import listed

    engine = open_engine(db, reading=True)
    ready(engine)
    with transaction(engine, write=False) as session:
        return [(u.name, u.role, [g.matter for g in u.grants]) for u in listed(session)]
