"""Alembic's environment: run the migrations on the connection exequatur hands it (store/database.py).

Run by hand for development, it reads the URL from `-x url=...` (e.g. `alembic -c /dev/null -x url=sqlite:///x.db
revision --autogenerate` with script_location set): see docs/storage.md.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from exequatur.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database as -x url=...")
    with create_engine(url).connect() as own:
        context.configure(connection=own, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
