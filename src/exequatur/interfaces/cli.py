"""The `exequatur` command. Bad input ends in a message with its place and exit status 1, never a traceback."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from exequatur.interfaces.api import MatterFileError, owe, rate_book
from exequatur.io.matterfile import load_matter
from exequatur.io.schema import json_schema
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.reports.export import statement_csv, statement_json
from exequatur.reports.itemized import render

app = typer.Typer(
    help="Enforce awards and money judgments across borders: what is owed, under which rule, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()  # noqa: DTZ011 - the user's own calendar day; only the interface reads the clock
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; write YYYY-MM-DD", param_hint="--as-of") from None


def _excerpt(error: MatterError) -> str | None:
    try:
        lines = Path(error.source.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if 1 <= error.source.line <= len(lines):
        return f"    {error.source.line} | {lines[error.source.line - 1].rstrip()}"
    return None


def _print_errors(errors: list[MatterError] | tuple[MatterError, ...]) -> None:
    # Plain writes, not rich: one problem is one line whatever the width, so editors and scripts can parse it.
    for error in errors:
        sys.stderr.write(f"{error}\n")
        excerpt = _excerpt(error)
        if excerpt:
            sys.stderr.write(f"{excerpt}\n")


RatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rates",
        help="A rate table (CSV with '# id:' and '# source:' headers) to use for this run; "
        "repeatable; it takes precedence over the matter's and the shipped tables.",
    ),
]


@app.command("owe")
def owe_command(
    file: Annotated[Path, typer.Argument(help="The matter file (YAML).")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date to compute to (YYYY-MM-DD); default today.")
    ] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", help="Only this instrument id.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    detail: Annotated[
        bool, typer.Option("--detail", help="Itemize every period with its citation and rate row.")
    ] = False,
    rates: RatesOption = None,
) -> None:
    """What is owed on each instrument of a matter on a date, under each instrument's own rule."""
    day = _as_of(as_of)
    try:
        statement = owe(file, day, instrument=instrument, rate_files=rates or ())
    except MatterFileError as exc:
        _print_errors(exc.errors)
        raise typer.Exit(1) from None
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(statement_json(statement, detail=detail), indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.CSV:
        sys.stdout.write(statement_csv(statement, detail=detail))
    else:
        # Piped into a file (an affidavit exhibit), the statement gets a page width rather than rich's 80 columns.
        Console(highlight=False, width=None if sys.stdout.isatty() else 132).print(render(statement, detail=detail))
    if not statement.ok:
        raise typer.Exit(1)


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="Matter files to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    rates: RatesOption = None,
) -> None:
    """Check matter files like a compiler: every problem as file:line: message (field); exit 1 if any."""
    try:
        book = rate_book(rates or ())
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    problems: list[MatterError] = []
    for path in files:
        _, errors = load_matter(path, known_tables=book.__contains__)
        problems.extend(errors)
    if as_json:
        sys.stdout.write(json.dumps([p.to_json() for p in problems], indent=2, ensure_ascii=False) + "\n")
    else:
        _print_errors(problems)
    if problems:
        raise typer.Exit(1)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the matter-file format (for editors and validators)."""
    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()
