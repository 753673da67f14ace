"""A portfolio cut into part files, each computed on its own: in turn in one process, or at once on Dask workers
that read, compute and write their own parts.

JUDGMENTS is then a folder of judgment files (CSV or Parquet, each a part) and --payments a folder holding each
part's payments under the part's own file name; a part without a payments file has none. The balances of part
NAME are written to OUT/NAME. A judgment's payments must be in its part, as a table bucketed by judgment is laid
out: a payment in another part names a judgment that part does not read, which is the payment row's error.
Memory is one part's at a time (per worker), whatever the portfolio's size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from exequatur.io.portfolio import (
    PortfolioError,
    Reject,
    read_judgments,
    read_payments,
    refused_for_payments,
    write_balances,
)

_SUFFIXES = (".csv", ".parquet")


@dataclass(frozen=True, slots=True)
class Part:
    judgments: Path
    payments: Path | None
    balances: Path


@dataclass(frozen=True, slots=True)
class PartResult:
    """What a part sends back: its totals by forum, entry year and currency (vector.portfolio.summary), how
    many judgments each path computed, the rows set aside, and how many judgments it read."""

    totals: list[dict[str, Any]]
    computed_by: dict[str, int]
    rejects: list[Reject] = field(default_factory=list)
    judgments: int = 0


def _part(path: Path) -> bool:
    """Whether a folder's file is a part: a .csv or .parquet file, not hidden (as a half-written file is)."""
    return path.is_file() and path.suffix.lower() in _SUFFIXES and not path.name.startswith(".")


def parts(judgments: Path, payments: Path | None, out: Path) -> list[Part]:
    """The parts of a folder of judgment files, each with its payments file (same name, in `payments`) and
    its balances file in `out` (same name). A payments file no part has is an error: its rows would be lost."""
    found = sorted(p for p in judgments.iterdir() if _part(p))
    if not found:
        raise PortfolioError(f"{judgments}: a folder of parts holds no .csv or .parquet file")
    names = {p.name for p in found}
    paid: dict[str, Path] = {}
    if payments is not None:
        if not payments.is_dir():
            raise PortfolioError(f"--payments {payments}: with a folder of judgment parts, a folder of payment parts")
        paid = {p.name: p for p in payments.iterdir() if _part(p)}
        stray = sorted(set(paid) - names)
        if stray:
            raise PortfolioError(
                f"{payments}: payments file(s) {', '.join(stray)} match no judgments file in {judgments}"
            )
    return [Part(p, paid.get(p.name), out / p.name) for p in found]


def compute(
    part: Part, as_of: date, keep_rejects: bool, on_worker: bool = False, rate_files: tuple[str, ...] = ()
) -> PartResult:
    """One part read, computed and written; on a Dask worker, with the worker's own rate tables and one core. The
    run's `rate_files` (`--rates`) extend the tables, as in `owe`."""
    from exequatur.io.ratetables import load_rate_table, rate_tables
    from exequatur.model.rates import RateBook
    from exequatur.vector.portfolio import GROUPINGS, Payments, balances, summary

    if on_worker:
        from exequatur.vector.distributed import one_core

        one_core()
    rejects: list[Reject] | None = [] if keep_rejects else None
    judgments = read_judgments(part.judgments, rejects)
    paid = Payments.none() if part.payments is None else read_payments(part.payments, judgments, rejects)
    book = RateBook.of([], rate_tables(), extensions=[load_rate_table(Path(f)) for f in rate_files])
    result = balances(judgments, paid, as_of, book)
    if rejects:
        result = refused_for_payments(judgments, result, rejects)
    write_balances(part.balances, judgments, result)
    return PartResult(summary(judgments, result, GROUPINGS), result.computed_by, rejects or [], len(judgments))


def compute_all(
    found: list[Part],
    as_of: date,
    *,
    keep_rejects: bool,
    engine: str,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    rate_files: tuple[str, ...] = (),
) -> list[PartResult]:
    """Every part: in turn here (numpy), or at once on Dask workers (dask), each worker reading and writing its
    own. `progress` is told each part's judgments as it is done (here only)."""
    if engine == "dask":
        from exequatur.vector.distributed import run_on_dask

        arguments = [(part, as_of, keep_rejects, True, rate_files) for part in found]
        results: list[PartResult] = run_on_dask(compute, arguments, scheduler=scheduler, workers=workers)
        return results
    done = []
    for part in found:
        done.append(compute(part, as_of, keep_rejects, rate_files=rate_files))
        if progress is not None:
            progress(done[-1].judgments)
    return done
