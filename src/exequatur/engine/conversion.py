"""Currency conversion from the shipped exchange-rate tables: direct where a series quotes the pair, else through EUR.

Preference: the Federal Reserve's H.10 series for dollar pairs (the rate U.S. courts read), then the ECB reference
rates directly, then an ECB cross rate through the euro, both legs from the ECB's one daily fixing (e.g. USD/CAD
after H.10's copy ends). The rate of a day is the newest published on or before it; a date no series covers is an
error naming the tables and the date. The sum is multiplied before it is divided (amount × quote ÷ base), so no
inverted or crossed rate is rounded first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

from exequatur.engine.daycount import ENGINE_CONTEXT
from exequatur.engine.results import Conversion
from exequatur.model.errors import RateLookupError
from exequatur.model.money import round_money
from exequatur.model.rates import RateBook, RateSeries
from exequatur.rules.basis import RateRow

PAID_ON_THE_DAY = "converted at the rate of the day of payment"

#: The ECB's own tables: a cross rate through the euro takes both legs from the same fixing.
ECB_TABLES = frozenset({"fx-ecb-eur-usd", "fx-ecb-eur-cad", "fx-ecb-eur-gbp"})

#: Exchange-rate tables by the pair they quote, in order of preference.
FX_TABLES: dict[frozenset[str], tuple[str, ...]] = {
    frozenset({"USD", "CAD"}): ("fx-usd-cad",),
    frozenset({"USD", "GBP"}): ("fx-usd-gbp",),
    frozenset({"USD", "EUR"}): ("fx-usd-eur", "fx-ecb-eur-usd"),
    frozenset({"EUR", "CAD"}): ("fx-ecb-eur-cad",),
    frozenset({"EUR", "GBP"}): ("fx-ecb-eur-gbp",),
}


def _terms(series: RateSeries) -> tuple[str, str]:
    """(quote, base) of a table whose header says e.g. 'CAD per USD': 1 base = value quote."""
    if not series.quote or " per " not in series.quote:
        raise RateLookupError(
            f"table {series.id!r} does not say what it quotes (# quote:)", table=series.id, on=date.min
        )
    quote, base = (part.strip() for part in series.quote.split(" per "))
    return quote, base


def _leg(
    source: str, target: str, on: date, rates: RateBook, *, only: frozenset[str] | None = None
) -> tuple[Decimal, Decimal, RateRow]:
    """(units of `target`, per units of `source`) on `on`, from the first table for the pair that covers the day."""
    tables = tuple(t for t in FX_TABLES.get(frozenset({source, target}), ()) if only is None or t in only)
    failures = []
    for table in tables:
        if not rates.may_cover(table, on):
            failures.append(f"rate table {table!r} has no value for {on}")
            continue
        series = rates.get(table, on=on)
        try:
            point = series.on_or_before(on)
        except RateLookupError as exc:
            failures.append(str(exc))
            continue
        if point.value <= 0:
            raise RateLookupError(
                f"rate table {table!r} gives {point.value} at {point.source}: an exchange rate is positive",
                table=table,
                on=on,
            )
        quote, base = _terms(series)
        row = RateRow.of(series, point)
        return (point.value, Decimal(1), row) if (base, quote) == (source, target) else (Decimal(1), point.value, row)
    detail = "; ".join(failures) if failures else "no table quotes this pair"
    raise RateLookupError(f"no {source}/{target} rate for {on}: {detail}", table="/".join(tables) or "fx", on=on)


def convert(amount: Decimal, source: str, target: str, on: date, rates: RateBook, *, citation: str) -> Conversion:
    """`amount` of `source` in `target` at the rate of `on`, rounded half-up to the target's minor unit."""
    with localcontext(ENGINE_CONTEXT):
        if source == target:
            return Conversion(
                amount=amount,
                source_currency=source,
                converted=amount,
                target_currency=target,
                on=on,
                rate=Decimal(1),
                rows=(),
                citation=citation,
            )
        try:
            quote, base, row = _leg(source, target, on, rates)
            rows: tuple[RateRow, ...] = (row,)
            multiplies: tuple[bool, ...] = (base == 1,)
        except RateLookupError as direct:
            if "EUR" in (source, target):
                raise
            try:
                q1, b1, first = _leg(source, "EUR", on, rates, only=ECB_TABLES)
                q2, b2, second = _leg("EUR", target, on, rates, only=ECB_TABLES)
            except RateLookupError as cross:
                raise RateLookupError(f"{direct}; through EUR: {cross}", table=direct.table, on=on) from None
            quote, base, rows = q1 * q2, b1 * b2, (first, second)
            multiplies = (b1 == 1, b2 == 1)
        converted = round_money(amount * quote / base, target)
        rate = quote / base
    return Conversion(
        amount=amount,
        source_currency=source,
        converted=converted,
        target_currency=target,
        on=on,
        rate=rate,
        rows=rows,
        citation=citation,
        multiplies=multiplies,
    )
