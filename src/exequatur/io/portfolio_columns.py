"""Portfolio files read column by column: the checks of io/portfolio.py, run by Arrow's kernels on whole columns.

A row that every check passes in the strict form (digits, ISO dates, known codes) is taken from the columns. Any
other row goes to the row-by-row reader (io/portfolio.py), which either reads it (a "yes" flag, a stated rate) or
gives its error, with its file, row and field, exactly as it would have. A file these checks cannot take whole
(columns of other types, a repeated id) is read row by row instead: the same result, slower.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from exequatur.io import textkernel
from exequatur.model.errors import CurrencyError
from exequatur.model.money import minor_units
from exequatur.model.numbers import FIRST_DATE, LAST_DATE
from exequatur.vector.labels import Labels

#: Column types read as their text; any other sends the file row by row.
_TEXT_TYPES = (pa.string(), pa.large_string(), pa.int64(), pa.int32(), pa.date32())
#: Whole units longer than this are past the reader's bound (10^17 minor units) or near it: row by row.
_LONGEST = 15
#: The most minor units a sum may have (a principal of 10^15 units, as the per-matter engine allows).
MAX_UNITS = 10**17


def text_columns(table: pa.Table, coded: tuple[str, ...] = ()) -> dict[str, pa.Array | pa.ChunkedArray] | None:
    """Each column as text ('' for a missing value), or None where a column's type is not one read here; those
    named in `coded` that are dictionaries of text stay so (Labels.from_arrow reads their codes). Text columns
    keep the file's chunks (the compiled readers take them in place: io/textkernel.pieces); the rest are made
    one array."""
    out: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.combine_chunks()
            if name in coded and pa.types.is_string(column.type.value_type):
                out[name] = column
                continue
            column = column.dictionary_decode()
        if column.type not in _TEXT_TYPES:
            return None
        text = column if column.type == pa.string() else pc.cast(column, pa.string())
        out[name] = pc.fill_null(text, "") if text.null_count else text
    return out


def csv_text_columns(path: Path) -> dict[str, pa.Array] | None:
    """A CSV file's columns as text, read by Arrow as Python's csv module reads them for the row reader; None
    where they might differ, and the row reader reads the file: a file Arrow cannot read (a row with more or fewer
    values than the header, bytes that are not UTF-8, no header), a repeated column name, or a name or value
    with white space at either end (the row reader strips it, by str.strip's own idea of white space)."""
    parse = pcsv.ParseOptions(newlines_in_values=True)
    try:
        with pcsv.open_csv(path, parse_options=parse) as head:  # the names, from the first block alone
            names = head.schema.names
        if len(set(names)) != len(names) or any(name != name.strip() for name in names):
            return None
        as_text = pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False)
        table = pcsv.read_csv(path, parse_options=parse, convert_options=as_text)
    except (pa.ArrowInvalid, OSError):
        return None
    out = {}
    for name in names:
        column = table.column(name).combine_chunks()
        if pc.any(pc.match_substring_regex(column, _padded())).as_py():
            return None
        out[name] = column
    return out


#: The last code point str.isspace holds for (U+3000 IDEOGRAPHIC SPACE, in every Unicode version Python has shipped):
#: scanning to it, not to U+10FFFF, takes each process under 1 ms instead of 90 ms; a test scans them all.
LAST_SPACE = 0x3000


@cache
def _padded() -> str:
    """A regular expression (RE2) for text that starts or ends with a character str.strip would remove."""
    space = "".join(f"\\x{{{c:x}}}" for c in range(LAST_SPACE + 1) if chr(c).isspace())
    return f"^[{space}]|[{space}]$"


def days(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """ISO dates as days since 1970, and which rows are plainly such a date within exequatur's range: ten
    characters, YYYY-MM-DD in ASCII digits, the day held within its month's length by numpy's calendar (never
    2021-02-30 taken as 2 March). A dictionary column (dates, as Parquet keeps them) is read by its values."""
    coded = _distinct(text)
    if coded is not None:
        codes, names = coded
        day, ok = textkernel.days(names, _month_firsts(), FIRST_DATE.year, LAST_DATE.year)
        return day[codes], ok[codes]
    return textkernel.days(text, _month_firsts(), FIRST_DATE.year, LAST_DATE.year)


def empty(text: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Which rows are '' (or missing, in a dictionary column)."""
    coded = _distinct(text)
    if coded is not None:
        codes, names = coded
        found: np.ndarray = np.asarray(pc.equal(names, ""))[codes]
        return found
    return np.asarray(pc.equal(text, ""))


def _distinct(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array] | None:
    """A dictionary column's codes and its distinct values as text ('' for a missing one); None for plain text,
    read row by row."""
    if not pa.types.is_dictionary(text.type):
        return None
    labels = Labels.from_arrow(text)
    return labels.codes, pa.array(["" if n is None else str(n) for n in labels.names], pa.string())


@cache
def _month_firsts() -> np.ndarray:
    """The first day (days since 1970) of every month from FIRST_DATE's year to the one after LAST_DATE's, by
    numpy's calendar."""
    first = (FIRST_DATE.year - 1970) * 12
    months = np.arange(first, first + (LAST_DATE.year - FIRST_DATE.year + 1) * 12 + 1).astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def units(text: pa.Array | pa.ChunkedArray, exponent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Plain decimal text as integer minor units of each row's currency (`exponent` digits), and which rows are
    plainly such a sum: ASCII digits with at most one point between digits, at most the currency's decimals,
    below the reader's bound of 10^17 units."""
    return textkernel.units(text, exponent, MAX_UNITS, _LONGEST)


def flags(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """true/false text (also yes/no, 1/0, empty for false) as booleans, and which rows are plainly one."""
    coded = _distinct(text)
    if coded is not None:
        codes, names = coded
        yes, ok = flags(names)
        return yes[codes], ok[codes]
    low = pc.utf8_lower(text)
    yes = np.asarray(pc.is_in(low, pa.array(["true", "1", "yes"])))
    no = np.asarray(pc.is_in(low, pa.array(["false", "0", "no", ""])))
    return yes, yes | no


def exponents(currency: Labels) -> tuple[np.ndarray, np.ndarray]:
    """Each row's currency's number of decimals, and which rows name a currency of account (ISO 4217)."""
    found = []
    for code in currency.names:
        try:
            found.append(minor_units(str(code)) if code is not None else -1)
        except CurrencyError:
            found.append(-1)
    table = np.array(found or [0], np.int64)
    return np.maximum(table, 0)[currency.codes], (table >= 0)[currency.codes]
