"""A matter's record as plain data: its proceedings, the debtor's known assets, the enforcement actions against them
and the money they recovered. What `exequatur record --format json` prints; the web app serves the same.

Dates are ISO 8601 text, sums decimal strings with the currency's minor units ("1250000.00"), never floats; every
item names the line of the matter file it was read from; a fact the file does not give is null.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from exequatur.model.matter import Matter
from exequatur.model.money import quantum
from exequatur.model.source import Source


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(amount: Decimal, currency: str) -> str:
    # quantize only adds trailing zeros here: the loader refuses more decimals than the currency has.
    return str(amount.quantize(quantum(currency)))


def _place(source: Source) -> dict[str, Any]:
    return {"file": source.file, "line": source.line}


def record_json(matter: Matter) -> dict[str, Any]:
    """The record of `matter` (see the module docstring), in file order; recoveries in date order."""
    recoveries = sorted((p for p in matter.payments if p.recovery is not None), key=lambda p: p.date)
    return {
        "matter": matter.id,
        "title": matter.title,
        "creditor": matter.creditor.name,
        "debtor": matter.debtor.name,
        "proceedings": [
            {
                "id": p.id,
                "kind": p.kind.value,
                "forum": p.forum,
                "court": p.court,
                "case_number": p.case_number,
                "filed": _day(p.filed),
                "decided": _day(p.decided),
                "concerns": p.concerns,
                "result": p.result,
                "outcome": p.outcome,
                "source": p.cited,
                "at": _place(p.source),
            }
            for p in matter.proceedings
        ],
        "assets": [
            {
                "id": a.id,
                "description": a.description,
                "owner": a.owner,
                "location": a.location,
                "source": a.cited,
                "at": _place(a.source),
            }
            for a in matter.assets
        ],
        "actions": [
            {
                "id": a.id,
                "kind": a.kind.value,
                "date": _day(a.date),
                "court": a.court,
                "docket": a.docket,
                "status": a.status,
                "instrument": a.instrument,
                "asset": a.asset,
                "source": a.cited,
                "at": _place(a.source),
            }
            for a in matter.actions
        ],
        "recoveries": [
            {
                "date": p.date.isoformat(),
                "amount": _money(p.amount, p.currency),
                "currency": p.currency,
                "instrument": p.instrument,
                "recovered_under": p.recovery,
                "source": p.cited,
                "at": _place(p.source),
            }
            for p in recoveries
        ],
    }
