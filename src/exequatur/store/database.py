"""Which database, and its schema: SQLite in the user's data directory by default, any SQLAlchemy URL otherwise
(PostgreSQL through psycopg 3: `postgresql+psycopg://user:password@host/dbname`).

The schema is Alembic's: `upgrade` applies the migrations in store/migrations/versions. A database with no tables
yet is created on first use; one whose migrations are older than this exequatur's is refused with the command
that upgrades it, never changed behind the user's back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from exequatur.io.datadir import data_dir
from exequatur.model.errors import ExequaturError

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(ExequaturError):
    """The database cannot be opened or used as asked (a bad URL, a server that refuses, an old schema)."""


def default_url() -> str:
    """The SQLite file `exequatur.db` in the user's data directory (EXEQUATUR_DATA_DIR overrides it)."""
    return f"sqlite:///{data_dir() / 'exequatur.db'}"


def shown(engine: Engine) -> str:
    """The engine's URL as messages show it: never its password."""
    return engine.url.render_as_string(hide_password=True)


def open_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: default_url()). A SQLite file's folder is created; foreign keys are on."""
    text = url or default_url()
    try:
        engine = create_engine(text)
    except NoSuchModuleError:
        raise StoreError(
            f"{text!r}: no database driver of that name; for PostgreSQL write postgresql+psycopg://USER@HOST/DB, "
            "for SQLite sqlite:///PATH"
        ) from None
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"{text!r} is not a database URL ({exc}); e.g. sqlite:///PATH or postgresql+psycopg://..."
        ) from None
    except ImportError as exc:
        raise StoreError(f"{text!r}: its driver is not installed ({exc})") from None
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


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


def current(engine: Engine) -> str | None:
    """The migration the database is at; None if it has none (a new, empty database)."""
    from alembic.runtime.migration import MigrationContext

    with _connected(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Apply every migration the database lacks, in one transaction; return the migration it is now at."""
    from alembic import command

    with _connected(engine) as connection, connection.begin():
        command.upgrade(_alembic_config(connection), "head")
    return head()


def ready(engine: Engine) -> None:
    """Create a new database's tables; refuse one whose schema is not this exequatur's."""
    at = current(engine)
    if at == head():
        return
    if at is None:
        with _connected(engine) as connection:
            tables = inspect(connection).get_table_names()
        if tables:
            raise StoreError(
                f"{shown(engine)} holds tables but no exequatur migration ({', '.join(sorted(tables)[:5])}...): "
                "it is not an exequatur database"
            )
        upgrade(engine)
        return
    raise StoreError(
        f"{shown(engine)} is at migration {at}, and this exequatur needs {head()}: run "
        f"`exequatur db upgrade --db URL` first (a newer exequatur may have written it, if {at} is unknown)"
    )


@contextmanager
def _connected(engine: Engine) -> Iterator[Any]:
    try:
        with engine.connect() as connection:
            yield connection
    except SQLAlchemyError as exc:
        raise StoreError(_problem(engine, exc)) from None


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed whole at the end, or rolled back whole by any exception."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except SQLAlchemyError as exc:
        raise StoreError(_problem(engine, exc)) from None


def _problem(engine: Engine, exc: SQLAlchemyError) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"database {shown(engine)}: {detail[0] if detail else type(exc).__name__}"
