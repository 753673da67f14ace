"""Money as `decimal.Decimal` in a checked ISO 4217 currency, rounded half-up to the currency's minor unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from iso4217 import Currency

from exequatur.model.errors import CurrencyError


@cache
def minor_units(code: str) -> int:
    """Number of decimal places of the currency's minor unit (USD 2, JPY 0, KWD 3); unknown codes are errors."""
    try:
        exponent = Currency(code).exponent
    except ValueError:
        raise CurrencyError(f"unknown currency {code!r}: not an ISO 4217 code", code=code) from None
    if exponent is None:
        # Gold, SDR, test codes and the like have no minor unit and are not currencies of account.
        raise CurrencyError(f"{code} has no minor unit in ISO 4217; it cannot be a judgment currency", code=code)
    return int(exponent)


@cache
def quantum(code: str) -> Decimal:
    """The smallest unit of the currency as a Decimal exponent, e.g. Decimal('0.01') for USD."""
    return Decimal(1).scaleb(-minor_units(code))


def round_money(amount: Decimal, code: str) -> Decimal:
    """Round half-up to the minor unit, as courts and payment systems do (not banker's rounding)."""
    return amount.quantize(quantum(code), rounding=ROUND_HALF_UP)


def in_minor_units(amount: Decimal, code: str) -> int:
    """The amount as a whole number of the currency's minor units, rounded half-up (away from zero), exactly
    whatever its size: Decimal's arithmetic would round past its context's 28 digits."""
    numerator, denominator = amount.as_integer_ratio()
    scaled: int = abs(numerator) * 10 ** minor_units(code)
    whole = (2 * scaled + denominator) // (2 * denominator)
    return -whole if numerator < 0 else whole


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency. Arithmetic across currencies is an error, never an implicit conversion."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise CurrencyError(f"amount {self.amount!r} is not a finite Decimal", code=self.currency)
        minor_units(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyError(
                f"cannot combine {self.currency} and {other.currency} without a conversion", code=other.currency
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def rounded(self) -> Money:
        return Money(round_money(self.amount, self.currency), self.currency)

    def __str__(self) -> str:
        places = minor_units(self.currency)
        return f"{self.currency} {round_money(self.amount, self.currency):,.{places}f}"
