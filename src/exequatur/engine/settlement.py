"""Where a settlement stands on a date: what fell due, what was paid, what is in arrears, and what governs.

While the settlement performs, it is the debt: the creditor is owed the unpaid settled sum on its schedule (with
the agreed interest, if any). After a default, the clause decides: `revival` brings back the instruments' full
amounts less everything paid (their statements already credit every payment), `acceleration` makes the whole
unpaid settled sum due at once. Payments against the debt on or after the settlement's date count towards it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.accrual import accrue_instrument
from exequatur.engine.conversion import PAID_ON_THE_DAY, convert
from exequatur.engine.results import SettlementPosition
from exequatur.model.events import Payment
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.interest import FixedRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook
from exequatur.model.settlements import DefaultClause, Settlement
from exequatur.rules.basis import Basis, RegimeTerm


def settlement_position(settlement: Settlement, matter: Matter, as_of: date, rates: RateBook) -> SettlementPosition:
    paid_in: list[Payment] = []
    for payment in matter.payments_of_debt(settlement.debt):
        if not settlement.date <= payment.date <= as_of:
            continue
        amount = payment.amount
        if payment.currency != settlement.currency:
            amount = convert(
                amount, payment.currency, settlement.currency, payment.date, rates, citation=PAID_ON_THE_DAY
            ).converted
        paid_in.append(
            Payment(
                date=payment.date,
                amount=amount,
                currency=settlement.currency,
                instrument=settlement.id,
                source=payment.source,
                cited=payment.cited,
            )
        )
    paid = sum((p.amount for p in paid_in), Decimal(0))
    due = sum((t.amount for t in settlement.instalments if t.due <= as_of), Decimal(0))
    upcoming = [t for t in settlement.instalments if t.due > as_of]
    balance = _balance(settlement, paid_in, as_of, rates)
    arrears = max(Decimal(0), due - paid)
    default = settlement.default
    if default is not None and as_of >= default.on:
        why = f" ({default.cited})" if default.cited else ""
        if default.clause is DefaultClause.REVIVAL:
            status = "revived"
            explanation = (
                f"in default since {default.on}{why}: the instruments revive for their full amounts less "
                f"the {settlement.currency} {paid:,.2f} paid; the settlement no longer governs"
            )
        else:
            status = "accelerated"
            explanation = (
                f"in default since {default.on}{why}: the whole unpaid settled sum, {settlement.currency} "
                f"{balance:,.2f}, is due at once"
            )
    else:
        status = "performing"
        explanation = (
            f"the settlement of {settlement.date} governs: {settlement.currency} {due:,.2f} fell due by "
            f"{as_of}, {paid:,.2f} paid, {arrears:,.2f} in arrears; unpaid settled sum {balance:,.2f}"
        )
    return SettlementPosition(
        id=settlement.id,
        debt=settlement.debt,
        currency=settlement.currency,
        as_of=as_of,
        status=status,
        settled=settlement.amount,
        due=due,
        paid=paid,
        arrears=arrears,
        balance=balance,
        next_due=(upcoming[0].due, upcoming[0].amount) if upcoming else None,
        explanation=explanation,
    )


def _balance(settlement: Settlement, paid_in: list[Payment], as_of: date, rates: RateBook) -> Decimal:
    """The unpaid settled sum, with simple interest at the agreed rate if there is one (paid interest first)."""
    term: tuple[RegimeTerm, ...] = ()
    if settlement.interest is not None:
        term = (
            RegimeTerm(
                term=InterestTerm(
                    start=settlement.date, rate=FixedRate(percent=settlement.interest), source=settlement.source
                ),
                basis=Basis(
                    rule="interest on the settled sum",
                    citation=settlement.cited or str(settlement.source),
                    explanation=f"{settlement.interest}% simple, as the settlement provides",
                ),
            ),
        )
    synthetic = Instrument(
        id=settlement.id,
        kind=InstrumentKind.JUDGMENT,
        forum="settlement",
        date=settlement.date,
        currency=settlement.currency,
        source=settlement.source,
        components=(Component(label="settled sum", amount=settlement.amount, source=settlement.source),),
    )
    return accrue_instrument(synthetic, [("settled sum", settlement.amount)], term, paid_in, as_of, rates).total
