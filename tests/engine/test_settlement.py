"""Settlements: the schedule, the position before, during and after a default, and recoveries as payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentStatement, Statement
from exequatur.interfaces.api import owe, rate_book
from tests.conftest import EXAMPLE, matter_from

BASE = """
matter: settled
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: award, kind: award, forum: ICC, date: 2020-01-01, currency: USD,
     amounts: [{label: damages, amount: "1000000"}], interest: [{from: 2020-01-01, rate: "10%"}]}
settlements:
  - id: deal
    debt: award
    date: 2021-01-01
    amount: "900000"
    currency: USD
    instalments: [{due: 2021-02-01, amount: "300000"}]
    schedule: {first: 2021-03-01, count: 3, every: monthly}
    default: {on: CLAUSE_DATE, clause: CLAUSE}
"""


def run(as_of: date, clause: str = "revival", default_on: str = "2021-05-15", payments: str = "") -> Statement:
    text = BASE.replace("CLAUSE_DATE", default_on).replace("CLAUSE", clause) + payments
    return accrue(matter_from(text), as_of, rate_book())


PAID = """
payments:
  - {date: 2021-02-01, amount: "300000", currency: USD, debt: award}
  - {date: 2021-03-01, amount: "200000", currency: USD, instrument: award}
"""


def test_the_schedule_splits_the_rest_in_equal_instalments() -> None:
    matter = matter_from(BASE.replace("CLAUSE_DATE", "2021-05-15").replace("CLAUSE", "revival"))
    (deal,) = matter.settlements
    # 900,000 - 300,000 = 600,000 in 3 monthly instalments of 200,000 from 2021-03-01.
    assert [(t.due, t.amount) for t in deal.instalments] == [
        (date(2021, 2, 1), Decimal(300000)),
        (date(2021, 3, 1), Decimal(200000)),
        (date(2021, 4, 1), Decimal(200000)),
        (date(2021, 5, 1), Decimal(200000)),
    ]


def test_while_performing_the_settlement_is_what_is_owed() -> None:
    # On 2021-04-15: 700,000 fell due (300,000 + 200,000 + 200,000), 500,000 paid, 200,000 in arrears;
    # the unpaid settled sum is 900,000 - 500,000 = 400,000, and that is the debt.
    (debt,) = run(date(2021, 4, 15), payments=PAID).debts
    (deal,) = debt.settlements
    assert (deal.status, deal.due, deal.paid, deal.arrears, deal.balance) == (
        "performing",
        Decimal(700000),
        Decimal(500000),
        Decimal(200000),
        Decimal(400000),
    )
    assert debt.collectible == Decimal(400000)


def test_after_a_default_with_revival_the_award_comes_back_less_what_was_paid() -> None:
    # Award at 10% simple from 2020-01-01. Payment 1 on 2021-02-01 (397 days): interest 108,767.12, so 300,000
    # pays it and 191,232.88 of principal (808,767.12 left). Payment 2 on 2021-03-01 (28 days on 808,767.12):
    # 80,876.712 x 28/365 = 6,204.24 interest, 193,795.76 principal (614,971.36 left). To 2021-06-01 (92 days):
    # 61,497.136 x 92/365 = 15,500.65 (15,500.648). Owed: 614,971.36 + 15,500.65 = 630,472.01.
    result = run(date(2021, 6, 1), payments=PAID)
    (debt,) = result.debts
    assert debt.settlements[0].status == "revived"
    award = result.instruments[0]
    assert isinstance(award, InstrumentStatement)
    assert award.total == Decimal("630472.01")
    assert debt.collectible == award.total


def test_after_a_default_with_acceleration_the_whole_settled_balance_is_due() -> None:
    (debt,) = run(date(2021, 6, 1), clause="acceleration", payments=PAID).debts
    (deal,) = debt.settlements
    assert deal.status == "accelerated"
    assert debt.collectible == Decimal(400000)


def test_money_recovered_under_an_action_is_a_payment_on_its_instrument() -> None:
    text = (
        BASE.replace("CLAUSE_DATE", "2021-05-15").replace("CLAUSE", "revival")
        + """
assets:
  - {id: account, description: a bank account}
actions:
  - id: garnishment
    kind: turnover
    date: 2020-06-01
    instrument: award
    asset: account
    recoveries: [{date: 2020-07-01, amount: "50000", currency: USD}]
"""
    )
    result = accrue(matter_from(text), date(2020, 12, 31), rate_book())
    award = result.instruments[0]
    assert isinstance(award, InstrumentStatement)
    assert award.paid == Decimal(50000)


def test_the_rusoro_settlement_before_during_and_after_its_default() -> None:
    before = owe(EXAMPLE, date(2018, 10, 1))
    during = owe(EXAMPLE, date(2018, 11, 1))
    after = owe(EXAMPLE, date(2019, 1, 1))
    assert not before.debts[0].settlements
    assert during.debts[0].settlements[0].status == "performing"
    assert during.debts[0].collectible == Decimal("1280000000.00")
    assert after.debts[0].settlements[0].status == "revived"
    award = next(r for r in after.instruments if r.id == "award")
    assert isinstance(award, InstrumentStatement)
    assert after.debts[0].collectible == award.total  # revived: the largest instrument again, nothing was paid


def test_interest_on_the_settled_sum() -> None:
    # 100,000 settled on 2021-01-01 at 5% simple, nothing paid: on 2022-01-01 (365 days) the unpaid sum is
    # 100,000 + 5,000.00 = 105,000.00.
    text = """
matter: settled-interest
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: award, kind: award, forum: ICC, date: 2020-01-01, currency: USD, amounts: [{label: x, amount: "150000"}]}
settlements:
  - {id: deal, debt: award, date: 2021-01-01, amount: "100000", currency: USD, interest: "5%",
     instalments: [{due: 2023-01-01, amount: "100000"}]}
"""
    (debt,) = accrue(matter_from(text), date(2022, 1, 1), rate_book()).debts
    assert debt.settlements[0].balance == Decimal("105000.00")
    assert debt.collectible == Decimal("105000.00")
