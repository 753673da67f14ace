"""Numbers as a lawyer writes them, and the bounds within which the engine's arithmetic is exact.

A figure is a plain decimal ("1250000.00") or one grouped by thousands with commas in groups of exactly three
("1,250,000.00"). Anything else — "250,0000", "1,00", "1.000,50", "1e6" — is refused rather than guessed at, since
each can be read two ways. The bounds keep every product in the engine's 60-digit context exact (see
engine.daycount.ENGINE_CONTEXT) and every date inside what `datetime` and the rate tables can handle.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

#: The largest sum a matter may state or a balance may reach: 10^15 in any currency (a thousand trillion).
MAX_AMOUNT = Decimal(10) ** 15
#: The highest rate a term may state, in percent a year.
MAX_RATE = Decimal(1000)
#: Dates a matter may use, and the farthest as-of date: accrual far outside them is a typo, not a claim.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)

_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_GROUPED = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


#: Characters of a number an error quotes: a 400-digit typo is named by its start, not repeated whole.
SHOWN_DIGITS = 20


def cut(shown: str) -> str:
    """`shown` as an error quotes it: whole if short, else its first SHOWN_DIGITS characters, `…` and its length."""
    if len(shown) <= SHOWN_DIGITS + 10:
        return shown
    quote = shown[0] if shown[0] in "'\"" and shown[-1] == shown[0] else ""
    inner = shown[1:-1] if quote else shown
    return f"{quote}{inner[:SHOWN_DIGITS]}…{quote} ({len(inner):,} characters)"


def parse_decimal(text: str) -> Decimal:
    """A decimal written plainly or with commas between groups of three; ValueError naming the text otherwise."""
    cleaned = text.strip()
    if _PLAIN.match(cleaned):
        return Decimal(cleaned)
    if _GROUPED.match(cleaned):
        return Decimal(cleaned.replace(",", ""))
    if re.fullmatch(r"-?[0-9,]+(\.[0-9,]*)?|-?[0-9.]+(,[0-9]*)?", cleaned):
        raise ValueError(
            f"{cut(repr(text))} is not a well-formed number: commas may only separate groups of three digits "
            'before the decimal point, which is a dot (e.g. "1,250,000.50")'
        )
    try:
        Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{cut(repr(text))} is not a decimal number") from None
    raise ValueError(f'{cut(repr(text))} is not a plain decimal number; write the digits out, e.g. "1250000.00"')


def check_amount(number: Decimal, shown: str) -> Decimal:
    """`number` if it is a sum the engine can carry exactly; ValueError otherwise."""
    if number < 0:
        raise ValueError(f"{cut(shown)} is negative; amounts are stated as positive sums")
    if number > MAX_AMOUNT:
        raise ValueError(f"{cut(shown)} is above the largest amount exequatur computes (10^15)")
    return number


def check_date(day: date, shown: str) -> date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{shown} is outside the dates exequatur computes ({FIRST_DATE} to {LAST_DATE})")
    return day


def in_date_range(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def parse_amount(text: str) -> Decimal:
    """A non-negative sum, as written on the command line or in a file (`--pool`, claims, payments)."""
    number = parse_decimal(text)
    return check_amount(number, repr(text))
