"""Portfolio files: a bad row is an error at its file, row and field, or set aside with --rejects; CSV and Parquet
read alike; balances are written whole."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.io.portfolio import (
    PortfolioError,
    Reject,
    read_judgments,
    read_payments,
    with_lines,
    write_balances,
    write_rejects,
)
from exequatur.vector.portfolio import Balances

HEADER = "id,forum,entry_date,currency,principal\n"


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("a,US-NY,2020-02-30,USD,100.00", "entry_date", "not a date"),
        ("a,NY,2020-01-02,USD,100.00", "forum", "not a court forum"),
        ("a,ICC,2020-01-02,USD,100.00", "forum", "not a court forum"),
        ("a,US-NY,2020-01-02,XYZ,100.00", "currency", "XYZ"),
        ("a,US-NY,2020-01-02,USD,100.001", "principal", "more decimals than USD"),
        ("a,US-NY,2020-01-02,JPY,100.5", "principal", "more decimals than JPY"),
        ("a,US-NY,2020-01-02,USD,-5", "principal", "at least zero"),
        # The most: just under 10^17 minor units, 999,999,999,999,999.99 dollars or 99,999,999,999,999,999 yen.
        ("a,US-NY,2020-01-02,USD,1000000000000000", "principal", "(at most 999999999999999.99 USD)"),
        ("a,US-NY,2020-01-02,JPY,100000000000000000", "principal", "(at most 99999999999999999 JPY)"),
        # A new user found 'us-ny' refused with no hint, where a matter file suggests the code.
        ("a,us-ny,2020-01-02,USD,1", "forum", "not a court forum with an interest rule; did you mean 'US-NY'?"),
        (",US-NY,2020-01-02,USD,100", "id", "is empty"),
        ("a,US-NY,2020-01-02,USD,abc", "principal", "not a number"),
        ("a,US-NY,2020-01-02,USD,100,extra", "row", "more values"),
        ("a,US-NY,2020-01-02,USD,1e3", "principal", "not a number"),
        ("a,US-NY,2020-01-02,USD,1_000", "principal", "not a number"),
        ("a,US-NY,2020-01-02,USD,NaN", "principal", "not a number"),
        # A review found these taken: a short row read its missing values as empty, and Python's fromisoformat
        # took dates of other ISO forms.
        ("a,US-NY,2020-01-02", "row", "fewer values"),
        ("a,US-NY,20200102,USD,1", "entry_date", "not a date (YYYY-MM-DD)"),
        ("a,US-NY,2020-W01-3,USD,1", "entry_date", "not a date (YYYY-MM-DD)"),
        ("a,US-NY,2020-01-02T00:00,USD,1", "entry_date", "not a date (YYYY-MM-DD)"),
    ],
)
def test_a_bad_judgment_row_names_file_row_and_field(tmp_path: Path, row: str, field: str, words: str) -> None:
    path = written(tmp_path, "j.csv", HEADER + "ok,US-NY,2020-01-02,USD,1.00\n" + row + "\n")
    with pytest.raises(PortfolioError) as error:
        read_judgments(path)
    assert str(error.value).startswith(f"{path}: line 3 (row 2): {field}: ")
    assert words in str(error.value)


def test_rejects_set_bad_rows_aside_and_keep_the_rest(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "j.csv",
        HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-13-01,USD,1.00\na,US-FED,2020-01-02,USD,2.00\n",
    )
    rejects: list[Reject] = []
    judgments = read_judgments(path, rejects)
    assert judgments.id.to_pylist() == ["a"]
    assert [(r.row, r.field) for r in rejects] == [(2, "entry_date"), (3, "id")]
    assert "also row 1" in rejects[1].reason
    pays = written(tmp_path, "p.csv", "judgment_id,date,amount\na,2021-01-02,0.50\nzz,2021-01-02,1\na,2021-01-02,0\n")
    payments = read_payments(pays, judgments, rejects)
    assert payments.amount.tolist() == [50]
    assert [(r.row, r.field) for r in rejects[2:]] == [(2, "judgment_id"), (3, "amount")]


def test_a_header_without_a_column_or_with_an_unknown_one_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PortfolioError, match="missing column"):
        read_judgments(written(tmp_path, "a.csv", "id,forum,currency,principal\nx,US-NY,USD,1\n"))
    with pytest.raises(PortfolioError, match="unknown column"):
        read_judgments(written(tmp_path, "b.csv", HEADER.strip() + ",colour\nx,US-NY,2020-01-02,USD,1,red\n"))
    with pytest.raises(PortfolioError, match="no header"):
        read_judgments(written(tmp_path, "c.csv", ""))
    with pytest.raises(PortfolioError, match=r"header: column.s. principal named twice"):
        read_judgments(written(tmp_path, "d.csv", HEADER.strip() + ",principal\nx,US-NY,2020-01-02,USD,1,2\n"))
    judgments = read_judgments(written(tmp_path, "j.csv", HEADER + "x,US-NY,2020-01-02,USD,1\n"))
    pays = written(tmp_path, "e.csv", "judgment_id,date,amount,currency\nx,2021-01-02,1,USD\n")
    with pytest.raises(
        PortfolioError, match=r"unknown column\(s\) currency \(the columns: judgment_id, date, amount\)"
    ):
        read_payments(pays, judgments)


def test_a_payment_dated_in_another_iso_form_is_an_error(tmp_path: Path) -> None:
    judgments = read_judgments(written(tmp_path, "j.csv", HEADER + "a,US-NY,2020-01-02,USD,1.00\n"))
    for day in ("20210102", "2021-W01-6"):
        with pytest.raises(PortfolioError, match=r"line 2 \(row 1\): date: .* is not a date"):
            read_payments(written(tmp_path, "p.csv", f"judgment_id,date,amount\na,{day},0.50\n"), judgments)


def test_a_parquet_column_of_bytes_is_read_as_its_text(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {"forum": ["US-NY"], "entry_date": ["2020-01-02"], "currency": ["USD"], "principal": ["1.00"]}
    path = tmp_path / "b.parquet"
    pq.write_table(pa.table({"id": pa.array([b"A"], pa.binary()), **columns}), path)
    assert read_judgments(path).id.to_pylist() == ["A"]
    pq.write_table(pa.table({"id": pa.array([b"\xff"], pa.binary()), **columns}), path)
    with pytest.raises(PortfolioError, match="column id holds bytes that are not UTF-8 text"):
        read_judgments(path)


def test_parquet_reads_as_csv_does_and_balances_write_whole(tmp_path: Path) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv_path = written(tmp_path, "j.csv", HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,GB-EW,2021-03-04,GBP,2.50\n")
    table = pa.table(
        {
            "id": ["a", "b"],
            "forum": ["US-NY", "GB-EW"],
            "entry_date": ["2020-01-02", "2021-03-04"],
            "currency": ["USD", "GBP"],
            "principal": ["1.00", "2.50"],
        }
    )
    pq.write_table(table, tmp_path / "j.parquet")
    a, b = read_judgments(csv_path), read_judgments(tmp_path / "j.parquet")
    assert a.id.to_pylist() == b.id.to_pylist()
    assert a.principal.tolist() == b.principal.tolist() == [100, 250]
    result = Balances(
        principal=np.array([100, 250], object),
        interest=np.array([7, 0], object),
        paid=np.array([0, 0], object),
        unapplied=np.array([0, 0], object),
        per_diem=np.array([0, 0], object),
        errors={1: "no rate"},
    )
    out = write_balances(tmp_path / "out.parquet", a, result)
    rows = pq.read_table(out).to_pylist()
    assert rows[0] == {
        "id": "a",
        "forum": "US-NY",
        "currency": "USD",
        "principal": "1.00",
        "interest": "0.07",
        "paid": "0.00",
        "unapplied": "0.00",
        "total": "1.07",
        "per_diem": "0.00",
        "error": "",
    }
    assert rows[1]["total"] == ""
    assert rows[1]["error"] == "no rate"
    # Every column reads back as text (the few-valued ones are written by their codes, without Arrow's schema);
    # only the columns of digits are left uncompressed.
    assert set(pq.read_schema(out).types) == {pa.string()}
    group = pq.ParquetFile(out).metadata.row_group(0)
    compression = {group.column(k).path_in_schema: group.column(k).compression for k in range(group.num_columns)}
    assert {name for name, kind in compression.items() if kind == "UNCOMPRESSED"} == {
        "principal",
        "interest",
        "total",
        "per_diem",
    }
    assert {compression[name] for name in ("id", "forum", "currency", "paid", "unapplied", "error")} == {"SNAPPY"}


def test_a_stated_rate_with_its_conventions_and_their_mistakes(tmp_path: Path) -> None:
    head = "id,forum,entry_date,currency,principal,rate,compounding,day_count\n"
    good = read_judgments(written(tmp_path, "g.csv", head + "a,US-NY,2020-01-02,USD,1.00,6%,annual,act/360\n"))
    assert good.stated(0) == (Decimal("6"), "annual", "act/360")
    for row, field in (
        ("a,US-NY,2020-01-02,USD,1.00,,annual,", "compounding"),
        ("a,US-NY,2020-01-02,USD,1.00,six,,", "rate"),
        ("a,US-NY,2020-01-02,USD,1.00,6,weekly,", "compounding"),
        ("a,US-NY,2020-01-02,USD,1.00,6,,act/364", "day_count"),
    ):
        with pytest.raises(PortfolioError, match=rf"line 2 \(row 1\): {field}: "):
            read_judgments(written(tmp_path, "b.csv", head + row + "\n"))


def test_a_header_is_read_as_a_header_and_a_payments_file_may_hold_none(tmp_path: Path) -> None:
    # A first row with one value too many is that row's error, not a missing header column.
    path = written(tmp_path, "j.csv", HEADER + "a,US-NY,2020-01-02,USD,1.00,extra\n")
    rejects: list[Reject] = []
    read_judgments(path, rejects)
    assert (rejects[0].row, rejects[0].field, rejects[0].values["id"]) == (1, "row", "a")
    with pytest.raises(PortfolioError, match="separated by commas"):
        read_judgments(written(tmp_path, "s.csv", "id;forum;entry_date;currency;principal\na;US-NY;2020-01-02;USD;1\n"))
    judgments = read_judgments(written(tmp_path, "k.csv", HEADER + "a,US-NY,2020-01-02,USD,1.00\n"))
    assert len(read_payments(written(tmp_path, "p.csv", "judgment_id,date,amount\n"), judgments).amount) == 0


def test_a_file_not_in_utf8_names_the_line(tmp_path: Path) -> None:
    # A review found only a byte offset: "'utf-8' codec can't decode byte 0xe9 in position 65".
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "a,US-NY,2020-01-02,USD,1.00\nb\xe9,US-NY,2020-01-02,USD,1.00\n").encode("latin-1"))
    with pytest.raises(PortfolioError, match=r"latin1.csv: line 3: bytes that are not UTF-8 text \(b'\\xe9'\)"):
        read_judgments(path)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # Row 2 (the second after the header) on line 3 of a plain file, found without reading the records.
        (HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n", 3),
        # A blank line is not a row: row 2 is on line 4.
        (HEADER + "a,US-NY,2020-01-02,USD,1.00\n\nb,US-NY,2020-02-30,USD,1.00\n", 4),
        # A quoted id spanning two lines: row 2 starts on line 4.
        (HEADER + '"a\nA",US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n', 4),
        # Windows line ends, and a blank line between them.
        (HEADER.replace("\n", "\r\n") + "a,US-NY,2020-01-02,USD,1.00\r\n\r\nb,US-NY,2020-02-30,USD,1.00\r\n", 4),
        # A review found these: old Mac line ends (a carriage return alone) took the run down, and a blank line
        # before the header (after a byte-order mark too) was counted as the header.
        (HEADER.replace("\n", "\r") + "a,US-NY,2020-01-02,USD,1.00\rb,US-NY,2020-02-30,USD,1.00\r", 3),
        ("\n" + HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n", 4),
        ("\ufeff\n" + HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n", 4),
        ("\r\n" + HEADER + "a,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n", 4),
        # The row-by-row reader (a padded value) takes the same lines and rows.
        ("\n" + HEADER + "a,US-NY,2020-01-02,USD, 1.00\nb,US-NY,2020-02-30,USD,1.00\n", 4),
        (HEADER.replace("\n", "\r") + "a,US-NY,2020-01-02,USD, 1.00\rb,US-NY,2020-02-30,USD,1.00\r", 3),
    ],
)
def test_a_bad_csv_row_names_the_line_it_is_on(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "j.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(PortfolioError) as error:
        read_judgments(path)
    assert str(error.value).startswith(f"{path}: line {line} (row 2): entry_date: '2020-02-30' is not a date")
    set_aside: list[Reject] = []
    read_judgments(path, set_aside)
    assert [r.row for r in set_aside] == [2]
    written_out = write_rejects(tmp_path / "rejects.csv", set_aside)
    rows = list(csv.DictReader(written_out.open(encoding="utf-8")))
    assert (rows[0]["row"], rows[0]["line"]) == ("2", str(line))


def test_a_reason_that_points_at_another_row_names_its_line(tmp_path: Path) -> None:
    # A review found "is also row 1" and "set aside (file: row 2)" naming rows alone. Judgments: header line 1,
    # a blank line 2, "a" (row 1) on line 3, "b" with a bad date (row 2) on line 4, "a" again (row 3) on line 6
    # after a second blank line. Payments: header line 1, "b" (row 1) line 2.
    judgments = tmp_path / "j.csv"
    judgments.write_text(
        HEADER + "\na,US-NY,2020-01-02,USD,1.00\nb,US-NY,2020-02-30,USD,1.00\n\na,US-NY,2020-01-03,USD,2.00\n",
        encoding="utf-8",
    )
    payments = tmp_path / "p.csv"
    payments.write_text("judgment_id,date,amount\nb,2021-01-01,1.00\n", encoding="utf-8")
    with pytest.raises(PortfolioError) as error:
        read_judgments(judgments, columnar=False)
    assert str(error.value) == f"{judgments}: line 4 (row 2): entry_date: '2020-02-30' is not a date (YYYY-MM-DD)"
    set_aside: list[Reject] = []
    read = read_judgments(judgments, set_aside)
    read_payments(payments, read, set_aside)
    assert [str(r) for r in with_lines(set_aside)] == [
        f"{judgments}: line 4 (row 2): entry_date: '2020-02-30' is not a date (YYYY-MM-DD)",
        f"{judgments}: line 6 (row 3): id: 'a' is also line 3 (row 1)",
        f"{payments}: line 2 (row 1): judgment_id: judgment 'b' was set aside ({judgments}: line 4 (row 2))",
    ]
    written = list(csv.DictReader(write_rejects(tmp_path / "r.csv", set_aside).open(encoding="utf-8")))
    assert [r["reason"] for r in written][1:] == [
        "'a' is also line 3 (row 1)",
        f"judgment 'b' was set aside ({judgments}: line 4 (row 2))",
    ]


def test_a_repeated_id_stops_the_read_naming_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    path.write_text(HEADER + '"a",US-NY,2020-01-02,USD,1.00\n\n"a",US-NY,2020-01-03,USD,2.00\n', encoding="utf-8")
    with pytest.raises(PortfolioError) as error:
        read_judgments(path)
    # Row 1 on line 2; a blank line 3; row 2 on line 4.
    assert str(error.value) == f"{path}: line 4 (row 2): id: 'a' is also line 2 (row 1)"


@pytest.mark.parametrize("columnar", [True, False])
def test_a_payment_before_its_judgments_entry_is_refused_as_the_matter_file_check_refuses_it(
    tmp_path: Path, columnar: bool
) -> None:
    # A review found the portfolio dropping such a payment without a word, where `owe` and `check` refuse the
    # matter ("payment on ... precedes j"). Judgment a entered 2020-01-10; its payment of 2020-01-09 (row 1,
    # line 2) is refused, the one on the day of entry (row 2) is credited.
    judgments = tmp_path / "j.csv"
    judgments.write_text(HEADER + "a,US-NY,2020-01-10,USD,1000.00\n", encoding="utf-8")
    payments = tmp_path / "p.csv"
    payments.write_text("judgment_id,date,amount\na,2020-01-09,10.00\na,2020-01-10,20.00\n", encoding="utf-8")
    read = read_judgments(judgments)
    with pytest.raises(PortfolioError) as error:
        read_payments(payments, read, columnar=columnar)
    said = "date: 2020-01-09 precedes the judgment's entry (2020-01-10)"
    assert str(error.value) == f"{payments}: line 2 (row 1): {said}"
    set_aside: list[Reject] = []
    kept = read_payments(payments, read, set_aside, columnar=columnar)
    assert [(r.row, r.field) for r in set_aside] == [(1, "date")]
    assert kept.amount.tolist() == [2000]
    assert kept.date.astype(str).tolist() == ["2020-01-10"]


def test_a_rejected_rows_values_read_back_as_they_were(tmp_path: Path) -> None:
    # A review found `id=a,b=c,forum=...` in the values column, which no reader can split back.
    path = tmp_path / "j.csv"
    path.write_text(HEADER + '"a,b=c",US-NY,2020-02-30,USD,1.00\n', encoding="utf-8")
    set_aside: list[Reject] = []
    read_judgments(path, set_aside)
    written = list(csv.DictReader(write_rejects(tmp_path / "r.csv", set_aside).open(encoding="utf-8")))
    assert json.loads(written[0]["values"]) == {
        "id": "a,b=c",
        "forum": "US-NY",
        "entry_date": "2020-02-30",
        "currency": "USD",
        "principal": "1.00",
    }
