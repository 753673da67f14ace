"""Shared helpers: small matters written in the test's own text, loaded through the real loader."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure, InstrumentStatement, Statement
from exequatur.interfaces.api import rate_book
from exequatur.io.matterfile import parse_matter
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rusoro-v-venezuela.yaml"


@pytest.fixture(scope="session", autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test (and every command it starts) reads and writes user tables in a fresh directory, never the
    developer's own data directory, whose fetched rows would change what the tests compute."""
    saved = os.environ.get("EXEQUATUR_DATA_DIR")
    os.environ["EXEQUATUR_DATA_DIR"] = str(tmp_path_factory.mktemp("exequatur-data"))
    yield
    if saved is None:
        del os.environ["EXEQUATUR_DATA_DIR"]
    else:
        os.environ["EXEQUATUR_DATA_DIR"] = saved


@pytest.fixture(scope="session")
def shipped() -> RateBook:
    return rate_book()


def matter_from(text: str, book: RateBook | None = None) -> Matter:
    """Load a matter written inline; a test matter that fails its checks fails the test with the errors."""
    book = book or rate_book()
    loaded, errors = parse_matter(textwrap.dedent(text), "<test>", known_tables=book.__contains__)
    assert loaded is not None, "\n".join(map(str, errors))
    return loaded


def position(text: str, as_of: date, instrument: str | None = None) -> InstrumentStatement:
    """The statement of the only (or named) instrument of an inline matter; fails the test if it errored."""
    matter = matter_from(text)
    statement: Statement = accrue(matter, as_of, rate_book(), instrument=instrument)
    result = statement.instruments[0]
    assert not isinstance(result, InstrumentFailure), result.message
    return result


def award_matter(
    rate: str,
    compounding: str = "none",
    day_count: str = "act/365",
    amount: str = "100000",
    start: str = "2020-01-01",
    currency: str = "USD",
    extra: str = "",
) -> str:
    """A matter with one award `a` of one component `damages`, with one interest term from its date."""
    return f"""
matter: t
creditor: {{name: C}}
debtor: {{name: D}}
instruments:
  - id: a
    kind: award
    forum: ICC
    date: {start}
    currency: {currency}
    amounts: [{{label: damages, amount: "{amount}"}}]
    interest:
      - from: {start}
        rate: {rate}
        compounding: {compounding}
        day_count: {day_count}
{extra}"""


def payments_yaml(*rows: tuple[str, str]) -> str:
    """A `payments:` section paying (date, amount) in USD against award `a`."""
    if not rows:
        return ""
    return "payments:\n" + "".join(
        f'  - {{date: {day}, amount: "{amount}", currency: USD, instrument: a}}\n' for day, amount in rows
    )
