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
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

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


def _row(line: str, where: Source, width: int) -> RatePoint:
    # Plain columns split directly (the FX tables have 13,000 rows); a quoted source column needs csv.
    cells = line.split(",") if '"' not in line else next(csv.reader([line]))
    if len(cells) != width:
        raise RateTableFormatError(f"expected {width} columns, found {line!r}", source=where)
    try:
        day = date.fromisoformat(cells[0].strip())
    except ValueError:
        raise RateTableFormatError(f"{cells[0]!r} is not a date (YYYY-MM-DD)", source=where) from None
    try:
        rate = Decimal(cells[1])
    except InvalidOperation:
        raise RateTableFormatError(f"{cells[1]!r} is not a number", source=where) from None
    if not rate.is_finite():
        raise RateTableFormatError(f"{cells[1]!r} is not a finite number", source=where)
    note = cells[2].strip() or None if width == 3 else None
    return RatePoint(day, rate, where, note)


def parse_rate_table(text: str, origin: str) -> RateSeries:
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
        if point.on <= previous:
            raise RateTableFormatError(f"{point.on} is not after the previous row ({previous})", source=point.source)
        previous = point.on
        points.append(point)
    header_seen = True
    if not header_seen or not points:
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
    )


def load_rate_table(path: str | Path) -> RateSeries:
    """Read a user's table (`--rates FILE`); a missing or malformed file is a RateTableFormatError with its place."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RateTableFormatError("not a UTF-8 text file", source=Source(str(path), 0)) from None
    except OSError as exc:
        raise RateTableFormatError(f"cannot read the rate table: {exc.strerror}", source=Source(str(path), 0)) from None
    return parse_rate_table(text, str(path))


class ShippedTables(Mapping[str, RateSeries]):
    """The tables in exequatur/data, by id, each parsed on first use (start-up stays fast)."""

    def __init__(self) -> None:
        self._files: dict[str, str] = {}
        self._loaded: dict[str, RateSeries] = {}
        root = resources.files(DATA_PACKAGE)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".csv"):
                with entry.open(encoding="utf-8") as handle:
                    first = handle.readline()
                key, _, value = first.lstrip("#").partition(":")
                if key.strip() != "id":
                    raise RateTableFormatError("a shipped table starts with '# id:'", source=Source(entry.name, 1))
                self._files[value.strip()] = entry.name

    def __getitem__(self, table: str) -> RateSeries:
        if table not in self._loaded:
            name = self._files[table]
            text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
            self._loaded[table] = parse_rate_table(text, f"exequatur/data/{name}")
        return self._loaded[table]

    def covers(self, table: str, day: date) -> bool:
        """Whether `day` can fall within the table, read from its first and last rows without parsing the rest
        (a conversion that must fall back to another table then skips parsing 13,000 rows for nothing)."""
        if table in self._loaded:
            series = self._loaded[table]
            return series.first <= day <= series.last
        text = resources.files(DATA_PACKAGE).joinpath(self._files[table]).read_text(encoding="utf-8")
        split = text.find("\ndate,value")
        if split < 0:
            return True  # let the full parse report what is wrong
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
        end = (
            date.fromisoformat(covered.group(1)) if covered else last + timedelta(days=int(gap.group(1)) if gap else 7)
        )
        return first <= day <= end

    def path(self, table: str) -> Path:
        """The file behind a shipped table (for `rates update`)."""
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
