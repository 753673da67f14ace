"""The creditors of one debtor, each claim with its priority: the input of a sale's waterfall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.instruments import Instrument
from exequatur.model.parties import Party
from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class StatedFigure:
    """A claim known only as a published figure on a date (no interest is added to it)."""

    amount: Decimal
    currency: str
    as_of: date
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One creditor's claim. Its amount on the sale date comes from exactly one of: a matter file (an instrument
    or the debt's collectible total), a judgment stated inline (accruing under its forum's rule), or a stated
    figure. Priority: an explicit `rank`, else the date (and order) of attachment; equal priority shares pro rata."""

    id: str
    creditor: str
    source: Source
    rank: int | None = None
    attached: date | None = None
    order: int | None = None
    matter_path: str | None = None
    instrument: str | None = None
    judgment: Instrument | None = None
    stated: StatedFigure | None = None
    cited: str | None = None
    rank_cited: str | None = None

    @property
    def rank_label(self) -> str:
        if self.rank is not None:
            return str(self.rank)
        return f"attached {self.attached}" + (f" #{self.order}" if self.order else "")

    @property
    def priority(self) -> tuple[int, date, int]:
        """Lower sorts first; claims with equal priority share pro rata."""
        if self.rank is not None:
            return (self.rank, date.min, 0)
        assert self.attached is not None  # the loader requires rank or attached
        return (10**9, self.attached, self.order or 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimsFile:
    debtor: Party
    claims: tuple[Claim, ...]
    source: Source
    title: str | None = None
    cited: str | None = None
