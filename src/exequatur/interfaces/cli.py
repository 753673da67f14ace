"""The `exequatur` command. Bad input ends in a message with its place and exit status 1, never a traceback."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from exequatur.engine.compare import compare
from exequatur.engine.statement import InstrumentFailure, InstrumentStatement
from exequatur.engine.waterfall import waterfall
from exequatur.interfaces.api import MatterFileError, matter, owe, rate_book
from exequatur.io.claimsfile import load_claims, parse_claims
from exequatur.io.matterfile import load_matter, parse_matter
from exequatur.io.outputs import OutputPathError, checked_output
from exequatur.io.publishers import FEEDS, NO_FEED
from exequatur.io.ratefetch import OfflineError, fetch_table
from exequatur.io.ratestale import table_status
from exequatur.io.ratetables import rate_tables, shipped_tables
from exequatur.io.rateupdate import read_official, store
from exequatur.io.schema import json_schema
from exequatur.io.yamllines import STDIN_NAME, YamlProblem, display_name, read_text
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.model.numbers import check_date, parse_amount
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from exequatur.reports.charts import comparison_html, comparison_png, waterfall_html, waterfall_png
from exequatur.reports.export import (
    comparison_json,
    waterfall_csv,
    waterfall_json,
    write_statement_csv,
    write_statement_json,
)
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


#: The most lines `owe --detail` draws as a table; beyond it the table would take minutes and gigabytes to lay out.
MAX_TABLE_LINES = 5000


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


def _excerpt(error: MatterError, texts: Mapping[str, str]) -> str | None:
    """The line the error is on, from the text already read if there is one (standard input cannot be read twice),
    else from the file, read within the loader's size limit."""
    if error.source.line < 1:
        return None
    text = texts.get(error.source.file)
    if text is None:
        if error.source.file == STDIN_NAME:
            return None
        try:
            text = read_text(error.source.file)
        except YamlProblem:
            return None
    lines = text.splitlines()
    if error.source.line <= len(lines):
        return f"    {error.source.line} | {lines[error.source.line - 1].rstrip()}"
    return None


def _print_errors(errors: list[MatterError] | tuple[MatterError, ...], texts: Mapping[str, str] | None = None) -> None:
    # Plain writes, not rich: one problem is one line whatever the width, so editors and scripts can parse it.
    for error in errors:
        sys.stderr.write(f"{error}\n")
        excerpt = _excerpt(error, texts or {})
        if excerpt:
            sys.stderr.write(f"{excerpt}\n")


RatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rates",
        help="A rate table (CSV with '# id:' and '# source:' headers) to use for this run; repeatable; its rows "
        "extend the table of the same id (the matter's or the shipped one) and win where both have a date.",
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
        write_statement_json(statement, sys.stdout, detail=detail)
    elif fmt is Format.CSV:
        write_statement_csv(statement, sys.stdout, detail=detail)
    else:
        lines = sum(len(r.lines) for r in statement.instruments if isinstance(r, InstrumentStatement))
        if detail and lines > MAX_TABLE_LINES:
            sys.stderr.write(
                f"error: the itemized statement has {lines:,} lines, more than a terminal table shows "
                f"({MAX_TABLE_LINES:,}); get it whole with --format csv or --format json (they stream), or ask for "
                "one --instrument or an earlier --as-of\n"
            )
            raise typer.Exit(1)
        _console().print(render(statement, detail=detail))
    if not statement.ok:
        raise typer.Exit(1)


def _is_claims_text(text: str) -> bool:
    """A debtor's claims file has a top-level `claims:` and no `matter:` (check accepts both kinds)."""
    return re.search(r"^claims:", text, re.MULTILINE) is not None and re.search(r"^matter:", text, re.MULTILINE) is None


def _check_one(path: Path, book: RateBook, texts: dict[str, str], matters: Path | None = None) -> list[MatterError]:
    """The problems of one file, read once (it may be standard input) and kept in `texts` for the excerpts."""
    file = display_name(path)
    if file not in texts:
        try:
            texts[file] = read_text(path)
        except YamlProblem as problem:
            return [MatterError(source=Source(file, problem.line), message=problem.message)]
    text = texts[file]
    if not _is_claims_text(text):
        return parse_matter(text, file, known_tables=book.__contains__)[1]
    claims, errors = parse_claims(text, file, matters)
    for claim in claims.claims if claims is not None else ():
        if claim.matter_path is not None:
            errors.extend(load_matter(claim.matter_path, known_tables=book.__contains__)[1])
    return errors


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="Matter files to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    rates: RatesOption = None,
    matters: MattersOption = None,
) -> None:
    """Check matter files (and debtor claims files) like a compiler: file:line: message (field); exit 1 if any."""
    try:
        book = rate_book(rates or ())
    except ExequaturError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    problems: list[MatterError] = []
    texts: dict[str, str] = {}
    for path in files:
        try:
            problems.extend(_check_one(path, book, texts, matters))
        except Exception as exc:  # a bug met on one file is reported on that file, and the next files are checked
            problems.append(
                MatterError(
                    source=Source(display_name(path), 0),
                    message=f"exequatur failed on this file (a bug, please report it): {type(exc).__name__}: {exc}",
                )
            )
    if as_json:
        sys.stdout.write(json.dumps([p.to_json() for p in problems], indent=2, ensure_ascii=False) + "\n")
    else:
        _print_errors(problems, texts)
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


def _chart_paths(png: Path | None, html: Path | None, force: bool) -> None:
    """Refuse a chart path before any work is done: wrong extension, a link, or an existing file without --force."""
    try:
        if png is not None:
            checked_output(png, ".png", force=force, option="--png")
        if html is not None:
            checked_output(html, ".html", force=force, option="--html")
    except OutputPathError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None


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


MattersOption = Annotated[
    Path | None,
    typer.Option(
        "--matters",
        metavar="DIR",
        help="A claims file's matter: paths must lie under its own folder, or under this one.",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace chart files that already exist.")]


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
    force: ForceOption = False,
) -> None:
    """What an instrument would be worth in each forum if a judgment on it were entered there on a given date."""
    _chart_paths(png, html, force)
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
    force: ForceOption = False,
    matters: MattersOption = None,
) -> None:
    """Allocate a sale's proceeds among the debtor's creditors by priority, pro rata within a priority."""
    _chart_paths(png, html, force)
    amount_text, currency = pool
    try:
        amount = parse_amount(amount_text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--pool") from None
    day = _as_of(on, "--date")
    claims, errors = load_claims(file, matters)
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
rates_app = typer.Typer(
    help="The rate tables: list them, see what their ends block, fetch or merge newer official rows.",
    no_args_is_help=True,
)
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
    """Parameter files and rate tables not reviewed within --days, and tables that end before the date; exit 1
    if there are any."""
    day = _as_of(today)
    reviews = [Review(f"rules/params/{p}", load_parameters(p).reviewed) for p in all_parameter_files()]
    tables = rate_tables()
    ended: list[str] = []
    for t in tables:
        try:
            series = tables[t]
        except ExequaturError as exc:
            ended.append(f"data table {t}: cannot be read: {exc}")
            continue
        reviews.append(Review(f"data table {t}", series.reviewed))
        if series.last < day:
            ended.append(f"data table {t}: ends {series.last}, {(day - series.last).days} days before {day}")
    old = stale(reviews, day, days)
    for r in old:
        sys.stdout.write(f"{r.what}: reviewed {r.reviewed or 'never'}\n")
    for line in ended:
        sys.stdout.write(f"{line}\n")
    if ended:
        sys.stdout.write("`exequatur rates stale` says what each table's end keeps from being computed\n")
    if old or ended:
        raise typer.Exit(1)
    sys.stdout.write(
        f"all {len(reviews)} parameter files and tables reviewed within {days} days of {day}, "
        "and every table covers it\n"
    )


@rates_app.command("list")
def rates_list() -> None:
    """The rate tables, their coverage, sources and files (shipped, and your own copies in the data directory)."""
    tables = rate_tables()
    table = Table(
        title=Text("Rate tables"),
        title_justify="left",
        caption=Text(f"your copies: {tables.user.directory}"),
        caption_justify="left",
    )
    for name in ("id", "title", "covers", "reviewed", "source", "files"):
        table.add_column(name)
    for t in tables:
        try:
            series = tables[t]
        except ExequaturError as exc:
            table.add_row(Text(t), Text(f"error: {exc}", style="red"), "", "", "", Text(tables.layers_of(t)))
            continue
        table.add_row(
            Text(series.id),
            Text(series.title),
            f"{series.first} to {series.last}",
            str(series.reviewed),
            Text(series.source),
            Text(tables.layers_of(t)),
        )
    _console().print(table)


@rates_app.command("stale")
def rates_stale(
    on: Annotated[str | None, typer.Option("--on", help="The date to check against (default today).")] = None,
) -> None:
    """Each table's last covered date against a date, how far behind it is, and which forums, entry dates and
    conversions it keeps from being computed; exit 1 if any table ends before the date."""
    day = _as_of(on)
    try:
        statuses = table_status(rate_tables(), day)
    except (ExequaturError, OSError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    for status in statuses:
        sys.stdout.write(f"{status}\n")
    behind = [s.table for s in statuses if s.stale]
    if behind:
        sys.stdout.write(
            f"{len(behind)} of {len(statuses)} tables end before {day}: `exequatur rates fetch` brings the ones "
            "with an official feed up to date, `exequatur rates update TABLE FILE` any of them\n"
        )
        raise typer.Exit(1)


@rates_app.command("update")
def rates_update(
    table: Annotated[str, typer.Argument(help="The id of a table, e.g. us-1y-cmt-weekly.")],
    file: Annotated[Path, typer.Argument(help="A newer official CSV (date, value), e.g. a FRED download.")],
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the copy here instead of your data directory.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")] = False,
) -> None:
    """Merge a newer official file into a table; refuse rows that contradict its history. The new rows go to your
    own copy of the table in the data directory (never into the installed package)."""
    if output is not None:
        try:
            checked_output(output, ".csv", force=force, option="--output")
        except OutputPathError as exc:
            sys.stderr.write(f"error: {exc}\n")
            raise typer.Exit(1) from None
    tables = rate_tables()
    if table not in tables:
        sys.stderr.write(f"error: unknown table {table!r} (known: {', '.join(tables)})\n")
        raise typer.Exit(1)
    try:
        new_rows = read_official(file)
        report = store(
            tables,
            table,
            new_rows,
            today=_as_of(None),
            provenance=f"{file.name}, merged by `exequatur rates update` on {_as_of(None)}",
            output=output,
        )
    except (ExequaturError, OSError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    sys.stdout.write("".join(f"{line}\n" for line in report.lines()))


@rates_app.command("fetch")
def rates_fetch(
    table: Annotated[
        str | None, typer.Argument(help="One table id; default every table with an official feed.")
    ] = None,
) -> None:
    """Download the official series from its publisher (FRED, the ECB data portal, the Bank of Canada's Valet),
    check it against the table's history, and keep the new rows in your data directory. The French legal-rate
    tables have no machine-readable official feed: write each half-year's rate as a CSV (date,value) from the
    arrêté and run `exequatur rates update TABLE FILE`."""
    if table is not None and table not in FEEDS:
        reason = NO_FEED.get(table) or f"unknown table {table!r} (with a feed: {', '.join(FEEDS)})"
        sys.stderr.write(f"error: {table}: {reason}\n" if table in NO_FEED else f"error: {reason}\n")
        raise typer.Exit(1)
    tables = rate_tables()
    failed = 0
    for table_id in [table] if table is not None else list(FEEDS):
        try:
            fetched = fetch_table(FEEDS[table_id], tables, today=_as_of(None))
        except OfflineError as exc:
            sys.stderr.write(f"error: {table_id}: {exc}\n")
            raise typer.Exit(1) from None
        except (ExequaturError, OSError) as exc:
            sys.stderr.write(f"error: {table_id}: {exc}\n")
            failed += 1
            continue
        sys.stdout.write("".join(f"{line}\n" for line in fetched.report.lines()))
    if table is None:
        for table_id in NO_FEED:
            sys.stdout.write(f"{table_id}: not fetched: no machine-readable official feed (use `rates update`)\n")
    if failed:
        raise typer.Exit(1)


def main() -> None:
    app()
