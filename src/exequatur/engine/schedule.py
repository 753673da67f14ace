"""Period boundaries counted from the start of accrual: start + k months, clamped to the month's last day.

Each boundary is computed from the start, not from the previous boundary, so a term starting on 31 January steps
to 28/29 February, then 31 March (no drift). Daily periods step one calendar day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from exequatur.model.interest import PERIOD_MONTHS


def boundaries(start: date, frequency: str, until: date) -> Iterator[date]:
    """Period ends strictly after `start` and no later than `until` ("none" yields nothing)."""
    if frequency == "none":
        return
    if frequency == "daily":
        day = start + timedelta(days=1)
        while day <= until:
            yield day
            day += timedelta(days=1)
        return
    months = PERIOD_MONTHS[frequency]
    k = 1
    while (step := start + relativedelta(months=months * k)) <= until:
        yield step
        k += 1
