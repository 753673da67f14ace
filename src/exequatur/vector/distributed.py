"""The portfolio engine on a Dask cluster. The figures are the single-process engine's, judgment for judgment,
because each task runs the same code on the same rules and rate tables (every worker must have exequatur and its
rate tables installed: the shipped ones, and any the user updated in their data directory).

Two ways in: judgments in memory, cut into pieces that are sent to the workers (`balances_on_dask`); or files
already cut into parts, which each worker reads, computes and writes itself (io/portfolio_parts.py), so that
the process that starts the run moves no rows at all.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from exequatur.model.errors import ExequaturError
from exequatur.vector.portfolio import Balances, Judgments, Payments, balances


def one_core() -> None:
    """A task's compiled loop and Arrow's work on one thread: a Dask worker runs as many tasks at once as it has
    threads, and work spread over every core in each would overrun the machine."""
    import numba
    import pyarrow as pa

    numba.set_num_threads(1)
    pa.set_cpu_count(1)  # Arrow's reading, writing and kernels too
    pa.set_io_thread_count(1)


def start_method() -> str:
    """How a local cluster starts its workers: forked from this process where that is safe, so that each starts
    with what the command has already imported (exequatur, numba, pyarrow, the rules) instead of importing it all
    again, as a spawned worker does (measured in docs/portfolio.md). Spawned, Dask's own default, where the user
    chose a method in Dask's configuration; off Linux; while another thread of this process runs (a lock it holds
    would stay held in the child); and once numba's threads have run here (GNU OpenMP, numba's layer on this
    machine, stops a process forked from them)."""
    import dask

    chosen = dask.config.get("distributed.worker.multiprocessing-method", "spawn")
    if chosen != "spawn" or "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD" in os.environ:
        return str(chosen)
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return "spawn"
    import numba

    try:
        numba.threading_layer()  # type: ignore[attr-defined]  # ValueError until a parallel loop started its threads
    except ValueError:
        return "fork"
    return "spawn"


def run_on_dask(
    task: Callable[..., Any],
    arguments: Sequence[tuple[Any, ...]],
    *,
    scheduler: str | None,
    workers: int,
    scatter: bool = False,
) -> list[Any]:
    """task(*a) for each a of `arguments` on the Dask cluster at `scheduler`, or on a local cluster of `workers`
    processes of one thread each; the results in order. With `scatter`, each a's first item goes to the
    workers as data, not inside the task graph."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ExequaturError("--engine dask needs Dask: pip install 'exequatur[dask]'") from None
    cluster: Any = None
    # A task's own failure is the command's error, said once; the cluster's logs of it are not for the user.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        if scheduler is None:
            with dask.config.set({"distributed.worker.multiprocessing-method": start_method()}):
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,
                )
        try:
            client: Any = Client(scheduler or cluster, timeout="10s")  # type: ignore[no-untyped-call]
        except ValueError as exc:  # an address Dask cannot parse ('host' with no port, an http:// URL)
            if scheduler is None:
                raise
            raise ExequaturError(
                f"--scheduler {scheduler}: not a Dask scheduler address ({exc}); give one as tcp://HOST:8786"
            ) from None
        with client:
            if scatter:
                data = client.scatter([a[0] for a in arguments])
                arguments = [(d, *a[1:]) for d, a in zip(data, arguments, strict=True)]
            futures = [client.submit(task, *a, pure=False) for a in arguments]
            return list(client.gather(futures))
    except (OSError, TimeoutError) as exc:
        raise ExequaturError(f"the Dask scheduler {scheduler or '(local)'} cannot be reached: {exc}") from None
    except RuntimeError as exc:  # a local cluster whose workers did not start
        raise ExequaturError(f"the Dask cluster could not be started: {exc}") from None
    finally:
        if cluster is not None:
            cluster.close()


def _slice(judgments: Judgments, payments: Payments, rows: np.ndarray) -> tuple[Judgments, Payments]:
    """The judgments of `rows` (ascending), and their payments renumbered to the slice's rows."""
    part = judgments.take(rows)
    local = np.full(len(judgments), -1, np.int64)
    local[rows] = np.arange(len(rows))
    mine = local[payments.judgment] >= 0
    paid = Payments(judgment=local[payments.judgment[mine]], date=payments.date[mine], amount=payments.amount[mine])
    return part, paid


def _piece(piece: tuple[Judgments, Payments], as_of: date, rate_files: tuple[str, ...] = ()) -> Balances:
    """One piece, on a worker: the rate tables are the worker's own, read there, with the run's `--rates`
    files (paths the worker must be able to read)."""
    from exequatur.interfaces.api import rate_book

    one_core()
    return balances(*piece, as_of, rate_book(rate_files))


def balances_on_dask(
    judgments: Judgments,
    payments: Payments,
    as_of: date,
    *,
    partitions: int,
    scheduler: str | None = None,
    workers: int = 2,
    rate_files: tuple[str, ...] = (),
) -> Balances:
    """Every judgment's balance, computed in `partitions` pieces on the Dask cluster at `scheduler`, or on a local
    cluster of `workers` processes, with the run's `rate_files` beside each worker's tables. Judgments of one forum
    and entry day go to one piece, so that each asks its forum's rule once for them."""
    order = np.lexsort((judgments.entry.view(np.int64), judgments.forum.codes))
    pieces = [np.sort(p) for p in np.array_split(order, max(1, min(partitions, len(judgments)))) if len(p)]
    arguments = [(_slice(judgments, payments, rows), as_of, rate_files) for rows in pieces]
    parts = run_on_dask(_piece, arguments, scheduler=scheduler, workers=workers, scatter=True)
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
