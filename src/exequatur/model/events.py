"""Things that happen to a debt after the fact: for now, payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    """Money received by the creditor, paid against one instrument or against the debt as a whole.

    Either way it is credited on every instrument of the debt (single recovery): see engine/debt.py.
    """

    date: date
    amount: Decimal
    currency: str
    source: Source
    instrument: str | None = None
    debt: str | None = None
    #: The matter file's `source:` for the payment ("wire received 2020-01-15").
    cited: str | None = None
    #: How the payment reaches an instrument it was not paid on (single recovery, conversion); set by the engine.
    credited: str | None = None
    #: The enforcement action under which the money was recovered, if it was.
    recovery: str | None = None
