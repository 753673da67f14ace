"""Interest terms as an instrument (or a forum's rule) states them: rate, compounding, day count, start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from exequatur.model.source import Source


class Compounding(StrEnum):
    """How often unpaid interest is capitalized, counted from the start of accrual."""

    NONE = "none"
    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    DAILY = "daily"


class Reset(StrEnum):
    """How often an index rate is read again, counted from the start of accrual."""

    NONE = "none"
    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


#: Months in one period of each stepping frequency; daily compounding is handled separately.
PERIOD_MONTHS: dict[str, int] = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


class DayCount(StrEnum):
    """Day-count conventions, named as in ISDA 2006 §4.16.

    act/365 is Actual/365 (Fixed), §4.16(d); act/act is Actual/Actual (ISDA), §4.16(b), each day weighted by its
    own year's length; act/360 is Actual/360, §4.16(e); 30/360 is the Bond Basis, §4.16(f); 30E/360 is the
    Eurobond Basis, §4.16(g). 30/360 days are counted per period, from that period's own start and end dates.
    """

    ACT_365 = "act/365"
    ACT_ACT = "act/act"
    ACT_360 = "act/360"
    THIRTY_360 = "30/360"
    THIRTY_E_360 = "30E/360"


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedRate:
    """A rate fixed for the life of the term, in percent per annum."""

    percent: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Fallback:
    """What replaces an index for resets after it stopped being published (e.g. USD LIBOR after 30 June 2023).

    `use="floor"` applies the floor alone; `use="index"` reads a successor index and adds an adjustment spread
    (the ISDA/ARRC method), after which the term's own spread and floor still apply.
    """

    after: date
    use: str
    index: str | None = None
    adjustment: Decimal = Decimal(0)
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexRate:
    """A floating rate: index + spread, never below the floor, read on each reset date."""

    index: str
    spread: Decimal = Decimal(0)
    floor: Decimal | None = None
    reset: Reset = Reset.ANNUAL
    fallback: Fallback | None = None


Rate = FixedRate | IndexRate


@dataclass(frozen=True, slots=True, kw_only=True)
class InterestTerm:
    """One rule of accrual for some components of an instrument, from `start` until `until` (or payment)."""

    start: date
    rate: Rate
    source: Source
    on: tuple[str, ...] | None = None
    until: date | None = None
    compounding: Compounding = Compounding.NONE
    day_count: DayCount = DayCount.ACT_365
    note: str | None = None
    #: Periods (compounding, resets) are counted from here; defaults to `start`. A judgment that keeps the award's
    #: rate after entry accrues from entry but keeps the award's anniversaries.
    anchor: date | None = None

    def applies_to(self, label: str) -> bool:
        return self.on is None or label in self.on
