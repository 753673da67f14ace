"""The CI-sized fuzz campaign, the harness's own checks, and the crashes found so far.

The campaign runs CI_CASES mutants of the examples and fixtures with seed CI_SEED: each must be refused with
located errors or compute with every invariant holding. `python -m tests.fuzz` runs larger ones (docs/fuzz.md).
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import ComponentPosition, InstrumentStatement, PaymentLine, Statement
from exequatur.io.matterfile import parse_matter
from exequatur.model.errors import MatterError
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from tests.fuzz.harness import FAR, Figures, Harness, InvariantError, _check_errors, check_statement, describe
from tests.fuzz.mutators import MUTATORS

CI_SEED = 20260103
CI_CASES = 2500


@pytest.fixture(scope="module")
def harness() -> Harness:
    return Harness.build()


def test_ci_campaign(harness: Harness) -> None:
    figures = Figures()
    failures = []
    started = time.perf_counter()
    for index in range(CI_CASES):
        outcome = harness.run(CI_SEED, index)
        figures.add(outcome)
        if outcome.verdict == "failed":
            failures.append(f"{describe(CI_SEED, outcome)}--- mutant ---\n{(outcome.text or '')[:3000]}\n")
    figures.seconds = time.perf_counter() - started
    print(f"\nfuzz seed {CI_SEED}\n{figures.report()}")  # the figures, shown with pytest -s
    assert not failures, "\n\n".join(failures[:5])
    assert figures.refused > CI_CASES // 4, "the mutants no longer reach the loader's errors"
    assert figures.computed > CI_CASES // 10, "too few mutants load: the engine and reports are barely exercised"


def test_the_corpus_holds_every_kind_of_seed(harness: Harness) -> None:
    names = [s.name for s in harness.seeds]
    assert any(n.startswith("examples/") for n in names)
    assert sum(n.startswith("tests/fixtures/bad_matters/") for n in names) >= 15
    assert sum(n.startswith("tests/cases/") for n in names) >= 10
    assert any(s.claims for s in harness.seeds)
    # The examples and the law cases load as they are: a mutant of them is one or a few steps from a good file.
    assert sum(w > 1 for w in harness.weights) >= 10


def test_a_case_is_the_same_every_time(harness: Harness) -> None:
    for index in (0, 1, 977):
        first, again = harness.case(CI_SEED, index), harness.case(CI_SEED, index)
        assert first[1] == again[1]
        assert first[2] == again[2]


def test_the_campaign_uses_every_mutator(harness: Harness) -> None:
    used = {m.split(":")[0] for index in range(600) for m in harness.case(CI_SEED, index)[2]}
    assert used == {mutator.__name__ for mutator, _ in MUTATORS}


# -- the harness's own checks catch what they must ---------------------------------------------------------------


def _statement(**changes: object) -> Statement:
    component = ComponentPosition(
        label="d",
        awarded=Decimal(100),
        principal=Decimal(100),
        interest=Decimal(5),
        interest_accrued=Decimal(5),
        interest_paid=Decimal(0),
        principal_paid=Decimal(0),
    )
    fields: dict[str, object] = {
        "id": "a",
        "kind": "award",
        "forum": "ICC",
        "currency": "USD",
        "date": date(2020, 1, 1),
        "as_of": date(2021, 1, 1),
        "components": (component,),
        "lines": (),
        "regime": (),
    } | changes
    return Statement(matter="m", as_of=date(2021, 1, 1), instruments=(InstrumentStatement(**fields),))  # type: ignore[arg-type]


def test_check_statement_passes_a_sound_statement() -> None:
    check_statement(_statement())


def test_check_statement_finds_a_negative_balance() -> None:
    negative = ComponentPosition(
        label="d",
        awarded=Decimal(100),
        principal=Decimal(-1),
        interest=Decimal(0),
        interest_accrued=Decimal(0),
        interest_paid=Decimal(0),
        principal_paid=Decimal(101),
    )
    with pytest.raises(InvariantError, match="negative balance"):
        check_statement(_statement(components=(negative,)))


def test_check_statement_finds_a_payment_that_does_not_add_up() -> None:
    line = PaymentLine(
        on=date(2020, 6, 1),
        amount=Decimal(10),
        to_interest=Decimal(3),
        to_principal=Decimal(6),
        excess=Decimal(0),
        source=Source("f", 1),
    )
    with pytest.raises(InvariantError, match="applied as"):
        check_statement(_statement(lines=(line,)))


def test_check_statement_finds_a_nan_anywhere() -> None:
    with pytest.raises(InvariantError, match="non-finite"):
        check_statement(_statement(excess=Decimal("NaN")))


def test_check_errors_wants_the_file_and_a_line_in_it() -> None:
    _check_errors([MatterError(source=Source("f", 2), message="m")], "f", "a\nb\n")
    with pytest.raises(InvariantError, match="not the file"):
        _check_errors([MatterError(source=Source("g", 1), message="m")], "f", "a\n")
    with pytest.raises(InvariantError, match="of a file of"):
        _check_errors([MatterError(source=Source("f", 9), message="m")], "f", "a\n")
    with pytest.raises(InvariantError, match="no matter and no error"):
        _check_errors([], "f", "a\n")


# -- crashes the fuzz found in code the loader does not own (for the engine's owners to fix) -----------------------

SETTLEMENT_FOREIGN_PAYMENT = """\
matter: m
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2018-01-01, currency: USD, amounts: [{label: x, amount: "100"}]}
settlements:
  - {id: s, debt: a, date: 2018-10-05, amount: "100", currency: USD, instalments: [{due: 2018-11-15, amount: "100"}]}
payments:
  - {date: 2177-07-18, amount: "10", currency: GBP, instrument: a}
"""


def test_settlement_with_a_payment_past_the_exchange_tables(shipped: RateBook) -> None:
    matter, errors = parse_matter(SETTLEMENT_FOREIGN_PAYMENT, "f.yaml", known_tables=shipped.__contains__)
    assert matter is not None, errors
    statement = accrue(matter, FAR, shipped)
    check_statement(statement)


SETTLEMENT_IN_ANOTHER_CURRENCY = """\
matter: m
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICSID, date: 2020-01-15, currency: GBP, amounts: [{label: x, amount: "1000000"}]}
settlements:
  - {id: s, debt: a, date: 2020-02-01, amount: "1000000", currency: USD,
     instalments: [{due: 2020-03-01, amount: "1000000"}]}
"""


def test_settlement_in_another_currency_past_the_exchange_tables(shipped: RateBook) -> None:
    matter, errors = parse_matter(SETTLEMENT_IN_ANOTHER_CURRENCY, "f.yaml", known_tables=shipped.__contains__)
    assert matter is not None, errors
    statement = accrue(matter, date(2026, 12, 1), shipped)
    check_statement(statement)
