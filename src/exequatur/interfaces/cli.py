"""The `exequatur` command. Bad input ends in a message with its place and exit status 1, never a traceback."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from exequatur.engine.compare import compare
from exequatur.engine.statement import InstrumentFailure
from exequatur.engine.waterfall import waterfall
from exequatur.interfaces.api import MatterFileError, matter, owe, rate_book
from exequatur.io.claimsfile import load_claims
from exequatur.io.matterfile import load_matter
from exequatur.io.ratetables import shipped_tables
from exequatur.io.rateupdate import merge, read_official
from exequatur.io.schema import json_schema
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.model.numbers import check_date, parse_amount
from exequatur.reports.charts import comparison_html, comparison_png, waterfall_html, waterfall_png
from exequatur.reports.export import comparison_json, statement_csv, statement_json, waterfall_csv, waterfall_json
from exequatur.reports.itemized import render, render_comparison, render_record, render_waterfall
from exequatur.reports.lawbook import Review, forum_detail, forums_table, stale
from exequatur.rules.parameters import ParameterSet, all_parameter_files, load_parameters
from exequatur.rules.registry import FORUMS

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


def _as_of(text: str | None, option: str = "--as-of") -> date:
    if text is None:
        return date.today()  # noqa: DTZ011 - the user's own calendar day; only the interface reads the clock
    try:
        return check_date(date.fromisoformat(text), text)
    except ValueError as exc:
        message = str(exc) if "outside" in str(exc) else f"{text!r} is not a date; write YYYY-MM-DD"
        raise typer.BadParameter(message, param_hint=option) from None


def _console() -> Console:
    # Piped into a file (an affidavit exhibit), output gets a page width rather than rich's 80 columns.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 132)


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
        _console().print(render(statement, detail=detail))
    if not statement.ok:
        raise typer.Exit(1)


def _is_claims_file(path: Path) -> bool:
    """A debtor's claims file has a top-level `claims:` and no `matter:` (check accepts both kinds)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^claims:", text, re.MULTILINE) is not None and re.search(r"^matter:", text, re.MULTILINE) is None


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="Matter files to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    rates: RatesOption = None,
) -> None:
    """Check matter files (and debtor claims files) like a compiler: file:line: message (field); exit 1 if any."""
    try:
        book = rate_book(rates or ())
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    problems: list[MatterError] = []
    for path in files:
        if _is_claims_file(path):
            claims, errors = load_claims(path)
            if claims is not None:
                for claim in claims.claims:
                    if claim.matter_path is not None:
                        errors.extend(load_matter(claim.matter_path, known_tables=book.__contains__)[1])
        else:
            _, errors = load_matter(path, known_tables=book.__contains__)
        problems.extend(errors)
    if as_json:
        sys.stdout.write(json.dumps([p.to_json() for p in problems], indent=2, ensure_ascii=False) + "\n")
    else:
        _print_errors(problems)
    if problems:
        raise typer.Exit(1)


@app.command("record")
def record_command(file: Annotated[Path, typer.Argument(help="The matter file (YAML).")]) -> None:
    """The matter's record: proceedings, the debtor's known assets, enforcement actions and what they recovered."""
    try:
        loaded = matter(file)
    except MatterFileError as exc:
        _print_errors(exc.errors)
        raise typer.Exit(1) from None
    _console().print(render_record(loaded))


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the matter-file format (for editors and validators)."""
    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


def _write_charts(
    png: Path | None, html: Path | None, to_png: Callable[[Path], Path], to_html: Callable[[Path], Path]
) -> None:
    """Write the charts asked for; say where on stderr so that stdout stays the table, JSON or CSV."""
    try:
        if png is not None:
            sys.stderr.write(f"chart written to {to_png(png)}\n")
        if html is not None:
            sys.stderr.write(f"interactive chart written to {to_html(html)}\n")
    except OSError as exc:
        sys.stderr.write(f"error: cannot write the chart: {exc}\n")
        raise typer.Exit(1) from None


@app.command("compare")
def compare_command(
    file: Annotated[Path, typer.Argument(help="The matter file (YAML).")],
    instrument: Annotated[str, typer.Option("--instrument", help="The award or judgment to project.")],
    forums: Annotated[
        str, typer.Option("--forums", help="Comma-separated forum codes, e.g. US-NY,US-FED,CA-ON,GB-EW.")
    ],
    recognized_on: Annotated[str, typer.Option("--recognized-on", help="The date a judgment would be entered.")],
    until: Annotated[str, typer.Option("--until", help="The date to compute to.")],
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    png: Annotated[Path | None, typer.Option("--png", help="Write a chart of the totals over time (PNG).")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write an interactive chart (self-contained HTML).")
    ] = None,
    rates: RatesOption = None,
) -> None:
    """What an instrument would be worth in each forum if a judgment on it were entered there on a given date."""
    codes = [c.strip() for c in forums.split(",") if c.strip()]
    try:
        book = rate_book(rates or ())
        loaded = matter(file, book)
        if not loaded.has_instrument(instrument):
            raise ExequaturError(f"no instrument {instrument!r} in {file}")
        comparison = compare(
            loaded, instrument, codes, _as_of(recognized_on, "--recognized-on"), _as_of(until, "--until"), book
        )
    except MatterFileError as exc:
        _print_errors(exc.errors)
        raise typer.Exit(1) from None
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    data = comparison_json(comparison)
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.CSV:
        columns = ["label", "forum", "currency", "at_entry", "principal", "interest", "total", "error"]
        writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in (data["baseline"], *data["forums"]):
            writer.writerow(row)
    else:
        _console().print(render_comparison(comparison))
    _write_charts(
        png, html, lambda path: comparison_png(comparison, path), lambda path: comparison_html(comparison, path)
    )
    if any(isinstance(p.result, InstrumentFailure) for p in (comparison.baseline, *comparison.forums)):
        raise typer.Exit(1)  # as owe does: some forum could not be computed, and the table says why


@app.command("waterfall")
def waterfall_command(
    file: Annotated[Path, typer.Argument(help="The debtor's claims file (YAML).")],
    pool: Annotated[tuple[str, str], typer.Option("--pool", help="The proceeds to distribute: AMOUNT CURRENCY.")],
    on: Annotated[str, typer.Option("--date", help="The date the claims are computed to (the sale or closing).")],
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    png: Annotated[Path | None, typer.Option("--png", help="Write a bar chart (PNG).")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write an interactive chart (HTML).")] = None,
    rates: RatesOption = None,
) -> None:
    """Allocate a sale's proceeds among the debtor's creditors by priority, pro rata within a priority."""
    amount_text, currency = pool
    try:
        amount = parse_amount(amount_text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--pool") from None
    day = _as_of(on, "--date")
    claims, errors = load_claims(file)
    if claims is None:
        _print_errors(errors)
        raise typer.Exit(1)
    try:
        book = rate_book(rates or ())
        result = waterfall(claims, amount, currency, day, book, lambda path: matter(path, book))
    except MatterFileError as exc:
        _print_errors(exc.errors)
        raise typer.Exit(1) from None
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(waterfall_json(result), indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.CSV:
        sys.stdout.write(waterfall_csv(result))
    else:
        _console().print(render_waterfall(result))
    _write_charts(png, html, lambda path: waterfall_png(result, path), lambda path: waterfall_html(result, path))


rules_app = typer.Typer(
    help="The law exequatur applies: forums, dated parameters, citations, freshness.", no_args_is_help=True
)
rates_app = typer.Typer(help="The rate tables: list them, merge a newer official file.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(rates_app, name="rates")


def _params_by_forum() -> dict[str, list[ParameterSet]]:
    out: dict[str, list[ParameterSet]] = {}
    for path in all_parameter_files():
        ps = load_parameters(path)
        out.setdefault(ps.forum, []).append(ps)
    return out


@rules_app.command("list")
def rules_list() -> None:
    """Every forum: its interest rule and its currency-conversion rule."""
    _console().print(forums_table(list(FORUMS.values()), _params_by_forum()))


@rules_app.command("show")
def rules_show(
    code: Annotated[str, typer.Argument(help="A forum code, e.g. US-NY.")],
    on: Annotated[str | None, typer.Option("--on", help="Only the values in force on this date.")] = None,
) -> None:
    """A forum's dated parameters, each with its citation, and the tables its rule reads."""
    if code not in FORUMS:
        sys.stderr.write(f"error: unknown forum {code!r} (known: {', '.join(FORUMS)})\n")
        raise typer.Exit(1)
    day = _as_of(on) if on else None
    forum_obj = FORUMS[code]
    tables = [shipped_tables()[t] for t in forum_obj.tables]
    _console().print(forum_detail(forum_obj, _params_by_forum().get(code, []), tables, day))


@rules_app.command("stale")
def rules_stale(
    days: Annotated[int, typer.Option("--days", help="Older than this many days.")] = 365,
    today: Annotated[str | None, typer.Option("--today", help="Count from this date (default today).")] = None,
) -> None:
    """Parameter files and rate tables not reviewed within --days; exit 1 if there are any."""
    day = _as_of(today)
    reviews = [Review(f"rules/params/{p}", load_parameters(p).reviewed) for p in all_parameter_files()]
    tables = shipped_tables()
    reviews += [Review(f"data table {t}", tables[t].reviewed) for t in tables]
    old = stale(reviews, day, days)
    for r in old:
        sys.stdout.write(f"{r.what}: reviewed {r.reviewed or 'never'}\n")
    if old:
        raise typer.Exit(1)
    sys.stdout.write(f"all {len(reviews)} parameter files and tables reviewed within {days} days of {day}\n")


@rates_app.command("list")
def rates_list() -> None:
    """The shipped rate tables, their coverage and sources."""
    table = Table(title=Text("Rate tables"), title_justify="left")
    for name in ("id", "title", "covers", "reviewed", "source"):
        table.add_column(name)
    tables = shipped_tables()
    for t in tables:
        series = tables[t]
        table.add_row(
            Text(series.id),
            Text(series.title),
            f"{series.first} to {series.last}",
            str(series.reviewed),
            Text(series.source),
        )
    _console().print(table)


@rates_app.command("update")
def rates_update(
    table: Annotated[str, typer.Argument(help="The id of a shipped table, e.g. us-1y-cmt-weekly.")],
    file: Annotated[Path, typer.Argument(help="A newer official CSV (date, value), e.g. a FRED download.")],
    output: Annotated[Path | None, typer.Option("--output", help="Write here instead of the table's file.")] = None,
) -> None:
    """Merge a newer official file into a table; refuse rows that contradict the shipped history."""
    tables = shipped_tables()
    if table not in tables:
        sys.stderr.write(f"error: unknown table {table!r} (known: {', '.join(tables)})\n")
        raise typer.Exit(1)
    target = output or tables.path(table)
    try:
        new_rows = read_official(file)
        result = merge(tables.path(table).read_text(encoding="utf-8"), str(tables.path(table)), new_rows, _as_of(None))
        target.write_text(result.text, encoding="utf-8")
    except (ExequaturError, OSError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    sys.stdout.write(f"{table}: {len(result.added)} row(s) added to {result.unchanged} kept; written to {target}\n")
    if result.added:
        sys.stdout.write(f"new rows {result.added[0]} to {result.added[-1]}; check the header's covered_until\n")


def main() -> None:
    app()
