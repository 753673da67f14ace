"""Which database, and its schema: SQLite in the user's data directory by default, any SQLAlchemy URL otherwise
(PostgreSQL through psycopg 3: `postgresql+psycopg://user:password@host/dbname`).

The schema is Alembic's: `upgrade` applies the migrations in store/migrations/versions. A database with no tables
yet is created on first use; one whose migrations are older than this exequatur's is refused with the command
that upgrades it, never changed behind the user's back.

Writers of one matter are serialized (store.repository locks the matter's row). On SQLite, a transaction that
may write begins with `BEGIN IMMEDIATE`, so it holds the write lock from its first statement; another waits for
it (up to BUSY_SECONDS), instead of reading what the first is about to replace. A read-only one
(`transaction(engine, write=False)`) begins deferred, and reads alongside a writer until it commits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from exequatur.io.datadir import data_dir
from exequatur.model.errors import ExequaturError

MIGRATIONS = Path(__file__).parent / "migrations"

#: How long a SQLite transaction waits for another one's write lock before giving up.
BUSY_SECONDS = 60

#: Alembic keeps its migration context in a module global: one migration at a time in a process.
_ALEMBIC = threading.Lock()

#: The execution option that marks a read-only transaction (SQLite: a deferred BEGIN).
_READ_ONLY = "exequatur_read_only"

#: The key of the PostgreSQL advisory lock that creating or upgrading the schema holds.
_SCHEMA_LOCK = 0x65786571


class StoreError(ExequaturError):
    """The database cannot be opened or used as asked (a bad URL, a server that refuses, an old schema)."""


def default_url() -> str:
    """The SQLite file `exequatur.db` in the user's data directory (EXEQUATUR_DATA_DIR overrides it)."""
    return f"sqlite:///{data_dir() / 'exequatur.db'}"


def shown(engine: Engine) -> str:
    """The engine's URL as messages show it: never its password."""
    return engine.url.render_as_string(hide_password=True)


def open_engine(url: str | None = None, *, reading: bool = False) -> Engine:
    """An engine for `url` (default: default_url()). A SQLite file's folder is created; foreign keys are on; each
    transaction takes the write lock when it begins. An in-memory SQLite database is refused: what it stored
    would vanish when the command ends. `reading`: the command only reads, so a SQLite file it names that does
    not exist is refused rather than created (a mistyped --db would otherwise list an empty new database, and
    leave it and its folders behind); the default database is still made on first use."""
    text = url or default_url()
    try:
        engine = create_engine(text)
    except NoSuchModuleError:
        raise StoreError(
            f"{_masked(text)!r}: no database driver of that name; for PostgreSQL write "
            "postgresql+psycopg://USER@HOST/DB, for SQLite sqlite:///PATH"
        ) from None
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"{_masked(text)!r} is not a database URL ({_masked(str(exc), text)}); "
            "e.g. sqlite:///PATH or postgresql+psycopg://..."
        ) from None
    except ImportError as exc:
        raise StoreError(f"{_masked(text)!r}: its driver is not installed ({exc})") from None
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:" or engine.url.query.get("mode") == "memory":
            raise StoreError(
                f"{text!r} is an in-memory SQLite database, which vanishes when the command ends: "
                "name a file, e.g. sqlite:///matters.db"
            )
        if not database.startswith("file:"):
            if reading and url is not None and not Path(database).expanduser().exists():
                raise StoreError(
                    f"no database at {Path(database).expanduser()} ({_masked(text)}): this command only reads; "
                    f"check the name, or `exequatur db import FILE --db {_masked(text)}` creates it"
                )
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                where = f"the data directory {folder}" if url is None else f"the folder {folder} of {text}"
                hint = " (EXEQUATUR_DATA_DIR or --db names another)" if url is None else ""
                raise StoreError(f"cannot create {where}: {exc.strerror or exc}{hint}") from None
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _masked(text: str, url: str | None = None) -> str:
    """`text` with the password of the URL `url` (default: `text` itself) replaced by ***: a URL that does not
    parse still has its password kept out of messages."""
    import re

    url = text if url is None else url
    found = re.match(r"^[^:/?#]+://[^:/?#@]*:([^@/?#]*)@", url)
    if not found or not found.group(1):
        return text
    return text.replace(found.group(1), "***")


def _sqlite_connected(connection: Any, _record: Any) -> None:
    # pysqlite's own BEGIN (deferred, issued before the first write) is off: _sqlite_begin issues ours.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(_READ_ONLY) else "BEGIN IMMEDIATE")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest migration this exequatur knows."""
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)
    revision = ScriptDirectory.from_config(config).get_current_head()
    assert revision is not None  # the package ships its migrations
    return revision


def known() -> set[str]:
    """Every migration this exequatur knows."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_alembic_config(None)).walk_revisions()}


def current(engine: Engine) -> str | None:
    """The migration the database is at; None if it has none (a new, empty database)."""
    from alembic.runtime.migration import MigrationContext

    with _connected(engine, write=False) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Apply every migration the database lacks, in one transaction; return the migration it is now at. A
    database at a migration this exequatur does not know, or one holding tables but no exequatur migration, is
    refused and left as it is."""
    _migrate(engine, upgrading=True)
    return head()


def ready(engine: Engine) -> None:
    """Create a new database's tables; refuse one whose schema is not this exequatur's."""
    if current(engine) != head():
        _migrate(engine, upgrading=False)


def _migrate(engine: Engine, *, upgrading: bool) -> None:
    """Create or upgrade the schema, the database's state read again under a lock that any other process doing
    the same waits for (SQLite: the write lock BEGIN IMMEDIATE took; PostgreSQL: an advisory lock)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _ALEMBIC, _connected(engine) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
        at = MigrationContext.configure(connection).get_current_revision()
        if at == head():
            return
        if at is None:
            tables = inspect(connection).get_table_names()
            if tables:
                listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
                raise StoreError(
                    f"{shown(engine)} holds tables but no exequatur migration ({listed}): it is not an exequatur "
                    "database, and exequatur leaves it alone; name an empty database or a new SQLite file"
                )
        elif at not in known():
            raise StoreError(
                f"{shown(engine)} is at migration {at}, which this exequatur (at {head()}) does not know: a newer "
                "exequatur wrote it, or it is not an exequatur database; use that newer exequatur"
            )
        elif not upgrading:
            raise StoreError(
                f"{shown(engine)} is at migration {at}, and this exequatur needs {head()}: run "
                f"`exequatur db upgrade --db URL` first"
            )
        command.upgrade(_alembic_config(connection), "head")


@contextmanager
def _connected(engine: Engine, *, write: bool = True) -> Iterator[Any]:
    try:
        with (engine if write else engine.execution_options(**{_READ_ONLY: True})).connect() as connection:
            yield connection
    except SQLAlchemyError as exc:
        raise StoreError(_problem(engine, exc)) from None


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A session whose work is committed whole at the end, or rolled back whole by any exception. `write=False`
    for one that only reads: on SQLite it does not take the write lock, nor wait for it."""
    bind = engine if write else engine.execution_options(**{_READ_ONLY: True})
    try:
        with Session(bind, expire_on_commit=False) as session, session.begin():
            yield session
    except SQLAlchemyError as exc:
        raise StoreError(_problem(engine, exc)) from None


def _problem(engine: Engine, exc: SQLAlchemyError) -> str:
    if isinstance(exc, IntegrityError):
        # Two writers of the same rows at once; the matter's lock (store.repository) keeps imports from this.
        return (
            f"database {shown(engine)}: another change to the same data was made at the same time, and this one "
            "was not applied; run the command again"
        )
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = _masked(detail[0], str(engine.url.render_as_string(hide_password=False))) if detail else type(exc).__name__
    if isinstance(exc, OperationalError) and engine.dialect.name == "sqlite":
        if "locked" in first:
            first += f" (another command held it for more than {BUSY_SECONDS} s)"
        elif "unable to open" in first:
            first += _why_not_open(engine)
    return f"database {shown(engine)}: {first}"


def _why_not_open(engine: Engine) -> str:
    import os

    file = Path(engine.url.database or "").expanduser()
    folder = file.parent
    if not folder.is_dir():
        return f" (its folder {folder} does not exist)"
    if not os.access(folder, os.W_OK | os.X_OK) or (file.exists() and not os.access(file, os.R_OK | os.W_OK)):
        return f" ({file if file.exists() else folder} is not writable by you)"
    return ""
