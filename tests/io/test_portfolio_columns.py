"""Parquet and CSV files read column by column give what the row-by-row reader gives: the same judgments,
payments, errors and rejects, on rows good and bad."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from exequatur.io.portfolio import JUDGMENT_COLUMNS, PortfolioError, Reject, read_judgments, read_payments
from exequatur.io.portfolio_columns import LAST_SPACE, csv_text_columns

# Each field's values: plain ones the columns take, and others the row reader reads (yes, a stated rate) or refuses.
FIELDS = {
    "forum": ["US-NY", "US-FED", "FR", "GB-EW", "CA-ON", "US-DE", "ICC", "XX", ""],
    "entry_date": [
        *("2019-03-04", "2012-02-29", "2021-02-29", "2021-13-01", "19-03-04", "1899-12-31", "2199-12-31"),
        *("2020-1-05", "2020-01-05 ", "\uff12020-01-01", ""),
    ],
    "currency": ["USD", "EUR", "JPY", "KWD", "XAU", "ZZZ", ""],
    "principal": [
        *("12500.00", "7", "0.5", "1.234", "0", "-5", "1e3", "1_000", "99999999999999.99", "1" * 16),
        *("1.", ".5", "1.2.3", "\u0661\u0662", " 5", ""),
    ],
    "consumer_debt": ["", "true", "false", "yes", "NO", "1", "maybe"],
    "creditor_individual": ["", "false", "TRUE", "0", "x"],
    "enforceable": ["", "2019-05-01", "2019-02-30", "soon"],
    "rate": ["", "", "", "6", "6%", "abc", "2000"],
    "compounding": ["", "", "", "annual", "weekly"],
    "day_count": ["", "", "", "act/360", "30/365"],
}


def _listed(column: object) -> list[object]:
    return column.to_pylist() if hasattr(column, "to_pylist") else column.tolist()  # type: ignore[attr-defined]


def _same_judgments(a: object, b: object) -> None:
    for name in ("id", "forum", "entry", "currency", "principal", "consumer_debt", "creditor_individual"):
        assert _listed(getattr(a, name)) == _listed(getattr(b, name)), name
    assert [str(v) for v in a.enforceable] == [str(v) for v in b.enforceable]  # type: ignore[attr-defined]
    for name in ("rate", "compounding", "day_count"):
        assert list(getattr(a, name)) == list(getattr(b, name)), name


def _write(path: Path, columns: dict[str, list[str]]) -> Path:
    """The columns as a Parquet file of text, or a CSV file written by the csv module (quoted where needed)."""
    if path.suffix == ".parquet":
        pq.write_table(pa.table(columns), path)
        return path
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values(), strict=True))
    return path


def _unpadded(values: list[str]) -> list[str]:
    return [v for v in values if v == v.strip()]


@pytest.mark.parametrize(
    ("seed", "suffix", "padded"),
    [(1, ".parquet", True), (2, ".parquet", True), (3, ".parquet", True), (4, ".csv", True), (5, ".csv", False)],
)
def test_random_rows_read_alike_by_column_and_by_row(tmp_path: Path, seed: int, suffix: str, padded: bool) -> None:
    rng = random.Random(seed)
    fields = FIELDS if padded else {name: _unpadded(values) for name, values in FIELDS.items()}
    # Mostly plain rows, with a bad or unusual value in some field of one row in five.
    rows = []
    for k in range(300):
        row = {"id": f"j{k}", "forum": "US-NY", "entry_date": "2019-03-04", "currency": "USD", "principal": "10.00"}
        row |= dict.fromkeys(("consumer_debt", "creditor_individual", "enforceable", "rate"), "")
        row |= {"compounding": "", "day_count": ""}
        if rng.random() < 0.2:
            name = rng.choice(list(fields))
            row[name] = rng.choice(fields[name])
        rows.append(row)
    path = _write(tmp_path / f"j{suffix}", {name: [r[name] for r in rows] for name in rows[0]})
    if suffix == ".csv":
        # Values with white space at an end go to the row reader, which strips them; the others by column.
        assert (csv_text_columns(path) is None) == padded
    by_column: list[Reject] = []
    by_row: list[Reject] = []
    a = read_judgments(path, by_column)
    b = read_judgments(path, by_row, columnar=False)
    _same_judgments(a, b)
    assert [str(r) for r in by_column] == [str(r) for r in by_row]
    assert by_row  # some rows were refused
    # Without rejects, the first bad row stops both with the same message.
    with pytest.raises(PortfolioError) as first:
        read_judgments(path)
    with pytest.raises(PortfolioError) as second:
        read_judgments(path, columnar=False)
    assert str(first.value) == str(second.value)

    ids = [r["id"] for r in rows] + ["nobody", ""]
    pays = {"judgment_id": [], "date": [], "amount": []}  # type: dict[str, list[str]]
    for _ in range(400):
        pays["judgment_id"].append(rng.choice(ids))
        pays["date"].append(rng.choice(["2020-01-15", "2020-01-15", "2020-02-30", "x", ""]))
        pays["amount"].append(rng.choice(["100.00", "100.00", "0.01", "0", "-1", "1.234", "7", ""]))
    pay_path = _write(tmp_path / f"p{suffix}", pays)
    rejected_a: list[Reject] = []
    rejected_b: list[Reject] = []
    pa_ = read_payments(pay_path, a, rejected_a)
    pb_ = read_payments(pay_path, a, rejected_b, columnar=False)
    assert pa_.judgment.tolist() == pb_.judgment.tolist()
    assert pa_.date.tolist() == pb_.date.tolist()
    assert pa_.amount.tolist() == pb_.amount.tolist()
    assert [str(r) for r in rejected_a] == [str(r) for r in rejected_b]


def test_typed_columns_read_as_their_text(tmp_path: Path) -> None:
    # A Parquet file of dates and integers (not text) reads as the same values written as text.
    path = tmp_path / "typed.parquet"
    table = pa.table(
        {
            "id": ["a", "b"],
            "forum": ["US-NY", "GB-EW"],
            "entry_date": pa.array([date(2020, 1, 2), date(2021, 3, 4)], pa.date32()),
            "currency": ["USD", "GBP"],
            "principal": pa.array([1250, 3], pa.int64()),
        }
    )
    pq.write_table(table, path)
    a, b = read_judgments(path), read_judgments(path, columnar=False)
    _same_judgments(a, b)
    assert a.principal.tolist() == [125_000, 300]
    assert a.entry.tolist() == [date(2020, 1, 2), date(2021, 3, 4)]


def test_a_repeated_id_is_the_row_readers_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.parquet"
    pq.write_table(
        pa.table(
            {
                "id": ["a", "a"],
                "forum": ["US-NY"] * 2,
                "entry_date": ["2020-01-02"] * 2,
                "currency": ["USD"] * 2,
                "principal": ["1"] * 2,
            }
        ),
        path,
    )
    with pytest.raises(PortfolioError, match="row 2: id: 'a' is also row 1"):
        read_judgments(path)
    assert read_judgments(path, []).id.to_pylist() == ["a"]


def test_a_file_of_plain_rows_reads_alike(tmp_path: Path) -> None:
    # Every date valid: Arrow's cast reads each date column at once; empty enforceable days stay unknown.
    rng = random.Random(9)
    count = 500
    table = {
        "id": [f"j{k}" for k in range(count)],
        "forum": [rng.choice(["US-NY", "FR", "GB-EW"]) for _ in range(count)],
        "entry_date": [date(2010, 1, 1).fromordinal(733_000 + rng.randrange(5000)).isoformat() for _ in range(count)],
        "currency": [rng.choice(["USD", "EUR", "JPY"]) for _ in range(count)],
        "principal": [str(rng.randrange(1, 10**6)) for _ in range(count)],
        "enforceable": [rng.choice(["", "2020-02-29", "2015-07-01"]) for _ in range(count)],
    }
    path = tmp_path / "plain.parquet"
    pq.write_table(pa.table(table), path)
    a, b = read_judgments(path), read_judgments(path, columnar=False)
    _same_judgments(a, b)
    assert len(a) == count


@pytest.mark.parametrize("currencies", [("USD",), ("USD", "JPY", "KWD")])
def test_files_of_many_row_groups_read_alike_in_and_out_of_order(tmp_path: Path, currencies: tuple[str, ...]) -> None:
    # Row groups of 37 rows: the compiled readers take each chunk in place; payments sorted as the judgments are
    # (one pass) and shuffled (Arrow's lookup) read alike, and alike to the row reader.
    rng = random.Random(9)
    count = 500
    judgments = {
        "id": [f"id-{k:04d}" for k in range(count)],
        "forum": [rng.choice(["US-NY", "US-FED", "GB-EW"]) for _ in range(count)],
        "entry_date": [f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" for _ in range(count)],
        "currency": [rng.choice(currencies) for _ in range(count)],
        "principal": [str(rng.randint(1, 10**6)) for _ in range(count)],
    }
    path = tmp_path / "j.parquet"
    pq.write_table(pa.table(judgments), path, row_group_size=37)
    a = read_judgments(path)
    _same_judgments(a, read_judgments(path, columnar=False))
    rows = sorted(rng.randrange(count) for _ in range(1500))
    paid = {
        "judgment_id": [judgments["id"][r] for r in rows],
        "date": [f"2025-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}" for _ in rows],
        "amount": [str(rng.randint(1, 999)) for _ in rows],
    }
    shuffled = list(range(len(rows)))
    rng.shuffle(shuffled)
    for order in (range(len(rows)), shuffled):
        pay_path = tmp_path / "p.parquet"
        pq.write_table(pa.table({k: [v[i] for i in order] for k, v in paid.items()}), pay_path, row_group_size=41)
        x, y = read_payments(pay_path, a), read_payments(pay_path, a, columnar=False)
        assert x.judgment.tolist() == y.judgment.tolist() == [rows[i] for i in order]
        assert x.date.tolist() == y.date.tolist()
        assert x.amount.tolist() == y.amount.tolist()


def _alike(path: Path) -> None:
    """The column reader and the row reader refuse the file's rows alike, stopping and setting aside."""
    with pytest.raises(PortfolioError) as by_column:
        read_judgments(path)
    with pytest.raises(PortfolioError) as by_row:
        read_judgments(path, columnar=False)
    assert str(by_column.value) == str(by_row.value)
    a: list[Reject] = []
    b: list[Reject] = []
    read_judgments(path, a)
    read_judgments(path, b, columnar=False)
    assert [(str(r), r.values) for r in a] == [(str(r), r.values) for r in b]


def test_a_missing_forum_or_currency_in_parquet_is_an_empty_value(tmp_path: Path) -> None:
    # Parquet keeps a missing value as a null, which the forum's and currency's codes keep: the row reader reads
    # it as '' (row 2: forum: '' is not a court forum; its values forum= and currency=).
    path = tmp_path / "j.parquet"
    table = {"id": ["a", "b"], "forum": ["US-NY", None], "entry_date": ["2020-01-01"] * 2}
    pq.write_table(pa.table(table | {"currency": ["USD", None], "principal": ["1.00"] * 2}), path)
    _alike(path)
    with pytest.raises(PortfolioError, match="row 2: forum: '' is not a court forum"):
        read_judgments(path)


def test_a_currency_column_of_numbers_is_read_as_its_text(tmp_path: Path) -> None:
    # 840 is the ISO 4217 number of the US dollar, not its code: row 1: currency: unknown currency '840'.
    path = tmp_path / "j.parquet"
    table = {"id": ["a"], "forum": ["US-NY"], "entry_date": ["2020-01-01"], "currency": pa.array([840])}
    pq.write_table(pa.table(table | {"principal": ["1.00"]}), path, row_group_size=1)
    _alike(path)
    with pytest.raises(PortfolioError, match="row 1: currency: unknown currency '840'"):
        read_judgments(path)


def test_payments_of_a_file_without_judgments_are_each_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.parquet"
    pq.write_table(pa.table({name: pa.array([], pa.string()) for name in JUDGMENT_COLUMNS}), path)
    none = read_judgments(path)
    pay = _write(tmp_path / "p.csv", {"judgment_id": ["j0"], "date": ["2020-01-01"], "amount": ["5.00"]})
    a: list[Reject] = []
    b: list[Reject] = []
    assert len(read_payments(pay, none, a).amount) == len(read_payments(pay, none, b, columnar=False).amount) == 0
    assert (
        [str(r) for r in a] == [str(r) for r in b] == [f"{pay}: row 1: judgment_id: no judgment 'j0' among those read"]
    )


def test_dictionary_columns_with_missing_values_read_as_the_row_reader_reads_them(tmp_path: Path) -> None:
    # Parquet keeps dates and flags as dictionaries, a row group's own, and a missing value as a null: the column
    # reader takes their codes, the row reader reads each null as ''. Row groups of 3 rows give each chunk a
    # dictionary of its own. A missing entry date is an error (rows 2 and 9); a missing flag is false; a missing
    # day of enforceability is no day.
    dates = ["2020-01-02", None, "2020-02-30", "2019-12-31", "2021-06-01", "2020-01-02", "2018-07-04", "2019-12-31"]
    count = len(dates) + 1
    path = tmp_path / "j.parquet"
    table = {
        "id": [f"j{k}" for k in range(count)],
        "forum": ["FR"] * count,
        "entry_date": [*dates, None],
        "currency": ["EUR"] * count,
        "principal": ["10.00"] * count,
        "consumer_debt": [None, "yes", "NO", None, "maybe", "true", "", None, "0"],
        "creditor_individual": ["TRUE", None, None, "false", "1", None, "x", "", None],
        "enforceable": [None, "2020-03-01", "", "2020-02-30", None, "2021-01-01", None, "2020-01-05", ""],
    }
    pq.write_table(pa.table(table), path, row_group_size=3)
    assert pa.types.is_dictionary(pq.read_table(path, read_dictionary=["entry_date"]).column("entry_date").type)
    _alike(path)
    a: list[Reject] = []
    b: list[Reject] = []
    _same_judgments(read_judgments(path, a), read_judgments(path, b, columnar=False))
    assert [(r.row, r.field) for r in a] == [
        (2, "entry_date"),
        (3, "entry_date"),
        (4, "enforceable"),
        (5, "consumer_debt"),
        (7, "creditor_individual"),
        (9, "entry_date"),
    ]
    pays = {"judgment_id": ["j0", "j5", "j0", "j7"], "date": ["2021-01-01", None, "2021-01-01", "2022-02-02"]}
    pay_path = tmp_path / "p.parquet"
    pq.write_table(pa.table(pays | {"amount": ["1.00"] * 4}), pay_path, row_group_size=2)
    judgments = read_judgments(path, [])
    x: list[Reject] = []
    y: list[Reject] = []
    one, two = read_payments(pay_path, judgments, x), read_payments(pay_path, judgments, y, columnar=False)
    assert one.date.tolist() == two.date.tolist() == [date(2021, 1, 1), date(2021, 1, 1), date(2022, 2, 2)]
    assert [str(r) for r in x] == [str(r) for r in y] == [f"{pay_path}: row 2: date: '' is not a date (YYYY-MM-DD)"]


def test_no_white_space_lies_beyond_the_last_one_scanned() -> None:
    # The padded-value check scans code points up to LAST_SPACE alone: this Python's Unicode has no white space
    # beyond it (a newer Unicode that added one would fail here, not let a padded value through unstripped).
    assert chr(LAST_SPACE).isspace()
    assert not [c for c in range(LAST_SPACE + 1, 0x110000) if chr(c).isspace()]
