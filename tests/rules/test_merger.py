"""Merger: the forum's statutory rate after entry by default; the underlying terms where the judgment orders it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.owed import accrue
from exequatur.engine.results import CapitalizationLine, InstrumentStatement
from exequatur.interfaces.api import rate_book
from tests.conftest import matter_from

MATTER = """
matter: merger
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2019-01-02, currency: USD, amounts: [{label: damages, amount: "1000000"}],
     interest: [{from: 2019-01-02, rate: "10%", compounding: annual}]}
  - {id: keep, kind: judgment, forum: US-FED, date: 2019-07-02, currency: USD, based_on: a, amounts: carried,
     post_judgment: underlying}
  - {id: merge, kind: judgment, forum: US-NY, date: 2019-07-02, currency: USD, based_on: a, amounts: carried}
"""


def result(instrument: str, as_of: date) -> InstrumentStatement:
    out = accrue(matter_from(MATTER), as_of, rate_book(), instrument=instrument).instruments[0]
    assert isinstance(out, InstrumentStatement), getattr(out, "message", "")
    return out


def test_underlying_rate_keeps_the_awards_anniversaries() -> None:
    # Carried on 2019-07-02: 1,000,000 + 10% x 181/365 = 49,589.04 interest. After entry the award's 10% goes on,
    # compounding on the award's anniversary 2020-01-02, not on the judgment's:
    # 2019-07-02..2020-01-02 (184 days), per component: 1,000,000 x 0.10 x 184/365 = 50,410.96 (50,410.9589) and
    # 49,589.04 x 0.10 x 184/365 = 2,499.83 (2,499.8310), capitalized: 52,910.79.
    keep = result("keep", date(2020, 1, 2))
    caps = [line for line in keep.lines if isinstance(line, CapitalizationLine)]
    assert [c.on for c in caps] == [date(2020, 1, 2), date(2020, 1, 2)]
    assert sum((c.amount for c in caps), Decimal(0)) == Decimal("52910.79")
    assert "post_judgment: underlying" in keep.regime[0].basis.explanation


def test_statutory_rate_by_default_and_the_statement_says_so() -> None:
    # CPLR 5004: 9% simple for 184 days on each component: 1,000,000 -> 45,369.86 (45,369.8630) and
    # 49,589.04 -> 2,249.85 (2,249.8479): 47,619.71.
    merge = result("merge", date(2020, 1, 2))
    assert merge.interest == Decimal("47619.71")
    assert any("post_judgment: statutory" in note for note in map(str, merge.notes))
