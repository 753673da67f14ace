"""Rate tables as CSV files whose header lines say what they are, where they come from and under what licence.

Format (shipped tables and `--rates FILE` alike)::

    # id: us-1y-cmt-weekly
    # title: 1-year Treasury constant maturity, weekly average (H.15), week ending Friday
    # source: Board of Governors of the Federal Reserve System, H.15; FRED series WGS1YR
    # licence: public domain (U.S. government work)
    # max_gap_days: 7            (or none for a series of changes, with # covered_until: YYYY-MM-DD)
    # reviewed: 2026-11-25
    # (optional: # quote: CAD per USD for exchange rates; # gaps: FIRST/LAST; ... for known holes)
    date,value
    1962-01-05,3.24

Values are percent per annum (or the quoted exchange rate). Days with no publication are simply absent; a lookup
that would need one is an error naming the table and the date. A third column, `source`, may cite each row (for
tables built row by row from announcements).

Three layers make the tables a run reads: the shipped ones (read-only, in the package), the user's own copies in
the data directory (written by `rates update` and `rates fetch`, see io/datadir.py), which extend a shipped table
of the same id, and the run's `--rates` files, which extend again (model/rates.py, RateSeries.extended_by). A
table that cannot be read says which layer it is and how to repair it, and spoils only the lookups that need it.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from exequatur.io.datadir import rates_dir
from exequatur.io.publishers import renew_hint
from exequatur.model.errors import RateTableFormatError
from exequatur.model.rates import RatePoint, RateSeries
from exequatur.model.source import Source

REQUIRED = ("id", "title", "source")
KNOWN = {*REQUIRED, "licence", "max_gap_days", "covered_until", "reviewed", "unit", "notes", "quote", "gaps"}
DATA_PACKAGE = "exequatur.data"


def _header(lines: list[str], origin: str) -> tuple[dict[str, str], str, int]:
    """The `# key: value` lines and the column header; returns (meta, columns, index of the first row)."""
    meta: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            key = key.strip()
            if sep and key in KNOWN:
                meta[key] = (meta[key] + " " if key in meta else "") + value.strip()
            continue
        columns = line.strip().replace(" ", "")
        if columns not in ("date,value", "date,value,source"):
            raise RateTableFormatError(
                "expected the column header 'date,value' (or 'date,value,source')", source=Source(origin, index + 1)
            )
        missing = [k for k in REQUIRED if k not in meta]
        if missing:
            raise RateTableFormatError(
                f"header lacks {', '.join('# ' + k + ':' for k in missing)}", source=Source(origin, 1)
            )
        return meta, columns, index + 1
    raise RateTableFormatError("no rows: a rate table needs a 'date,value' header and rows", source=Source(origin, 1))


#: A value as the publishers write it: digits, an optional decimal point, an optional sign; never 1e3 or NaN.
_PLAIN_VALUE = re.compile(r"^\s*-?[0-9]+(\.[0-9]+)?\s*$")


def _row(line: str, where: Source, width: int) -> RatePoint:
    # Plain columns split directly (the FX tables have 13,000 rows); a quoted source column needs csv.
    cells = line.split(",") if '"' not in line else next(csv.reader([line]))
    if len(cells) != width:
        raise RateTableFormatError(f"expected {width} columns, found {line!r}", source=where)
    try:
        day = date.fromisoformat(cells[0].strip())
    except ValueError:
        raise RateTableFormatError(f"{cells[0]!r} is not a date (YYYY-MM-DD)", source=where) from None
    if not _PLAIN_VALUE.match(cells[1]):
        raise RateTableFormatError(f"{cells[1]!r} is not a plain decimal number (e.g. 4.83 or 1.3517)", source=where)
    rate = Decimal(cells[1])
    note = cells[2].strip() or None if width == 3 else None
    return RatePoint(day, rate, where, note)


def parse_rate_table(text: str, origin: str, *, renew: str | None = None) -> RateSeries:
    lines = text.splitlines()
    meta, columns, first = _header(lines, origin)
    width = columns.count(",") + 1
    points: list[RatePoint] = []
    previous = date.min
    for number in range(first, len(lines)):
        line = lines[number]
        if not line or line.isspace() or line.startswith("#"):
            continue
        point = _row(line, Source(origin, number + 1), width)
        if "quote" in meta and point.value <= 0:
            raise RateTableFormatError(
                f"{point.value} is not an exchange rate: a rate of exchange is above zero", source=point.source
            )
        if point.on <= previous:
            raise RateTableFormatError(f"{point.on} is not after the previous row ({previous})", source=point.source)
        previous = point.on
        points.append(point)
    if not points:
        raise RateTableFormatError(
            "no rows: a rate table needs a 'date,value' header and rows", source=Source(origin, 1)
        )
    try:
        gap_text = meta.get("max_gap_days", "7")
        gap = None if gap_text == "none" else int(gap_text)
        gaps = tuple(
            (date.fromisoformat(first), date.fromisoformat(last))
            for first, last in (item.split()[0].split("/") for item in meta.get("gaps", "").split(";") if item.strip())
        )
        if gap is None and "covered_until" not in meta:
            raise ValueError("a series of changes (max_gap_days: none) needs covered_until")
        covered = date.fromisoformat(meta["covered_until"]) if "covered_until" in meta else None
        reviewed = date.fromisoformat(meta["reviewed"]) if "reviewed" in meta else None
    except ValueError as exc:
        raise RateTableFormatError(f"bad header value: {exc}", source=Source(origin, 1)) from None
    return RateSeries(
        id=meta["id"],
        title=meta["title"],
        source=meta["source"],
        licence=meta.get("licence"),
        max_gap_days=gap,
        covered_until=covered,
        quote=meta.get("quote"),
        gaps=gaps,
        reviewed=reviewed,
        points=tuple(points),
        origin=origin,
        renew=renew,
    )


def load_rate_table(path: str | Path, data: bytes | OSError | None = None) -> RateSeries:
    """Read a user's table (`--rates FILE`); a missing or malformed file is a RateTableFormatError with its place.
    `data` is the file's bytes (or why they could not be read) where they were read before."""
    try:
        if isinstance(data, OSError):
            raise data
        text = (Path(path).read_bytes() if data is None else data).decode("utf-8")
    except UnicodeDecodeError:
        raise RateTableFormatError("not a UTF-8 text file", source=Source(str(path), 0)) from None
    except OSError as exc:
        raise RateTableFormatError(f"cannot read the rate table: {exc.strerror}", source=Source(str(path), 0)) from None
    return parse_rate_table(text, str(path))


REINSTALL = "the copy shipped with exequatur is damaged: reinstall it (pip install --force-reinstall exequatur)"


def _damaged(exc: RateTableFormatError, advice: str) -> RateTableFormatError:
    """The same error and place, with what the user can do about it."""
    message = str(exc).removeprefix(f"{exc.source}: ")
    return RateTableFormatError(f"{message}; {advice}", source=exc.source)


def _shipped_id(name: str) -> str:
    return name.removesuffix(".csv").replace("_", "-")


class ShippedTables(Mapping[str, RateSeries]):
    """The tables in exequatur/data, by id, each parsed on first use (start-up stays fast).

    A file that cannot be read is still listed (under its file name when even its `# id:` line is unreadable);
    reading it raises an error that names it and says to reinstall, and no other table is affected.
    """

    def __init__(self) -> None:
        self._files: dict[str, str] = {}
        self._loaded: dict[str, RateSeries] = {}
        self._broken: dict[str, RateTableFormatError] = {}
        root = resources.files(DATA_PACKAGE)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".csv"):
                try:
                    with entry.open(encoding="utf-8") as handle:
                        first = handle.readline()
                except (OSError, UnicodeDecodeError):
                    first = ""
                key, _, value = first.lstrip("#").partition(":")
                named = key.strip() == "id" and bool(value.strip())
                table = value.strip() if named else _shipped_id(entry.name)
                self._files[table] = entry.name
                if not named:
                    self._broken[table] = RateTableFormatError(
                        f"a shipped table starts with '# id:'; {REINSTALL}",
                        source=Source(f"exequatur/data/{entry.name}", 1),
                    )

    def __getitem__(self, table: str) -> RateSeries:
        if table in self._broken:
            raise self._broken[table]
        if table not in self._loaded:
            name = self._files[table]
            origin = f"exequatur/data/{name}"
            try:
                text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
                series = parse_rate_table(text, origin, renew=renew_hint(table))
            except (OSError, UnicodeDecodeError) as exc:
                self._broken[table] = RateTableFormatError(
                    f"cannot read it ({exc}); {REINSTALL}", source=Source(origin, 0)
                )
                raise self._broken[table] from None
            except RateTableFormatError as exc:
                self._broken[table] = _damaged(exc, REINSTALL)
                raise self._broken[table] from None
            self._loaded[table] = series
        return self._loaded[table]

    def covers(self, table: str, day: date) -> bool:
        """Whether `day` can fall within the table, read from its first and last rows without parsing the rest
        (a conversion that must fall back to another table then skips parsing 13,000 rows for nothing)."""
        if table in self._loaded:
            series = self._loaded[table]
            return series.first <= day <= series.last
        try:
            text = resources.files(DATA_PACKAGE).joinpath(self._files[table]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return True  # let the full parse report what is wrong
        split = text.find("\ndate,value")
        if split < 0:
            return True
        header = text[:split]
        body_start = text.find("\n", split + 1) + 1
        first_row = text[body_start : body_start + 10]
        last_row = text.rstrip()[text.rstrip().rfind("\n") + 1 :][:10]
        try:
            first, last = date.fromisoformat(first_row), date.fromisoformat(last_row)
        except ValueError:
            return True
        covered = re.search(r"^# covered_until: *(\S+)", header, re.MULTILINE)
        gap = re.search(r"^# max_gap_days: *(\d+)", header, re.MULTILINE)
        try:
            end = (
                date.fromisoformat(covered.group(1))
                if covered
                else last + timedelta(days=int(gap.group(1)) if gap else 7)
            )
        except ValueError:
            return True
        return first <= day <= end

    def identity(self) -> tuple[str, int]:
        """This object: the package's files do not change under a running process, and each table is parsed once
        (RateBook.identity)."""
        return ("shipped", id(self))

    def path(self, table: str) -> Path:
        """The file behind a shipped table."""
        return Path(str(resources.files(DATA_PACKAGE).joinpath(self._files[table])))

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, table: object) -> bool:
        return table in self._files


_SHIPPED: ShippedTables | None = None


def shipped_tables() -> ShippedTables:
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = ShippedTables()
    return _SHIPPED


def user_advice(table: str, path: Path) -> str:
    return (
        f"this is your own copy of {table} in the data directory: delete {path}, or run "
        f"`exequatur rates update {table} FILE` (or `exequatur rates fetch {table}`) again to rewrite it"
    )


class UserTables(Mapping[str, RateSeries]):
    """The user's tables in the data directory (`rates/<id>.csv`), by the id their file name gives, parsed on use.

    A file's id comes from its name, so a damaged file still has a row in `rates list` and spoils only its table.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        try:
            names = sorted(p.name for p in directory.iterdir() if p.suffix == ".csv" and not p.name.startswith("."))
        except OSError:
            names = []  # no data directory yet: no user tables
        self._files = {name.removesuffix(".csv"): directory / name for name in names}
        self._loaded: dict[str, RateSeries] = {}
        self._read: dict[str, bytes | OSError] | None = None
        self._identity: tuple[tuple[str, bytes | str], ...] | None = None

    def _files_read(self) -> dict[str, bytes | OSError]:
        """Every file's bytes, read together on first use: the tables parsed and the identity both come from this
        one reading, so a file replaced during a run cannot give one table's rows under another's key."""
        if self._read is None:
            read: dict[str, bytes | OSError] = {}
            for table, path in self._files.items():
                try:
                    read[table] = path.read_bytes()
                except OSError as exc:
                    read[table] = exc
            self._read = read
        return self._read

    def path(self, table: str) -> Path:
        return self._files.get(table, self.directory / f"{table}.csv")

    def identity(self) -> tuple[tuple[str, bytes | str], ...]:
        """Each file by a hash of its bytes as read for this object (RateBook.identity): two runs over the same
        files share a key, a table rewritten since is another, whatever its times say."""
        if self._identity is None:  # asked once per group of judgments: the bytes are hashed once
            self._identity = tuple(
                (table, hashlib.blake2b(data, digest_size=16).digest() if isinstance(data, bytes) else repr(data))
                for table, data in self._files_read().items()
            )
        return self._identity

    def __getitem__(self, table: str) -> RateSeries:
        if table not in self._loaded:
            path = self._files[table]
            try:
                series = load_rate_table(path, self._files_read()[table])
            except RateTableFormatError as exc:
                raise _damaged(exc, user_advice(table, path)) from None
            if series.id != table:
                raise RateTableFormatError(
                    f"the file is named for table {table!r} but its header says '# id: {series.id}'; "
                    + user_advice(table, path),
                    source=Source(str(path), 1),
                )
            self._loaded[table] = series
        return self._loaded[table]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, table: object) -> bool:
        return table in self._files


class RateTables(Mapping[str, RateSeries]):
    """The tables a run reads: each shipped table extended by the user's copy of the same id, if any."""

    def __init__(self, shipped: ShippedTables, user: UserTables) -> None:
        self.shipped = shipped
        self.user = user
        self._merged: dict[str, RateSeries] = {}

    def __getitem__(self, table: str) -> RateSeries:
        if table not in self.user:
            return self.shipped[table]
        if table not in self._merged:
            own = self.user[table]
            if table in self.shipped:
                self._merged[table] = self.shipped[table].extended_by(own)
            else:
                self._merged[table] = replace(own, renew=own.renew or renew_hint(table))
        return self._merged[table]

    def covers(self, table: str, day: date) -> bool:
        if table in self.user:
            series = self[table]
            return series.first <= day <= series.last
        return self.shipped.covers(table, day)

    def identity(self) -> tuple[object, ...]:
        """The shipped tables' and the user's (RateBook.identity)."""
        shipped = getattr(self.shipped, "identity", None)
        named = shipped() if callable(shipped) else tuple((n, id(s)) for n, s in self.shipped.items())
        return (named, self.user.identity())

    def layers_of(self, table: str) -> str:
        """Where a table's rows come from, for `rates list`."""
        if table in self.shipped and table in self.user:
            return f"shipped + {self.user.path(table)}"
        return "shipped" if table in self.shipped else str(self.user.path(table))

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.shipped), **dict.fromkeys(self.user)})

    def __len__(self) -> int:
        return len(set(self.shipped) | set(self.user))

    def __contains__(self, table: object) -> bool:
        return table in self.shipped or table in self.user


def rate_tables() -> RateTables:
    """The shipped tables extended by the user's data directory, read afresh (a run may have just written one)."""
    return RateTables(shipped_tables(), UserTables(rates_dir()))
