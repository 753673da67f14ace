"""A matter's history (engine/history.py): every point is the engine's own statement on its day, the last is the
statement on the as-of date, and the days include each instrument's date and each payment's day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.history import history, history_days
from exequatur.engine.results import InstrumentStatement
from exequatur.interfaces.api import matter, owe, rate_book
from tests.conftest import EXAMPLE

AS_OF = date(2023, 8, 14)


def test_the_last_point_is_the_statement_and_the_published_figure() -> None:
    result = history(matter(EXAMPLE), AS_OF, rate_book())
    statement = {i.id: i for i in owe(EXAMPLE, AS_OF).instruments}
    for line in result.lines:
        on_the_day = statement[line.instrument]
        assert isinstance(on_the_day, InstrumentStatement)
        assert line.points[-1].day == AS_OF
        assert line.points[-1].total == on_the_day.total
    # Rusoro's press release of 17 Aug 2023 (tests/examples/test_rusoro.py): the D.D.C. judgment as US$1.48 billion
    # with interest to 14 Aug 2023.
    (ddc,) = [line for line in result.lines if line.instrument == "ddc-judgment"]
    assert abs(ddc.points[-1].total - Decimal("1.48e9")) <= Decimal("0.005e9")


def test_each_point_is_the_engines_statement_on_its_day() -> None:
    result = history(matter(EXAMPLE), AS_OF, rate_book(), steps=6)
    (award,) = [line for line in result.lines if line.instrument == "award"]
    for point in award.points[::3]:
        (on_the_day,) = owe(EXAMPLE, point.day, instrument="award").instruments
        assert isinstance(on_the_day, InstrumentStatement)
        assert (point.principal, point.interest) == (on_the_day.principal, on_the_day.interest)


def test_the_days_hold_each_instruments_date_and_stop_at_the_as_of_date() -> None:
    rusoro = matter(EXAMPLE)
    days = history_days(rusoro, AS_OF, 12)
    assert days[0] == min(i.date for i in rusoro.instruments)
    assert days[-1] == AS_OF
    assert {i.date for i in rusoro.instruments if i.date <= AS_OF} <= set(days)
    assert list(days) == sorted(set(days))
    assert 12 <= len(days) <= 12 + 2 * len(rusoro.instruments) + 2
    # Each instrument's line starts on its own date: a judgment is not owed before it is entered.
    for line in history(rusoro, AS_OF, rate_book(), steps=12).lines:
        assert line.points[0].day == rusoro.instrument(line.instrument).date


def test_before_any_instrument_there_is_nothing() -> None:
    result = history(matter(EXAMPLE), date(2010, 1, 1), rate_book())
    assert (result.days, result.lines) == ((), ())
