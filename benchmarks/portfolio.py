"""Print the portfolio engine's speed and memory beside three other ways of computing the same balances.

Run: python benchmarks/portfolio.py [--counts N,M...] [--sample S] [--files] [--dask]. For each count of generated
judgments of the six court forums (tests/vector/generated.py), without payments and with three payments each on
average, each in a process of its own, it prints a table: seconds, judgments per second in all and in the
compiled loop alone, the seconds of its three stages (putting the payments in order, which runs on a thread
of its own beside the rules' plan; the plan, with any wait for the payments; the loop), peak memory from the
moment the generated columns are made (the process with its inputs resident, without the generator's own
temporaries), and how many the per-matter engine computed. --files adds
`exequatur portfolio` end to end on Parquet: one file in and out, and a folder of parts of a million judgments
(two parts below two million) computed in turn; --dask, the parts of the largest count on Dask with 1 and 2
local workers, each worker reading and writing its own parts (io/portfolio_parts.py); --repeat R runs each of
these commands R times in turn (1 worker, 2 workers, 1, 2, ...) and prints every run and the median, since on a
shared virtual machine one run can be a fifth off. Then, on a sample of
S: (a) the per-matter engine judgment by judgment, (b) QuantLib instrument by instrument, (c) a naive NumPy
float64 pass, with how many of the sample's figures the last two get wrong against the exact engines. Timed
processes take small pages and Arrow's jemalloc pool, as `exequatur portfolio` does (vector/memory.py);
--huge-pages times them with numpy's and Arrow's own defaults instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.vector.generated import portfolio

from exequatur.interfaces.api import rate_book
from exequatur.io import textkernel
from exequatur.model.interest import Compounding
from exequatur.rules.forum import RuleContext
from exequatur.rules.registry import interest_regime
from exequatur.vector.portfolio import Payments, _instrument, balances, per_matter

AS_OF = date(2026, 6, 1)
EPOCH = np.datetime64("1970-01-01", "D")


def peak_mb() -> float:
    """This process's peak resident memory since the last reset_peak (Linux's VmHWM), else since it started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the peak over from what is resident now (Linux: 5 into clear_refs resets VmHWM), so that the
    engine's peak is measured apart from the generator's."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


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


def one_run(count: int, each: float, forums: tuple[str, ...]) -> dict[str, object]:
    """Balances of `count` generated judgments in this process: its figures, as JSON for the parent. With
    `forums` given, only theirs and no stated rates: the statutory judgments alone."""
    book = rate_book()
    balances(*portfolio(100, seed=1), AS_OF, book)  # the compiled loop loads from numba's cache once
    chosen = {"forums": forums, "stated": 0.0} if forums else {}
    judgments, payments = portfolio(count, seed=7, payments_each=each, **chosen)  # type: ignore[arg-type]
    reset_peak()
    start = time.perf_counter()
    result = balances(judgments, payments, AS_OF, book)
    seconds = time.perf_counter() - start
    return {
        "payments": len(payments.amount),
        "seconds": seconds,
        "parts": result.seconds,
        "computed_by": result.computed_by,
        "peak_mb": peak_mb(),
    }


def _decimal_text(units: np.ndarray) -> pa.Array:
    """Minor units of a two-decimal currency as decimal text (the generated book's sums are all such)."""
    return textkernel.written(units, np.full(len(units), 2, np.int64), np.ones(len(units), bool))


def write_book(count: int, each: float, folder: Path, parts: int) -> tuple[Path, Path]:
    """Generated judgments and payments as Parquet: one file each, or (parts > 1) folders of that many parts,
    each judgment's payments in its part's file. Returns the judgments' path and the payments'."""
    judgments, payments = portfolio(count, seed=7, payments_each=each)
    # The generator dates some payments before their judgment's entry, which the in-memory engine passes over
    # and a payments file may not hold (io/portfolio.py refuses such a row): they are left out of the files.
    credited = payments.date >= judgments.entry[payments.judgment]
    payments = Payments(
        judgment=payments.judgment[credited], date=payments.date[credited], amount=payments.amount[credited]
    )
    ids = judgments.id
    part_of = np.arange(count) * parts // count  # consecutive rows per part
    (folder / "judgments").mkdir(parents=True, exist_ok=True)
    (folder / "payments").mkdir(parents=True, exist_ok=True)
    for k in range(parts):
        rows = np.flatnonzero(part_of == k)
        paid = np.flatnonzero(part_of[payments.judgment] == k)
        name = f"part-{k:03d}.parquet" if parts > 1 else "book.parquet"
        pq.write_table(
            pa.table(
                {
                    "id": ids.take(pa.array(rows)),
                    "forum": judgments.forum[rows].to_arrow(),
                    "entry_date": pa.array(judgments.entry[rows].astype(str)),
                    "currency": judgments.currency[rows].to_arrow(),
                    "principal": _decimal_text(judgments.principal[rows]),
                }
            ),
            folder / "judgments" / name,
        )
        pq.write_table(
            pa.table(
                {
                    "judgment_id": ids.take(pa.array(payments.judgment[paid])),
                    "date": pa.array(payments.date[paid].astype(str)),
                    "amount": _decimal_text(payments.amount[paid]),
                }
            ),
            folder / "payments" / name,
        )
    if parts > 1:
        return folder / "judgments", folder / "payments"
    return folder / "judgments" / "book.parquet", folder / "payments" / "book.parquet"


#: Whether --huge-pages was given (read by end_to_end).
HUGE = [False]


def _memory_env(huge: bool) -> dict[str, str]:
    """The environment of a timed process: small pages and jemalloc, as `exequatur portfolio` runs
    (vector/memory.py), or with --huge-pages the libraries' own defaults (numpy's huge pages, Arrow's mimalloc)."""
    env = dict(os.environ)
    if huge:
        return env | {"NUMPY_MADVISE_HUGEPAGE": "1", "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}
    return env | {"NUMPY_MADVISE_HUGEPAGE": "0", "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}


def end_to_end(judgments: Path, payments: Path | None, out: Path, *extra: str) -> dict[str, float]:
    """`exequatur portfolio` on Parquet files: wall seconds and the command's peak memory (GNU time)."""
    command = [str(Path(sys.executable).parent / "exequatur"), "portfolio", str(judgments)]
    command += ["--payments", str(payments)] if payments is not None else []
    command += ["--as-of", AS_OF.isoformat(), "-o", str(out), "--force", *extra]
    start = time.perf_counter()
    # GNU time reports the command's own peak resident memory (in KB) on its last line.
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], check=True, capture_output=True, text=True, env=_memory_env(HUGE[0])
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": int(done.stderr.strip().splitlines()[-1]) / 1024}


def repeated(
    times: int, judgments: Path, payments: Path | None, out: Path, *extras: tuple[str, ...]
) -> dict[tuple[str, ...], list[dict[str, float]]]:
    """Each command (`end_to_end` with each of `extras`, or with none) run `times` times, the commands in turn."""
    found: dict[tuple[str, ...], list[dict[str, float]]] = {extra: [] for extra in extras or ((),)}
    for _ in range(times):
        for extra in found:
            found[extra].append(end_to_end(judgments, payments, out, *extra))
    return found


def said(runs: list[dict[str, float]], count: int | None) -> str:
    """A command's runs: the median's seconds (and judgments a second) and peak memory, and every run's seconds."""
    middle = sorted(runs, key=lambda e: e["seconds"])[(len(runs) - 1) // 2]
    rate = f", {count / middle['seconds']:,.0f}/s" if count else ""
    text = f"{middle['seconds']:.1f} s{rate}, peak memory {middle['peak_mb']:,.0f} MB"
    if len(runs) > 1:
        each = ", ".join(f"{e['seconds']:.1f}" for e in runs)
        text += f" (median of {len(runs)} runs: {each} s)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", default="1000000", help="comma-separated portfolio sizes, e.g. 1000000,10000000")
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--dask", action="store_true", help="also time Dask with 1 and 2 local workers")
    parser.add_argument("--files", action="store_true", help="also time `exequatur portfolio` on Parquet files")
    parser.add_argument("--forums", default="", help="only these forums, no stated rates (e.g. US-NY,US-FED)")
    parser.add_argument(
        "--huge-pages", action="store_true", help="time with numpy's and Arrow's own memory defaults (huge pages)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="run each end-to-end command this many times")
    parser.add_argument("--one", nargs=2, metavar=("COUNT", "EACH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    HUGE[0] = args.huge_pages
    if args.one:
        forums = tuple(f for f in args.forums.split(",") if f)
        print(json.dumps(one_run(int(args.one[0]), float(args.one[1]), forums)))
        return
    counts = [int(c) for c in args.counts.split(",")]
    print(f"as of {AS_OF}; {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    print(
        "| judgments | payments | seconds | judgments/s | in the loop: judgments/s | payments / plan / loop s "
        "| peak memory | per-matter |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for count in counts:
        for each in (0.0, 3.0):
            # Each run in a process of its own, so that its peak memory is its own.
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(count), str(each), "--forums", args.forums],
                check=True,
                capture_output=True,
                text=True,
                env=_memory_env(args.huge_pages),
            )
            r = json.loads(out.stdout.splitlines()[-1])
            loop = r["parts"]["loop"]
            print(
                f"| {count:,} | {r['payments']:,} | {r['seconds']:.2f} | {count / r['seconds']:,.0f} | "
                f"{r['computed_by']['columns'] / loop:,.0f} | "
                f"{r['parts']['payments']:.2f} / {r['parts']['rules']:.2f} / {loop:.2f} | {r['peak_mb']:,.0f} MB | "
                f"{r['computed_by']['per-matter']:,} ({r['parts']['per-matter']:.1f} s) |"
            )
    if args.files or args.dask:
        for count in counts:
            for each in (0.0, 3.0):
                with tempfile.TemporaryDirectory() as folder:
                    where = Path(folder)
                    rows = f"{count:,} judgments, {'with' if each else 'without'} payments"
                    if args.files:
                        judgments, payments = write_book(count, each, where / "one", 1)
                        found = repeated(args.repeat, judgments, payments if each else None, where / "out.parquet")
                        print(f"exequatur portfolio, {rows}, one Parquet file in and out: {said(found[()], None)}")
                    chunks = max(2, count // 1_000_000)
                    judgments, payments = write_book(count, each, where / "parts", chunks)
                    paid = payments if each else None
                    runs: dict[str, tuple[str, ...]] = {"in turn": ()} if args.files else {}
                    if args.dask and count == counts[-1]:
                        runs |= {f"Dask, {w} worker(s)": ("--engine", "dask", "--workers", str(w)) for w in (1, 2)}
                    found = repeated(args.repeat, judgments, paid, where / "out", *runs.values())
                    for label, extra in runs.items():
                        where_ = f"{chunks} Parquet parts, {label}"
                        print(f"exequatur portfolio, {rows}, {where_}: {said(found[extra], count)}")
    book = rate_book()
    args.count = counts[0]
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
            if term is None or exact.errors.get(j) is not None:
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
    ok = simple & exact.ok
    off = np.abs(naive[ok] - np.array(exact.interest[ok], dtype=np.float64))
    print(
        f"(c) naive NumPy float64 pass: {len(sample) / max(seconds, 1e-9):,.0f} judgments/s; {int((off > 0).sum()):,} "
        f"of {int(ok.sum()):,} simple-interest figures wrong, by up to {int(off.max()) if len(off) else 0} minor units"
    )


if __name__ == "__main__":
    main()
