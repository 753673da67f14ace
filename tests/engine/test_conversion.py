"""Currency conversion from the shipped H.10 and ECB tables, and judgments that take over a foreign-currency sum."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from exequatur.engine.conversion import convert
from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement
from exequatur.interfaces.api import rate_book
from exequatur.model.errors import RateLookupError
from tests.conftest import matter_from


def test_direct_h10_rate() -> None:
    # H.10 DEXCAUS on 2017-04-24: 1.3517 CAD per USD (shared/data/fx_usd_cad_daily.csv). 1,000,000 x 1.3517.
    c = convert(Decimal(1000000), "USD", "CAD", date(2017, 4, 24), rate_book(), citation="test")
    assert c.converted == Decimal("1351700.00")
    assert [r.table for r in c.rows] == ["fx-usd-cad"]


def test_inverse_quote() -> None:
    # 1,351,700 CAD at 1.3517 CAD per USD is USD 1,000,000.00.
    c = convert(Decimal(1351700), "CAD", "USD", date(2017, 4, 24), rate_book(), citation="test")
    assert c.converted == Decimal("1000000.00")


def test_cross_rate_through_eur_after_h10_ends() -> None:
    # H.10's USD/CAD copy ends 2026-05-15. ECB 2026-06-24: 1.1340 USD per EUR and 1.6140 CAD per EUR.
    # 1,000,000 USD / 1.134 x 1.614 = 1,423,280.423... -> 1,423,280.42
    c = convert(Decimal(1000000), "USD", "CAD", date(2026, 6, 24), rate_book(), citation="test")
    assert c.converted == Decimal("1423280.42")
    assert [r.table for r in c.rows] == ["fx-ecb-eur-usd", "fx-ecb-eur-cad"]


def test_weekend_takes_the_last_published_rate_and_gaps_are_errors() -> None:
    saturday = convert(Decimal(100), "USD", "CAD", date(2017, 4, 22), rate_book(), citation="test")
    assert saturday.rows[0].on == date(2017, 4, 21)
    # Past both H.10 (2026-05-15) and the ECB table (2026-10-30): no rate, an error naming the day.
    with pytest.raises(RateLookupError, match="2026-11-24"):
        convert(Decimal(100), "USD", "CAD", date(2026, 11, 24), rate_book(), citation="test")
    with pytest.raises(RateLookupError, match="USD/JPY"):
        convert(Decimal(100), "USD", "JPY", date(2020, 4, 24), rate_book(), citation="test")


MATTER = """
matter: conv
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2019-01-02, currency: EUR, amounts: [{label: damages, amount: "1000000"}],
     interest: [{from: 2019-01-02, rate: "5%"}]}
  - {id: ny, kind: judgment, forum: US-NY, date: 2020-01-02, currency: USD, based_on: a, amounts: carried}
  - {id: on, kind: judgment, forum: CA-ON, date: 2020-01-02, currency: EUR, based_on: a, amounts: carried,
     interest: [{from: 2020-01-02, rate: "3%"}]}
"""


def statement(instrument: str) -> InstrumentStatement:
    result = accrue(matter_from(MATTER), date(2021, 1, 4), rate_book(), instrument=instrument).instruments[0]
    assert isinstance(result, InstrumentStatement)
    return result


def test_new_york_converts_at_entry() -> None:
    # The award on 2020-01-02: EUR 1,000,000 + 5% for 365 days = EUR 50,000 interest. Judiciary Law §27(b): at the
    # rate of entry, H.10 DEXUSEU 2020-01-02 = 1.1166 USD per EUR: USD 1,116,600.00 and USD 55,830.00.
    # CPLR 5004 on USD 1,172,430.00 for 368 days: x 0.09 = 105,518.70; x 368/365 = 106,385.98.
    ny = statement("ny")
    assert [c.converted for c in ny.conversions] == [Decimal("1116600.00"), Decimal("55830.00")]
    assert ny.principal == Decimal("1172430.00")
    assert ny.interest == Decimal("106385.98")
    assert ny.equivalent is None


def test_ontario_keeps_the_foreign_sum_and_converts_the_day_before_payment() -> None:
    # EUR 1,050,000 at the stated 3% for 368 days = 31,758.90 (31,758.904...) split over two components:
    # 1,000,000 -> 30,246.58 and 50,000 -> 1,512.33; total EUR 1,081,758.91. s.121: the rate of the day before
    # 2021-01-04, i.e. the last ECB rate on or before 2021-01-03: 1.5633 CAD per EUR (2020-12-31).
    # 1,081,758.91 x 1.5633 = 1,691,113.70 (1,691,113.705...).
    on = statement("on")
    assert on.total == Decimal("1081758.91")
    assert on.equivalent is not None
    assert on.equivalent.rows[0].on == date(2020, 12, 31)
    assert on.equivalent.converted == Decimal("1691113.70")


CENT = Decimal("0.01")


def test_each_row_says_whether_it_multiplies_or_divides() -> None:
    # fx-usd-cad quotes CAD per USD: USD → CAD multiplies by the row, CAD → USD divides by it. A cross through EUR
    # (GBP → CAD, both ECB tables quoting per euro) divides by the GBP row and multiplies by the CAD row.
    book = rate_book()
    day = date(2024, 3, 1)
    to_cad = convert(Decimal(100), "USD", "CAD", day, book, citation="t")
    to_usd = convert(Decimal(100), "CAD", "USD", day, book, citation="t")
    assert to_cad.multiplies == (True,)
    assert to_usd.multiplies == (False,)
    assert to_usd.converted == (Decimal(100) / to_usd.rows[0].value).quantize(CENT, ROUND_HALF_UP)
    cross = convert(Decimal(100), "GBP", "CAD", day, book, citation="t")
    assert [r.table for r in cross.rows] == ["fx-ecb-eur-gbp", "fx-ecb-eur-cad"]
    assert cross.multiplies == (False, True)
    assert cross.converted == (Decimal(100) * cross.rows[1].value / cross.rows[0].value).quantize(CENT, ROUND_HALF_UP)
