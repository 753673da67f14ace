"""A matter: one creditor's claims against one debtor, as instruments linked by proceedings, plus payments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exequatur.model.events import Payment
from exequatur.model.instruments import Instrument
from exequatur.model.parties import Party
from exequatur.model.proceedings import Proceeding
from exequatur.model.rates import RateSeries
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
    title: str | None = None
    _by_id: Mapping[str, Instrument] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.instruments})

    def instrument(self, instrument_id: str) -> Instrument:
        return self._by_id[instrument_id]

    def has_instrument(self, instrument_id: str) -> bool:
        return instrument_id in self._by_id

    def payments_on(self, instrument_id: str) -> tuple[Payment, ...]:
        return tuple(p for p in self.payments if p.instrument == instrument_id)
