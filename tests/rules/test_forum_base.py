"""The common base every forum passes: a known currency and court calendar, cited parameters, covering tables,
a conversion rule, and law cases of its own (tests/rules/test_law_cases.py runs them)."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.io.ratetables import shipped_tables
from exequatur.model.money import minor_units
from exequatur.rules.conversion import CONVERSION
from exequatur.rules.forum import ForumKind
from exequatur.rules.parameters import all_parameter_files, load_parameters
from exequatur.rules.registry import FORUMS

COURTS = sorted(code for code, f in FORUMS.items() if f.kind is ForumKind.COURT)


@pytest.mark.parametrize("code", COURTS)
def test_currency_calendar_and_conversion_are_known(code: str) -> None:
    forum = FORUMS[code]
    assert forum.currency is not None
    assert minor_units(forum.currency) >= 0
    assert forum.calendar is not None
    assert forum.country is not None
    calendar = forum.calendar(None)
    assert not calendar.is_court_day(date(2024, 12, 25))  # every one of these forums closes on Christmas Day
    assert calendar.is_court_day(date(2024, 12, 4))  # and sits on an ordinary Wednesday
    assert code in CONVERSION
    assert forum.interest is not None


@pytest.mark.parametrize("code", COURTS)
def test_every_court_has_cited_parameters(code: str) -> None:
    files = [p for p in all_parameter_files() if load_parameters(p).forum == code]
    assert files, f"{code} has no parameter file"
    for path in files:
        params = load_parameters(path)
        assert params.references
        for parameter in params.parameters.values():
            for value in parameter.values:
                assert value.citation.strip(), (path, parameter.name)


@pytest.mark.parametrize("code", COURTS)
def test_tables_named_by_a_forum_are_shipped_with_sources(code: str) -> None:
    tables = shipped_tables()
    for table in FORUMS[code].tables:
        assert table in tables
        series = tables[table]
        assert series.source
        assert series.reviewed is not None
        assert series.first < series.last
