"""A matter: one creditor's claims against one debtor, as instruments linked by proceedings, plus payments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exequatur.model.events import AgreedDeadline, MatterEvent, Payment
from exequatur.model.facts import Fact
from exequatur.model.instruments import Instrument
from exequatur.model.parties import Party
from exequatur.model.proceedings import Proceeding
from exequatur.model.rates import RateSeries
from exequatur.model.settlements import Action, Asset, Settlement
from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Matter:
    id: str
    creditor: Party
    debtor: Party
    source: Source
    instruments: tuple[Instrument, ...] = ()
    proceedings: tuple[Proceeding, ...] = ()
    payments: tuple[Payment, ...] = ()
    rates: tuple[RateSeries, ...] = ()
    settlements: tuple[Settlement, ...] = ()
    assets: tuple[Asset, ...] = ()
    actions: tuple[Action, ...] = ()
    events: tuple[MatterEvent, ...] = ()
    deadlines: tuple[AgreedDeadline, ...] = ()
    facts: tuple[Fact, ...] = ()
    title: str | None = None
    _by_id: Mapping[str, Instrument] = field(init=False, repr=False, compare=False)
    _debt_of: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _paid_on: Mapping[str, tuple[Payment, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.instruments})
        # Worked out once: every instrument's debt is asked for again and again (single recovery, each payment).
        object.__setattr__(self, "_debt_of", {i.id: self._root_debt(i) for i in self.instruments})
        paid: dict[str, list[Payment]] = {}
        for payment in self.payments:
            debt = payment.debt or (self._debt_of.get(payment.instrument) if payment.instrument else None)
            if debt is not None:
                paid.setdefault(debt, []).append(payment)
        object.__setattr__(self, "_paid_on", {debt: tuple(ps) for debt, ps in paid.items()})

    def instrument(self, instrument_id: str) -> Instrument:
        return self._by_id[instrument_id]

    def has_instrument(self, instrument_id: str) -> bool:
        return instrument_id in self._by_id

    def payments_on(self, instrument_id: str) -> tuple[Payment, ...]:
        return tuple(p for p in self.payments if p.instrument == instrument_id)

    def debt_of(self, instrument_id: str) -> str:
        """The debt an instrument represents: its own `debt:`, else the root of its based_on chain."""
        return self._debt_of[instrument_id]

    def payments_of_debt(self, debt: str) -> tuple[Payment, ...]:
        """The payments made against a debt (named by `debt:`, or by an instrument of it), in file order."""
        return self._paid_on.get(debt, ())

    @property
    def debt_map(self) -> Mapping[str, str]:
        """Every instrument's debt, by instrument id."""
        return self._debt_of

    def _root_debt(self, instrument: Instrument) -> str:
        seen = {instrument.id}
        while instrument.debt is None:
            basis = self._by_id.get(instrument.based_on) if instrument.based_on else None
            if basis is None or basis.id in seen:
                break
            instrument = basis
            seen.add(instrument.id)
        return instrument.debt or instrument.id

    def debts(self) -> dict[str, tuple[Instrument, ...]]:
        """Every debt with the instruments that represent it, in file order."""
        out: dict[str, list[Instrument]] = {}
        for instrument in self.instruments:
            out.setdefault(self.debt_of(instrument.id), []).append(instrument)
        return {debt: tuple(items) for debt, items in out.items()}
