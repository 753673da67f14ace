"""Merging a newer official file into a table: new rows go to the user's copy, contradictions are refused, and a
series of changes keeps one row per change. Every expected row is read off the small tables below."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.io.ratetables import RateTables, UserTables, parse_rate_table
from exequatur.io.rateupdate import merge, read_official, store
from exequatur.model.errors import RateTableFormatError
from exequatur.model.rates import RateSeries

TODAY = date(2026, 11, 25)

WEEKLY = parse_rate_table(
    """# id: t
# title: test
# source: test
# reviewed: 2020-01-01
date,value
2020-01-03,1.50
2020-01-10,1.60
""",
    "t.csv",
)

CHANGES = parse_rate_table(
    """# id: c
# title: a rate that changes now and then
# source: test
# max_gap_days: none
# covered_until: 2020-03-31
date,value,source
2020-01-01,1.00,announcement of 2019-12-31
2020-03-01,0.75,announcement of 2020-02-28
""",
    "c.csv",
)


def fred(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fred.csv"
    path.write_text("observation_date,WGS1YR\n" + body, encoding="utf-8")
    return path


def rows(*pairs: tuple[str, str]) -> dict[date, Decimal]:
    return {date.fromisoformat(d): Decimal(v) for d, v in pairs}


def copy_of(text: str | None) -> RateSeries:
    assert text is not None
    return parse_rate_table(text, "copy.csv")


def test_new_rows_go_to_the_copy_and_the_review_date_moves(tmp_path: Path) -> None:
    new = read_official(fred(tmp_path, "2020-01-10,1.60\n2020-01-17,1.70\n2020-01-24,.\n"))
    assert new == rows(("2020-01-10", "1.60"), ("2020-01-17", "1.70"))
    result = merge(WEEKLY, None, new, today=TODAY, provenance="fred.csv")
    assert (result.added, result.confirmed) == ((date(2020, 1, 17),), 1)
    copy = copy_of(result.text)
    # The copy holds only the new row, cited; the shipped rows stay where they are.
    assert [(p.on, p.value, p.note) for p in copy.points] == [(date(2020, 1, 17), Decimal("1.70"), "fred.csv")]
    assert copy.reviewed == TODAY
    merged = WEEKLY.extended_by(copy)
    assert [p.value for p in merged.points] == [Decimal("1.50"), Decimal("1.60"), Decimal("1.70")]
    assert [p.source.file for p in merged.points] == ["t.csv", "t.csv", "copy.csv"]
    # Coverage: the newest row answers for 7 days.
    assert (result.ends_before, result.ends_after) == (date(2020, 1, 17), date(2020, 1, 24))


def test_a_second_merge_keeps_the_rows_of_the_first() -> None:
    first = copy_of(merge(WEEKLY, None, rows(("2020-01-17", "1.70")), today=TODAY, provenance="a").text)
    second = merge(WEEKLY, first, rows(("2020-01-17", "1.70"), ("2020-01-24", "1.80")), today=TODAY, provenance="b")
    copy = copy_of(second.text)
    assert [(p.on.isoformat(), str(p.value), p.note) for p in copy.points] == [
        ("2020-01-17", "1.70", "a"),
        ("2020-01-24", "1.80", "b"),
    ]


def test_a_row_that_contradicts_the_shipped_table_is_refused() -> None:
    with pytest.raises(RateTableFormatError, match=r"2020-01-10: table 1\.60 \(t\.csv:7\), new file 1\.65"):
        merge(WEEKLY, None, rows(("2020-01-10", "1.65"), ("2020-01-17", "1.70")), today=TODAY, provenance="x")


def test_a_row_that_contradicts_the_users_copy_says_how_to_start_again() -> None:
    text = merge(WEEKLY, None, rows(("2020-01-17", "1.70")), today=TODAY, provenance="a").text
    assert text is not None
    mine = parse_rate_table(text, "/data/rates/t.csv")
    with pytest.raises(RateTableFormatError, match=r"your own copy \(/data/rates/t\.csv\) disagree"):
        merge(WEEKLY, mine, rows(("2020-01-17", "1.71")), today=TODAY, provenance="b")


def test_nothing_new_writes_nothing() -> None:
    result = merge(WEEKLY, None, rows(("2020-01-10", "1.6")), today=TODAY, provenance="x")
    assert (result.text, result.added, result.confirmed) == (None, (), 1)  # 1.6 equals 1.60


def test_daily_observations_of_a_series_of_changes_keep_one_row_per_change() -> None:
    observed = rows(
        ("2019-12-31", "1.00"),  # before the table's first row: left out
        ("2020-03-30", "0.75"),
        ("2020-03-31", "0.75"),
        ("2020-04-01", "0.75"),
        ("2020-04-02", "0.50"),
        ("2020-04-03", "0.50"),
    )
    result = merge(CHANGES, None, observed, today=TODAY, provenance="daily.csv")
    assert (result.added, result.confirmed, result.before_first) == ((date(2020, 4, 2),), 2, 1)
    copy = copy_of(result.text)
    assert [(p.on, p.value) for p in copy.points] == [(date(2020, 4, 2), Decimal("0.50"))]
    assert copy.covered_until == date(2020, 4, 3)  # the last day observed
    merged = CHANGES.extended_by(copy)
    assert merged.on_or_before(date(2020, 4, 1)).value == Decimal("0.75")
    assert merged.on_or_before(date(2020, 4, 3)).source.file == "copy.csv"
    assert result.ends_after == date(2020, 4, 3)


def test_an_observation_that_differs_from_the_rate_in_force_is_refused() -> None:
    # On 2020-02-15 the table has 1.00 in force (the change of 2020-03-01 is later).
    with pytest.raises(RateTableFormatError, match=r"2020-02-15: table 1\.00 \(c\.csv:7\), new file 0\.75"):
        merge(CHANGES, None, rows(("2020-02-15", "0.75")), today=TODAY, provenance="x")


def test_a_series_of_changes_confirmed_unchanged_moves_its_coverage() -> None:
    observed = {date(2020, 4, d): Decimal("0.75") for d in range(1, 11)}
    result = merge(CHANGES, None, observed, today=TODAY, provenance="feed")
    copy = copy_of(result.text)
    assert copy.covered_until == date(2020, 4, 10)
    (row,) = copy.points  # the rate in force, cited to the confirmation
    assert (row.on, row.value) == (date(2020, 3, 1), Decimal("0.75"))
    assert str(row.note).startswith("feed: still in force on 2020-04-10")


def test_store_writes_the_copy_in_the_data_directory_and_replaces_an_unreadable_one(tmp_path: Path) -> None:
    tables = RateTables({"t": WEEKLY}, UserTables(tmp_path))  # type: ignore[arg-type]
    report = store(tables, "t", rows(("2020-01-17", "1.70")), today=TODAY, provenance="p")
    assert report.written == tmp_path / "t.csv"
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == ["date,value,source", "2020-01-17,1.70,p"]
    (tmp_path / "t.csv").write_text("# id: t\ngarbage\n", encoding="utf-8")
    again = store(
        RateTables({"t": WEEKLY}, UserTables(tmp_path)), "t", rows(("2020-01-24", "1.8")), today=TODAY, provenance="q"
    )  # type: ignore[arg-type]
    assert again.replaced_unreadable is not None
    rewritten = parse_rate_table((tmp_path / "t.csv").read_text(encoding="utf-8"), "t.csv")
    assert [p.on for p in rewritten.points] == [date(2020, 1, 24)]
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_a_bad_row_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(RateTableFormatError, match="not a plain decimal number") as info:
        read_official(fred(tmp_path, "2020-01-10,1.65\n2020-01-17,abc\n"))
    assert info.value.source.line == 3


def test_a_file_with_no_rows_or_a_non_number_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>not a CSV</body></html>\n", encoding="utf-8")
    with pytest.raises(RateTableFormatError, match="no 'date,value' rows"):
        read_official(page)
    with pytest.raises(RateTableFormatError, match="not a plain decimal number"):
        read_official(fred(tmp_path, "2020-01-10,NaN\n"))


def test_the_copy_is_plain_csv_with_a_cited_source_column() -> None:
    text = merge(WEEKLY, None, rows(("2020-01-17", "1.70")), today=TODAY, provenance="a, b").text
    assert text is not None
    body = text[text.index("date,value,source") :]
    assert list(csv.reader(body.splitlines())) == [["date", "value", "source"], ["2020-01-17", "1.70", "a, b"]]
