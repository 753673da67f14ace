"""Balances of Arrow batches (io/portfolio_batches.py): the same figures as the files give, on Spark too."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from exequatur.interfaces.api import rate_book
from exequatur.io.portfolio import BALANCE_COLUMNS, balance_columns, read_judgments, read_payments
from exequatur.io.portfolio_batches import BALANCES_SCHEMA, balances_of_batch, balances_of_batches
from exequatur.vector.portfolio import balances

EXAMPLES = Path(__file__).parents[2] / "examples"
JUDGMENTS, PAYMENTS = EXAMPLES / "portfolio-judgments.csv", EXAMPLES / "portfolio-payments.csv"
AS_OF = date(2026, 6, 1)


def _text(path: Path) -> pa.Table:
    """A CSV file's columns as text, empty cells as empty text, as a platform would hand them over."""
    names = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    options = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False)
    return pacsv.read_csv(path, convert_options=options)


def _from_files() -> dict[str, dict[str, str]]:
    """Each judgment's balance row as the files give it (io/portfolio.py's readers and writer)."""
    judgments = read_judgments(JUDGMENTS)
    result = balances(judgments, read_payments(PAYMENTS, judgments), AS_OF, rate_book())
    columns = {name: column.to_pylist() for name, column in balance_columns(judgments, result).items()}
    return {ident: {name: columns[name][k] for name in BALANCE_COLUMNS} for k, ident in enumerate(columns["id"])}


def _nested(judgments: pa.Table, payments: pa.Table) -> pa.Table:
    """The judgments with a `payments` column: each one's payments as a list of {date, amount}."""
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in payments.to_pylist():
        by_id.setdefault(row["judgment_id"], []).append({"date": row["date"], "amount": row["amount"]})
    kind = pa.list_(pa.struct([("date", pa.string()), ("amount", pa.string())]))
    listed = pa.array([by_id.get(i, []) for i in judgments.column("id").to_pylist()], kind)
    return judgments.append_column("payments", listed)


def _rows(batches: list[pa.RecordBatch]) -> dict[str, dict[str, Any]]:
    rows = [row for batch in batches for row in batch.to_pylist()]
    return {row["id"]: row for row in rows}


def test_batches_give_the_files_figures() -> None:
    table = _nested(_text(JUDGMENTS), _text(PAYMENTS))
    # Cut into batches of 3 rows: each judgment's payments travel with it.
    compute = balances_of_batches(AS_OF)
    got = _rows(list(compute(table.to_batches(max_chunksize=3))))
    expected = _from_files()
    assert got == expected
    # The example's first judgment, worked in tests/interfaces/test_cli_portfolio.py from CPLR 5004's 9%.
    assert (got["ny-2019-0001"]["principal"], got["ny-2019-0001"]["paid"]) == ("10512.81", "4000.00")


def test_a_bad_row_or_a_bad_payment_comes_back_with_its_error() -> None:
    table = _text(JUDGMENTS).slice(0, 2)
    ids = table.column("id").to_pylist()
    dates = pa.array(["2019-03-04", "2023-02-31"])
    table = table.set_column(table.column_names.index("entry_date"), "entry_date", dates)
    payments = pa.table({"judgment_id": [ids[0]], "date": ["2020-01-15"], "amount": ["12.345"]})
    got = _rows([balances_of_batch(_nested(table, payments).to_batches()[0], AS_OF, rate_book())])
    assert set(got) == set(ids)
    assert got[ids[1]]["error"] == "entry_date: '2023-02-31' is not a date (YYYY-MM-DD)"
    assert got[ids[1]]["principal"] == ""
    assert got[ids[0]]["error"].startswith("a payment (2020-01-15, 12.345): amount: ")
    assert "more decimals than USD" in got[ids[0]]["error"]
    assert got[ids[0]]["principal"] == ""


def test_a_batch_without_a_required_column_is_an_error_that_names_the_batch() -> None:
    from exequatur.io.portfolio import PortfolioError

    table = _text(JUDGMENTS).drop_columns(["principal"])
    with pytest.raises(PortfolioError, match=r"a batch of \d+ judgment rows") as error:
        balances_of_batch(table.to_batches()[0], AS_OF, rate_book())
    assert "principal" in str(error.value)
    assert "exequatur-batch-" not in str(error.value)


def test_on_local_spark_map_in_arrow_gives_the_files_figures() -> None:
    # Spark runs its Python workers with PYSPARK_PYTHON: this interpreter, which has exequatur.
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("no Java runtime in CI: .ci/run installs default-jre-headless for local Spark")
        pytest.skip("no Java runtime, which local Spark needs (Debian: apt-get install default-jre-headless)")
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as f

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("exequatur-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        read = spark.read.option("header", True).option("inferSchema", False)
        judgments = read.csv(str(JUDGMENTS)).fillna("")
        payments = read.csv(str(PAYMENTS))
        listed = payments.groupBy("judgment_id").agg(f.collect_list(f.struct("date", "amount")).alias("payments"))
        book = judgments.join(listed, judgments.id == listed.judgment_id, "left").drop("judgment_id")
        book = book.withColumn("payments", f.coalesce("payments", f.array().cast(listed.schema["payments"].dataType)))
        out = book.repartition(2).mapInArrow(balances_of_batches(AS_OF), BALANCES_SCHEMA)
        got = {row["id"]: row.asDict() for row in out.collect()}
    finally:
        spark.stop()
    assert got == _from_files()


def test_a_repeated_id_brings_no_second_set_of_payments() -> None:
    # A review found a join's second copy of an id (set aside as a repeat) adding its payments to the first: the
    # first row must have the files' figures, as `exequatur portfolio --rejects` gives them.
    judgments = _text(JUDGMENTS)
    twice = pa.concat_tables([judgments, judgments.slice(0, 1)]).combine_chunks()
    got = balances_of_batch(_nested(twice, _text(PAYMENTS)).to_batches()[0], AS_OF, rate_book()).to_pylist()
    first = [row for row in got if row["id"] == "ny-2019-0001"]
    assert len(first) == 2
    assert first[0] == _from_files()["ny-2019-0001"]
    assert first[1]["error"] == "id: 'ny-2019-0001' is also row 1"


def test_payments_of_another_shape_or_in_floating_point_are_refused() -> None:
    from exequatur.io.portfolio import PortfolioError

    table = _text(JUDGMENTS).slice(0, 1)
    flat = table.append_column("payments", pa.array([["2020-01-15"]], pa.list_(pa.string())))
    with pytest.raises(PortfolioError, match=r"payments: a list of \{date, amount\} is needed"):
        balances_of_batch(flat.to_batches()[0], AS_OF, rate_book())
    # A float cannot hold every sum exactly: the column is refused as a Parquet file's is, for the whole batch.
    kind = pa.list_(pa.struct([("date", pa.string()), ("amount", pa.float64())]))
    floating = table.append_column("payments", pa.array([[{"date": "2020-01-15", "amount": 2000.0}]], kind))
    with pytest.raises(PortfolioError, match=r"^the payments of a batch of 1 judgment rows: .*binary floating-point"):
        balances_of_batch(floating.to_batches()[0], AS_OF, rate_book())
