"""Rate-table files: headers that name their source, strict rows, and the tables the package ships."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.io.ratetables import load_rate_table, parse_rate_table, shipped_tables
from exequatur.model.errors import RateTableFormatError

GOOD = """# id: my-libor
# title: licensed LIBOR fixings
# source: ICE Benchmark Administration, under licence
# max_gap_days: 4
date,value
2021-09-16,0.2245
2022-09-16,4.1
"""


def test_a_user_table_parses_with_its_provenance() -> None:
    table = parse_rate_table(GOOD, "mine.csv")
    assert (table.id, table.max_gap_days, len(table.points)) == ("my-libor", 4, 2)
    assert table.points[1].value == Decimal("4.1")
    assert str(table.points[1].source) == "mine.csv:7"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("# source: ICE Benchmark Administration, under licence\n", ""), 1, "# source:"),
        (GOOD.replace("2022-09-16,4.1", "2022-09-31,4.1"), 7, "not a date"),
        (GOOD.replace("2022-09-16,4.1", "2022-09-16,4,1"), 7, "expected 2 columns"),
        (GOOD.replace("2022-09-16,4.1", "2022-09-16,n/a"), 7, "not a plain decimal number"),
        (GOOD.replace("2022-09-16,4.1", "2020-09-16,4.1"), 7, "not after the previous row"),
        (GOOD.replace("date,value", "day,rate"), 5, "column header"),
    ],
)
def test_malformed_tables_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(RateTableFormatError, match=message) as info:
        parse_rate_table(text, "mine.csv")
    assert info.value.source.line == line


def test_missing_file_is_a_format_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(RateTableFormatError, match="cannot read"):
        load_rate_table(tmp_path / "absent.csv")


def test_shipped_tables_cover_what_the_rules_need() -> None:
    tables = shipped_tables()
    assert {"us-1y-cmt-weekly", "us-tbill-6m", "usd-sofr"} <= set(tables)
    cmt = tables["us-1y-cmt-weekly"]
    assert cmt.first == date(1962, 1, 5)
    assert "WGS1YR" in cmt.source
    assert cmt.licence
    # Published H.15 value, checked by hand against shared/data/us_1y_cmt_weekly.csv: week ending 23 Feb 2018, 2.02.
    assert cmt.exactly(date(2018, 2, 23)).value == Decimal("2.02")
    for table_id in tables:
        series = tables[table_id]
        assert series.source, table_id
        assert series.reviewed, table_id
        if series.max_gap_days is None:
            assert series.covered_until, table_id
            continue
        # Every hole larger than the table allows must be one its header declares.
        limit = series.max_gap_days
        holes = [(a.on, b.on) for a, b in itertools.pairwise(series.points) if (b.on - a.on).days - 1 > limit]
        assert holes == list(series.gaps), table_id


def test_each_shipped_tables_source_points_to_a_page_that_describes_it() -> None:
    # A rate row's provenance ends at the table's header: the page it names must exist and cover that file.
    page = Path(__file__).parents[2] / "docs" / "rate-sources.md"
    text = page.read_text(encoding="utf-8")
    data = Path(__file__).parents[2] / "src" / "exequatur" / "data"
    tables = shipped_tables()
    for table_id in tables:
        source = tables[table_id].source
        assert "docs/rate-sources.md" in source, table_id
        assert "shared/data" not in source, table_id
    for csv in sorted(data.glob("*.csv")):
        assert csv.name in text, csv.name


def test_a_books_identity_names_its_tables_without_parsing_them(tmp_path: Path) -> None:
    # The portfolio engine keeps the rules' answers by this key (vector/portfolio._ANSWERS): the same files give
    # the same key, a rewritten user table or a --rates file another, and no table is parsed to make it.
    import os

    from exequatur.io.ratetables import RateTables, ShippedTables, UserTables
    from exequatur.model.rates import RateBook

    (tmp_path / "my-libor.csv").write_text(GOOD, encoding="utf-8")
    shipped = ShippedTables()
    first = RateBook.of([], RateTables(shipped, UserTables(tmp_path)))
    key, held = first.identity()
    assert shipped._loaded == {}
    assert shipped in [getattr(layer, "shipped", None) for layer in held]
    same, _ = RateBook.of([], RateTables(shipped, UserTables(tmp_path))).identity()
    assert same == key
    assert RateBook.of([], RateTables(ShippedTables(), UserTables(tmp_path))).identity()[0] != key
    # `rates update` writes a new file and renames it over the old one.
    (tmp_path / "new.csv").write_text(GOOD.replace("4.1", "4.2"), encoding="utf-8")
    os.replace(tmp_path / "new.csv", tmp_path / "my-libor.csv")
    assert RateBook.of([], RateTables(shipped, UserTables(tmp_path))).identity()[0] != key
    extended = RateBook.of([], RateTables(shipped, UserTables(tmp_path)), [parse_rate_table(GOOD, "run.csv")])
    assert extended.identity()[0] != RateBook.of([], RateTables(shipped, UserTables(tmp_path))).identity()[0]
