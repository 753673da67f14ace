"""The engine's results as plain, immutable records: what is owed, every line that led there, and why.

A leaf module: it imports nothing else of the engine, so every part of the engine (accrual, conversion, debts,
settlements) and every report can use these records without an import cycle.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import MAX_PREC, Context, Decimal
from enum import StrEnum
from typing import NamedTuple

from exequatur.model.interest import DayCount
from exequatur.model.source import Source
from exequatur.rules.basis import Basis, RateRow, RegimeTerm

#: Sums of money are exact whatever the caller's context (Decimal's default keeps 28 digits): only additions.
_EXACT = Context(prec=MAX_PREC)


def exact_sum(amounts: Iterable[Decimal]) -> Decimal:
    """The sum of the amounts, never rounded."""
    total = Decimal(0)
    for amount in amounts:
        total = _EXACT.add(total, amount)
    return total


# Statement lines are NamedTuples rather than frozen dataclasses: just as immutable, and several times cheaper to
# build, which matters when a matter with 10,000 payments yields 30,000 lines.


class NoteKind(StrEnum):
    """What a note is about, so that reports choose how to show it without reading its words."""

    CARRIED = "carried"  # a judgment took over the unpaid balance of what it is based on
    GAP = "gap-interest"  # interest (or none) between an award and the judgment on it
    CONVERTED = "converted"  # the sums were converted from another currency
    MERGED = "merged"  # the award merged into the judgment; the judgment's rate governs after entry
    NO_INTEREST = "no-interest"  # the instrument bears no interest
    NO_EQUIVALENT = "no-equivalent"  # the forum-currency equivalent could not be computed
    LATER_PAYMENTS = "later-payments"  # payments dated after the as-of date, not applied
    NO_PER_DIEM = "no-per-diem"  # the rate of the day after the as-of date is not known
    LEFT_OUT = "left-out"  # an instrument left out of a debt's comparison
    SETTLEMENT = "settlement"  # what a settlement says of the debt
    PAID_LEFT_OUT = "paid-left-out"  # a payment left out of what the debt was paid


class Note(NamedTuple):
    kind: NoteKind
    text: str

    def __str__(self) -> str:
        return self.text


class Balance(NamedTuple):
    """What is owed right after a line, rounded to the cent: unpaid principal and unpaid interest (capitalized
    interest included, as in the instrument's totals)."""

    principal: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return _EXACT.add(self.principal, self.interest)


NO_BALANCE = Balance(Decimal(0), Decimal(0))


class AccrualLine(NamedTuple):
    """Interest on one component over [start, end) at one rate on one base: base × rate × days ÷ year_days.

    `interest` is exact. `cents` is the line's share of the rounded total: the accrual to its end, rounded
    half-up, less the accrual to its start, rounded; so the lines of a statement add up to its totals to the cent.
    """

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
    #: Days in the year the line divides by: 360, 365 or 366 (act/act lines never straddle a year's end).
    year_days: int = 365
    cents: Decimal = Decimal(0)
    balance: Balance = NO_BALANCE
    #: The terms fix the rate (a statute's 9%, an award's 6%): no table row or index to explain.
    rate_fixed: bool = False


class CapitalizationLine(NamedTuple):
    """Unpaid interest of a compounding period added to the base that bears interest, rounded to the cent."""

    component: str
    on: date
    amount: Decimal
    basis: Basis
    balance: Balance = NO_BALANCE


class PaymentLine(NamedTuple):
    """A payment applied interest first, then principal; any excess is kept as a credit, never lost."""

    on: date
    amount: Decimal
    to_interest: Decimal
    to_principal: Decimal
    excess: Decimal
    source: Source
    #: The matter file's `source:` for the payment ("wire received 2020-01-15").
    cited: str | None = None
    rule: str = "interest first, then principal"
    #: How the payment reached this instrument when it was not paid on it directly (single recovery, conversion).
    credited: str | None = None
    balance: Balance = NO_BALANCE


Line = AccrualLine | CapitalizationLine | PaymentLine


class PerDiem(NamedTuple):
    """Interest one more day adds to a component after the as-of date: base × rate ÷ year_days (exact)."""

    component: str
    base: Decimal
    rate: Decimal
    year_days: int
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversion:
    """One conversion as a statement shows it: the sums, the day, the rate and every row it read."""

    amount: Decimal
    source_currency: str
    converted: Decimal
    target_currency: str
    on: date
    rate: Decimal
    rows: tuple[RateRow, ...]
    citation: str
    #: For each row, whether the amount is multiplied by its value (True) or divided by it (False): a table quotes
    #: a pair one way round, and the conversion may need it the other.
    multiplies: tuple[bool, ...] = ()

    def __str__(self) -> str:
        rows = "; ".join(f"{r.table} {r.on} = {r.value}" for r in self.rows)
        return (
            f"{self.source_currency} {self.amount:,.2f} = {self.target_currency} {self.converted:,.2f} at "
            f"{self.rate:.6f} on {self.on} ({rows}) — {self.citation}"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentPosition:
    label: str
    awarded: Decimal
    principal: Decimal
    interest: Decimal
    interest_accrued: Decimal
    interest_paid: Decimal
    principal_paid: Decimal
    #: The matter file's `source:` for the awarded amount ("Award ¶ 899").
    cited: str | None = None
    #: Capitalized interest still unpaid (a payment takes it after the interest accrued since): part of `interest`.
    capitalized: Decimal = Decimal(0)


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
    notes: tuple[Note, ...] = ()
    status: str = "entered"
    #: Conversions made when the judgment took over a sum in another currency.
    conversions: tuple[Conversion, ...] = ()
    #: For forums that convert at payment: what the total comes to in the forum's currency on the as-of date.
    equivalent: Conversion | None = None
    paid: Decimal = Decimal(0)
    excess: Decimal = Decimal(0)
    #: Interest per day after the as-of date, by component; None when the next day's rate is not known.
    per_diem: tuple[PerDiem, ...] | None = ()

    @property
    def principal(self) -> Decimal:
        return exact_sum(c.principal for c in self.components)

    @property
    def interest(self) -> Decimal:
        return exact_sum(c.interest for c in self.components)

    @property
    def total(self) -> Decimal:
        return _EXACT.add(self.principal, self.interest)

    @property
    def capitalized(self) -> Decimal:
        """Interest added to the base and not paid since: part of `interest`, and bearing interest, so that a
        summary can say why the base is more than the principal."""
        return exact_sum(c.capitalized for c in self.components)

    @property
    def capitalized_in_all(self) -> Decimal:
        """Every capitalization line added up, the part payments have since taken included."""
        return exact_sum(line.amount for line in self.lines if isinstance(line, CapitalizationLine))

    @property
    def per_diem_total(self) -> Decimal | None:
        """The per diem of the whole instrument, exact (round it to show it)."""
        if self.per_diem is None:
            return None
        return exact_sum(p.amount for p in self.per_diem)

    def has_note(self, kind: NoteKind) -> bool:
        return any(n.kind is kind for n in self.notes)

    def rate_rows(self) -> tuple[RateRow, ...]:
        """Every rate-table row the statement read, interest and conversions, in the order first used."""
        seen: dict[tuple[str, date], RateRow] = {}
        for line in self.lines:
            if isinstance(line, AccrualLine) and line.rate_row is not None:
                seen.setdefault((line.rate_row.table, line.rate_row.on), line.rate_row)
        for conversion in (*self.conversions, *((self.equivalent,) if self.equivalent else ())):
            for row in conversion.rows:
                seen.setdefault((row.table, row.on), row)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentFailure:
    """An instrument that could not be computed, with the reason; the others are still computed."""

    id: str
    message: str
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettlementPosition:
    id: str
    debt: str
    currency: str
    as_of: date
    status: str
    settled: Decimal
    due: Decimal
    paid: Decimal
    arrears: Decimal
    balance: Decimal
    next_due: tuple[date, Decimal] | None
    explanation: str

    @property
    def governs(self) -> bool:
        """True while the settlement, not the instruments, says what is owed."""
        return self.status in ("performing", "accelerated")


@dataclass(frozen=True, slots=True, kw_only=True)
class DebtPosition:
    """What the debt allows to collect on a date: the largest of its entered instruments."""

    id: str
    currency: str
    as_of: date
    totals: tuple[tuple[str, Decimal], ...]
    largest: str | None
    collectible: Decimal
    paid: Decimal
    conversions: tuple[Conversion, ...] = ()
    notes: tuple[Note, ...] = ()
    #: Entered instruments that could not be computed or converted, so the comparison is without them.
    left_out: tuple[str, ...] = ()
    #: False when the collectible cannot be stated (nothing comparable, or a governing settlement not convertible).
    computable: bool = True
    #: Settlements of this debt in force on the date; while one governs, the collectible is its unpaid sum.
    settlements: tuple[SettlementPosition, ...] = ()


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
