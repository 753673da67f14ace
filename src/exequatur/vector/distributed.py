"""The portfolio engine on a Dask cluster: the judgments cut into partitions, each computed by vector.portfolio on
a worker, the balances put back in their rows. The figures are the single-process engine's, judgment for judgment,
because each partition runs the same code on the same rules and rate tables (every worker must have exequatur and
its rate tables installed: the shipped ones, and any the user updated in their data directory).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from exequatur.model.errors import ExequaturError
from exequatur.vector.portfolio import Balances, Judgments, Payments, balances


def _slice(judgments: Judgments, payments: Payments, rows: np.ndarray) -> tuple[Judgments, Payments]:
    """The judgments of `rows` (ascending), and their payments renumbered to the slice's rows."""
    part = judgments.take(rows)
    local = np.full(len(judgments), -1, np.int64)
    local[rows] = np.arange(len(rows))
    mine = local[payments.judgment] >= 0
    paid = Payments(judgment=local[payments.judgment[mine]], date=payments.date[mine], amount=payments.amount[mine])
    return part, paid


def _partition(piece: tuple[Judgments, Payments], as_of: date) -> Balances:
    """One partition, on a worker: the rate tables are the worker's own, read there."""
    from exequatur.interfaces.api import rate_book

    return balances(*piece, as_of, rate_book())


def balances_on_dask(
    judgments: Judgments,
    payments: Payments,
    as_of: date,
    *,
    partitions: int,
    scheduler: str | None = None,
    workers: int = 2,
) -> Balances:
    """Every judgment's balance, computed in `partitions` pieces on the Dask cluster at `scheduler`, or on a local
    cluster of `workers` processes. Judgments of one forum and entry day go to one partition, so that each asks
    its forum's rule once for them."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ExequaturError("--engine dask needs Dask: pip install 'exequatur[dask]'") from None
    order = np.lexsort((judgments.entry.view(np.int64), judgments.forum.codes))
    pieces = [np.sort(p) for p in np.array_split(order, max(1, min(partitions, len(judgments)))) if len(p)]
    cluster: Any = None
    try:
        if scheduler is None:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        with Client(scheduler or cluster, timeout="10s") as client:  # type: ignore[no-untyped-call]
            # The pieces go to the workers as data, not inside the task graph.
            data = client.scatter([_slice(judgments, payments, rows) for rows in pieces])
            futures = [client.submit(_partition, piece, as_of) for piece in data]
            parts = client.gather(futures)
    except (OSError, TimeoutError) as exc:
        raise ExequaturError(f"the Dask scheduler {scheduler or '(local)'} cannot be reached: {exc}") from None
    except RuntimeError as exc:  # a local cluster whose workers did not start
        raise ExequaturError(f"the Dask cluster could not be started: {exc}") from None
    finally:
        if cluster is not None:
            cluster.close()
    n = len(judgments)
    names = ("principal", "interest", "paid", "unapplied", "per_diem")
    kinds = {name: object if any(getattr(p, name).dtype == object for p in parts) else np.int64 for name in names}
    columns = {name: np.zeros(n, kinds[name]) for name in names}
    errors: dict[int, str] = {}
    counted: dict[str, int] = {"columns": 0, "per-matter": 0}
    for rows, part in zip(pieces, parts, strict=True):
        for name in names:
            columns[name][rows] = getattr(part, name)
        errors.update((int(rows[k]), message) for k, message in part.errors.items())
        for how, count in part.computed_by.items():
            counted[how] = counted.get(how, 0) + count
    return Balances(
        principal=columns["principal"],
        interest=columns["interest"],
        paid=columns["paid"],
        unapplied=columns["unapplied"],
        per_diem=columns["per_diem"],
        errors=errors,
        computed_by=counted,
    )
