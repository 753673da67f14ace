"""Portfolio files: judgments and payments in CSV or Parquet in, balances in CSV or Parquet out.

A judgment row is `id, forum, entry_date, currency, principal` with optional `consumer_debt` (true/false),
`creditor_individual` (true/false: a natural person not acting professionally, France's L313-2) and `enforceable`
(the day a French decision became enforceable). A payment row is `judgment_id, date, amount`, in the judgment's
currency. A bad row is an error naming its file, row and field; with `rejects`, bad rows are set aside with their
reason instead, and the rest is computed. Amounts are decimal text, never binary floats.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from exequatur.io import portfolio_columns as by_column
from exequatur.io import textkernel
from exequatur.io.atomic import write_atomic
from exequatur.io.csvcells import cells
from exequatur.io.portfolio_columns import MAX_UNITS as _MAX_UNITS
from exequatur.io.suggest import forum_hint
from exequatur.model.errors import CurrencyError, ExequaturError
from exequatur.model.interest import Compounding, DayCount
from exequatur.model.money import minor_units
from exequatur.model.numbers import FIRST_DATE, LAST_DATE
from exequatur.rules.forum import ForumKind
from exequatur.rules.registry import FORUMS
from exequatur.vector.labels import Labels
from exequatur.vector.portfolio import NO_DAY, NO_PER_DIEM, Balances, Judgments, Payments

JUDGMENT_COLUMNS = ("id", "forum", "entry_date", "currency", "principal")
OPTIONAL_COLUMNS = ("consumer_debt", "creditor_individual", "enforceable", "rate", "compounding", "day_count")
PAYMENT_COLUMNS = ("judgment_id", "date", "amount")
BALANCE_COLUMNS = (
    "id",
    "forum",
    "currency",
    "principal",
    "interest",
    "paid",
    "unapplied",
    "total",
    "per_diem",
    "error",
)
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}
#: Columns of few distinct values (a date column has some thousands at most), read from Parquet by their codes.
_CODED = ("forum", "currency", "entry_date", "enforceable", "consumer_debt", "creditor_individual", "date")


class PortfolioError(ExequaturError):
    """A portfolio file that cannot be read: its file, and the row and field where it can be told."""


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where another row is, for a reason that points at it (a repeated id's first row, a judgment set aside).
    `line` as Reject's, found when the error is written."""

    file: str
    row: int
    line: int | None = None

    def within(self, file: str) -> str:
        """The place as said from a row of `file`: without the file's name when it is the same file."""
        place = f"row {self.row}" if self.line is None else f"line {self.line} (row {self.row})"
        return place if file == self.file else f"{self.file}: {place}"


class NotCreditedError(ValueError):
    """A payment row read whole that the per-matter engine would not credit either (dated before its judgment's
    entry): a bad row, but one whose judgment's figures stand without it."""


class PointingError(ValueError):
    """A row's `field: reason` whose reason ends at another row: the place is given apart, so that its line can be
    found with the rest when the error is written."""

    def __init__(self, message: str, place: RowPlace) -> None:
        super().__init__(message)
        self.place = place


@dataclass(frozen=True, slots=True)
class Reject:
    """A bad row: row 1 is the first after the header. `line`, the line a CSV row starts on (blank lines are not
    rows, and a quoted value may span lines), is found when the error is written (with_lines). A reason that
    points at another row (`refers`) ends with that row's place."""

    file: str
    row: int
    field: str
    said: str
    values: dict[str, str]
    line: int | None = None
    refers: RowPlace | None = None
    #: A payment row whose judgment's figures stand without it (NotCreditedError); any other bad payment leaves
    #: its judgment's figures unknown (refused_for_payments).
    figures_stand: bool = False

    @property
    def reason(self) -> str:
        if self.refers is None:
            return self.said
        place = self.refers.within(self.file)
        return f"{self.said} {place}" if self.refers.file == self.file else f"{self.said} ({place})"

    def __str__(self) -> str:
        place = f"row {self.row}" if self.line is None else f"line {self.line} (row {self.row})"
        return f"{self.file}: {place}: {self.field}: {self.reason}"


def csv_lines(path: Path, rows: Collection[int]) -> dict[int, int]:
    """The line on which each of `rows` starts in the CSV file `path`, counted as the readers count rows (blank
    lines are skipped, before the header too, and any of \\n, \\r\\n and \\r ends a line). Where the file has no
    quote, no carriage return and no blank line, row r is line r + 1, found without reading the records."""
    wanted = set(rows)
    if not wanted or path.suffix.lower() == ".parquet":
        return {}
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    body = data.removeprefix(codecs.BOM_UTF8)
    if not any(mark in body for mark in (b'"', b"\r", b"\n\n")) and not body.startswith(b"\n"):
        return {row: row + 1 for row in wanted}
    found: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""))  # as _table reads it
    row, end, last = -1, 0, max(wanted)
    for record in reader:
        start, end = end + 1, reader.line_num
        if not record:
            continue  # a blank line is not a row
        row += 1
        if row in wanted:
            found[row] = start
        if row >= last:
            break
    return found


def with_lines(rejects: list[Reject]) -> list[Reject]:
    """`rejects` with the line of each CSV row, and of each row a reason points at, one reading of each file."""
    by_file: dict[str, set[int]] = {}
    for r in rejects:
        by_file.setdefault(r.file, set()).add(r.row)
        if r.refers is not None:
            by_file.setdefault(r.refers.file, set()).add(r.refers.row)
    lines = {file: csv_lines(Path(file), rows) for file, rows in by_file.items()}

    def placed(r: Reject) -> Reject:
        refers = r.refers
        if refers is not None:
            refers = replace(refers, line=lines[refers.file].get(refers.row, refers.line))
        return replace(r, line=lines[r.file].get(r.row, r.line), refers=refers)

    return [placed(r) for r in rejects]


def _table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (row number, values as text) of a CSV or Parquet file; row 1 is the first after the header
    (in a CSV file, line 2 where no value spans lines)."""
    if path.suffix.lower() == ".parquet":
        table = _parquet(path)
        named = {name: table.column(name).to_pylist() for name in table.column_names}
        rows = [
            (i + 1, {k: "" if v[i] is None else str(v[i]) for k, v in named.items()}) for i in range(table.num_rows)
        ]
        return list(table.column_names), rows
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PortfolioError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PortfolioError(
            f"{path}: line {line}: bytes that are not UTF-8 text ({data[exc.start : exc.start + 1]!r}); save the "
            "file as UTF-8"
        ) from None
    # Blank lines are skipped, before the header too, and \\r alone ends a line, as Arrow's CSV reader takes them.
    records = (r for r in csv.reader(io.StringIO(text, newline="")) if r)
    names = [h.strip() for h in next(records, [])]
    out = []
    for i, record in enumerate(records, start=1):
        values = dict.fromkeys(names, "") | {k: v.strip() for k, v in zip(names, record, strict=False)}
        if len(record) > len(names):
            values[_EXTRA] = ",".join(record[len(names) :])
        elif len(record) < len(names):
            values[_SHORT] = ""
        out.append((i, values))
    return names, out


_EXTRA = "(more values than the header has columns)"
_SHORT = "(fewer values than the header has columns)"


def _shape_of(values: dict[str, str]) -> None:
    """A CSV row with more or fewer values than its header is refused whole: its values are not in their columns."""
    for mark in (_EXTRA, _SHORT):
        if mark in values:
            raise ValueError(f"row: {mark[1:-1]}")


def _parquet(path: Path, coded: tuple[str, ...] = ()) -> Any:
    """The file's table; the columns named in `coded` (of few distinct values: forum, currency, dates, flags) read
    as dictionaries."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
        table = pq.read_table(path, read_dictionary=[c for c in coded if c in names] or None)
    except (OSError, ValueError) as exc:
        raise PortfolioError(f"{path}: not a Parquet file exequatur can read ({exc})") from None
    for k, (name, kind) in enumerate(zip(table.column_names, table.schema.types, strict=True)):
        if pa.types.is_floating(kind):
            raise PortfolioError(
                f"{path}: column {name} holds binary floating-point numbers, which cannot hold every decimal value "
                "exactly: write it as decimal text or a decimal type"
            )
        if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            # Bytes are read as the UTF-8 text they hold, never as Python's b'...'.
            try:
                text = table.column(k).cast(pa.string())
            except pa.ArrowInvalid:
                raise PortfolioError(f"{path}: column {name} holds bytes that are not UTF-8 text") from None
            table = table.set_column(k, name, text)
    return table


def _header(path: Path, header: list[str], required: tuple[str, ...], known: tuple[str, ...]) -> None:
    if not header:
        raise PortfolioError(f"{path}: no header (the first line must name {', '.join(required)})")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise PortfolioError(f"{path}: header: column(s) {', '.join(repeated)} named twice; which one is meant?")
    missing = [c for c in required if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and any(mark in header[0] for mark in ";\t|"):
            hint = "; the columns are separated by commas, and this header is one column"
        raise PortfolioError(
            f"{path}: header: missing column(s) {', '.join(missing)} (it needs {', '.join(required)}){hint}"
        )
    unknown = [c for c in header if c not in (*required, *known)]
    if unknown:
        named = ", ".join((*required, *known))
        raise PortfolioError(f"{path}: header: unknown column(s) {', '.join(unknown)} (the columns: {named})")


_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


#: A date as the files write it; Python's fromisoformat also takes 20200101 and 2020-W01-3.
_YYYY_MM_DD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(text: str) -> date:
    try:
        if not _YYYY_MM_DD.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{text} is outside the dates exequatur computes ({FIRST_DATE} to {LAST_DATE})")
    return day


def _units(text: str, currency: str, *, positive: bool) -> int:
    # Plain decimal text only: no exponent, no digit separators, no signs (Decimal would take 1e3 and 1_000).
    if text.startswith("-") and _DECIMAL.fullmatch(text[1:]):
        raise ValueError(f"{text!r} must be {'above' if positive else 'at least'} zero")
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"{text!r} is not a number written as digits with an optional decimal point")
    amount = Decimal(text)
    if amount < 0 or (positive and amount == 0):
        raise ValueError(f"{text!r} must be {'above' if positive else 'at least'} zero")
    exponent = minor_units(currency)
    units = amount.scaleb(exponent)
    if units != units.to_integral_value():
        raise ValueError(f"{text!r} has more decimals than {currency}'s {exponent}")
    if units >= _MAX_UNITS:
        most = Decimal(_MAX_UNITS - 1).scaleb(-exponent)
        raise ValueError(f"{text!r} is beyond the sums exequatur computes (at most {most} {currency})")
    return int(units)


def _flag(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{text!r} is not true or false")


_COURTS = tuple(code for code, f in FORUMS.items() if f.kind is ForumKind.COURT and f.interest is not None)


def _judgment(values: dict[str, str]) -> tuple[str, list[Any]]:
    """The judgment's columns from its row, or ValueError naming the field (as `field: reason`)."""
    field = "id"
    try:
        if not values["id"]:
            raise ValueError("is empty")
        field = "forum"
        if values["forum"] not in _COURTS:
            said = f"{values['forum']!r} is not a court forum with an interest rule"
            raise ValueError(f"{said}{forum_hint(values['forum'], _COURTS)} ({', '.join(_COURTS)})")
        field = "entry_date"
        entry = _date(values["entry_date"])
        field = "currency"
        minor_units(values["currency"])
        field = "principal"
        principal = _units(values["principal"], values["currency"], positive=False)
        field = "consumer_debt"
        consumer = _flag(values.get("consumer_debt", ""))
        field = "creditor_individual"
        individual = _flag(values.get("creditor_individual", ""))
        field = "enforceable"
        enforceable = _date(values["enforceable"]) if values.get("enforceable") else None
        field = "rate"
        rate = _percent(values["rate"]) if values.get("rate") else None
        field = "compounding"
        compounding = _choice(values.get("compounding", ""), [c.value for c in Compounding], rate)
        field = "day_count"
        day_count = _choice(values.get("day_count", ""), [d.value for d in DayCount], rate)
    except (ValueError, CurrencyError) as exc:
        raise ValueError(f"{field}: {exc}") from None
    parsed = [values["forum"], entry, values["currency"], principal, consumer, individual, enforceable]
    return values["id"], [*parsed, rate, compounding, day_count]


def _percent(text: str) -> Decimal:
    try:
        percent = Decimal(text.removesuffix("%"))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a percent (e.g. 9 or 9%)") from None
    if not percent.is_finite() or not 0 <= percent <= 1000:
        raise ValueError(f"{text!r} is not a rate between 0% and 1000%")
    return percent


def _choice(text: str, choices: list[str], rate: Decimal | None) -> str | None:
    if not text:
        return None
    if rate is None:
        raise ValueError("goes with a stated rate: give rate too, or leave it out for the statute's")
    if text not in choices:
        raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
    return text


def _reject(file: Path, row: int, error: ValueError | str, values: dict[str, str]) -> Reject:
    field, _, reason = str(error).partition(": ")
    refers = error.place if isinstance(error, PointingError) else None
    stand = isinstance(error, NotCreditedError)
    return Reject(str(file), row, field, reason, values, refers=refers, figures_stand=stand)


def read_judgments(path: Path, rejects: list[Reject] | None = None, *, columnar: bool = True) -> Judgments:
    """The judgments of `path`; a bad row is a PortfolioError, or, with `rejects`, set aside there. A Parquet or
    CSV file is read column by column where it can be (io/portfolio_columns.py; `columnar`), with the same result."""
    text = _text_columns(path, JUDGMENT_COLUMNS, OPTIONAL_COLUMNS) if columnar else None
    if text is not None:
        found = _judgments_by_column(path, text, len(text["id"]), rejects)
        if found is not None:
            return found
    header, rows = _table(path)
    _header(path, header, JUDGMENT_COLUMNS, OPTIONAL_COLUMNS)
    ids: list[str] = []
    cols: list[list[Any]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        try:
            _shape_of(values)
            ident, parsed = _judgment(values)
            if ident in seen:
                raise PointingError(f"id: {ident!r} is also", RowPlace(str(path), seen[ident]))
        except ValueError as exc:
            _set_aside(path, number, exc, values, rejects)
            continue
        seen[ident] = number
        ids.append(ident)
        cols.append(parsed)
    columns = [list(c) for c in zip(*cols, strict=True)] if cols else [[] for _ in range(10)]
    forum, entry, currency, principal, consumer, individual, enforceable, rate, compounding, day_count = columns
    return Judgments(
        id=np.array(ids, object),
        forum=Labels.from_values(forum),
        entry=np.array(entry, "datetime64[D]"),
        currency=Labels.from_values(currency),
        principal=np.array(principal, np.int64),
        consumer_debt=np.array(consumer, bool),
        creditor_individual=np.array(individual, bool),
        enforceable=np.array([np.datetime64("NaT") if e is None else e for e in enforceable], "datetime64[D]"),
        rate=Labels.from_values(rate),
        compounding=Labels.from_values(compounding),
        day_count=Labels.from_values(day_count),
    )


def _text_columns(path: Path, required: tuple[str, ...], known: tuple[str, ...]) -> dict[str, Any] | None:
    """The file's columns as text for the column reader, its header checked; None where the row reader reads it
    (a Parquet column of a type not read here, a CSV file Arrow might read otherwise than the csv module)."""
    if path.suffix.lower() == ".parquet":
        table = _parquet(path, _CODED)
        _header(path, list(table.column_names), required, known)
        return by_column.text_columns(table, _CODED)
    text = by_column.csv_text_columns(path) if path.suffix.lower() == ".csv" else None
    if text is not None:
        _header(path, list(text), required, known)
    return text


def _row_values(text: dict[str, Any], names: list[str], row: int) -> dict[str, str]:
    """One row's values as the row reader takes them: text, '' where missing (a column of codes keeps its
    missing values as nulls)."""
    values = {name: text[name][row].as_py() for name in names}
    return {name: "" if value is None else value for name, value in values.items()}


def _judgments_by_column(
    path: Path, text: dict[str, Any], count: int, rejects: list[Reject] | None
) -> Judgments | None:
    """The judgments of a file's text columns: rows that pass every check in its plain form from the
    columns, the others row by row (read, or rejected as the row reader rejects them). None where two rows share
    an id: the row reader says which. A column the file does not have is one value seen through a view, and the
    columns are taken whole, not copied, where every row is kept."""
    import pyarrow as pa

    ids = text["id"]
    if textkernel.repeated(ids):
        return None
    forums = Labels.from_arrow(text["forum"])
    good = np.array([f in _COURTS for f in forums.names], bool)[forums.codes]
    entry, ok = by_column.days(text["entry_date"])
    good &= ok
    currencies = Labels.from_arrow(text["currency"])
    exponent, ok = by_column.exponents(currencies)
    good &= ok
    principal, ok = by_column.units(text["principal"], exponent)
    good &= ok
    del exponent, ok
    flags: dict[str, np.ndarray] = {}
    for name in ("consumer_debt", "creditor_individual"):
        if name in text:
            flags[name], ok = by_column.flags(text[name])
            good &= ok
        else:
            flags[name] = np.broadcast_to(False, (count,))
    enforce: np.ndarray | None = None
    if "enforceable" in text:
        enforce_empty = by_column.empty(text["enforceable"])
        enforce, ok = by_column.days(text["enforceable"])
        enforce[enforce_empty] = NO_DAY
        good &= enforce_empty | ok
        del enforce_empty
    # A stated rate, its compounding and its day count are rare: such a row is read row by row.
    good &= ~by_column.empty(ids)
    for name in ("rate", "compounding", "day_count"):
        if name in text:
            good &= by_column.empty(text[name])
    names = list(text)
    rate: dict[int, Any] = {}
    compounding: dict[int, Any] = {}
    day_count: dict[int, Any] = {}
    bad = np.flatnonzero(~good).tolist()
    consumer, individual = flags["consumer_debt"], flags["creditor_individual"]
    if bad:  # the row reader may set what a view cannot hold
        consumer, individual = np.array(consumer), np.array(individual)
        enforce = np.full(count, NO_DAY, np.int64) if enforce is None else enforce
    for i in bad:
        values = _row_values(text, names, i)
        try:
            _, parsed = _judgment(values)
        except ValueError as exc:
            _set_aside(path, i + 1, exc, values, rejects)
            continue
        good[i] = True
        entry[i] = (parsed[1] - date(1970, 1, 1)).days
        principal[i], consumer[i], individual[i] = parsed[3], parsed[4], parsed[5]
        if enforce is not None:  # always, where a row is bad
            enforce[i] = NO_DAY if parsed[6] is None else (parsed[6] - date(1970, 1, 1)).days
        for column, value in zip((rate, compounding, day_count), parsed[7:], strict=True):
            if value is not None:
                column[i] = value
    whole = bool(good.all())
    rows: Any = slice(None) if whole else np.flatnonzero(good)
    del good
    no_day = np.broadcast_to(np.datetime64("NaT", "D"), (count,))
    return Judgments(
        id=ids if whole else ids.take(pa.array(rows)),
        forum=forums[rows].compact(),
        entry=entry.view("datetime64[D]")[rows],
        currency=currencies[rows].compact(),
        principal=principal[rows],
        consumer_debt=consumer[rows],
        creditor_individual=individual[rows],
        enforceable=(no_day if enforce is None else enforce.view("datetime64[D]"))[rows],
        rate=Labels.sparse(count, rate)[rows],
        compounding=Labels.sparse(count, compounding)[rows],
        day_count=Labels.sparse(count, day_count)[rows],
    )


def _payment(
    values: dict[str, str], row_of: dict[str, int], judgments: Judgments, rejects: list[Reject] | None = None
) -> tuple[int, date, int]:
    """A payment row's judgment (its row), day and amount in minor units, or ValueError as `field: reason`."""
    field = "judgment_id"
    try:
        row = row_of.get(values["judgment_id"])
        if row is None:
            aside = next((r for r in rejects or () if r.values.get("id") == values["judgment_id"]), None)
            if aside is not None:
                said = f"judgment {values['judgment_id']!r} was set aside"
                raise PointingError(said, RowPlace(aside.file, aside.row))
            raise ValueError(f"no judgment {values['judgment_id']!r} among those read")
        field = "date"
        day = _date(values["date"])
        entry: date = judgments.entry[row].item()
        if day < entry:  # as the matter file's check refuses it; never credited, whatever its amount
            raise NotCreditedError(f"{day} precedes the judgment's entry ({entry})")
        field = "amount"
        amount = _units(values["amount"], str(judgments.currency[row]), positive=True)
    except NotCreditedError as exc:
        raise NotCreditedError(f"{field}: {exc}") from None
    except PointingError as exc:
        raise PointingError(f"{field}: {exc}", exc.place) from None
    except (ValueError, CurrencyError) as exc:
        raise ValueError(f"{field}: {exc}") from None
    return row, day, amount


def refused_for_payments(
    judgments: Judgments, result: Balances, set_aside: list[Reject], *, every: bool = False
) -> Balances:
    """`result` with each judgment refused whose payment was set aside unread (a bad date or amount), the
    payment's error its own: its figures would leave the payment out. A payment set aside that would not be
    credited anyway (before entry) leaves its judgment's figures standing, unless `every` (a Spark batch, which
    has no rejects file to tell of it)."""
    bad = [r for r in set_aside if "judgment_id" in r.values and (every or not r.figures_stand)]
    if not bad:
        return result
    row_of = {ident: k for k, ident in enumerate(judgments.id.to_pylist())}
    errors = dict(result.errors)
    for r in bad:
        row = row_of.get(r.values["judgment_id"])
        if row is not None and row not in errors:
            errors[row] = f"a payment ({r.values.get('date', '')}, {r.values.get('amount', '')}): {r.field}: {r.reason}"
    # Computed, then withheld: counted as such, so that no judgment is told both computed and not.
    counted = dict(result.computed_by)
    counted["withheld"] = counted.get("withheld", 0) + len(errors) - len(result.errors)
    return replace(result, errors=errors, computed_by=counted)


def _set_aside(
    path: Path, row: int, error: ValueError | str, values: dict[str, str], rejects: list[Reject] | None
) -> None:
    """A bad row: into `rejects`, or, without them, the error that stops the read."""
    reject = _reject(path, row, error, values)
    if rejects is None:
        raise PortfolioError(str(with_lines([reject])[0]))
    rejects.append(reject)


def _payments_by_column(
    path: Path, text: dict[str, Any], judgments: Judgments, rejects: list[Reject] | None
) -> Payments:
    """The payments of a file's text columns, as `_judgments_by_column` reads judgments."""
    import pyarrow.compute as pc

    ids = textkernel.whole(judgments.id)
    row = textkernel.positions_in_order(text["judgment_id"], ids)
    if row is None:
        row = np.asarray(pc.index_in(text["judgment_id"], ids).fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
    del ids
    known = row >= 0
    decimals = [minor_units(str(c)) for c in judgments.currency.names]
    day, day_ok = by_column.days(text["date"])
    if len(set(decimals)) <= 1:  # one number of decimals for all (or no judgment): a view, not a column
        exponent = np.broadcast_to(np.array(decimals[:1] or [0], np.int64), row.shape)
    else:
        exponent_of = _exponents(judgments.currency)
        exponent = np.where(known, exponent_of[np.maximum(row, 0)], 0)
    amount, amount_ok = by_column.units(text["amount"], exponent)
    good = known
    good &= day_ok
    good &= amount_ok
    good &= amount > 0
    if len(judgments):  # a payment before its judgment's entry: the row reader's error
        entry = judgments.entry.view(np.int64)
        for a in range(0, len(row), _WRITE_ROWS):  # a million at a time: no gathered column of the file's size
            b = a + _WRITE_ROWS
            good[a:b] &= day[a:b] >= np.take(entry, row[a:b], mode="clip")
    del day_ok, amount_ok
    if good.all():  # every row plain: the columns as they are
        return Payments(judgment=row, date=day.view("datetime64[D]"), amount=amount)
    keep = good.copy()
    names = list(text)
    row_of: dict[str, int] | None = None
    for i in np.flatnonzero(~good).tolist():
        values = _row_values(text, names, i)
        if row_of is None:
            row_of = {ident: k for k, ident in enumerate(judgments.id.to_pylist())}
        try:
            found, parsed_day, parsed_amount = _payment(values, row_of, judgments, rejects)
        except ValueError as exc:
            _set_aside(path, i + 1, exc, values, rejects)
            continue
        keep[i] = True
        row[i], day[i], amount[i] = found, (parsed_day - date(1970, 1, 1)).days, parsed_amount
    rows = np.flatnonzero(keep)
    return Payments(
        judgment=row[rows],
        date=(np.datetime64("1970-01-01", "D") + day[rows]).astype("datetime64[D]"),
        amount=amount[rows],
    )


def read_payments(
    path: Path, judgments: Judgments, rejects: list[Reject] | None = None, *, columnar: bool = True
) -> Payments:
    """The payments of `path`, each on a judgment of `judgments` and in its currency (a Parquet file column by
    column where it can be, as read_judgments)."""
    if path.is_dir():
        raise PortfolioError(f"{path}: a folder; a folder of payment parts goes with a folder of judgment parts")
    text = _text_columns(path, PAYMENT_COLUMNS, ()) if columnar else None
    if text is not None:
        return _payments_by_column(path, text, judgments, rejects)
    header, rows = _table(path)
    _header(path, header, PAYMENT_COLUMNS, ())
    row_of = {ident: i for i, ident in enumerate(judgments.id.to_pylist())}
    who: list[int] = []
    days: list[date] = []
    amounts: list[int] = []
    for number, values in rows:
        try:
            _shape_of(values)
            row, day, amount = _payment(values, row_of, judgments, rejects)
        except ValueError as exc:
            _set_aside(path, number, exc, values, rejects)
            continue
        who.append(row)
        days.append(day)
        amounts.append(amount)
    return Payments(
        judgment=np.array(who, np.int64), date=np.array(days, "datetime64[D]"), amount=np.array(amounts, np.int64)
    )


def _text(units: np.ndarray, exponents: np.ndarray, shown: np.ndarray) -> Any:
    """Minor units as decimal text (an Arrow string array), each in its row's number of decimals ('' where not
    `shown`), formatted by Arrow's kernels column by column rather than row by row."""
    import pyarrow as pa

    if units.dtype == object:  # sums beyond 64 bits: rare, one by one
        return pa.array(
            [
                str(Decimal(int(u)).scaleb(-int(e))) if s else ""
                for u, e, s in zip(units, exponents, shown, strict=True)
            ],
            pa.string(),
        )
    return textkernel.written(units, exponents, shown)  # a row not shown is never read: no digits, no length


def _exponents(currency: Labels) -> np.ndarray:
    """Each row's currency's number of decimals."""
    table = np.array([minor_units(str(c)) for c in currency.names] or [0], np.int64)
    exponents: np.ndarray = table[currency.codes]
    return exponents


#: Rows formatted and written at a time: the text of a batch is made, written and its memory used again for the
#: next, rather than a whole portfolio's text held at once (10 million rows: about 1 GB).
_WRITE_ROWS = 1 << 20


def balance_columns(judgments: Judgments, result: Balances, rows: slice | None = None) -> dict[str, Any]:
    """Each judgment's balance (of `rows`: all by default) as decimal text in its currency, or its error: Arrow
    string arrays by column."""
    rows = rows if rows is not None else slice(0, len(judgments))
    a, b, _ = rows.indices(len(judgments))
    exponents = _exponents(judgments.currency[rows])
    ok = result.ok[rows]
    principal, interest, per_diem = result.principal[rows], result.interest[rows], result.per_diem[rows]
    columns = {
        "id": textkernel.whole(judgments.id.slice(a, b - a)),
        "forum": judgments.forum[rows].to_dictionary(),
        "currency": judgments.currency[rows].to_dictionary(),
    }
    for name, values in (
        ("principal", principal),
        ("interest", interest),
        ("paid", result.paid[rows]),
        ("unapplied", result.unapplied[rows]),
        ("total", principal + interest),
    ):
        columns[name] = _text(values, exponents, ok)
    columns["per_diem"] = _text(per_diem, exponents, ok & (per_diem != NO_PER_DIEM))
    errors: dict[int, Any] = {row - a: message for row, message in result.errors.items() if a <= row < b}
    columns["error"] = Labels.sparse(b - a, errors, "").to_dictionary()
    return {c: columns[c] for c in BALANCE_COLUMNS}


#: The balance columns of few values, written as Arrow dictionaries (their codes, never a string per row).
_CODED_OUT = ("forum", "currency", "error")
#: The columns of digits: Parquet's snappy shrinks decimal text by about a third and takes half the writing time,
#: so they are written as they are. The others (ids, the few values, sums mostly zero) are compressed.
_DIGITS = ("principal", "interest", "total", "per_diem")


def _balance_schema() -> Any:
    """The balances' columns as Arrow types: text, those of few values as dictionaries of text."""
    import pyarrow as pa

    coded = pa.dictionary(pa.int32(), pa.string())
    return pa.schema([(name, coded if name in _CODED_OUT else pa.string()) for name in BALANCE_COLUMNS])


def _batches(judgments: Judgments, result: Balances) -> Any:
    """The balances as Arrow record batches of _WRITE_ROWS rows (one, empty, where there are none)."""
    import pyarrow as pa

    n = len(judgments)
    for a in range(0, max(n, 1), _WRITE_ROWS):
        yield pa.record_batch(balance_columns(judgments, result, slice(a, min(a + _WRITE_ROWS, n))))


def write_balances(path: Path, judgments: Judgments, result: Balances) -> Path:
    """The balances to `path` (.csv or .parquet), whole or not at all, formatted and written a batch at a time
    (_WRITE_ROWS), never held whole as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def _overlapped(write: Callable[[Any], None]) -> None:
        # Arrow writes a batch (without the GIL) on a thread of its own while the next one is formatted.
        with ThreadPoolExecutor(1) as pool:
            pending = None
            for batch in _batches(judgments, result):
                if pending is not None:
                    pending.result()
                pending = pool.submit(write, batch)
            if pending is not None:
                pending.result()

    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        def parquet(out: Any) -> None:
            # Only the columns of few values are worth a dictionary (Arrow's, written as they are); statistics of
            # decimal text tell a reader nothing it can use. Without the Arrow schema stored, a reader sees every
            # column as text. Each batch is a row group of its own.
            options = {
                "use_dictionary": list(_CODED_OUT),
                "write_statistics": False,
                "store_schema": False,
                "compression": {name: "none" if name in _DIGITS else "snappy" for name in BALANCE_COLUMNS},
            }
            with pq.ParquetWriter(out, _balance_schema(), **options) as writer:
                _overlapped(lambda batch: writer.write_batch(batch, row_group_size=len(batch) or None))

        return write_atomic(path, parquet)
    # A value that needs quotes, or one a spreadsheet would run as a formula (io/csvcells.py): Python's csv module.
    text = (judgments.id, pa.array(sorted(set(result.errors.values())), pa.string()))
    quoted = any(pc.any(pc.match_substring_regex(column, r'[,"\r\n]|^[=+\-@\t]')).as_py() for column in text)
    if quoted:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(BALANCE_COLUMNS)
        for batch in _batches(judgments, result):
            writer.writerows(cells(row) for row in zip(*(c.to_pylist() for c in batch.columns), strict=True))
        return write_atomic(path, out.getvalue())
    import pyarrow.csv as pcsv

    def plain(out: Any) -> None:
        # No value needs quotes: Arrow's writer gives the csv module's bytes, column by column.
        out.write((",".join(BALANCE_COLUMNS) + "\n").encode())
        options = pcsv.WriteOptions(include_header=False, quoting_style="none")
        with pcsv.CSVWriter(out, _balance_schema(), write_options=options) as writer:
            _overlapped(writer.write_batch)

    return write_atomic(path, plain)


#: The totals' sums, in the order the command prints them.
TOTAL_SUMS = ("principal", "interest", "total", "paid", "unapplied", "per_diem")


def group_figures(group: dict[str, Any]) -> dict[str, Decimal | None]:
    """A group's sums in its currency, or None for each where every judgment of it is in error, and for the per
    diem where no judgment computed has one (a term that ends, a rate not yet published): those figures are not
    known, and a zero would read as a judgment worth nothing, or accruing nothing."""
    if group["judgments"] and group["errors"] == group["judgments"]:
        return dict.fromkeys(TOTAL_SUMS)
    exponent = minor_units(str(group["currency"]))
    sums: dict[str, Decimal | None] = {k: Decimal(group[k]).scaleb(-exponent) for k in TOTAL_SUMS}
    if group["without_per_diem"] == group["judgments"] - group["errors"] > 0:
        sums["per_diem"] = None
    return sums


def write_totals(path: Path, as_of: date, groups: list[dict[str, Any]], keys: tuple[str, ...]) -> Path:
    """The totals (vector.portfolio.summary's groups, by `keys`) to `path`, .json or .csv, each sum exact decimal
    text in its group's currency, or null in JSON and an empty cell in CSV where it is not known (group_figures):
    the table the command prints, for a program to read."""
    rows = []
    for g in groups:
        row: dict[str, Any] = {k: str(g[k]) for k in keys} | {"judgments": g["judgments"]}
        row |= {k: None if v is None else str(v) for k, v in group_figures(g).items()} | {"errors": g["errors"]}
        row["without_per_diem"] = g["without_per_diem"]
        rows.append(row)
    if path.suffix.lower() == ".json":
        document = {"as_of": as_of.isoformat(), "by": list(keys), "judgments": sum(g["judgments"] for g in groups)}
        return write_atomic(path, json.dumps(document | {"groups": rows}, ensure_ascii=False, indent=2) + "\n")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*keys, "judgments", *TOTAL_SUMS, "errors", "without_per_diem"])
    writer.writerows(cells(["" if v is None else v for v in row.values()]) for row in rows)
    return write_atomic(path, out.getvalue())


def write_rejects(path: Path, rejects: list[Reject]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "row", "line", "field", "reason", "values"])
    for r in with_lines(rejects):
        # As a JSON object, so that a value holding a comma or an equals sign reads back as it was.
        values = json.dumps(r.values, ensure_ascii=False)
        writer.writerow(cells([r.file, r.row, "" if r.line is None else r.line, r.field, r.reason, values]))
    return write_atomic(path, out.getvalue())
