"""Balances of Arrow record batches of judgment rows, for a platform that hands a function batches and takes
batches back: Spark's `DataFrame.mapInArrow` (docs/portfolio.md, "Spark"), or any other alike.

A batch holds the judgments file's columns, as text, and may hold `payments`: each judgment's payments as a list of
{date, amount} (text), as Spark's `collect_list(struct(date, amount))` makes them. Each batch is read by the same
readers as a file, so its rows are checked as a file's rows are, and computed by the single-process engine. A
batch cannot stop the job on one bad row: a bad judgment row comes back with its error and no figures, and so does
a judgment with a bad payment, since its figures without that payment would be wrong.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from exequatur.io.portfolio import (
    BALANCE_COLUMNS,
    PortfolioError,
    Reject,
    balance_columns,
    read_judgments,
    read_payments,
    refused_for_payments,
)
from exequatur.model.rates import RateBook
from exequatur.vector.portfolio import Payments, balances

#: The batches given back, as a Spark schema string (every column text, as in the balances file).
BALANCES_SCHEMA = ", ".join(f"{name} string" for name in BALANCE_COLUMNS)


def balances_of_batches(as_of: date, rates: RateBook | None = None) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A function from judgment batches to balance batches (BALANCES_SCHEMA), for `mapInArrow`. Without `rates`,
    it reads the rate tables where it runs (the shipped ones and that machine's data directory)."""

    def compute(batches: Iterable[Any]) -> Iterator[Any]:
        book = rates
        for batch in batches:
            if book is None:
                from exequatur.io.ratetables import rate_tables

                book = RateBook.of([], rate_tables())
            yield balances_of_batch(batch, as_of, book)

    return compute


def balances_of_batch(batch: Any, as_of: date, rates: RateBook) -> Any:
    """One batch of judgment rows (and their `payments`, if the batch has them) to a batch of their balances: one
    row per judgment row, in no set order."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pa.Table.from_batches([batch])
    nested = table.column("payments") if "payments" in table.column_names else None
    if nested is not None:
        table = table.drop_columns(["payments"])
        _check_payments_type(nested.type, table.num_rows)
    set_aside: list[Reject] = []
    with tempfile.TemporaryDirectory(prefix="exequatur-batch-") as folder:
        where = Path(folder) / "judgments.parquet"
        try:
            pq.write_table(table, where)
            judgments = read_judgments(where, set_aside)
            paid = Payments.none()
            if nested is not None:
                # A row set aside (a repeated id, say) brings no payments: a join gives each copy of an id the
                # id's payments, which the row kept already has.
                kept = np.ones(table.num_rows, bool)
                kept[[r.row - 1 for r in set_aside]] = False
                where = Path(folder) / "payments.parquet"
                pq.write_table(_flattened(table.column("id"), nested, kept), where)
                paid = read_payments(where, judgments, set_aside)
        except PortfolioError as exc:  # the batch as a whole: a column missing, or one of another type
            whose = "the payments of " if where.name == "payments.parquet" else ""
            batch = f"{whose}a batch of {table.num_rows} judgment rows"
            raise PortfolioError(str(exc).replace(str(where), batch)) from None
    result = refused_for_payments(judgments, balances(judgments, paid, as_of, rates), set_aside, every=True)
    computed = pa.table(balance_columns(judgments, result))
    decoded = [pc.cast(c, pa.string()) for c in computed.columns]  # Spark takes no dictionaries back
    rows = pa.table(decoded, names=list(BALANCE_COLUMNS))
    rejected = [r for r in set_aside if "judgment_id" not in r.values]
    if rejected:
        rows = pa.concat_tables([rows, _rejected_rows(rejected, rows.schema)])
    return rows.combine_chunks().to_batches()[0] if rows.num_rows else pa.RecordBatch.from_pylist([], rows.schema)


def _flattened(ids: Any, nested: Any, kept: np.ndarray) -> Any:
    """The payments file's table of a nested column: each payment of the `kept` rows with its judgment's id."""
    import pyarrow as pa
    import pyarrow.compute as pc

    nested = nested.combine_chunks() if isinstance(nested, pa.ChunkedArray) else nested
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    nested, ids = nested.filter(pa.array(kept)), ids.filter(pa.array(kept))
    each = pc.list_flatten(nested)
    owner = pc.take(pc.cast(ids, pa.string()), pc.list_parent_indices(nested))
    # The date and amount go as they came, so that the payments reader refuses what it refuses in a file (an
    # amount in binary floating point, say).
    return pa.table({"judgment_id": owner, "date": each.field("date"), "amount": each.field("amount")})


def _check_payments_type(kind: Any, rows: int) -> None:
    """A `payments` column is a list of {date, amount}; anything else is the batch's error, not a traceback."""
    import pyarrow as pa

    listed = pa.types.is_list(kind) or pa.types.is_large_list(kind)
    fields = {kind.value_type.field(k).name for k in range(kind.value_type.num_fields)} if listed else set()
    if not (listed and pa.types.is_struct(kind.value_type) and {"date", "amount"} <= fields):
        raise PortfolioError(
            f"a batch of {rows} judgment rows: payments: a list of {{date, amount}} is needed, found {kind}"
        )


def _rejected_rows(rejected: list[Reject], schema: Any) -> Any:
    """A row for each bad judgment row: what it gave of id, forum and currency, and its error."""
    import pyarrow as pa

    rows: dict[str, list[str]] = {name: [""] * len(rejected) for name in BALANCE_COLUMNS}
    rows["id"] = [r.values.get("id", "") for r in rejected]
    rows["forum"] = [r.values.get("forum", "") for r in rejected]
    rows["currency"] = [r.values.get("currency", "") for r in rejected]
    rows["error"] = [f"{r.field}: {r.reason}" for r in rejected]
    return pa.table(rows, schema=schema)
