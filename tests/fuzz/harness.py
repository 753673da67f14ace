"""Run one mutant through loader, engine and reports; check what must hold; count and keep the failures."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import re
import signal
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

from rich.console import Console

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement, PaymentLine, Statement
from exequatur.interfaces.api import rate_book
from exequatur.io.claimsfile import parse_claims
from exequatur.io.matterfile import load_matter, parse_matter
from exequatur.model.errors import MatterError
from exequatur.model.rates import RateBook
from exequatur.reports.export import statement_csv, statement_json
from exequatur.reports.itemized import render
from tests.fuzz.corpus import Seed, load_seeds, vocabulary
from tests.fuzz.mutators import Context, mutate

#: The farthest date the engine computes to, always among the as-of dates of a case.
FAR = date(2199, 12, 31)
#: A statement longer than this is rendered by rich without detail: rich takes 3 to 10 ms a line (a 2,500-line
#: detail of the example at 2199 takes 9 s), and the JSON and CSV still carry every line. Short statements, most of
#: the mutants, go through the detail.
RICH_DETAIL_LINES = 120
#: A case that takes longer than this is a failure (a hang is as bad as a crash).
CASE_SECONDS = 60
GOOD_WEIGHT = 4


LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class InvariantError(AssertionError):
    """A statement computed, but something that must hold of every statement does not."""


class CaseTimeout(Exception):
    """A case ran longer than CASE_SECONDS."""


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    seed: str
    verdict: str  # refused | computed | failed
    seconds: float
    mutations: tuple[str, ...] = ()
    stage: str | None = None  # where it failed: load, accrue <date>, json, csv, rich, invariant, errors
    signature: str | None = None  # the exception and the innermost frame of the package: one per distinct crash
    text: str | None = None  # the mutant, for a failure
    trace: str | None = None
    partial: bool = False  # computed, with at least one instrument that could not be (an InstrumentFailure)
    as_of: tuple[date, ...] = ()


@dataclass(slots=True)
class Figures:
    cases: int = 0
    refused: int = 0
    computed: int = 0
    failed: int = 0
    partial: int = 0
    seconds: float = 0.0
    slowest: tuple[float, int, str] = (0.0, -1, "")
    crashes: Counter[str] = field(default_factory=Counter)
    first_case: dict[str, int] = field(default_factory=dict)
    by_seed: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        setattr(self, outcome.verdict, getattr(self, outcome.verdict) + 1)
        self.partial += outcome.partial
        if outcome.seconds > self.slowest[0]:
            self.slowest = (outcome.seconds, outcome.index, outcome.seed)
        if outcome.signature is not None:
            self.crashes[outcome.signature] += 1
            self.first_case.setdefault(outcome.signature, outcome.index)
            self.by_seed[outcome.seed] += 1

    def report(self) -> str:
        lines = [
            f"cases     {self.cases:>9,}",
            f"refused   {self.refused:>9,}   (located errors)",
            f"computed  {self.computed:>9,}   ({self.partial:,} with an instrument refused by the engine, as a value)",
            f"failed    {self.failed:>9,}",
            f"time      {self.seconds:>9.1f} s   ({1000 * self.seconds / max(self.cases, 1):.1f} ms a case; "
            f"slowest {self.slowest[0]:.1f} s, case {self.slowest[1]} of {self.slowest[2]})",
        ]
        if self.crashes:
            lines.append(f"distinct failures: {len(self.crashes)}")
            for signature, count in self.crashes.most_common():
                lines.append(f"  {count:>6,} x  {signature}   (first: case {self.first_case[signature]})")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Harness:
    seeds: tuple[Seed, ...]
    context: Context
    book: RateBook

    #: Each seed's weight: a seed that loads is drawn GOOD_WEIGHT times as often as a bad-matter fixture, so that
    #: enough mutants get past the loader to exercise the engine and the reports.
    weights: tuple[int, ...]

    @classmethod
    def build(cls) -> Harness:
        seeds = load_seeds()
        book = rate_book()
        weights = tuple(GOOD_WEIGHT if _loads(seed, book) else 1 for seed in seeds)
        return cls(seeds=seeds, context=Context(seeds, vocabulary(seeds)), book=book, weights=weights)

    def case(self, seed: int, index: int) -> tuple[Seed, str, list[str], random.Random]:
        """Case `index` of campaign `seed`, made the same way every time: it can be run again on its own."""
        rng = random.Random(f"exequatur-fuzz:{seed}:{index}")
        origin = rng.choices(self.seeds, weights=self.weights)[0]
        text, mutations = mutate(rng, origin.text, self.context)
        return origin, text, mutations, rng

    def run(self, seed: int, index: int, *, keep_text: bool = False) -> Outcome:
        origin, text, mutations, rng = self.case(seed, index)
        as_of = [FAR, date(1990, 1, 1) + timedelta(days=rng.randrange(50 * 366))]
        if rng.random() < 0.2:
            as_of.append(rng.choice([date(1900, 1, 1), date(2199, 12, 30), date(2024, 2, 29)]))
        return self.check(origin, text, tuple(as_of), index=index, mutations=mutations, keep_text=keep_text)

    def check(
        self,
        origin: Seed,
        text: str,
        as_of: tuple[date, ...],
        *,
        index: int = -1,
        mutations: list[str] | None = None,
        keep_text: bool = False,
    ) -> Outcome:
        """Load `text` as a file of `origin`'s kind; compute and report it at each date of `as_of`."""
        started = time.perf_counter()
        stage = "load"
        verdict, partial = "failed", False
        signature = trace = None
        try:
            with _deadline(CASE_SECONDS):
                if origin.claims:
                    verdict = self._claims(text, origin.file)
                else:
                    stage = "load"
                    matter, errors = parse_matter(text, origin.file, known_tables=self.book.__contains__)
                    if errors or matter is None:
                        stage = "errors"
                        _check_errors(errors, origin.file, text)
                        verdict = "refused"
                    else:
                        for day in as_of:
                            stage = f"accrue {day}"
                            statement = accrue(matter, day, self.book)
                            partial |= not statement.ok
                            stage = f"invariant {day}"
                            check_statement(statement)
                            stage = f"json {day}"
                            json.dumps(statement_json(statement, detail=True), allow_nan=False, ensure_ascii=False)
                            stage = f"csv {day}"
                            statement_csv(statement, detail=True)
                            stage = f"rich {day}"
                            _render(statement)
                        verdict = "computed"
        except Exception as exc:  # every escape is a failure to count, keep and report
            verdict = "failed"
            trace = traceback.format_exc()
            signature = _signature(stage, exc)
        seconds = time.perf_counter() - started
        failed = verdict == "failed"
        return Outcome(
            index=index,
            seed=origin.name,
            verdict=verdict,
            seconds=seconds,
            mutations=tuple(mutations or ()),
            stage=stage if failed else None,
            signature=signature,
            text=text if failed or keep_text else None,
            trace=trace,
            partial=partial,
            as_of=as_of,
        )

    def _claims(self, text: str, file: str) -> str:
        claims, errors = parse_claims(text, file)
        if errors or claims is None:
            _check_errors(errors, file, text)
            return "refused"
        for claim in claims.claims:
            if claim.matter_path is not None:
                matter, errors = load_matter(claim.matter_path, known_tables=self.book.__contains__)
                if matter is None:
                    _check_errors(errors, claim.matter_path, None)
        return "computed"


def minimize(harness: Harness, origin: Seed, text: str, as_of: tuple[date, ...], signature: str) -> str:
    """A shorter text that fails the same way: drop chunks of lines, then of characters, while it still does."""

    def same(candidate: str) -> bool:
        return harness.check(origin, candidate, as_of).signature == signature

    for separator in ("\n", " "):
        parts = text.split(separator)
        chunk = max(len(parts) // 2, 1)
        while chunk >= 1:
            i, shrunk = 0, False
            while i < len(parts):
                candidate = parts[:i] + parts[i + chunk :]
                if candidate and same(separator.join(candidate)):
                    parts, shrunk = candidate, True
                else:
                    i += chunk
            if not shrunk:
                chunk //= 2
        text = separator.join(parts)
    return text


def _loads(seed: Seed, book: RateBook) -> bool:
    if seed.claims:
        return parse_claims(seed.text, seed.file)[0] is not None
    return parse_matter(seed.text, seed.file, known_tables=book.__contains__)[0] is not None


def _render(statement: Statement) -> None:
    lines = sum(len(i.lines) for i in statement.instruments if isinstance(i, InstrumentStatement))
    console = Console(file=io.StringIO(), width=132, highlight=False)
    console.print(render(statement, detail=lines <= RICH_DETAIL_LINES))


def _check_errors(errors: list[MatterError], file: str, text: str | None) -> None:
    """Refused: at least one error, each a MatterError at a line of the file (0 for the file as a whole)."""
    if not errors:
        raise InvariantError("no matter and no error")
    last = len(LINE_BREAK.split(text)) if text is not None else None
    for error in errors:
        if not isinstance(error, MatterError) or not error.message:
            raise InvariantError(f"not a located error: {error!r}")
        if error.source.file != file:
            raise InvariantError(f"error names {error.source.file!r}, not the file {file!r}: {error}")
        if not isinstance(error.source.line, int) or error.source.line < 0:
            raise InvariantError(f"error without a line: {error!r}")
        if last is not None and error.source.line > last:  # YAML ends a line at CR, LF, CRLF, NEL, LS and PS
            raise InvariantError(f"error on line {error.source.line} of a file of {last} lines: {error}")


def check_statement(statement: Statement) -> None:
    """What every computed instrument must satisfy, whatever its matter."""
    for result in statement.instruments:
        if not isinstance(result, InstrumentStatement):
            continue
        where = f"{result.id} on {statement.as_of}"
        for component in result.components:
            if component.principal < 0 or component.interest < 0:
                raise InvariantError(
                    f"{where}: negative balance on {component.label}: principal {component.principal}, "
                    f"interest {component.interest}"
                )
        if result.principal < 0 or result.interest < 0:
            raise InvariantError(f"{where}: negative principal {result.principal} or interest {result.interest}")
        if result.total != result.principal + result.interest:
            raise InvariantError(f"{where}: total {result.total} != {result.principal} + {result.interest}")
        for line in result.lines:
            if isinstance(line, PaymentLine):
                if line.to_interest + line.to_principal + line.excess != line.amount:
                    raise InvariantError(
                        f"{where}: payment of {line.amount} on {line.on} applied as {line.to_interest} + "
                        f"{line.to_principal} + {line.excess}"
                    )
                if min(line.to_interest, line.to_principal, line.excess) < 0:
                    raise InvariantError(f"{where}: a negative part in the payment of {line.amount} on {line.on}")
    bad = _non_finite(statement)
    if bad is not None:
        raise InvariantError(f"a non-finite number in the statement at {bad}")


def _non_finite(value: Any, path: str = "statement", depth: int = 0) -> str | None:
    """The path of the first NaN or infinity anywhere in the statement's records, or None."""
    if isinstance(value, Decimal):
        return None if value.is_finite() else f"{path} = {value}"
    if isinstance(value, float):
        return None if value == value and value not in (float("inf"), float("-inf")) else f"{path} = {value}"
    if depth > 40 or isinstance(value, str | int | date | type(None)):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items: Iterator[tuple[str, Any]] = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        items = zip(value._fields, value, strict=True)
    elif isinstance(value, list | tuple):
        items = ((str(i), v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        items = ((str(k), v) for k, v in value.items())
    else:
        return None
    for name, child in items:
        found = _non_finite(child, f"{path}.{name}", depth + 1)
        if found is not None:
            return found
    return None


def _signature(stage: str, exc: BaseException) -> str:
    """The failure's kind: the stage, the exception, the module of exequatur that raised it and its caller."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/exequatur/" in f.filename] or frames
    # The module that raised, and the nearest caller in another module: a helper that raises (convert) is reached
    # from several places, and those are different bugs; where inside the helper it raised is the same one.
    callers = [f for f in reversed(ours) if f.filename != ours[-1].filename][:1] if ours else []
    place = " < ".join(
        [Path(ours[-1].filename).name if ours else "?"]
        + [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in callers]
    )
    kind = "invariant" if isinstance(exc, InvariantError) else type(exc).__name__
    message = re.sub(r"\d+", "N", str(exc).split(":")[0][:60]) if isinstance(exc, InvariantError) else ""
    return f"{stage.split(' ')[0]}: {kind} at {place}" + (f" ({message})" if message else "")


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout(f"case ran longer than {seconds} s")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread: no deadline
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Keeper:
    """Writes each failure's mutant and traceback under one temp dir, made at the first failure."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def keep(self, seed: int, outcome: Outcome) -> Path:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="exequatur-fuzz-"))
        base = self.folder / f"seed{seed}-case{outcome.index}"
        base.with_suffix(".yaml").write_text(outcome.text or "", encoding="utf-8", errors="surrogateescape")
        base.with_suffix(".txt").write_text(describe(seed, outcome), encoding="utf-8", errors="backslashreplace")
        return base.with_suffix(".yaml")


def describe(seed: int, outcome: Outcome) -> str:
    return (
        f"case {outcome.index} of seed {seed}, from {outcome.seed}: {outcome.verdict} at {outcome.stage}"
        f" (as of {', '.join(map(str, outcome.as_of))})\n"
        f"again: python -m tests.fuzz --seed {seed} --case {outcome.index} --show\n"
        f"mutations:\n" + "".join(f"  - {m}\n" for m in outcome.mutations) + f"\n{outcome.trace or ''}"
    )


_WORKER: Harness | None = None


def _init_worker() -> None:
    global _WORKER  # one harness (seeds, rate book) per worker process
    _WORKER = Harness.build()


def _run_in_worker(job: tuple[int, int]) -> Outcome:
    assert _WORKER is not None
    return _WORKER.run(*job)


def campaign(
    seed: int, cases: int, *, start: int = 0, jobs: int = 1, harness: Harness | None = None
) -> Iterator[Outcome]:
    """The outcomes of cases start..start+cases-1 of `seed`, in one process or `jobs` worker processes."""
    if jobs <= 1:
        harness = harness or Harness.build()
        for index in range(start, start + cases):
            yield harness.run(seed, index)
        return
    import multiprocessing  # only for parallel campaigns

    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker) as pool:
        yield from pool.imap_unordered(_run_in_worker, ((seed, i) for i in range(start, start + cases)), chunksize=16)
