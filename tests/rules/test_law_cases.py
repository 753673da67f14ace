"""Law cases: small matters with the figure the law gives, each saying how that figure was obtained.

Each file under tests/cases/<FORUM>/ is YAML:

    source: how the expected figures were obtained (hand calculation shown, or a published example with its place)
    as_of: YYYY-MM-DD
    instrument: id          # optional; default the first instrument
    matter: |               # a complete matter file
      ...
    expect:                 # any of: total, interest, principal (decimal strings), rate (percent of the first
      interest: "32.88"     # accrual line), error (a fragment of the expected error)

A case without a `source` fails: a figure nobody can trace is not a test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from exequatur.engine.owed import accrue
from exequatur.engine.results import AccrualLine, InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.rules.registry import FORUMS
from tests.conftest import matter_from

CASES = Path(__file__).resolve().parent.parent / "cases"
FILES = sorted(CASES.glob("*/*.yaml"))


def load(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), path
    return case


def test_every_court_forum_has_law_cases() -> None:
    courts = {code for code, f in FORUMS.items() if f.interest is not None}
    assert courts <= {p.name for p in CASES.iterdir() if any(p.glob("*.yaml"))}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_law_case(path: Path) -> None:
    case = load(path)
    assert len(str(case.get("source", ""))) > 20, "every law case says how its expected figures were obtained"
    assert path.parent.name in FORUMS
    matter = matter_from(case["matter"])
    as_of = case["as_of"] if isinstance(case["as_of"], date) else date.fromisoformat(case["as_of"])
    statement = accrue(matter, as_of, rate_book(), instrument=case.get("instrument"))
    result = statement.instruments[0]
    expect = case["expect"]
    if "error" in expect:
        assert isinstance(result, InstrumentFailure)
        assert expect["error"] in result.message
        return
    assert not isinstance(result, InstrumentFailure), result.message
    for key in ("total", "interest", "principal"):
        if key in expect:
            assert getattr(result, key) == Decimal(str(expect[key])), key
    if "rate" in expect:
        first = next(line for line in result.lines if isinstance(line, AccrualLine))
        assert first.rate == Decimal(str(expect["rate"]))
