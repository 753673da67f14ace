"""The Dask engine gives the single-process engine's figures, judgment for judgment, on a local cluster."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from exequatur.interfaces.api import rate_book
from exequatur.vector.portfolio import balances
from tests.vector.generated import portfolio

pytest.importorskip("dask.distributed")


def test_two_workers_give_the_single_process_figures() -> None:
    from exequatur.vector.distributed import balances_on_dask

    judgments, payments = portfolio(3_000, seed=11)
    as_of = date(2026, 6, 1)
    one = balances(judgments, payments, as_of, rate_book())
    many = balances_on_dask(judgments, payments, as_of, partitions=5, workers=2)
    for column in ("principal", "interest", "paid", "unapplied", "per_diem"):
        assert np.array_equal(getattr(one, column), getattr(many, column)), column
    assert one.errors == many.errors
    assert one.errors  # New York consumer debts paid before 30 Apr 2022 (CPLR 5004(c)): errors in both
    assert one.computed_by == many.computed_by


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    from exequatur.model.errors import ExequaturError
    from exequatur.vector.distributed import balances_on_dask

    judgments, payments = portfolio(10, seed=1)
    with pytest.raises(ExequaturError, match="cannot be reached"):
        balances_on_dask(judgments, payments, date(2026, 6, 1), partitions=2, scheduler="tcp://127.0.0.1:9")


_METHODS = """
import threading
import numba
import numpy as np
from exequatur.vector.distributed import start_method

@numba.njit(parallel=True)
def total(values):
    found = 0
    for k in numba.prange(len(values)):
        found += values[k]
    return found

print(start_method())
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
print(start_method())
stop.set()
other.join()
total(np.arange(100))  # a parallel loop: numba's threads start
print(start_method())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux alone")
def test_workers_are_forked_only_where_it_is_safe() -> None:
    # A fresh process forks; with another thread running, or after numba's threads ran, it spawns.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    said = subprocess.run([sys.executable, "-c", _METHODS], capture_output=True, text=True, env=env, check=True)
    assert said.stdout.split() == ["fork", "spawn", "spawn"]
    # A method the user chose in Dask's configuration is kept, spawn included.
    for chosen in ("spawn", "forkserver"):
        env["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] = chosen
        said = subprocess.run([sys.executable, "-c", _METHODS], capture_output=True, text=True, env=env, check=True)
        assert said.stdout.split() == [chosen] * 3
