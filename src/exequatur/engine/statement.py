"""The statement: what is owed on each instrument on a date, and every line that led there with its trace."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from exequatur.model.interest import DayCount
from exequatur.model.source import Source
from exequatur.rules.basis import Basis, RateRow, RegimeTerm

if TYPE_CHECKING:
    from exequatur.engine.conversion import Conversion
    from exequatur.engine.debt import DebtPosition

# Statement lines are NamedTuples rather than frozen dataclasses: just as immutable, and several times cheaper to
# build, which matters when a matter with 10,000 payments yields 30,000 lines.


class AccrualLine(NamedTuple):
    """Interest on one component over [start, end) at one rate on one base: base × rate × year fraction."""

    component: str
    start: date
    end: date
    days: int
    base: Decimal
    rate: Decimal
    day_count: DayCount
    interest: Decimal
    basis: Basis
    rate_row: RateRow | None = None
    rate_note: str | None = None


class CapitalizationLine(NamedTuple):
    """Unpaid interest of a compounding period added to the base that bears interest, rounded to the cent."""

    component: str
    on: date
    amount: Decimal
    basis: Basis


class PaymentLine(NamedTuple):
    """A payment applied interest first, then principal; any excess is kept as a credit, never lost."""

    on: date
    amount: Decimal
    to_interest: Decimal
    to_principal: Decimal
    excess: Decimal
    source: Source
    cited: str | None = None
    rule: str = "United States rule: interest first, then principal"


Line = AccrualLine | CapitalizationLine | PaymentLine


@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentPosition:
    label: str
    awarded: Decimal
    principal: Decimal
    interest: Decimal
    interest_accrued: Decimal
    interest_paid: Decimal
    principal_paid: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentStatement:
    id: str
    kind: str
    forum: str
    currency: str
    date: datetime.date
    as_of: datetime.date
    components: tuple[ComponentPosition, ...]
    lines: tuple[Line, ...]
    regime: tuple[RegimeTerm, ...]
    notes: tuple[str, ...] = ()
    status: str = "entered"
    #: Conversions made when the judgment took over a sum in another currency.
    conversions: tuple[Conversion, ...] = ()
    #: For forums that convert at payment: what the total comes to in the forum's currency on the as-of date.
    equivalent: Conversion | None = None
    paid: Decimal = Decimal(0)
    excess: Decimal = Decimal(0)

    @property
    def principal(self) -> Decimal:
        return sum((c.principal for c in self.components), Decimal(0))

    @property
    def interest(self) -> Decimal:
        return sum((c.interest for c in self.components), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentFailure:
    """An instrument that could not be computed, with the reason; the others are still computed."""

    id: str
    message: str
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    matter: str
    as_of: date
    instruments: tuple[InstrumentStatement | InstrumentFailure, ...]
    debts: tuple[DebtPosition, ...] = ()
    #: Instruments dated after the as-of date: not entered (or not made) yet, so nothing is owed on them.
    not_yet: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(isinstance(i, InstrumentFailure) for i in self.instruments)
