"""Things that happen to a debt after the fact: for now, payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    """Money received by the creditor and credited against one instrument."""

    date: date
    amount: Decimal
    currency: str
    instrument: str
    source: Source
    cited: str | None = None
