"""Print the wall time of `exequatur owe` on the example and of the engine on a matter with 10,000 payments.

Run: python benchmarks/bench_owe.py [--runs N]. Goals (issue 3): the command under 0.5 s with start-up;
the engine under 50 ms for 10,000 payments. Figures are medians of N runs on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from exequatur.engine.owed import accrue
from exequatur.interfaces.api import rate_book
from exequatur.model.events import Payment
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.interest import Compounding, FixedRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.parties import Party
from exequatur.model.source import Source

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rusoro-v-venezuela.yaml"


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_matter(payments: int, amount: str = "12345.67") -> Matter:
    """A USD 1bn judgment at 9% compounded annually, two components, and a payment every third day."""
    here = Source("<generated>", 0)
    start = date(1990, 1, 1)
    judgment = Instrument(
        id="j",
        kind=InstrumentKind.JUDGMENT,
        forum="US-NY",
        date=start,
        currency="USD",
        source=here,
        components=(
            Component(label="principal", amount=Decimal("900000000"), source=here),
            Component(label="costs", amount=Decimal("100000000"), source=here),
        ),
        interest=(
            InterestTerm(start=start, rate=FixedRate(percent=Decimal(9)), compounding=Compounding.ANNUAL, source=here),
        ),
    )
    paid = tuple(
        Payment(
            date=start + timedelta(days=1 + i * 3),
            amount=Decimal(amount),
            currency="USD",
            instrument="j",
            source=here,
        )
        for i in range(payments)
    )
    return Matter(
        id="bench",
        creditor=Party(name="C", source=here),
        debtor=Party(name="D", source=here),
        source=here,
        instruments=(judgment,),
        payments=paid,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    command = [sys.executable, "-m", "exequatur", "owe", str(EXAMPLE), "--as-of", "2026-11-25", "--format", "json"]
    cli = median_seconds(lambda: subprocess.run(command, capture_output=True, check=False), args.runs)
    print(
        f"exequatur owe on the Rusoro example (5 instruments, start-up included): {cli * 1000:.0f} ms "
        f"(median of {args.runs}; goal < 500 ms)"
    )
    book = rate_book()
    as_of = date(2072, 1, 1)
    scenarios = {
        "payments below the interest due (each pays interest only)": generated_matter(10_000, "12345.67"),
        "payments above the interest due (each also pays principal)": generated_matter(10_000, "760000.00"),
    }
    for label, matter in scenarios.items():
        statement = accrue(matter, as_of, book)
        lines = len(statement.instruments[0].lines)  # type: ignore[union-attr]
        engine = median_seconds(lambda matter=matter: accrue(matter, as_of, book), args.runs)
        print(
            f"engine, 10,000 payments, {label}: {engine * 1000:.1f} ms for {lines:,} statement lines "
            f"(median of {args.runs}; goal < 50 ms)"
        )


if __name__ == "__main__":
    main()
