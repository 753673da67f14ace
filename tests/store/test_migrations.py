"""The schema is the migrations': the head migration builds exactly the tables the models declare, on SQLite and
PostgreSQL, and a database at another migration is refused with the command that upgrades it."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from exequatur.store import database
from exequatur.store.models import Base


def test_the_migrations_build_the_models_tables(db_url: str) -> None:
    engine = database.open_engine(db_url)
    assert database.current(engine) is None
    assert database.upgrade(engine) == database.head()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
    assert tables == {*Base.metadata.tables, "alembic_version"}


def test_upgrade_twice_changes_nothing(db_url: str) -> None:
    engine = database.open_engine(db_url)
    database.upgrade(engine)
    assert database.upgrade(engine) == database.head()
    assert database.current(engine) == database.head()


def test_a_new_database_is_created_on_first_use(db_url: str) -> None:
    engine = database.open_engine(db_url)
    database.ready(engine)
    assert database.current(engine) == database.head()


def test_a_database_at_an_older_migration_is_refused(db_url: str) -> None:
    engine = database.open_engine(db_url)
    database.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with pytest.raises(database.StoreError, match=r"at migration 0001.*exequatur db upgrade"):
        database.ready(engine)


def test_a_database_at_an_unknown_migration_is_refused_by_upgrade_too(db_url: str) -> None:
    engine = database.open_engine(db_url)
    database.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    for refusing in (database.ready, database.upgrade):
        with pytest.raises(database.StoreError, match=r"at migration 0099, which this exequatur .* does not know"):
            refusing(engine)
    assert database.current(engine) == "0099"


def test_a_database_of_something_else_is_refused(db_url: str) -> None:
    engine = database.open_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER)"))
    for refusing in (database.ready, database.upgrade):
        with pytest.raises(database.StoreError, match="not an exequatur database"):
            refusing(engine)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["invoices"]


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused(url: str) -> None:
    with pytest.raises(database.StoreError, match="in-memory SQLite database, which vanishes"):
        database.open_engine(url)


def test_the_default_database_is_in_the_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("EXEQUATUR_DATA_DIR", str(tmp_path / "data"))
    assert database.default_url() == f"sqlite:///{tmp_path / 'data' / 'exequatur.db'}"
    database.ready(database.open_engine())
    assert (tmp_path / "data" / "exequatur.db").is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense://x", "no database driver of that name"),
        ("not a url", "is not a database URL"),
        ("postgresql+psycopg://u:secretpw@127.0.0.1:notaport/x", "is not a database URL"),
    ],
)
def test_a_bad_url_is_a_message(url: str, message: str) -> None:
    with pytest.raises(database.StoreError, match=message) as raised:
        database.open_engine(url)
    assert "secretpw" not in str(raised.value)


def test_a_server_that_refuses_is_a_message() -> None:
    engine = database.open_engine("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(database.StoreError, match="connection") as raised:
        database.ready(engine)
    assert "secret" not in str(raised.value)
