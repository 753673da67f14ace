"""Single recovery: a payment under any instrument of a debt is credited on all of them, once."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement, PaymentLine, Statement
from exequatur.interfaces.api import rate_book
from exequatur.reports.itemized import render
from tests.conftest import matter_from

MATTER = """
matter: one-debt
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: award, kind: award, forum: ICC, date: 2020-01-01, currency: USD,
     amounts: [{label: damages, amount: "1000000"}], interest: [{from: 2020-01-01, rate: "5%"}]}
  - {id: ny, kind: judgment, forum: US-NY, date: 2021-01-01, currency: USD, based_on: award, amounts: carried}
"""


def statement(payments: str, as_of: date, text: str = MATTER) -> Statement:
    return accrue(matter_from(text + payments), as_of, rate_book())


def by_id(result: Statement) -> dict[str, InstrumentStatement]:
    out = {r.id: r for r in result.instruments}
    assert all(isinstance(r, InstrumentStatement) for r in out.values())
    return out  # type: ignore[return-value]


def test_a_payment_under_the_judgment_is_credited_on_the_award_too() -> None:
    # Award: 5% simple from 2020-01-01; on 2021-07-01 (547 days) interest is 74,931.51, so 500,000 paid leaves
    # principal 1,000,000 - (500,000 - 74,931.51) = 574,931.51.
    # NY judgment of 2021-01-01 carries 1,000,000 + 50,136.99 (366 days at 5%); 9% for 181 days: 44,630.14 and
    # 2,237.62 (each component rounded when paid); 500,000 pays 46,867.76 interest and 453,132.24 principal:
    # damages 546,867.76 + 50,136.99 = 597,004.75.
    result = statement(
        'payments:\n  - {date: 2021-07-01, amount: "500000", currency: USD, instrument: ny}\n', date(2021, 7, 1)
    )
    award, ny = by_id(result)["award"], by_id(result)["ny"]
    assert award.total == Decimal("574931.51")
    assert ny.total == Decimal("597004.75")
    line = next(line for line in award.lines if isinstance(line, PaymentLine))
    assert "single recovery" in (line.credited or "")
    (debt,) = result.debts
    assert (debt.id, debt.largest, debt.collectible) == ("award", "ny", Decimal("597004.75"))
    assert debt.paid == Decimal("500000")


def test_payments_before_a_carried_judgment_are_in_its_sum_already() -> None:
    # Paid 100,000 on 2020-07-01 against the award (182 days: 24,931.51 interest, 75,068.49 principal); the NY
    # judgment carries the award's balance on 2021-01-01 and must not credit that payment a second time.
    result = statement(
        'payments:\n  - {date: 2020-07-01, amount: "100000", currency: USD, instrument: award}\n', date(2021, 1, 1)
    )
    award, ny = by_id(result)["award"], by_id(result)["ny"]
    assert ny.total == award.total
    assert ny.paid == 0
    assert award.paid == Decimal("100000")


def test_a_payment_in_another_currency_is_converted_on_the_day_it_was_paid() -> None:
    # EUR 100,000 on 2017-04-24 at the H.10 rate of that day, 1.0846 USD per EUR: USD 108,460.00.
    text = """
matter: fx-payment
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2017-01-02, currency: USD, amounts: [{label: damages, amount: "500000"}]}
payments:
  - {date: 2017-04-24, amount: "100000", currency: EUR, debt: a}
"""
    a = by_id(statement("", date(2017, 5, 1), text))["a"]
    assert a.total == Decimal("391540.00")
    assert a.conversions[0].converted == Decimal("108460.00")


payments = st.lists(
    st.tuples(st.integers(0, 1400), st.integers(1, 40_000_000), st.sampled_from(["award", "ny"])), max_size=6
)


@settings(max_examples=40, deadline=None)
@given(paid=payments)
def test_single_recovery_never_collects_more_than_an_instrument_allows(paid: list[tuple[int, int, str]]) -> None:
    start = date(2021, 1, 2)
    rows = "".join(
        f'  - {{date: {start + timedelta(days=d)}, amount: "{cents / 100:.2f}", currency: USD, instrument: {i}}}\n'
        for d, cents, i in paid
    )
    as_of = date(2025, 1, 1)
    bare = by_id(statement("", as_of))
    result = statement("payments:\n" + rows if rows else "", as_of)
    instruments = by_id(result)
    for name, instrument in instruments.items():
        # What was paid and what is still owed never exceed what the instrument came to without payments:
        # paying interest first only ever saves interest (one cent of rounding per payment at most). Money paid
        # beyond everything owed is kept as unapplied (excess), not collected, so it is left out.
        collected = instrument.paid - instrument.excess
        assert collected + instrument.total <= bare[name].total + Decimal("0.01") * (len(paid) + 1)
        assert instrument.paid == sum((Decimal(c) / 100 for _, c, _ in paid), Decimal(0))
    (debt,) = result.debts
    assert debt.collectible == max(i.total for i in instruments.values())


TWO_CURRENCIES = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: award, kind: award, forum: ICC, date: 2018-03-01, currency: EUR,
     amounts: [{label: damages, amount: "1000000"}]}
  - {id: fed, kind: judgment, forum: US-FED, date: 2019-01-10, currency: USD, based_on: award, amounts: carried,
     prejudgment: none}
  - {id: de, kind: judgment, forum: US-DE, date: 2019-02-01, currency: USD, based_on: award,
     amounts: [{label: damages, amount: "100"}], tort: {injury: 2017-01-01}}
payments:
  - {date: 2019-06-03, amount: "300000", currency: USD, instrument: fed}
"""


def test_a_debt_in_two_currencies_states_paid_in_its_own_currency_and_names_what_was_left_out() -> None:
    # The debt's currency is its first instrument's, EUR. USD 300,000 paid on 2019-06-03, converted that day at
    # H.10's 1.1206 USD per EUR (fx-usd-eur row 2019-06-03): 300,000 / 1.1206 = 267,713.724 -> EUR 267,713.72.
    # The award bears no interest, so it is EUR 1,000,000 less that payment: 732,286.28.
    # The Delaware judgment fails (a tort judgment without the settlement demand): left out, and named.
    statement = accrue(matter_from(TWO_CURRENCIES), date(2019, 6, 3), rate_book())
    (debt,) = statement.debts
    assert debt.currency == "EUR"
    assert debt.paid == Decimal("267713.72")
    assert dict(debt.totals)["award"] == Decimal("732286.28")
    assert debt.left_out == ("de",)
    assert debt.largest in {"award", "fed"}
    shown = _rendered(statement)
    assert "paid so far EUR 267,713.72" in shown
    assert "the largest of those that could be compared" in shown
    assert "left out: de" in shown


def _rendered(statement: Statement) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(render(statement))
    return console.export_text()
