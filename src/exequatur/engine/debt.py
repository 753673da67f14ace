"""One debt, many instruments: which payments each instrument credits, and what the debt allows to collect.

Instruments linked by `based_on` represent one debt (unless the matter gives an instrument its own `debt:`). The
creditor may collect that debt once, so a payment against any of them, or against the debt itself, is credited
on every instrument of the debt:

- an instrument credits the payments dated on or after its own date; a judgment whose sum is `carried` credits
  only those after it, since the balance it carried on its date already reflects the earlier ones (a judgment
  with a stated sum is taken to reflect the payments made before it too);
- a payment in another currency is converted at the rate of the day it was paid.

The debt's collectible total on a date is the largest total among its entered instruments (converted into the
debt's currency on that date): collecting under one instrument pays the others, never on top of them. Every figure
of the debt is in the debt's currency (its first instrument's): what was paid is the sum of its payments, each
converted on the day it was paid. An instrument that cannot be computed or converted is named as left out, and the
collectible is then the largest of those that could be compared.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.conversion import PAID_ON_THE_DAY, convert
from exequatur.engine.results import (
    Conversion,
    DebtPosition,
    InstrumentFailure,
    InstrumentStatement,
    Note,
    NoteKind,
    SettlementPosition,
)
from exequatur.engine.settlement import settlement_position
from exequatur.model.errors import ExequaturError, RateLookupError
from exequatur.model.events import Payment
from exequatur.model.instruments import Instrument, InstrumentStatus
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook


def credited_payments(
    matter: Matter, instrument: Instrument, rates: RateBook
) -> tuple[list[Payment], list[Conversion]]:
    """The debt's payments as this instrument credits them, in its currency, each saying where it was paid."""
    if len(matter.instruments) == 1 and all(p.currency == instrument.currency for p in matter.payments):
        # The common case of a matter with one instrument: its payments, as they are.
        return [p for p in matter.payments if p.date >= instrument.date], []
    debt = matter.debt_of(instrument.id)
    credited: list[Payment] = []
    conversions: list[Conversion] = []
    for payment in matter.payments_of_debt(debt):
        if payment.date < instrument.date or (instrument.carried and payment.date <= instrument.date):
            continue
        if payment.instrument == instrument.id and payment.currency == instrument.currency:
            credited.append(payment)  # paid here, in this currency: nothing to explain or convert
            continue
        where = f"paid against {payment.instrument or 'the debt ' + debt}"
        if payment.instrument not in (None, instrument.id):
            where += f", credited here by single recovery (one debt: {debt})"
        amount = payment.amount
        if payment.currency != instrument.currency:
            try:
                conversion = convert(
                    amount, payment.currency, instrument.currency, payment.date, rates, citation=PAID_ON_THE_DAY
                )
            except RateLookupError as exc:
                raise ExequaturError(f"payment at {payment.source}: {exc}") from None
            conversions.append(conversion)
            amount = conversion.converted
            where += f"; {conversion}"
        credited.append(
            Payment(
                date=payment.date,
                amount=amount,
                currency=instrument.currency,
                instrument=instrument.id,
                source=payment.source,
                cited=payment.cited,
                credited=where,
            )
        )
    return credited, conversions


def debt_positions(
    matter: Matter, results: dict[str, InstrumentStatement | InstrumentFailure], as_of: date, rates: RateBook
) -> tuple[DebtPosition, ...]:
    positions = []
    for debt, all_instruments in matter.debts().items():
        instruments = tuple(i for i in all_instruments if i.date <= as_of)
        if not instruments:
            continue
        currency = instruments[0].currency
        totals: list[tuple[str, Decimal]] = []
        conversions: list[Conversion] = []
        notes: list[Note] = []
        left_out: list[str] = []
        for instrument in instruments:
            result = results.get(instrument.id)
            if not isinstance(result, InstrumentStatement):
                if result is not None:
                    notes.append(Note(NoteKind.LEFT_OUT, f"{instrument.id} left out: {result.message}"))
                    left_out.append(instrument.id)
                continue
            if instrument.status is InstrumentStatus.SOUGHT:
                notes.append(Note(NoteKind.LEFT_OUT, f"{instrument.id} left out: sought, not entered"))
                continue
            total = result.total
            if result.currency != currency:
                try:
                    conversion = convert(
                        total,
                        result.currency,
                        currency,
                        as_of,
                        rates,
                        citation="converted at the as-of date to compare the instruments",
                    )
                except RateLookupError as exc:
                    notes.append(Note(NoteKind.LEFT_OUT, f"{instrument.id} left out of the comparison: {exc}"))
                    left_out.append(instrument.id)
                    continue
                conversions.append(conversion)
                total = conversion.converted
            totals.append((instrument.id, total))
        largest = max(totals, key=lambda t: t[1]) if totals else None
        computable = True
        paid = _paid(matter, debt, currency, as_of, rates, conversions, notes)
        settled_list: list[SettlementPosition] = []
        for s in matter.settlements:
            if s.debt != debt or s.date > as_of:
                continue
            try:
                settled_list.append(settlement_position(s, matter, as_of, rates))
            except RateLookupError as exc:
                notes.append(Note(NoteKind.SETTLEMENT, f"settlement {s.id} cannot be computed on {as_of}: {exc}"))
                computable = False
        settled = tuple(settled_list)
        collectible = largest[1] if largest else Decimal(0)
        governing = [s for s in settled if s.governs]
        if governing:
            current = governing[-1]
            notes.append(Note(NoteKind.SETTLEMENT, current.explanation))
            collectible = current.balance
            if current.currency != currency:  # a settlement in another currency than the debt's
                try:
                    conversion = convert(
                        current.balance,
                        current.currency,
                        currency,
                        as_of,
                        rates,
                        citation="converted at the as-of date to state the debt",
                    )
                    conversions.append(conversion)
                    collectible = conversion.converted
                except RateLookupError as exc:
                    notes.append(
                        Note(
                            NoteKind.SETTLEMENT,
                            f"the settlement's unpaid {current.currency} {current.balance:,.2f} cannot be stated in "
                            f"{currency}: {exc}",
                        )
                    )
                    computable = False
        else:
            notes.extend(Note(NoteKind.SETTLEMENT, s.explanation) for s in settled)
        positions.append(
            DebtPosition(
                id=debt,
                currency=currency,
                as_of=as_of,
                totals=tuple(totals),
                largest=largest[0] if largest else None,
                collectible=collectible,
                paid=paid,
                conversions=tuple(conversions),
                notes=tuple(notes),
                left_out=tuple(left_out),
                settlements=settled,
                computable=computable and (largest is not None or bool(governing)),
            )
        )
    return tuple(positions)


def _paid(
    matter: Matter,
    debt: str,
    currency: str,
    as_of: date,
    rates: RateBook,
    conversions: list[Conversion],
    notes: list[Note],
) -> Decimal:
    """What has been paid on the debt by `as_of`, in its currency, each payment converted on its own day."""
    total = Decimal(0)
    for payment in matter.payments_of_debt(debt):
        if payment.date > as_of:
            continue
        if payment.currency == currency:
            total += payment.amount
            continue
        try:
            conversion = convert(
                payment.amount, payment.currency, currency, payment.date, rates, citation=PAID_ON_THE_DAY
            )
        except RateLookupError as exc:
            notes.append(Note(NoteKind.PAID_LEFT_OUT, f"paid so far leaves out the payment at {payment.source}: {exc}"))
            continue
        conversions.append(conversion)
        total += conversion.converted
    return total
