"""Every shipped parameter file: cited values in date order, a review date, a known forum."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.model.errors import RuleError
from exequatur.rules.parameters import all_parameter_files, load_parameters
from exequatur.rules.registry import FORUMS, forum

FILES = all_parameter_files()


def test_parameter_files_are_shipped() -> None:
    assert "us/ny/cplr-5004.yaml" in FILES
    assert "us/federal/28-usc-1961.yaml" in FILES


@pytest.mark.parametrize("path", FILES)
def test_every_value_is_cited_and_dated(path: str) -> None:
    params = load_parameters(path)
    assert params.forum in FORUMS
    assert params.reviewed <= date.today()  # noqa: DTZ011 - a calendar day, no time zone involved
    assert params.references
    for parameter in params.parameters.values():
        assert parameter.values, parameter.name
        starts = [v.start for v in parameter.values]
        assert starts == sorted(starts)
        for value in parameter.values:
            assert len(value.citation) > 10, (parameter.name, value)


def test_lookup_is_newest_on_or_before_and_never_before_the_first() -> None:
    params = load_parameters("us/ny/cplr-5004.yaml")
    assert params.value("rate", date(2000, 1, 1)).value == 9
    with pytest.raises(RuleError, match="no value in force"):
        params.value("rate", date(1980, 1, 1))


def test_unknown_forum_is_an_error() -> None:
    assert forum("CA-ON").code == "CA-ON"
    with pytest.raises(RuleError, match="unknown forum"):
        forum("XX")
