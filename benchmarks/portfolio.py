"""Print the portfolio engine's speed and memory beside three other ways of computing the same balances.

Run: python benchmarks/portfolio.py [--count N] [--sample M]. For N generated judgments of the six court forums
(tests/vector/generated.py), without payments and with three payments each on average, it prints judgments per
second and the process's peak memory, and beside them: (a) the per-matter engine judgment by judgment, (b)
QuantLib instrument by instrument, (c) a naive NumPy float64 pass, each on a sample of M, with how many of the
sample's figures the last two get wrong against the exact engines.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.vector.generated import portfolio

from exequatur.interfaces.api import rate_book
from exequatur.model.interest import Compounding
from exequatur.rules.forum import RuleContext
from exequatur.rules.registry import interest_regime
from exequatur.vector.portfolio import Payments, _instrument, balances, per_matter

AS_OF = date(2026, 6, 1)
EPOCH = np.datetime64("1970-01-01", "D")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rates_of(judgments, rows, book):  # type: ignore[no-untyped-def]
    """Each sampled judgment's single statutory rate and compounding (None where its regime has several terms)."""
    out = []
    for k in rows:
        inst = _instrument(judgments, int(k))
        try:
            terms = interest_regime(inst, RuleContext(rates=book, as_of=AS_OF))
        except Exception:
            out.append(None)
            continue
        # The float pass below is the statute's act/365 only: a stated rate's day count is not a float's error.
        statutory = judgments.stated(int(k)) is None and terms and terms[0].term.day_count.value == "act/365"
        out.append(
            (float(terms[0].term.rate.percent), terms[0].term.compounding) if statutory and len(terms) == 1 else None
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--dask", action="store_true", help="also time Dask with 1 and 2 local workers")
    args = parser.parse_args()
    book = rate_book()
    print(f"{args.count:,} judgments as of {AS_OF}; machine: {sys.platform}, {resource.getpagesize()}-byte pages")
    for each, label in ((0.0, "without payments"), (3.0, "with three payments each on average")):
        judgments, payments = portfolio(args.count, seed=7, payments_each=each)
        start = time.perf_counter()
        result = balances(judgments, payments, AS_OF, book)
        seconds = time.perf_counter() - start
        print(
            f"portfolio engine, {label} ({len(payments.amount):,} payments): {seconds:.1f} s, "
            f"{args.count / seconds:,.0f} judgments/s, peak memory {peak_mb():,.0f} MB ({result.computed_by})"
        )
    if args.dask:
        from exequatur.vector.distributed import balances_on_dask

        judgments, payments = portfolio(args.count, seed=7, payments_each=3.0)
        for workers in (1, 2):
            start = time.perf_counter()
            balances_on_dask(judgments, payments, AS_OF, partitions=4 * workers, workers=workers)
            seconds = time.perf_counter() - start
            print(f"Dask, {workers} local worker(s), with payments: {seconds:.1f} s, {args.count / seconds:,.0f}/s")
    judgments, _ = portfolio(args.count, seed=7, payments_each=0.0)
    sample = np.arange(min(args.sample, args.count))
    start = time.perf_counter()
    for k in sample:
        per_matter(judgments, int(k), [], AS_OF, book)
    loop = time.perf_counter() - start
    print(f"(a) per-matter engine, judgment by judgment: {len(sample) / loop:,.0f} judgments/s")
    exact = balances(
        judgments.take(sample),
        Payments.none(),
        AS_OF,
        book,
    )
    terms = rates_of(judgments, sample, book)
    days = (np.datetime64(AS_OF) - judgments.entry[sample]).astype(np.int64)
    principal = judgments.principal[sample]
    try:
        import QuantLib as ql
    except ImportError:
        print("(b) QuantLib is not installed (pip install QuantLib)")
    else:
        start = time.perf_counter()
        wrong = counted = 0
        for j, term in enumerate(terms):
            if term is None or exact.error[j] is not None:
                continue
            percent, compounding = term
            kind = ql.Compounded if compounding is Compounding.ANNUAL else ql.Simple
            rate = ql.InterestRate(percent / 100, ql.Actual365Fixed(), kind, ql.Annual)
            figure = round(float(principal[j]) * (rate.compoundFactor(days[j] / 365) - 1))
            counted += 1
            wrong += figure != int(exact.interest[j])
        seconds = time.perf_counter() - start
        print(
            f"(b) QuantLib instrument by instrument: {counted / seconds:,.0f} judgments/s; {wrong:,} of {counted:,} "
            "differ from the statute's figure ((1 + r)^t within a year, where §1961 is simple within the year)"
        )
    simple = np.array([t is not None and t[1] is Compounding.NONE for t in terms])
    pct = np.array([t[0] if t is not None else 0.0 for t in terms])
    start = time.perf_counter()
    naive = np.floor(principal * pct / 100 * days / 365 + 0.5)
    seconds = time.perf_counter() - start
    ok = simple & np.array([e is None for e in exact.error])
    off = np.abs(naive[ok] - np.array(exact.interest[ok], dtype=np.float64))
    print(
        f"(c) naive NumPy float64 pass: {len(sample) / max(seconds, 1e-9):,.0f} judgments/s; {int((off > 0).sum()):,} "
        f"of {int(ok.sum()):,} simple-interest figures wrong, by up to {int(off.max()) if len(off) else 0} minor units"
    )


if __name__ == "__main__":
    main()
