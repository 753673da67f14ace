"""`exequatur db ...`: matters in a database (store/), through the Python API (interfaces.api.db_*).

Registered by interfaces/cli.py on its `db` group, whose error handling prints a matter file's problems at their
lines and the database's refusals as one message (exit 1). Each command imports the store when it runs: importing
the command line loads neither SQLAlchemy nor Alembic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        envvar="EXEQUATUR_DB",
        help="The database: a SQLAlchemy URL, e.g. sqlite:///matters.db or postgresql+psycopg://USER@HOST/DB "
        "(default: exequatur.db in the data directory).",
    ),
]


def register(db_app: typer.Typer) -> None:
    @db_app.command("import")
    def import_command(
        files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Matter files; - reads standard input.")],
        db: DbOption = None,
        user: Annotated[
            str | None, typer.Option("--user", metavar="NAME", help="Who imports, for the audit log (default: you).")
        ] = None,
    ) -> None:
        """Store matter files, each checked first and imported in one transaction: a file with problems, or any
        failure on the way, leaves the database as it was. A matter already stored gets a new revision."""
        from exequatur.interfaces.api import MatterFileError, db_import

        if user is not None and not user.strip():
            raise typer.BadParameter("an empty name: give who imports, or leave --user out", param_hint="--user")
        from exequatur.io.yamllines import YamlProblem, display_name, read_text
        from exequatur.model.errors import MatterError
        from exequatur.model.source import Source

        for path in files:
            name = display_name(path)
            try:
                text = read_text(path)
            except YamlProblem as problem:
                raise MatterFileError(
                    [MatterError(source=Source(name, problem.line), message=problem.message)]
                ) from None
            done = db_import(text, db=db, user=user, file=name)
            if done.changes == 0:
                what = f"unchanged (revision {done.revision})"
            else:
                what = f"{'new matter' if done.created else 'updated'}, revision {done.revision}, {done.changes} "
                what += "item changed" if done.changes == 1 else "items changed"
            sys.stdout.write(f"{name}: {done.matter}: {what}\n")

    @db_app.command("export")
    def export_command(
        matter_id: Annotated[str, typer.Argument(metavar="MATTER", help="The id of a stored matter.")],
        out: Annotated[
            Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write it (.yaml or .yml); - prints it.")
        ] = Path("-"),
        db: DbOption = None,
        force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    ) -> None:
        """Write a stored matter as a matter file, from the database's rows, with its sources and comments."""
        from exequatur.interfaces.api import db_export
        from exequatur.io.atomic import write_atomic
        from exequatur.io.outputs import OutputPathError, checked_output

        if str(out) != "-":
            if out.suffix.lower() not in (".yaml", ".yml"):
                raise OutputPathError(f"-o {out}: the file name must end in .yaml or .yml")
            checked_output(out, out.suffix.lower(), force=force, option="-o")
        text = db_export(matter_id, db=db)
        if str(out) == "-":
            sys.stdout.write(text)
            return
        write_atomic(out, text)
        sys.stdout.write(f"wrote {out}\n")

    @db_app.command("upgrade")
    def upgrade_command(db: DbOption = None) -> None:
        """Create the database's tables, or bring them to this exequatur's schema (Alembic migrations)."""
        from exequatur.interfaces.api import db_upgrade

        shown, revision = db_upgrade(db)
        sys.stdout.write(f"{shown}: at migration {revision}\n")

    @db_app.command("list")
    def list_command(db: DbOption = None) -> None:
        """The stored matters: id, revision, instruments, last change (UTC) and who made it."""
        from exequatur.interfaces.api import db_matters

        stored = db_matters(db=db)
        if not stored:
            sys.stdout.write("no matters stored yet: `exequatur db import FILE` adds one\n")
        for s in stored:
            when = s.updated_at.strftime("%Y-%m-%d %H:%M UTC")
            counted = f"{s.instruments} instrument" + ("" if s.instruments == 1 else "s")
            sys.stdout.write(f"{s.matter}\trevision {s.revision}\t{counted}\t{when}\t{s.updated_by}\n")

    @db_app.command("log")
    def log_command(
        matter_id: Annotated[str | None, typer.Argument(metavar="MATTER", help="Only this matter's changes.")] = None,
        db: DbOption = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Each change with its before and after, as JSON.")
        ] = False,
    ) -> None:
        """The audit log, oldest first: who changed what, when (UTC)."""
        from exequatur.interfaces.api import db_audit

        rows = db_audit(db=db, matter_id=matter_id)
        if as_json:
            from exequatur.store.repository import audit_json

            data = [audit_json(r) for r in rows]
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            return
        if not rows:
            sys.stdout.write("no changes recorded yet: `exequatur db import FILE` makes the first\n")
        for r in rows:
            when = r.at.strftime("%Y-%m-%d %H:%M:%S UTC")
            sys.stdout.write(f"{when}\t{r.user}\t{r.matter}@{r.revision}\t{r.action}\t{r.entity}\n")
