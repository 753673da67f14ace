"""The rate of a floating term for one reset period: index + spread, never below the floor, or the fallback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.interest import IndexRate
from exequatur.model.rates import RateBook
from exequatur.rules.basis import RateRow


@dataclass(frozen=True, slots=True)
class ResetRate:
    percent: Decimal
    row: RateRow | None
    note: str
    #: A rate the terms fix (no index read): nothing to explain beyond the rule that fixes it.
    fixed: bool = False


def reset_rate(rate: IndexRate, reset: date, rates: RateBook) -> ResetRate:
    """Read the index on the reset date (newest value on or before it) and apply spread, floor and fallback."""
    fallback = rate.fallback
    if fallback is not None and reset > fallback.after:
        why = f" ({fallback.source})" if fallback.source else ""
        if fallback.use == "floor":
            assert rate.floor is not None  # the loader's check pass requires it
            return ResetRate(
                rate.floor,
                None,
                f"{rate.index} not published after {fallback.after}: fallback to the floor alone, {rate.floor}%{why}",
            )
        assert fallback.index is not None
        series = rates.get(fallback.index, on=reset)
        point = series.on_or_before(reset)
        index_value = point.value + fallback.adjustment
        source_note = (
            f"{rate.index} not published after {fallback.after}: successor {fallback.index} {point.value}% "
            f"+ adjustment {fallback.adjustment}%{why}"
        )
        return _apply(rate, index_value, RateRow.of(series, point), source_note)
    series = rates.get(rate.index, on=reset)
    point = series.on_or_before(reset)
    return _apply(rate, point.value, RateRow.of(series, point), f"{rate.index} {point.value}% on {point.on}")


def _apply(rate: IndexRate, index_value: Decimal, row: RateRow, what: str) -> ResetRate:
    percent = index_value + rate.spread
    note = f"{what} + {rate.spread}% = {percent}%"
    if rate.floor is not None:
        if percent < rate.floor:
            note += f"; below the floor, so {rate.floor}%"
            percent = rate.floor
        else:
            note += f" (floor {rate.floor}% not reached)"
    elif percent < 0:
        # A negative index (EURIBOR, CHF LIBOR) does not make the creditor owe the debtor interest.
        note += "; below zero, so 0% (interest is never negative)"
        percent = Decimal(0)
    return ResetRate(percent, row, note)
