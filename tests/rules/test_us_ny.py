"""CPLR 5003-5004: 9% simple from entry; 2% on consumer-debt judgments under the 2022 amendment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces.api import rate_book
from tests.conftest import matter_from, position

NY = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: j
    kind: judgment
    forum: US-NY
    date: DATE
    currency: USD
    consumer_debt: CONSUMER
    amounts: [{label: judgment, amount: "100000"}]
"""


def ny(entry: str, consumer: bool = False, payments: str = "") -> str:
    return NY.replace("DATE", entry).replace("CONSUMER", str(consumer).lower()) + payments


def test_nine_percent_simple_from_entry() -> None:
    # 2017-04-25 to 2019-04-25 = 730 days: 100,000 x 0.09 x 730/365 = 18,000.00, no compounding.
    result = position(ny("2017-04-25"), date(2019, 4, 25))
    assert result.interest == Decimal("18000.00")
    assert "5004" in result.regime[0].basis.citation


def test_consumer_debt_judgment_after_the_amendment_earns_two_percent() -> None:
    # Entered 2022-05-02; to 2023-05-02 (365 days): 100,000 x 0.02 = 2,000.00
    result = position(ny("2022-05-02", consumer=True), date(2023, 5, 2))
    assert result.interest == Decimal("2000.00")


def test_earlier_consumer_debt_judgment_is_rerated_from_entry() -> None:
    # Entered 2021-01-04, unpaid on 2022-04-30: CPLR 5004(a)(ii) applies 2% from entry.
    # To 2022-01-04 (365 days): 2,000.00 — when asked after the amendment took effect.
    assert position(ny("2021-01-04", consumer=True), date(2023, 1, 4)).interest == Decimal("4000.00")
    # Asked on a date before the amendment, the law then in force gave 9%: 100,000 x 0.09 x 365/365 = 9,000.00
    assert position(ny("2021-01-04", consumer=True), date(2022, 1, 4)).interest == Decimal("9000.00")


def test_earlier_consumer_debt_judgment_with_earlier_payments_is_refused_with_a_reason() -> None:
    text = ny(
        "2021-01-04",
        consumer=True,
        payments="""
payments:
  - {date: 2021-06-01, amount: "500", currency: USD, instrument: j}
""",
    )
    failure = accrue(matter_from(text), date(2023, 1, 4), rate_book()).instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "5004(c)" in failure.message


def test_judgment_before_the_cited_rate_is_an_error() -> None:
    failure = accrue(matter_from(ny("1979-01-02")), date(1980, 1, 1), rate_book()).instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "1981-06-25" in failure.message
