"""Print the wall time of `exequatur owe` on the example, of the engine on a matter with 10,000 payments and on
one with 1,000 instruments, and of loading a matter file with 10,000 payments.

Run: python benchmarks/bench_owe.py [--runs N]. Goals (issues 3 and 13): the command under 250 ms with start-up;
the engine under 50 ms for 10,000 payments and under 100 ms for 1,000 instruments; the file loaded under 400 ms.
Figures are medians of N runs on this machine.
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
from exequatur.io.matterfile import parse_matter
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


def many_instruments(count: int) -> Matter:
    """`count` judgments at 9% simple, each its own debt, and one payment on each."""
    here = Source("<generated>", 0)
    start = date(2000, 1, 3)
    judgments = tuple(
        Instrument(
            id=f"j{n}",
            kind=InstrumentKind.JUDGMENT,
            forum="US-NY",
            date=start + timedelta(days=n),
            currency="USD",
            source=here,
            components=(Component(label="principal", amount=Decimal(1_000_000 + n), source=here),),
            interest=(InterestTerm(start=start + timedelta(days=n), rate=FixedRate(percent=Decimal(9)), source=here),),
        )
        for n in range(count)
    )
    paid = tuple(
        Payment(
            date=start + timedelta(days=2 * n + 1),
            amount=Decimal("1000"),
            currency="USD",
            instrument=f"j{n}",
            source=here,
        )
        for n in range(count)
    )
    return Matter(
        id="many",
        creditor=Party(name="C", source=here),
        debtor=Party(name="D", source=here),
        source=here,
        instruments=judgments,
        payments=paid,
    )


def payments_file(count: int) -> str:
    """A matter file of one US-NY judgment and `count` payments, one every third day."""
    rows = [
        "matter: big",
        "creditor: {name: C, country: US}",
        "debtor: {name: D, country: US}",
        "instruments:",
        "  - {id: j, kind: judgment, forum: US-NY, date: 1990-01-01, currency: USD, "
        'amounts: [{label: principal, amount: "1000000000"}]}',
        "payments:",
    ]
    day = date(1990, 1, 2)
    rows += [
        f'  - {{date: {day + timedelta(days=3 * n)}, amount: "12345.67", currency: USD, instrument: j}}'
        for n in range(count)
    ]
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    command = [sys.executable, "-m", "exequatur", "owe", str(EXAMPLE), "--as-of", "2026-11-25", "--format", "json"]
    cli = median_seconds(lambda: subprocess.run(command, capture_output=True, check=False), args.runs)
    print(
        f"exequatur owe on the Rusoro example (5 instruments, start-up included): {cli * 1000:.0f} ms "
        f"(median of {args.runs}; goal < 250 ms)"
    )
    text = payments_file(10_000)
    matter, errors = parse_matter(text, "<generated>")
    assert matter is not None, errors
    assert not errors, errors
    load = median_seconds(lambda: parse_matter(text, "<generated>"), args.runs)
    print(f"loading a matter file with 10,000 payments: {load * 1000:.0f} ms (median of {args.runs}; goal < 400 ms)")
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
    many = many_instruments(1_000)
    assert len(accrue(many, date(2026, 12, 1), book).instruments) == 1_000
    engine = median_seconds(lambda: accrue(many, date(2026, 12, 1), book), args.runs)
    print(
        f"engine, 1,000 instruments with a payment each: {engine * 1000:.0f} ms (median of {args.runs}; goal < 100 ms)"
    )


if __name__ == "__main__":
    main()
