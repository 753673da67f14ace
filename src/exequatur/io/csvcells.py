"""CSV cells a spreadsheet does not run (OWASP's CSV injection): a text cell that starts with = + - @, a tab or a
carriage return is a formula to Excel, LibreOffice and Google Sheets, so it gets a single quote in front
(`=2+3` is written `'=2+3`, shown as the text it was). A number is left as it is, a negative amount included:
`-1234.50` is a number, not user text. Every CSV exequatur writes from user text (statements, waterfalls,
comparisons, portfolio balances and rejects) passes its cells through `cell`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except (InvalidOperation, ValueError):
        return False


def cell(value: Any) -> Any:
    """`value`, or the text with a quote in front if a spreadsheet would run it; anything not text as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _number(value):
        return "'" + value
    return value


def row_cells(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in row.items()}


def cells(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]


__all__ = ["FORMULA_STARTS", "cell", "cells", "row_cells"]
