"""Merging a newer official file into a rate table: new rows are added, contradictions are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.io.ratetables import parse_rate_table
from exequatur.io.rateupdate import merge, read_official
from exequatur.model.errors import RateTableFormatError

TABLE = """# id: t
# title: test
# source: test
# reviewed: 2020-01-01
date,value
2020-01-03,1.50
2020-01-10,1.60
"""


def fred(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fred.csv"
    path.write_text("observation_date,WGS1YR\n" + body, encoding="utf-8")
    return path


def test_new_rows_are_added_and_the_review_date_moves(tmp_path: Path) -> None:
    rows = read_official(fred(tmp_path, "2020-01-10,1.60\n2020-01-17,1.70\n2020-01-24,.\n"))
    assert rows == {date(2020, 1, 10): Decimal("1.60"), date(2020, 1, 17): Decimal("1.70")}
    result = merge(TABLE, "t.csv", rows, date(2026, 11, 25))
    assert result.added == (date(2020, 1, 17),)
    merged = parse_rate_table(result.text, "t.csv")
    assert [p.value for p in merged.points] == [Decimal("1.50"), Decimal("1.60"), Decimal("1.70")]
    assert merged.reviewed == date(2026, 11, 25)


def test_a_contradicting_row_is_refused(tmp_path: Path) -> None:
    rows = read_official(fred(tmp_path, "2020-01-10,1.65\n2020-01-17,1.70\n"))
    with pytest.raises(RateTableFormatError, match=r"2020-01-10: table 1\.60, new file 1\.65"):
        merge(TABLE, "t.csv", rows, date(2026, 11, 25))


def test_a_bad_row_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(RateTableFormatError, match="not a number") as info:
        read_official(fred(tmp_path, "2020-01-10,1.65\n2020-01-17,abc\n"))
    assert info.value.source.line == 3


def test_a_file_with_no_rows_or_a_non_number_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>not a CSV</body></html>\n", encoding="utf-8")
    with pytest.raises(RateTableFormatError, match="no 'date,value' rows"):
        read_official(page)
    with pytest.raises(RateTableFormatError, match="not a finite number"):
        read_official(fred(tmp_path, "2020-01-10,NaN\n"))
