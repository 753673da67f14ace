"""The `exequatur` command: one function per command, each a thin layer over the Python API (interfaces.api) and
the report formatters; what a command computes or checks lives below it, shared with the API and the web app.

Bad input ends in a message on stderr, with its `file:line` where there is one, and exit status 1; a value an
option cannot take is a usage error naming that option (exit 2); a failure exequatur did not foresee is one line
on stderr asking for a report (exit 70). Never a traceback. Output is coloured on a terminal only: piped or
redirected it is plain text, and NO_COLOR is honoured.

Adding a command: declare its options with the aliases below (DateOption, MatterArgument, RatesOption, ...), call the
API, let MatterFileError and ExequaturError propagate (the group prints them), and write to stdout only the
table, JSON or CSV asked for. `tests/interfaces/test_cli_help.py` walks every command's help.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from exequatur.interfaces import cli_db, cli_web
from exequatur.interfaces.api import (
    MatterFileError,
    assess,
    check_file,
    deadlines,
    matter,
    owe,
    rate_book,
    report,
    require_instrument,
)
from exequatur.io.atomic import write_atomic
from exequatur.io.outputs import checked_output
from exequatur.io.suggest import did_you_mean, forum_hint
from exequatur.model.errors import CurrencyError, ExequaturError, MatterError
from exequatur.model.numbers import check_date, parse_amount
from exequatur.model.source import Source
from exequatur.reports.formats import ReportFormat

if TYPE_CHECKING:
    from rich.console import Console

    from exequatur.rules.parameters import ParameterSet

# Each command imports what it uses when it runs, not when this module is imported: the engine, the forums' law,
# pydantic, rich, jinja2, icalendar and the `holidays` registry are paid for only by the commands that need them
# (tests/interfaces/test_cli_startup.py holds it).

#: The most lines `owe --detail` draws as a table; beyond it the table would take minutes and gigabytes to lay out.
MAX_TABLE_LINES = 5000
_YYYY_MM_DD = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The exit status of a failure exequatur did not foresee (EX_SOFTWARE): not the user's input, a bug to report.
EXIT_BUG = 70


# -- help that says what to type -------------------------------------------------------------------------------
# Typer shows each value's Python type (`<str>`, `<list[Path]>`, `<bool>`) beside the metavar. Every option here
# gives a metavar that says what to type (YYYY-MM-DD, FILE, AMOUNT CUR); these classes drop the type beside it,
# and the `<bool>` of flags (which take no value), for every command of a group built with `cls=_Group`.


class _Argument(TyperArgument):
    """An argument shown by its metavar alone (`FILE`, `FILE...` for several), in brackets in the usage line when
    it may be left out."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        if not self.metavar:
            return super().get_usage_pieces(ctx)
        return [self.metavar if self.required else f"[{self.metavar}]"]


def _what_to_type(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # a flag takes no value: nothing to type after it
        elif isinstance(param, TyperArgument) and not isinstance(param, _Argument):
            param.__class__ = _Argument  # the same argument; only its help differs
    return params


class _Group(TyperGroup):
    """A command group whose help, and its commands' help, says what to type; and which reports the errors of
    the input (a matter file's problems at their lines, the engine's refusals, a file that cannot be written) as
    messages with exit status 1, whichever command met them."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _what_to_type(super().get_params(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _what_to_type(command.get_params(ctx))
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MatterFileError as exc:
            _print_errors(exc.errors)
            raise typer.Exit(1) from None
        except ExequaturError as exc:  # the engine's refusals, an output path refused (OutputPathError), ...
            _fail(str(exc))
        except BrokenPipeError:
            raise  # the reader went away (`| head`): main() ends quietly
        except OSError as exc:
            _fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))


app = typer.Typer(
    cls=_Group,
    help="Enforce awards and money judgments across borders: what is owed, under which rule, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("exequatur")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"exequatur {_installed_version()}\n")
        raise typer.Exit()


@app.callback()  # the group's own options; its help is the Typer's above
def _root(
    show_version: Annotated[
        bool,
        typer.Option("--version", help="Print exequatur's version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    pass


# -- values as typed: each checked where it is parsed, so an error names its own option ------------------------


def _parse_day(text: str) -> date:
    # As in a matter file: YYYY-MM-DD only (Python would also read 20230814 and 2023-W33-1).
    try:
        if not _YYYY_MM_DD.fullmatch(text):
            raise ValueError(text)
        return check_date(date.fromisoformat(text), text)
    except ValueError as exc:
        message = str(exc) if "outside" in str(exc) else f"{text!r} is not a date; write YYYY-MM-DD"
        raise typer.BadParameter(message) from None


def _checked_day(text: str | None) -> str | None:
    if text is not None:
        _parse_day(text)
    return text


def _day(text: str | None) -> date:
    """The date of an option already checked by its callback (see DateOption); today if it was not given."""
    return _parse_day(text) if text is not None else _today()


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the user's own calendar day; only the interface reads the clock


def DateOption(name: str, help: str) -> Any:
    """A date option: shown as YYYY-MM-DD, checked as it is parsed, so that a bad value is reported under `name`."""
    return typer.Option(name, metavar="YYYY-MM-DD", help=help, callback=_checked_day)


def _pool(value: tuple[str, str]) -> tuple[Decimal, str]:
    from exequatur.model.money import minor_units

    amount_text, currency = value
    try:
        amount = parse_amount(amount_text)
        minor = minor_units(currency)
    except (ValueError, CurrencyError) as exc:
        raise typer.BadParameter(str(exc)) from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > minor:
        raise typer.BadParameter(f"{amount_text} has more decimals than {currency} has minor units ({minor})")
    return amount, currency


def _checked_pool(value: tuple[str, str]) -> tuple[str, str]:
    _pool(value)
    return value


def _forum_codes(text: str) -> list[str]:
    from exequatur.rules.registry import FORUMS

    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise typer.BadParameter("name at least one forum code, e.g. US-NY,US-FED")
    for code in codes:
        if code not in FORUMS:
            raise typer.BadParameter(f"unknown forum {code!r}{forum_hint(code, FORUMS)} (known: {', '.join(FORUMS)})")
    return codes


def _checked_forums(text: str) -> str:
    _forum_codes(text)
    return text


# -- output ----------------------------------------------------------------------------------------------------


def _console() -> Console:
    # Rich colours a terminal only, and honours NO_COLOR. Piped into a file (an affidavit exhibit), output gets a
    # page width rather than rich's 80 columns.
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 132)


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(1)


def _excerpt(error: MatterError, texts: Mapping[str, str]) -> str | None:
    """The line the error is on, from the text already read if there is one (standard input cannot be read twice),
    else from the file, read within the loader's size limit."""
    from exequatur.io.yamllines import STDIN_NAME, YamlProblem, read_text

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


def _print_errors(errors: Sequence[MatterError], texts: Mapping[str, str] | None = None) -> None:
    # Plain writes, not rich: one problem is one line whatever the width, so editors and scripts can parse it.
    for error in errors:
        sys.stderr.write(f"{error}\n")
        excerpt = _excerpt(error, texts or {})
        if excerpt:
            sys.stderr.write(f"{excerpt}\n")


def _write_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# -- options shared by commands --------------------------------------------------------------------------------


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class RecordFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


MatterArgument = Annotated[Path, typer.Argument(metavar="FILE", help="The matter file (YAML); - reads standard input.")]
FormatOption = Annotated[Format, typer.Option("--format", metavar="table|json|csv", help="The output format.")]
RatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rates",
        metavar="FILE",
        help="A rate table (CSV with '# id:' and '# source:' headers) to use for this run; repeatable; its rows "
        "extend the table of the same id (the matter's or the shipped one) and win where both have a date.",
    ),
]
MattersOption = Annotated[
    Path | None,
    typer.Option(
        "--matters",
        metavar="DIR",
        help="A claims file's matter: paths must lie under its own folder, or under this one.",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace chart files that already exist.")]
PngOption = Annotated[Path | None, typer.Option("--png", metavar="FILE", help="Write a chart of the result (PNG).")]
HtmlOption = Annotated[
    Path | None, typer.Option("--html", metavar="FILE", help="Write an interactive chart (self-contained HTML).")
]


def _chart_paths(png: Path | None, html: Path | None, force: bool) -> None:
    """Refuse a chart path before any work is done: wrong extension, a link, or an existing file without --force."""
    if png is not None:
        checked_output(png, ".png", force=force, option="--png")
    if html is not None:
        checked_output(html, ".html", force=force, option="--html")


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
        _fail(
            f"cannot write the chart {exc.filename}: {exc.strerror}"
            if exc.filename
            else f"cannot write the chart: {exc}"
        )


# -- the commands ----------------------------------------------------------------------------------------------


@app.command("init")
def init_command(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="Where to write the starter file (.yaml); - prints it instead."),
    ] = Path("matter.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a starter matter file: a New York judgment with one payment, every field explained in a comment."""
    from exequatur.io.files import starter_matter

    text = starter_matter()
    if str(file) == "-":
        sys.stdout.write(text)
        return
    if file.suffix.lower() not in (".yaml", ".yml"):
        _fail(f"{file}: a matter file's name ends in .yaml")
    checked_output(file, file.suffix.lower(), force=force, option="init")
    try:
        write_atomic(file, text)
    except OSError as exc:  # the temporary file beside it is named in the error: name the file asked for
        _fail(f"cannot write {file}: {exc.strerror or exc}")
    sys.stdout.write(f"wrote {file}: edit it, then run `exequatur check {file}` and `exequatur owe {file}`\n")


@app.command("check")
def check_command(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="Matter files and debtor claims files; - reads standard input."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the problems as JSON (a list; empty if none).")
    ] = False,
    rates: RatesOption = None,
    matters: MattersOption = None,
) -> None:
    """Check matter files and debtor claims files like a compiler.

    Each problem is one line, file:line: message (field), and the command exits with 1 if there are any. Each file
    that passes gets one line saying what it holds; a claims file is checked with every matter file it names."""
    from exequatur.io.files import FileCheck
    from exequatur.io.yamllines import display_name

    book = rate_book(rates or ())
    results: list[FileCheck] = []
    for path in files:
        try:
            result = check_file(path, book, matters=matters)
        except Exception as exc:  # a bug met on one file is reported on that file, and the next files are checked
            bug = f"exequatur failed on this file (a bug, please report it): {type(exc).__name__}: {exc}"
            result = FileCheck(
                file=display_name(path), errors=(MatterError(source=Source(display_name(path), 0), message=bug),)
            )
        results.append(result)
        if not as_json:
            if result.ok:
                sys.stdout.write(f"{result}\n")
            else:
                _print_errors(result.errors, {result.file: result.text} if result.text is not None else {})
    problems = [error for result in results for error in result.errors]
    if as_json:
        _write_json([p.to_json() for p in problems])
    if problems:
        raise typer.Exit(1)


@app.command("owe")
def owe_command(
    file: MatterArgument,
    as_of: Annotated[str | None, DateOption("--as-of", "The date to compute to; default today.")] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", metavar="ID", help="Only this instrument.")] = None,
    fmt: FormatOption = Format.TABLE,
    detail: Annotated[
        bool, typer.Option("--detail", help="Itemize every period with its citation and rate row.")
    ] = False,
    rates: RatesOption = None,
) -> None:
    """What is owed on each instrument of a matter on a date, under each instrument's own rule."""
    statement = owe(file, _day(as_of), instrument=instrument, rate_files=rates or ())
    if fmt is Format.JSON:
        from exequatur.reports.export import write_statement_json

        write_statement_json(statement, sys.stdout, detail=detail)
    elif fmt is Format.CSV:
        from exequatur.reports.export import write_statement_csv

        write_statement_csv(statement, sys.stdout, detail=detail)
    else:
        # The table's layout (rich and the itemized report) is imported only for a table.
        from exequatur.engine.results import InstrumentStatement
        from exequatur.reports.itemized import render

        lines = sum(len(r.lines) for r in statement.instruments if isinstance(r, InstrumentStatement))
        if detail and lines > MAX_TABLE_LINES:
            _fail(
                f"the itemized statement has {lines:,} lines, more than a terminal table shows "
                f"({MAX_TABLE_LINES:,}); get it whole with --format csv or --format json (they stream), or ask for "
                "one --instrument or an earlier --as-of"
            )
        _console().print(render(statement, detail=detail))
    if not statement.ok:
        raise typer.Exit(1)


@app.command("report")
def report_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The matter file (YAML).")],
    out: Annotated[
        Path, typer.Option("-o", "--output", metavar="OUT", help="The file to write (.pdf, .xlsx, .html, .csv, .json).")
    ],
    as_of: Annotated[str | None, DateOption("--as-of", "The date to compute to; default today.")] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", metavar="ID", help="Only this instrument.")] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", metavar="pdf|xlsx|html|csv|json", help="The format; default: from OUT's extension."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    rates: RatesOption = None,
) -> None:
    """The statement of amount due, to attach to an affidavit: PDF or HTML, an XLSX of live formulas, CSV or JSON."""
    chosen = fmt or _format_of(out)
    checked_output(out, chosen.suffix, force=force, option="-o")
    written, statement = report(file, _day(as_of), chosen, out, instrument=instrument, rate_files=rates or ())
    sys.stderr.write(f"statement written to {written}\n")
    if not statement.ok:
        # The statement holds each failure in its place; the exit status alone would not say which, or why.
        from exequatur.engine.results import InstrumentFailure

        for failed in statement.instruments:
            if isinstance(failed, InstrumentFailure):
                sys.stderr.write(f"error: {failed.id}: not computed, {failed.message}\n")
        raise typer.Exit(1)


def _format_of(out: Path) -> ReportFormat:
    try:
        return ReportFormat(out.suffix.lower().removeprefix("."))
    except ValueError:
        known = ", ".join(f".{f.value}" for f in ReportFormat)
        raise typer.BadParameter(f"{out}: say --format, or end the name in one of {known}", param_hint="-o") from None


class TableOrJson(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("portfolio")
def portfolio_command(
    judgments: Annotated[
        Path,
        typer.Argument(
            metavar="JUDGMENTS", help="The judgments, CSV or Parquet, or a folder of such parts (docs/portfolio.md)."
        ),
    ],
    as_of: Annotated[str, DateOption("--as-of", "The day of the balances.")],
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="OUT|DIR", help="The balances: .csv or .parquet (a folder for a folder of parts)."
        ),
    ],
    payments: Annotated[
        Path | None,
        typer.Option(
            "--payments", metavar="FILE|DIR", help="The payments, CSV or Parquet (a folder for a folder of parts)."
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", metavar="FILE", help="Set bad rows aside in this CSV with their reason, and go on."),
    ] = None,
    totals: Annotated[
        Path | None,
        typer.Option("--totals", metavar="FILE", help="Also write the totals printed, as .json or .csv."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", metavar="numpy|dask", help="One process (numpy), or a Dask cluster (dask).")
    ] = "numpy",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="ADDRESS", help="With dask: the cluster's scheduler (default: local)."),
    ] = None,
    workers_given: Annotated[
        int | None,
        typer.Option("--workers", metavar="N", min=1, help="With dask and no scheduler: local workers (default 2)."),
    ] = None,
    partitions: Annotated[
        int | None, typer.Option("--partitions", metavar="N", min=1, help="With dask: pieces (default 4 a worker).")
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by", metavar="forum,year", help="Group the totals by forum, entry year or both (always by currency)."
        ),
    ] = "forum",
    force: Annotated[bool, typer.Option("--force", help="Replace OUT (and FILE of --rejects) if it exists.")] = False,
    rates: RatesOption = None,
) -> None:
    """Balances of many judgments on one day, exact to the cent, under each forum's statute, with their payments.

    Writes one row per judgment (principal and interest unpaid, paid, unapplied, total and per diem, or its error)
    and prints totals by forum and currency. A judgment that cannot be computed gets its error in its row and
    counts among the totals' errors; the command still succeeds (exit 0) once every balance is written."""
    from exequatur.vector.memory import giving_back, plain_pages

    plain_pages()  # before numpy and pyarrow are imported (vector/memory.py)
    from rich.progress import Progress

    from exequatur.io.portfolio import (
        read_judgments,
        read_payments,
        refused_for_payments,
        write_balances,
        write_rejects,
    )
    from exequatur.vector.portfolio import GROUPINGS, Payments, balances, summary

    grouped = tuple(g.strip() for g in by.split(",") if g.strip())
    if not grouped or any(g not in GROUPINGS for g in grouped):
        _fail(f"--by {by}: a comma-separated list of {', '.join(GROUPINGS)}")

    if engine not in ("numpy", "dask"):
        _fail(f"--engine {engine}: unknown engine; numpy (one process) or dask (a Dask cluster)")
    if engine != "dask":
        for name, given in (("--scheduler", scheduler), ("--workers", workers_given), ("--partitions", partitions)):
            if given is not None:
                _fail(f"{name} goes with --engine dask")
    workers = 2 if workers_given is None else workers_given
    if partitions is not None and judgments.is_dir():
        _fail("--partitions cuts one judgments file; a folder's parts are its pieces")
    if rejects is not None:
        checked_output(rejects, ".csv", force=force, option="--rejects")
    if totals is not None:
        if totals.suffix.lower() not in (".json", ".csv"):
            _fail(f"--totals {totals}: the totals are written as .json or .csv")
        checked_output(totals, totals.suffix.lower(), force=force, option="--totals")
    inputs = [p for p in (judgments, payments) if p is not None]
    for option, path in (("-o", out), ("--rejects", rejects), ("--totals", totals)):
        same = next((p for p in inputs if path is not None and path.exists() and p.exists() and path.samefile(p)), None)
        if same is not None:
            _fail(f"{option} {path}: that is an input file; write the results elsewhere")
        # A file written among the input parts would be read as a part by the next run.
        if path is None or path.suffix.lower() not in (".csv", ".parquet"):
            continue
        folder = next((p for p in inputs if p.is_dir() and path.resolve().parent == p.resolve()), None)
        if folder is not None:
            _fail(f"{option} {path}: inside the folder of parts {folder}, where the next run would read it as a part")
    # The rejects or totals written over the balances, or into their folder of parts, would lose them or be read
    # with them (a review found `--rejects` equal to `-o` leaving only the rejects).
    theirs = out.resolve()
    for option, path, what in (("--rejects", rejects, "rejects"), ("--totals", totals, "totals")):
        if path is None:
            continue
        mine = path.resolve()
        if mine == theirs:
            _fail(f"{option} {path}: that is the balances' file (-o); write the {what} elsewhere")
        if judgments.is_dir() and mine.is_relative_to(theirs):
            _fail(f"{option} {path}: inside the balances' folder (-o {out}); write the {what} elsewhere")
    if rejects is not None and totals is not None and rejects.resolve() == totals.resolve():
        _fail(f"--totals {totals}: that is the rejects' file (--rejects); write the totals elsewhere")
    day = _day(as_of)
    keys = tuple(g for g in GROUPINGS if g in grouped or g == "currency")
    book = rate_book(rates or ())  # a bad --rates file stops the run before any file is read
    # Absolute, for the Dask workers, which read the files themselves wherever they run.
    rate_files = tuple(str(path.resolve()) for path in rates or ())
    if judgments.is_dir():
        _portfolio_parts(
            judgments, payments, out, day, rejects, totals, (engine, scheduler, workers), keys, force, rate_files
        )
        return
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        _fail(f"-o {out}: the balances are written as .csv or .parquet")
    checked_output(out, suffix, force=force, option="-o")
    set_aside: list[Any] | None = [] if rejects is not None else None
    with giving_back():
        table = read_judgments(judgments, set_aside)
        paid = read_payments(payments, table, set_aside) if payments is not None else Payments.none()
    if engine == "dask":
        from exequatur.vector.distributed import balances_on_dask

        pieces = partitions or 4 * workers
        result = balances_on_dask(
            table, paid, day, partitions=pieces, scheduler=scheduler, workers=workers, rate_files=rate_files
        )
    else:
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("judgments", total=len(table))
            result = balances(table, paid, day, book, progress=lambda n: bar.advance(task, n))
    if set_aside:
        result = refused_for_payments(table, result, set_aside)
    written = write_balances(out, table, result)
    if rejects is not None and set_aside is not None:
        write_rejects(rejects, set_aside)
        sys.stderr.write(f"{len(set_aside)} row(s) set aside in {rejects}\n")
    _portfolio_totals(day, len(table), summary(table, result, keys), keys, totals)
    sys.stderr.write(f"balances written to {written} ({_computed(result.computed_by, len(result.errors))})\n")


def _portfolio_parts(
    judgments: Path,
    payments: Path | None,
    out: Path,
    day: date,
    rejects: Path | None,
    totals: Path | None,
    cluster: tuple[str, str | None, int],
    keys: tuple[str, ...],
    force: bool,
    rate_files: tuple[str, ...],
) -> None:
    """A folder of parts (io/portfolio_parts.py): each computed and written to the folder OUT, then totals."""
    from exequatur.io.portfolio import write_rejects
    from exequatur.io.portfolio_parts import parts
    from exequatur.vector.portfolio import merged

    if (out.exists() and not out.is_dir()) or (not out.exists() and out.suffix.lower() in (".csv", ".parquet")):
        _fail(f"-o {out}: with a folder of parts, the balances go to a folder")
    found = parts(judgments, payments, out)
    ours = {p.balances.name for p in found}
    if out.is_dir():
        # Balances of another run beside this one's would be read with them, and counted twice.
        others = sorted(
            f.name for f in out.iterdir() if f.suffix.lower() in (".csv", ".parquet") and f.name not in ours
        )
        if others:
            _fail(f"-o {out}: holds {', '.join(others[:3])}, which this run does not write; choose an empty folder")
    taken = [p.balances for p in found if p.balances.exists()]
    if taken and not force:
        _fail(f"-o {out}: {taken[0].name} exists there; add --force to replace the balances")
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        done = _compute_parts(found, day, rejects is not None, cluster, rate_files)
    except BaseException:
        if made and not any(out.iterdir()):
            out.rmdir()  # a run that failed before writing leaves no empty folder behind
        raise
    if rejects is not None:
        set_aside = [r for part in done for r in part.rejects]
        write_rejects(rejects, set_aside)
        sys.stderr.write(f"{len(set_aside)} row(s) set aside in {rejects}\n")
    _portfolio_totals(day, sum(p.judgments for p in done), merged([p.totals for p in done], keys), keys, totals)
    counted: dict[str, int] = {}
    for part in done:
        for how, n in part.computed_by.items():
            counted[how] = counted.get(how, 0) + n
    failed = sum(g["errors"] for part in done for g in part.totals)
    sys.stderr.write(f"balances of {len(done)} part(s) written to {out} ({_computed(counted, failed)})\n")


def _compute_parts(
    found: list[Any], day: date, keep_rejects: bool, cluster: tuple[str, str | None, int], rate_files: tuple[str, ...]
) -> list[Any]:
    from rich.progress import Progress

    from exequatur.io.portfolio_parts import compute_all

    engine, scheduler, workers = cluster
    with Progress(transient=True, disable=not sys.stderr.isatty() or engine == "dask") as bar:
        task = bar.add_task("judgments", total=None)
        return compute_all(
            found,
            day,
            keep_rejects=keep_rejects,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            progress=lambda n: bar.advance(task, n),
            rate_files=rate_files,
        )


def _computed(counted: dict[str, int], failed: int) -> str:
    """How the judgments were computed, in words, and how many could not be."""
    words = {"columns": "in columns by the compiled loop", "per-matter": "one by one by the per-matter engine"}
    withheld = counted.get("withheld", 0)
    said = [f"{n:,} {words.get(how, how)}" for how, n in counted.items() if n and how != "withheld"]
    if withheld:
        said.append(f"{withheld:,} of them withheld, a payment of theirs set aside: see the error column")
    if failed - withheld:
        said.append(f"{failed - withheld:,} not computed: see the error column")
    return "; ".join(said) or "no judgment"


def _portfolio_totals(
    day: date, count: int, groups: list[dict[str, Any]], keys: tuple[str, ...], into: Path | None = None
) -> None:
    """The totals printed as a table, and written to `into` (--totals) where given."""
    from rich.table import Table

    from exequatur.io.portfolio import group_figures, write_totals
    from exequatur.reports.fit import fitted

    if into is not None:
        sys.stderr.write(f"totals written to {write_totals(into, day, groups, keys)}\n")

    shown = Table(title=f"Portfolio on {day}: {count:,} judgment{'' if count == 1 else 's'}", title_justify="left")
    for column in (*keys, "judgments", "principal", "interest", "total", "paid", "unapplied", "per diem", "errors"):
        # A figure is never cut: where the sums are too wide for the page, the table is drawn a group at a time.
        shown.add_column(column, justify="left" if column in keys else "right", no_wrap=column not in keys)
    for g in groups:
        money = ["—" if v is None else f"{v:,}" for v in group_figures(g).values()]
        shown.add_row(*(str(g[k]) for k in keys), f"{g['judgments']:,}", *money, f"{g['errors']:,}")
    said = []
    if any(g["errors"] for g in groups):
        said.append("The sums are those of the judgments computed; one in error counts in judgments and errors.")
    lacking = sum(g["without_per_diem"] for g in groups)
    if lacking:
        said.append(
            f"{lacking:,} judgment{' has' if lacking == 1 else 's have'} no per diem on {day} (a term that ends, or a "
            f"rate not yet published: see the per_diem cells) and {'adds' if lacking == 1 else 'add'} nothing to it; "
            "— where none has one."
        )
    if said:
        shown.caption = " ".join(said)
        shown.caption_justify = "left"
    _console().print(fitted(shown))


@app.command("deadlines")
def deadlines_command(
    file: MatterArgument,
    start: Annotated[str | None, DateOption("--from", "Only deadlines due on or after this date.")] = None,
    until: Annotated[str | None, DateOption("--until", "Only deadlines due on or before this date.")] = None,
    as_of: Annotated[
        str | None, DateOption("--as-of", "The day past deadlines are marked met or missed from; default today.")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", metavar="OUT.ics", help="Also write the dated deadlines as iCalendar.")
    ] = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", metavar="table|json", help="The output format.")] = (
        TableOrJson.TABLE
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace the --ics file if it exists.")] = False,
) -> None:
    """Every deadline of a matter: its trigger, rule, citation and arithmetic, and whether it is open, met or missed.

    Undated entries (a step the law requires, or a deadline whose trigger the matter lacks) are always listed.
    """
    from exequatur.reports.deadlines import render_schedule, schedule_ics, schedule_json, within

    first, last = (None if start is None else _day(start)), (None if until is None else _day(until))
    if first is not None and last is not None and last < first:
        raise typer.BadParameter(f"{until} is before --from {start}", param_hint="--until")
    if ics is not None:
        checked_output(ics, ".ics", force=force, option="--ics")
    schedule = deadlines(file, _day(as_of))
    shown = within(schedule, first, last)
    if fmt is TableOrJson.JSON:
        _write_json(schedule_json(schedule, shown))
    else:
        _console().print(render_schedule(schedule, shown))
    dated = sum(1 for d in shown if d.due is not None)
    if ics is not None and not dated:
        sys.stderr.write(f"no dated deadline in that window: {ics} not written\n")
    elif ics is not None:
        try:
            written = write_atomic(ics, schedule_ics(schedule, shown))
        except OSError as exc:
            _fail(f"cannot write {exc.filename or ics}: {exc.strerror or exc}")
        sys.stderr.write(f"{dated} deadlines written to {written}\n")


class AssessFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    PDF = "pdf"


@app.command("assess")
def assess_command(
    file: MatterArgument,
    proceeding: Annotated[
        str, typer.Option("--proceeding", metavar="ID", help="The recognition, confirmation or enforcement proceeding.")
    ],
    as_of: Annotated[
        str | None, DateOption("--as-of", "Read the facts as they stood on this date; default today.")
    ] = None,
    fmt: Annotated[
        AssessFormat | None,
        typer.Option("--format", metavar="text|json|pdf", help="The output format (default: from OUT, else text)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="OUT", help="Write to this file (required for pdf).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Check the grounds for refusing recognition or enforcement, and the immunities, against the matter's facts.

    Each ground is met (the ground to refuse is made out), at-risk, not-met, unknown (with the question to answer)
    or not-applicable, with its citation and the facts that decided it. A checklist for counsel, not legal advice.
    """
    from rich.console import Console

    from exequatur.reports.assessment import assessment_json, assessment_pdf, render_assessment
    from exequatur.reports.provenance import file_sha256

    if fmt is None:
        # Without --format, OUT's extension says it (as for `report`); on the terminal, text.
        by_suffix = {".pdf": AssessFormat.PDF, ".json": AssessFormat.JSON, ".txt": AssessFormat.TEXT}
        if out is not None and out.suffix.lower() not in by_suffix:
            raise typer.BadParameter(
                f"{out.name}: an assessment is written as .txt, .json or .pdf (or say which with --format)",
                param_hint="-o",
            )
        fmt = by_suffix[out.suffix.lower()] if out is not None else AssessFormat.TEXT
    if fmt is AssessFormat.PDF and out is None:
        raise typer.BadParameter("a PDF is written to a file: add -o OUT.pdf", param_hint="--format")
    if out is not None:
        checked_output(out, f".{fmt.value if fmt is not AssessFormat.TEXT else 'txt'}", force=force, option="-o")
    result = assess(file, proceeding, _day(as_of))
    provenance = None if str(file) == "-" else (str(file), file_sha256(Path(file)))
    if fmt is AssessFormat.PDF:
        assert out is not None
        sys.stderr.write(f"assessment written to {write_atomic(out, assessment_pdf(result, provenance))}\n")
    elif fmt is AssessFormat.JSON:
        text = json.dumps(assessment_json(result, provenance), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            sys.stderr.write(f"assessment written to {write_atomic(out, text)}\n")
    elif out is None:
        _console().print(render_assessment(result, provenance))
    else:
        console = Console(width=120, record=True, file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
        console.print(render_assessment(result, provenance))
        sys.stderr.write(f"assessment written to {write_atomic(out, console.export_text())}\n")


@app.command("record")
def record_command(
    file: MatterArgument,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", metavar="text|json", help="text (tables) or json.")
    ] = RecordFormat.TEXT,
) -> None:
    """The matter's record: proceedings, the debtor's known assets, enforcement actions and what they recovered."""
    from exequatur.io.record import record_json
    from exequatur.reports.itemized import render_record

    loaded = matter(file)
    if fmt is RecordFormat.JSON:
        _write_json(record_json(loaded))
    else:
        _console().print(render_record(loaded))


@app.command("compare")
def compare_command(
    file: MatterArgument,
    instrument: Annotated[str, typer.Option("--instrument", metavar="ID", help="The award or judgment to project.")],
    forums: Annotated[
        str,
        typer.Option(
            "--forums",
            metavar="CODE,...",
            help="Comma-separated forum codes, e.g. US-NY,US-FED,CA-ON,GB-EW.",
            callback=_checked_forums,
        ),
    ],
    recognized_on: Annotated[str, DateOption("--recognized-on", "The date a judgment would be entered.")],
    until: Annotated[str, DateOption("--until", "The date to compute to.")],
    fmt: FormatOption = Format.TABLE,
    png: PngOption = None,
    html: HtmlOption = None,
    rates: RatesOption = None,
    force: ForceOption = False,
) -> None:
    """What an instrument would be worth in each forum if a judgment on it were entered there on a given date."""
    from exequatur.engine.compare import compare
    from exequatur.engine.results import InstrumentFailure
    from exequatur.io.files import write_csv
    from exequatur.reports.charts import comparison_html, comparison_png
    from exequatur.reports.export import comparison_json
    from exequatur.reports.itemized import render_comparison

    _chart_paths(png, html, force)
    book = rate_book(rates or ())
    loaded = matter(file, book)
    require_instrument(loaded, instrument, file)
    comparison = compare(loaded, instrument, _forum_codes(forums), _day(recognized_on), _day(until), book)
    data = comparison_json(comparison)
    if fmt is Format.JSON:
        _write_json(data)
    elif fmt is Format.CSV:
        columns = ("label", "forum", "currency", "at_entry", "principal", "interest", "total", "error")
        write_csv((data["baseline"], *data["forums"]), columns, sys.stdout)
    else:
        _console().print(render_comparison(comparison))
    _write_charts(
        png, html, lambda path: comparison_png(comparison, path), lambda path: comparison_html(comparison, path)
    )
    if any(isinstance(p.result, InstrumentFailure) for p in (comparison.baseline, *comparison.forums)):
        raise typer.Exit(1)  # as owe does: some forum could not be computed, and the table says why


@app.command("waterfall")
def waterfall_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The debtor's claims file (YAML).")],
    pool: Annotated[
        tuple[str, str],
        typer.Option(
            "--pool",
            metavar="AMOUNT CUR",
            help='The proceeds to distribute: a sum and its currency, e.g. --pool "5,892,000,000" USD.',
            callback=_checked_pool,
        ),
    ],
    on: Annotated[str, DateOption("--date", "The date the claims are computed to (the sale or closing).")],
    fmt: FormatOption = Format.TABLE,
    png: PngOption = None,
    html: HtmlOption = None,
    rates: RatesOption = None,
    force: ForceOption = False,
    matters: MattersOption = None,
) -> None:
    """Allocate a sale's proceeds among the debtor's creditors by priority, pro rata within a priority."""
    from exequatur.engine.waterfall import waterfall
    from exequatur.io.claimsfile import load_claims
    from exequatur.reports.charts import waterfall_html, waterfall_png
    from exequatur.reports.export import waterfall_csv, waterfall_json
    from exequatur.reports.itemized import render_waterfall

    _chart_paths(png, html, force)
    amount, currency = _pool(pool)
    claims, errors = load_claims(file, matters)
    if claims is None:
        raise MatterFileError(errors)
    book = rate_book(rates or ())
    result = waterfall(claims, amount, currency, _day(on), book, lambda path: matter(path, book))
    if fmt is Format.JSON:
        _write_json(waterfall_json(result))
    elif fmt is Format.CSV:
        sys.stdout.write(waterfall_csv(result))
    else:
        _console().print(render_waterfall(result))
    _write_charts(png, html, lambda path: waterfall_png(result, path), lambda path: waterfall_html(result, path))


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the matter-file format (for editors and validators)."""
    from exequatur.io.schema import json_schema

    _write_json(json_schema())


# -- rules: the law --------------------------------------------------------------------------------------------

rules_app = typer.Typer(
    cls=_Group, help="The law exequatur applies: forums, dated parameters, citations, freshness.", no_args_is_help=True
)
app.add_typer(rules_app, name="rules")


def _params_by_forum() -> dict[str, list[ParameterSet]]:
    from exequatur.rules.parameters import all_parameter_files, load_parameters

    out: dict[str, list[ParameterSet]] = {}
    for path in all_parameter_files():
        ps = load_parameters(path)
        out.setdefault(ps.forum, []).append(ps)
    return out


@rules_app.command("list")
def rules_list() -> None:
    """Every forum: its interest rule and its currency-conversion rule."""
    from exequatur.reports.lawbook import forums_table
    from exequatur.rules.registry import FORUMS

    _console().print(forums_table(list(FORUMS.values()), _params_by_forum()))


@rules_app.command("show")
def rules_show(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A forum code, e.g. US-NY.")],
    on: Annotated[str | None, DateOption("--on", "Only the values in force on this date.")] = None,
) -> None:
    """A forum's dated parameters, each with its citation, and the tables its rule reads."""
    from exequatur.io.ratetables import shipped_tables
    from exequatur.reports.lawbook import forum_detail
    from exequatur.rules.registry import FORUMS

    if code not in FORUMS:
        _fail(f"unknown forum {code!r}{forum_hint(code, FORUMS)} (known: {', '.join(FORUMS)})")
    day = _day(on) if on is not None else None
    forum_obj = FORUMS[code]
    tables = [shipped_tables()[t] for t in forum_obj.tables]
    _console().print(forum_detail(forum_obj, _params_by_forum().get(code, []), tables, day))


@rules_app.command("deadlines")
def rules_deadlines(
    code: Annotated[str | None, typer.Argument(metavar="CODE", help="Only this forum's, e.g. US-FED.")] = None,
) -> None:
    """The deadline rules: the ids a matter's `done` event names, their triggers, periods and citations."""
    from exequatur.reports.lawbook import deadline_rules_table
    from exequatur.rules.registry import FORUMS

    if code is not None and code not in FORUMS:
        _fail(f"unknown forum {code!r}{forum_hint(code, FORUMS)} (known: {', '.join(FORUMS)})")
    chosen = [FORUMS[code]] if code else list(FORUMS.values())
    if not any(f.deadlines for f in chosen):
        _fail(f"no deadline rules are written for {code} yet")
    _console().print(deadline_rules_table(chosen))


@rules_app.command("recognition")
def rules_recognition(
    code: Annotated[str | None, typer.Argument(metavar="CODE", help="Only the regimes this forum applies.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="text (default) or markdown (docs/recognition.md).")
    ] = "text",
) -> None:
    """The recognition and immunity regimes: every ground, its kind, citation, burden and the facts deciding it."""
    from exequatur.reports.regimes import FittedMarkdown, recognition_markdown
    from exequatur.rules.recognition import regime, regime_names
    from exequatur.rules.registry import FORUMS

    if fmt not in ("text", "markdown"):
        _fail(f"--format takes text or markdown, not {fmt!r}")
    if code is not None and code not in FORUMS:
        _fail(f"unknown forum {code!r}{forum_hint(code, FORUMS)} (known: {', '.join(FORUMS)})")
    shipped = [(regime(n), f"src/exequatur/rules/recognition/{n}.yaml") for n in regime_names()]
    if code is not None:
        wanted = {r.id for r in FORUMS[code].recognition}
        if not wanted:
            _fail(f"no recognition grounds are written for {code} yet")
        shipped = [(r, f) for r, f in shipped if r.id in wanted]
    text = recognition_markdown(shipped)
    if fmt == "markdown":
        sys.stdout.write(text)
    else:
        _console().print(FittedMarkdown(text))


@rules_app.command("stale")
def rules_stale(
    days: Annotated[int, typer.Option("--days", metavar="N", help="Older than this many days.")] = 365,
    today: Annotated[str | None, DateOption("--today", "Count from this date (default today).")] = None,
) -> None:
    """Parameter files and rate tables not reviewed lately, and tables that end before the date.

    Lists the files and tables not reviewed within --days of the date, and the tables that end before it; exits
    with 1 if there are any."""
    from exequatur.io.ratetables import rate_tables
    from exequatur.reports.lawbook import Review, stale
    from exequatur.rules.parameters import all_parameter_files, load_parameters

    day = _day(today)
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


# -- db: matters in a database (the commands are in cli_db.py; the store loads when one runs) ------------------

db_app = typer.Typer(
    cls=_Group, help="Matters in a database: import, export, list, the audit log.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
cli_db.register(db_app)


# -- serve, user: the web app and its accounts (cli_web.py; FastAPI loads when `serve` runs) -------------------

user_app = typer.Typer(cls=_Group, help="Users of the web app: add them, grant them matters.", no_args_is_help=True)
app.add_typer(user_app, name="user")
cli_web.register(app, user_app)


# -- rates: the rate tables ------------------------------------------------------------------------------------

rates_app = typer.Typer(
    cls=_Group,
    help="The rate tables: list them, see what their ends block, fetch or merge newer official rows.",
    no_args_is_help=True,
)
app.add_typer(rates_app, name="rates")


@rates_app.command("list")
def rates_list() -> None:
    """The rate tables, their coverage, sources and files (shipped, and your own copies in the data directory)."""
    from rich.table import Table
    from rich.text import Text

    from exequatur.io.ratetables import rate_tables
    from exequatur.reports.fit import fitted

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
    _console().print(fitted(table))


@rates_app.command("stale")
def rates_stale(
    on: Annotated[str | None, DateOption("--on", "The date to check against (default today).")] = None,
) -> None:
    """Each table's last covered date against a date, how far behind it is, and which forums, entry dates and
    conversions it keeps from being computed; exit 1 if any table ends before the date."""
    from exequatur.io.ratestale import table_status
    from exequatur.io.ratetables import rate_tables

    day = _day(on)
    statuses = table_status(rate_tables(), day)
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
    table: Annotated[str, typer.Argument(metavar="TABLE", help="The id of a table, e.g. us-1y-cmt-weekly.")],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A newer official CSV (date, value), e.g. a FRED download.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="FILE", help="Write the copy here instead of your data directory."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")] = False,
) -> None:
    """Merge a newer official file into a table; refuse rows that contradict its history. The new rows go to your
    own copy of the table in the data directory (never into the installed package)."""
    from exequatur.io.ratetables import rate_tables
    from exequatur.io.rateupdate import read_official, store

    if output is not None:
        checked_output(output, ".csv", force=force, option="--output")
    tables = rate_tables()
    if table not in tables:
        _fail(f"unknown table {table!r}{did_you_mean(table, tables)} (known: {', '.join(tables)})")
    report = store(
        tables,
        table,
        read_official(file),
        today=_today(),
        provenance=f"{file.name}, merged by `exequatur rates update` on {_today()}",
        output=output,
    )
    sys.stdout.write("".join(f"{line}\n" for line in report.lines()))


@rates_app.command("fetch")
def rates_fetch(
    table: Annotated[
        str | None,
        typer.Argument(metavar="TABLE", help="One table id; default every table with an official feed."),
    ] = None,
) -> None:
    """Download the official series from its publisher (FRED, the ECB data portal, the Bank of Canada's Valet),
    check it against the table's history, and keep the new rows in your data directory. The French legal-rate
    tables have no machine-readable official feed: write each half-year's rate as a CSV (date,value) from the
    arrêté and run `exequatur rates update TABLE FILE`."""
    from exequatur.io.publishers import FEEDS, NO_FEED
    from exequatur.io.ratefetch import OfflineError, fetch_table
    from exequatur.io.ratetables import rate_tables

    if table is not None and table not in FEEDS:
        if table in NO_FEED:
            _fail(f"{table}: {NO_FEED[table]}")
        _fail(f"unknown table {table!r}{did_you_mean(table, [*FEEDS, *NO_FEED])} (with a feed: {', '.join(FEEDS)})")
    tables = rate_tables()
    failed = 0
    for table_id in [table] if table is not None else list(FEEDS):
        try:
            fetched = fetch_table(FEEDS[table_id], tables, today=_today())
        except OfflineError as exc:
            _fail(f"{table_id}: {exc}")
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
    """Run the command line. A failure exequatur did not foresee is one line on stderr and exit status 70, not a
    traceback (set EXEQUATUR_TRACEBACK=1 to see it); a closed pipe (`exequatur owe ... | head`) ends quietly."""
    try:
        app()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point stdout at nothing first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:
        if os.environ.get("EXEQUATUR_TRACEBACK"):
            raise
        sys.stderr.write(
            f"error: exequatur failed (a bug, please report it with the command you ran): {type(exc).__name__}: {exc}\n"
        )
        raise SystemExit(EXIT_BUG) from None
