"""Merge a newer official download into a rate table, refusing any row that contradicts the history kept.

The table keeps its header (source, licence, notes); its `reviewed:` date becomes the day of the merge. Rows of the
new file that the table already holds must carry the same value; new dates are added. A contradiction stops the
merge with every conflicting date listed, and nothing is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from exequatur.io.ratetables import parse_rate_table
from exequatur.model.errors import RateTableFormatError
from exequatur.model.source import Source


@dataclass(frozen=True, slots=True)
class MergeResult:
    text: str
    added: tuple[date, ...]
    unchanged: int


def read_official(path: Path) -> dict[date, Decimal]:
    """Rows of an official CSV: a date column and a value column (FRED's `observation_date,SERIES` and the like).

    Blank or '.' values (FRED's mark for a day without publication) are skipped, as the shipped tables do.
    """
    rows: dict[date, Decimal] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RateTableFormatError(f"{path} is not a UTF-8 text file", source=Source(str(path), 0)) from None
    except OSError as exc:
        raise RateTableFormatError(f"cannot read {path}: {exc.strerror}", source=Source(str(path), 0)) from None
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not cells or cells[0].startswith("#"):
            continue
        try:
            day = date.fromisoformat(cells[0].strip())
        except ValueError:
            if number == 1 or not rows:
                continue  # a header line
            raise RateTableFormatError(f"{cells[0]!r} is not a date", source=Source(str(path), number)) from None
        if len(cells) < 2 or cells[1].strip() in ("", "."):
            continue
        try:
            value = Decimal(cells[1].strip())
        except InvalidOperation:
            raise RateTableFormatError(f"{cells[1]!r} is not a number", source=Source(str(path), number)) from None
        if not value.is_finite():
            raise RateTableFormatError(f"{cells[1]!r} is not a finite number", source=Source(str(path), number))
        rows[day] = value
    if not rows:
        raise RateTableFormatError(
            f"{path} holds no 'date,value' rows: is it the CSV download?", source=Source(str(path), 1)
        )
    return rows


def merge(table_text: str, table_origin: str, new_rows: dict[date, Decimal], today: date) -> MergeResult:
    series = parse_rate_table(table_text, table_origin)
    kept = {p.on: p.value for p in series.points}
    conflicts = [
        f"{day}: table {kept[day]}, new file {value}"
        for day, value in sorted(new_rows.items())
        if day in kept and kept[day] != value
    ]
    if conflicts:
        raise RateTableFormatError(
            f"the new file contradicts {len(conflicts)} row(s) of {series.id}: " + "; ".join(conflicts[:10]),
            source=Source(table_origin, 0),
        )
    added = tuple(sorted(day for day in new_rows if day not in kept))
    merged = {**kept, **{day: new_rows[day] for day in added}}
    header = []
    for line in table_text.splitlines():
        if not line.startswith("#"):
            break
        header.append(f"# reviewed: {today.isoformat()}" if line.startswith("# reviewed:") else line)
    if not any(line.startswith("# reviewed:") for line in header):
        header.append(f"# reviewed: {today.isoformat()}")
    body = ["date,value", *(f"{day.isoformat()},{merged[day]}" for day in sorted(merged))]
    if any(p.note for p in series.points):
        raise RateTableFormatError(
            f"{series.id} cites each row; add rows to it by hand with their sources", source=Source(table_origin, 0)
        )
    return MergeResult(text="\n".join([*header, *body]) + "\n", added=added, unchanged=len(kept))
