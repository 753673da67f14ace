"""The Python API: load and check matters, build a rate book, compute what is owed.

>>> from exequatur import owe
>>> statement = owe("examples/rusoro-v-venezuela.yaml", as_of=date(2023, 8, 14))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from exequatur.engine.owed import accrue
from exequatur.engine.statement import Statement
from exequatur.io.matterfile import load_matter
from exequatur.io.ratetables import load_rate_table, rate_tables
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook


class MatterFileError(ExequaturError):
    """A matter file failed its checks; `errors` holds every problem found, each with its place."""

    def __init__(self, errors: Sequence[MatterError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


def rate_book(rate_files: Iterable[str | Path] = ()) -> RateBook:
    """The shipped tables, extended by the user's copies in the data directory, extended again by this run's own
    files (`--rates FILE`): a file of new rows adds to a table of its id, it never hides the older rows."""
    return RateBook.of([], rate_tables(), extensions=[load_rate_table(path) for path in rate_files])


def check(path: str | Path, rates: RateBook | None = None) -> list[MatterError]:
    book = rates or rate_book()
    _, errors = load_matter(path, known_tables=book.__contains__)
    return errors


def matter(path: str | Path, rates: RateBook | None = None) -> Matter:
    book = rates or rate_book()
    loaded, errors = load_matter(path, known_tables=book.__contains__)
    if loaded is None:
        raise MatterFileError(errors)
    return loaded


def owe(
    path: str | Path,
    as_of: date,
    *,
    instrument: str | None = None,
    rate_files: Iterable[str | Path] = (),
) -> Statement:
    """What is owed on each instrument of the matter file on `as_of` (or on the one instrument named)."""
    book = rate_book(rate_files)
    loaded = matter(path, book)
    if instrument is not None and not loaded.has_instrument(instrument):
        known = ", ".join(i.id for i in loaded.instruments)
        raise ExequaturError(f"no instrument {instrument!r} in {path} (it has: {known})")
    return accrue(loaded, as_of, book, instrument=instrument)
