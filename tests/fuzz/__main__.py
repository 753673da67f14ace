"""`python -m tests.fuzz --cases N --seed S [--jobs J]`: a fuzz campaign, its figures, and each failure kept.

`--case K --show` runs one case again and prints its mutant, its mutations and its outcome.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.fuzz.harness import Figures, Harness, Keeper, campaign, describe, minimize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the campaign's seed: the same seed, the same cases")
    parser.add_argument("--start", type=int, default=0, help="the first case's number (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--case", type=int, default=None, help="run this one case only")
    parser.add_argument("--show", action="store_true", help="with --case: print the mutant and the outcome")
    parser.add_argument("--minimize", action="store_true", help="with --case: shrink a failing mutant and print it")
    parser.add_argument("--quiet", action="store_true", help="print only the figures, not each failure")
    args = parser.parse_args(argv)

    if args.case is not None:
        harness = Harness.build()
        outcome = harness.run(args.seed, args.case, keep_text=True)
        if args.show:
            sys.stdout.write(f"--- mutant ---\n{outcome.text}\n--- end ---\n")
        sys.stdout.write(describe(args.seed, outcome) + "\n")
        if args.minimize and outcome.signature is not None:
            origin = harness.case(args.seed, args.case)[0]
            small = minimize(harness, origin, outcome.text or "", outcome.as_of, outcome.signature)
            again = harness.check(origin, small, outcome.as_of)
            sys.stdout.write(f"--- minimized ({outcome.signature}) ---\n{small}\n--- end ---\n{again.trace}\n")
        return 1 if outcome.verdict == "failed" else 0

    figures, keeper = Figures(), Keeper()
    started = time.perf_counter()
    step = max(args.cases // 20, 1)
    for outcome in campaign(args.seed, args.cases, start=args.start, jobs=args.jobs):
        figures.add(outcome)
        if outcome.verdict == "failed":
            kept = keeper.keep(args.seed, outcome)
            if not args.quiet:
                sys.stdout.write(f"\nFAILED {describe(args.seed, outcome)}--- mutant (kept in {kept}) ---\n")
                sys.stdout.write(f"{(outcome.text or '')[:4000]}\n--- end ---\n")
        if figures.cases % step == 0:
            elapsed = time.perf_counter() - started
            sys.stderr.write(f"  {figures.cases:,}/{args.cases:,} cases, {figures.failed} failed, {elapsed:.0f} s\n")
    figures.seconds = time.perf_counter() - started
    jobs = f", {args.jobs} processes" if args.jobs > 1 else ""
    sys.stdout.write(f"\nseed {args.seed}, cases {args.start}..{args.start + args.cases - 1}{jobs}\n")
    sys.stdout.write(figures.report() + "\n")
    if keeper.folder is not None:
        sys.stdout.write(f"failures kept in {keeper.folder}\n")
    return 1 if figures.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
