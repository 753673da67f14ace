"""Hold the portfolio engine equal to the per-matter engine on many random judgments with payments.

Run: python benchmarks/portfolio_equality.py [--count N] [--seed S] [--unusual]. The test suite runs 2,000
(tests/vector); this runs 100,000 by default and prints how many agree to the cent, stopping at the first that does
not. With --unusual the judgments are made to meet the edges (tests/vector/generated.unusual: dates before the
tables, unknown forums, sums past 64 bits, every stated term), and a judgment agrees when it has the per-matter
engine's figures or its error.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.vector.generated import figures, portfolio, unusual

from exequatur.interfaces.api import rate_book
from exequatur.vector.portfolio import balances, per_matter

EPOCH = np.datetime64("1970-01-01", "D")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 6, 1))
    parser.add_argument("--unusual", action="store_true", help="judgments made to meet the edges")
    args = parser.parse_args()
    book = rate_book()
    judgments, payments = (unusual if args.unusual else portfolio)(args.count, args.seed)
    start = time.perf_counter()
    result = balances(judgments, payments, args.as_of, book)
    columns = time.perf_counter() - start
    days = (payments.date - EPOCH).astype(np.int64)
    order = np.argsort(payments.judgment, kind="stable")
    rows = payments.judgment[order]
    start = time.perf_counter()
    for k in range(len(judgments)):
        lo, hi = np.searchsorted(rows, [k, k + 1])
        own = [(date(1970, 1, 1) + timedelta(days=int(days[i])), int(payments.amount[i])) for i in order[lo:hi]]
        expected = per_matter(judgments, k, own, args.as_of, book)
        if isinstance(expected, str):
            same = result.errors.get(k) == expected
        else:
            got = (result.principal[k], result.interest[k], result.paid[k], result.unapplied[k], result.per_diem[k])
            same = result.errors.get(k) is None and tuple(int(v) for v in got) == figures(expected)
        if not same:
            print(f"judgment {k} differs: {judgments.forum[k]} entered {judgments.entry[k]}")
            raise SystemExit(1)
    loop = time.perf_counter() - start
    print(
        f"{args.count:,} judgments and {len(payments.amount):,} payments (seed {args.seed}, as of {args.as_of}): "
        f"every principal, interest, payment and per diem figure agrees to the cent ({result.computed_by}); "
        f"portfolio engine {columns:.1f} s, per-matter engine {loop:.1f} s"
    )


if __name__ == "__main__":
    main()
