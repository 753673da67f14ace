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

    rates_app = typer.Typer(
        cls=db_app.info.cls,
        help="Rate rows kept in the database: what the web app adds to the shipped tables.",
        no_args_is_help=True,
    )
    db_app.add_typer(rates_app, name="rates")
    _register_rates(rates_app)


UserOption = Annotated[
    str | None, typer.Option("--user", metavar="NAME", help="Who makes the change, for the audit log (default: you).")
]


def _register_rates(rates_app: typer.Typer) -> None:
    @rates_app.command("update")
    def rates_update(
        table: Annotated[str, typer.Argument(metavar="TABLE", help="The id of a table, e.g. us-1y-cmt-weekly.")],
        file: Annotated[
            Path, typer.Argument(metavar="FILE", help="A newer official CSV (date, value), e.g. a FRED download.")
        ],
        db: DbOption = None,
        user: UserOption = None,
    ) -> None:
        """Merge a newer official file into a table's rows in the database, with `rates update`'s rules: rows
        that contradict the table's history are refused, and nothing is written. One transaction, audited."""
        from exequatur.interfaces.api import db_rates_update
        from exequatur.interfaces.cli import _today
        from exequatur.io.rateupdate import read_official
        from exequatur.store.rates import require_table

        require_table(table)  # an unknown table is named before the file is read
        report = db_rates_update(
            table,
            read_official(file),
            today=_today(),
            db=db,
            user=user,
            provenance=f"{file.name}, merged by `exequatur db rates update` on {_today()}",
        )
        sys.stdout.write("".join(f"{line}\n" for line in report.lines()))

    @rates_app.command("import")
    def rates_import(db: DbOption = None, user: UserOption = None) -> None:
        """Bring your data directory's copies of the shipped tables (`rates update`, `rates fetch`) into the
        database, in one transaction, each row keeping its citation."""
        from exequatur.interfaces.api import db_rates_import
        from exequatur.interfaces.cli import _today

        reports = db_rates_import(today=_today(), db=db, user=user)
        if not reports:
            sys.stdout.write("no copies of shipped tables in the data directory: nothing to import\n")
        for report in reports:
            sys.stdout.write("".join(f"{line}\n" for line in report.lines()))

    @rates_app.command("remove")
    def rates_remove(
        table: Annotated[str, typer.Argument(metavar="TABLE", help="The id of a table, e.g. us-1y-cmt-weekly.")],
        db: DbOption = None,
        user: UserOption = None,
    ) -> None:
        """Remove every row the database added to a table (the publisher revised them); the shipped rows stay."""
        from exequatur.interfaces.api import db_rates_remove

        count = db_rates_remove(table, db=db, user=user)
        sys.stdout.write(f"{table}: {count} row(s) removed from the database\n")

    @rates_app.command("list")
    def rates_list(db: DbOption = None) -> None:
        """Each table the database extends: rows added, the first and last of them, the day a table of changes is
        vouched to (a table of observations covers its last row's gap), last change."""
        from exequatur.interfaces.api import db_rates

        listed = db_rates(db=db)
        if not listed:
            sys.stdout.write("no rate rows stored yet: `exequatur db rates update TABLE FILE` adds some\n")
        for t in listed:
            when = t.updated_at.strftime("%Y-%m-%d %H:%M UTC")
            span = f"{t.first} to {t.last}" if t.rows else "no rows"
            covered = f"\tcovered until {t.covered_until}" if t.covered_until else ""
            sys.stdout.write(
                f"{t.table}\t{t.rows} row(s) added\t{span}{covered}\trevision {t.revision}\t{when}\t{t.updated_by}\n"
            )
