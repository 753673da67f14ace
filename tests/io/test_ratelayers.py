"""The layers of rate tables: shipped, the user's copies in the data directory, and a run's `--rates` files.

Each layer extends the one below it (rows merged by date, the upper row wins); every row keeps the file and line
it came from, so a statement line says which file its rate came from. A damaged table names itself and the repair.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import platformdirs
import pytest

from exequatur.interfaces.api import owe, rate_book
from exequatur.io import ratetables
from exequatur.io.datadir import ENVIRONMENT_VARIABLE, data_dir, user_table_path
from exequatur.io.ratetables import ShippedTables, rate_tables, shipped_tables
from exequatur.model.errors import RateLookupError, RateTableFormatError
from tests.interfaces.test_cli import run

CMT = "us-1y-cmt-weekly"
SHIPPED_CMT = "exequatur/data/us_1y_cmt_weekly.csv"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path))
    return tmp_path


def shipped_line(table_file: str, row_start: str) -> int:
    """The 1-based line of the shipped file that starts with `row_start`, read straight from the file."""
    lines = (Path(ratetables.__file__).parent.parent / "data" / table_file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(row_start))


def test_the_data_directory_is_the_platforms_unless_the_environment_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert data_dir() == Path(platformdirs.user_data_dir("exequatur", appauthor=False))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path))
    assert user_table_path(CMT) == tmp_path / "rates" / f"{CMT}.csv"


def write_copy(data: Path, table: str, text: str) -> Path:
    path = data / "rates" / f"{table}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_copy_extends_the_shipped_table_and_wins_where_both_have_a_row(data: Path) -> None:
    last = shipped_tables()[CMT].last_row
    week1, week2 = last + timedelta(days=7), last + timedelta(days=14)
    path = write_copy(
        data,
        CMT,
        f"# id: {CMT}\n# title: mine\n# source: test\n# reviewed: 2099-01-01\ndate,value\n"
        f"2022-02-25,9.99\n{week1},3.10\n{week2},3.20\n",
    )
    series = rate_tables()[CMT]
    assert series.exactly(week2).value == Decimal("3.20")
    assert series.exactly(week2).source == (str(path), 8)
    assert series.exactly(date(2022, 2, 25)).value == Decimal("9.99")  # the user's row wins
    older = series.exactly(date(2022, 3, 4))  # a row only the shipped table has
    assert older.source == (SHIPPED_CMT, shipped_line("us_1y_cmt_weekly.csv", "2022-03-04,"))
    assert series.last == week2 + timedelta(days=7)
    assert series.reviewed == date(2099, 1, 1)  # later than the shipped review date, so it applies
    assert series.title == shipped_tables()[CMT].title  # the definition stays the shipped one


def test_a_copy_of_a_series_of_changes_carries_its_later_covered_until(data: Path) -> None:
    shipped = shipped_tables()["us-fed-discount-rate"]
    later = shipped.last + timedelta(days=30)
    header = "# id: us-fed-discount-rate\n# title: t\n# source: s\n# max_gap_days: none\n"
    write_copy(
        data,
        "us-fed-discount-rate",
        f"{header}# covered_until: {later}\ndate,value\n{shipped.last_row},{shipped.points[-1].value}\n",
    )
    assert rate_tables()["us-fed-discount-rate"].last == later
    earlier = shipped.last - timedelta(days=30)
    write_copy(
        data,
        "us-fed-discount-rate",
        f"{header}# covered_until: {earlier}\ndate,value\n{shipped.last_row},{shipped.points[-1].value}\n",
    )
    assert rate_tables()["us-fed-discount-rate"].last == shipped.last  # an earlier date does not shrink it


def test_a_damaged_copy_names_its_path_and_the_repair_and_spoils_only_its_table(data: Path) -> None:
    path = write_copy(data, CMT, f"# id: {CMT}\n# title: t\n# source: s\ndate,value\n2099-01-02,4.0\n2099-01-09,oops\n")
    tables = rate_tables()
    with pytest.raises(RateTableFormatError) as info:
        tables[CMT]
    message = str(info.value)
    assert message.startswith(f"{path}:6: 'oops' is not a plain decimal number")
    assert f"delete {path}" in message
    assert f"exequatur rates update {CMT} FILE" in message
    assert tables["usd-sofr"].first == date(2018, 4, 3)  # other tables still load


def test_a_copy_whose_header_names_another_table_is_refused(data: Path) -> None:
    write_copy(data, CMT, "# id: usd-sofr\n# title: t\n# source: s\ndate,value\n2099-01-02,4.0\n")
    with pytest.raises(RateTableFormatError, match="its header says '# id: usd-sofr'"):
        rate_tables()[CMT]


def test_a_damaged_shipped_table_names_itself_and_says_to_reinstall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "fake_exequatur_data"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "good.csv").write_text(
        "# id: good\n# title: t\n# source: s\ndate,value\n2020-01-03,1\n", encoding="utf-8"
    )
    (package / "cut_short.csv").write_text(
        "# id: cut-short\n# title: t\n# source: s\ndate,value\n2020-01-0", encoding="utf-8"
    )
    (package / "no_header.csv").write_text("\x00\x01 not a table\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(ratetables, "DATA_PACKAGE", "fake_exequatur_data")
    sys.modules.pop("fake_exequatur_data", None)
    tables = ShippedTables()
    assert set(tables) == {"good", "cut-short", "no-header"}  # a file without '# id:' is listed by its name
    assert tables["good"].first == date(2020, 1, 3)
    with pytest.raises(RateTableFormatError, match=r"exequatur/data/cut_short\.csv:5: .*reinstall") as info:
        tables["cut-short"]
    assert "pip install --force-reinstall exequatur" in str(info.value)
    with pytest.raises(RateTableFormatError, match=r"exequatur/data/no_header\.csv:1: .*reinstall"):
        tables["no-header"]


def test_a_date_past_the_end_names_the_last_covered_date_and_the_command() -> None:
    series = shipped_tables()[CMT]
    day = series.last + timedelta(days=1)
    with pytest.raises(RateLookupError) as info:
        series.on_or_before(day)
    message = str(info.value)
    assert f"rate table '{CMT}' has no value for {day}" in message
    assert f"it covers 1962-01-05 to {series.last}" in message
    assert f"exequatur rates fetch {CMT}" in message
    assert f"exequatur rates update {CMT} FILE" in message
    with pytest.raises(RateLookupError, match=f"its last row is {series.last_row}.*rates fetch {CMT}"):
        series.exactly(series.last_row + timedelta(days=7))
    french = shipped_tables()["fr-taux-legal-professionnels"]
    with pytest.raises(RateLookupError, match="no machine-readable official feed") as info:
        french.on_or_before(french.last + timedelta(days=1))
    assert "exequatur rates update fr-taux-legal-professionnels FILE" in str(info.value)


# Three rows dated after anything H.15 can have published by 2026-12-01 (Fridays ending the weeks).
RATES_FILE = f"""# id: {CMT}
# title: three later weeks
# source: made up for this test
date,value
2026-12-04,3.60
2026-12-11,3.50
2026-12-18,3.40
"""

TWO_JUDGMENTS = """matter: layers
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: old, kind: judgment, forum: US-FED, date: 2022-03-01, currency: USD,
     amounts: [{label: judgment, amount: "100000"}]}
  - {id: new, kind: judgment, forum: US-FED, date: 2026-12-15, currency: USD,
     amounts: [{label: judgment, amount: "100000"}]}
"""


def test_a_rates_file_extends_the_table_and_each_line_says_which_file_its_row_came_from(tmp_path: Path) -> None:
    rates = tmp_path / "later-weeks.csv"
    rates.write_text(RATES_FILE, encoding="utf-8")
    book = rate_book([rates])
    series = book.get(CMT, on=date(2022, 3, 1))
    # Every 2022 lookup still works, from the shipped file.
    assert series.exactly(date(2022, 2, 25)).value == Decimal("1.14")
    assert series.on_or_before(date(2022, 6, 30)).source.file == SHIPPED_CMT
    matter = tmp_path / "layers.yaml"
    matter.write_text(TWO_JUDGMENTS, encoding="utf-8")
    statement = owe(matter, date(2026, 12, 31), rate_files=[rates])
    by_id = {r.id: r for r in statement.instruments}
    old_row = by_id["old"].lines[0].rate_row  # type: ignore[union-attr]
    new_row = by_id["new"].lines[0].rate_row  # type: ignore[union-attr]
    # Entered Tue 2022-03-01: the week before the week of entry ends Fri 2022-02-25, H.15 1.14 (shipped row).
    assert (old_row.on, old_row.value) == (date(2022, 2, 25), Decimal("1.14"))
    assert old_row.row == (SHIPPED_CMT, shipped_line("us_1y_cmt_weekly.csv", "2022-02-25,"))
    # Entered Tue 2026-12-15: the week ending Fri 2026-12-11, 3.50, line 6 of the --rates file.
    assert (new_row.on, new_row.value) == (date(2026, 12, 11), Decimal("3.50"))
    assert new_row.row == (str(rates), 6)
    # 100,000 x 3.50% x 16/365 (2026-12-15 to 2026-12-31) = 153.4246... -> 153.42
    assert by_id["new"].total == Decimal("100153.42")  # type: ignore[union-attr]


def test_a_rates_file_that_quotes_the_other_way_is_refused(tmp_path: Path) -> None:
    rates = tmp_path / "cad.csv"
    rates.write_text(
        "# id: fx-usd-cad\n# title: t\n# source: s\n# quote: USD per CAD\ndate,value\n2099-01-02,0.7\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RateTableFormatError, match="quotes 'USD per CAD' but the table it extends quotes 'CAD per USD'"
    ):
        rate_book([rates]).get("fx-usd-cad", on=date(2099, 1, 2))


def test_rates_commands_still_run_when_a_table_is_damaged(data: Path) -> None:
    path = write_copy(data, CMT, "# id: us-1y-cmt-weekly\nthis is not a table\n")
    listed = run("rates", "list")
    assert listed.returncode == 0, listed.stderr
    assert "error:" in listed.stdout
    assert "usd-sofr" in listed.stdout  # the other tables are listed as usual
    stale = run("rates", "stale", "--on", "2020-01-01")
    assert stale.returncode == 1  # a table that cannot be read is a problem to report
    assert f"{CMT}: cannot be read: {path}" in stale.stdout.replace("\n", " ")
