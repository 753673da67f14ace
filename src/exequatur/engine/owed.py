"""What is owed on every instrument of a matter on a date: `accrue(matter, as_of, rates)`.

Each instrument is computed under its own terms or its forum's rule; one that cannot be computed becomes an
InstrumentFailure with the reason, and the others are still computed. A judgment whose amounts are `carried`
takes the unpaid balance of the instrument it is based on, on the judgment's date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.accrual import accrue_instrument
from exequatur.engine.statement import InstrumentFailure, InstrumentStatement, Statement
from exequatur.model.errors import ExequaturError
from exequatur.model.instruments import Instrument
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook
from exequatur.rules.forum import RuleContext
from exequatur.rules.registry import interest_regime

Result = InstrumentStatement | InstrumentFailure


class _Resolver:
    def __init__(self, matter: Matter, rates: RateBook) -> None:
        self.matter = matter
        self.rates = rates.with_matter(matter.rates)
        self.memo: dict[tuple[str, date], Result] = {}

    def position(self, instrument: Instrument, as_of: date) -> Result:
        key = (instrument.id, as_of)
        if key not in self.memo:
            self.memo[key] = self._compute(instrument, as_of)
        return self.memo[key]

    def _components(self, instrument: Instrument) -> tuple[list[tuple[str, Decimal]], list[str]]:
        if not instrument.carried:
            return [(c.label, c.amount) for c in instrument.components], []
        assert instrument.based_on is not None  # checked when the matter was loaded
        basis = self.matter.instrument(instrument.based_on)
        carried = self.position(basis, instrument.date)
        if isinstance(carried, InstrumentFailure):
            raise ExequaturError(f"cannot carry the balance of {basis.id} on {instrument.date}: {carried.message}")
        components: list[tuple[str, Decimal]] = []
        for c in carried.components:
            if c.principal:
                components.append((c.label, c.principal))
            if c.interest:
                components.append((f"{c.label}: interest to {instrument.date}", c.interest))
        note = (
            f"amounts carried from {basis.id}: its unpaid principal and interest on {instrument.date}, "
            f"{carried.currency} {carried.total:,.2f}"
        )
        return components, [note]

    def _compute(self, instrument: Instrument, as_of: date) -> Result:
        if as_of < instrument.date:
            return InstrumentFailure(
                id=instrument.id,
                currency=instrument.currency,
                message=f"as-of date {as_of} is before the {instrument.kind.value} ({instrument.date})",
            )
        payments = self.matter.payments_on(instrument.id)
        try:
            components, notes = self._components(instrument)
            context = RuleContext(rates=self.rates, as_of=as_of, payments=payments, creditor=self.matter.creditor)
            regime = interest_regime(instrument, context)
            if not regime:
                notes.append(f"no interest: the {instrument.kind.value} states none")
            return accrue_instrument(instrument, components, regime, payments, as_of, self.rates, notes)
        except ExequaturError as exc:
            return InstrumentFailure(id=instrument.id, currency=instrument.currency, message=str(exc))


def accrue(matter: Matter, as_of: date, rates: RateBook, *, instrument: str | None = None) -> Statement:
    """The statement of `matter` on `as_of`, for every instrument or the one named."""
    resolver = _Resolver(matter, rates)
    chosen = [matter.instrument(instrument)] if instrument else list(matter.instruments)
    return Statement(
        matter=matter.id,
        as_of=as_of,
        instruments=tuple(resolver.position(i, as_of) for i in chosen),
    )
