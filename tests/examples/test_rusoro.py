"""The Rusoro example against figures Rusoro itself published, and against the award's own arithmetic.

The published figures are rounded, so each check allows the rounding the figure implies; they test the whole
chain (award terms, LIBOR resets, carrying the award into the D.D.C. judgment on 2 Mar 2018, §1961 at the H.15
rate of the week ending 23 Feb 2018, compounded annually) against numbers nobody computed with this program.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.engine.results import InstrumentFailure, InstrumentStatement
from exequatur.interfaces.api import owe
from tests.conftest import EXAMPLE


def total(instrument: str, on: date) -> Decimal:
    result = owe(EXAMPLE, on, instrument=instrument).instruments[0]
    assert isinstance(result, InstrumentStatement), getattr(result, "message", "")
    return result.total


@pytest.mark.parametrize(
    ("instrument", "on", "published", "rounding"),
    [
        # Rusoro press release of 17 Aug 2023: the U.S. judgment reported to the D. Del. court "as US$1.48 billion,
        # inclusive of federal post-judgement interest accruing from ... (March 2, 2018) to August 14, 2023".
        ("ddc-judgment", date(2023, 8, 14), Decimal("1.48e9"), Decimal("0.005e9")),
        # Rusoro press release of 2 Dec 2025: the judgment "with the accrual of interest, is worth approximately
        # US$1.550 billion as of today". "Approximately": allowed 0.1% (the engine gives 1,550.94 million; Rusoro's
        # own method for the award years is not published, see docs/rusoro-v-venezuela.md).
        ("ddc-judgment", date(2025, 12, 2), Decimal("1.550e9"), Decimal("0.00155e9")),
        # Rusoro, 7 Jun 2022 (rusoro.com, on the Paris remand decision): the award with interest, US$1.67 billion.
        ("award", date(2022, 6, 7), Decimal("1.67e9"), Decimal("0.005e9")),
    ],
)
def test_published_figures(instrument: str, on: date, published: Decimal, rounding: Decimal) -> None:
    assert abs(total(instrument, on) - published) <= rounding


def test_first_year_of_award_interest_by_hand() -> None:
    # 16 Sep 2011 - 16 Sep 2012 is 366 days; 12-month LIBOR fixed 0.83494% on 16 Sep 2011, + 4% = 4.83494%.
    # 966,500,000 x 0.0483494 = 46,729,695.10; x 366/365 = 46,857,721.66 (46,729,695.10 + 128,026.56).
    result = owe(EXAMPLE, date(2016, 9, 16), instrument="award").instruments[0]
    assert isinstance(result, InstrumentStatement)
    first = result.lines[0]
    assert (first.component, first.interest.quantize(Decimal("0.01"))) == ("expropriation", Decimal("46857721.66"))  # type: ignore[union-attr]


def test_ontario_judgment_bears_the_cja_postjudgment_rate() -> None:
    # Order of 25 Apr 2017 (Q2): the Bank Rate at the end of 1 Mar 2017 was 0.75% (Bank of Canada), rounded up to
    # 1, plus 1: 2% simple (CJA s.127(1), s.129(1)). So a year of 365 days adds exactly 2% of the judgment sum.
    start = owe(EXAMPLE, date(2017, 4, 25), instrument="on-judgment").instruments[0]
    later = owe(EXAMPLE, date(2018, 4, 25), instrument="on-judgment").instruments[0]
    assert isinstance(start, InstrumentStatement)
    assert isinstance(later, InstrumentStatement)
    assert start.interest == 0
    assert abs(later.total - start.total * Decimal("1.02")) <= Decimal("0.01") * len(later.components)
    award = owe(EXAMPLE, date(2017, 4, 25), instrument="award").instruments[0]
    assert isinstance(award, InstrumentStatement)
    assert start.total == award.total  # the judgment carries the award's balance on its date


def test_every_instrument_is_computed() -> None:
    statement = owe(EXAMPLE, date(2026, 11, 25))
    assert statement.ok
    assert all(not isinstance(r, InstrumentFailure) for r in statement.instruments)


def test_after_libor_ceased_the_floor_applies() -> None:
    result = owe(EXAMPLE, date(2024, 9, 17), instrument="award").instruments[0]
    assert isinstance(result, InstrumentStatement)
    last = [line for line in result.lines if getattr(line, "start", None) == date(2023, 9, 16)]
    assert last
    assert all(line.rate == Decimal(4) for line in last)  # type: ignore[union-attr]
    assert "floor alone" in (last[0].rate_note or "")  # type: ignore[union-attr]
