"""Rate series lookups: the newest value on or before a date, and an error (never a guess) outside coverage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.model.errors import RateLookupError
from exequatur.model.rates import RateBook, RatePoint, RateSeries
from exequatur.model.source import Source


def series(*rows: tuple[date, str], gap: int = 7, table: str = "t") -> RateSeries:
    return RateSeries(
        id=table,
        title="test",
        source="test",
        origin="test",
        max_gap_days=gap,
        points=tuple(RatePoint(on=d, value=Decimal(v), source=Source("test", i)) for i, (d, v) in enumerate(rows)),
    )


WEEKLY = series((date(2020, 1, 3), "1.5"), (date(2020, 1, 10), "1.6"), (date(2020, 2, 7), "1.9"))


def test_newest_on_or_before() -> None:
    assert WEEKLY.on_or_before(date(2020, 1, 3)).value == Decimal("1.5")
    assert WEEKLY.on_or_before(date(2020, 1, 9)).value == Decimal("1.5")
    assert WEEKLY.on_or_before(date(2020, 1, 10)).value == Decimal("1.6")


@pytest.mark.parametrize("day", [date(2020, 1, 2), date(2020, 1, 20), date(2020, 2, 15)])
def test_before_the_first_row_in_a_gap_or_after_coverage_is_an_error(day: date) -> None:
    with pytest.raises(RateLookupError) as info:
        WEEKLY.on_or_before(day)
    assert info.value.table == "t"
    assert info.value.on == day
    assert str(day) in str(info.value)


def test_exact_row() -> None:
    assert WEEKLY.exactly(date(2020, 1, 10)).value == Decimal("1.6")
    with pytest.raises(RateLookupError, match="no row dated 2020-01-11"):
        WEEKLY.exactly(date(2020, 1, 11))


def test_book_precedence_and_unknown_tables() -> None:
    shipped = series((date(2020, 1, 3), "1"), table="x")
    in_matter = series((date(2020, 1, 3), "2"), table="x")
    own = series((date(2020, 1, 3), "3"), table="x")
    day = date(2020, 1, 3)
    assert RateBook.of([], [shipped]).get("x", on=day).on_or_before(day).value == 1
    assert RateBook.of([], [shipped]).with_matter([in_matter]).get("x", on=day).on_or_before(day).value == 2
    book = RateBook.of([own], [shipped]).with_matter([in_matter])
    assert book.get("x", on=day).on_or_before(day).value == 3
    with pytest.raises(RateLookupError, match="unknown rate table 'y'"):
        book.get("y", on=date(2020, 1, 3))
