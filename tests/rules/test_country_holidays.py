"""The court calendars' holiday lists come from the `holidays` package's own classes, each country's module
imported alone (not the ~300 of `holidays.countries`): the lists are the package's, day for day and name for name."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import holidays
import pytest

from exequatur.rules.calendars import country_holidays
from tests.conftest import ROOT

#: Every list the shipped calendars build on, and the bare US list of §1961's H.15 release days.
LISTS = [
    ("US", None, ("public",)),
    ("US", None, ("government",)),
    ("US", "NY", ("public",)),
    ("US", "DE", ("public",)),
    ("US", "DC", ("public",)),
    ("CA", "ON", ("public", "optional")),
    ("GB", "ENG", ("public",)),
    ("FR", None, ("public",)),
    ("FR", "57", ("public",)),
    ("US", None, None),
]


@pytest.mark.parametrize(("country", "subdiv", "categories"), LISTS)
def test_each_list_is_the_packages_own(country: str, subdiv: str | None, categories: tuple[str, ...] | None) -> None:
    years = tuple(range(1995, 2031))
    ours = country_holidays(country, subdiv=subdiv, years=years, categories=categories)
    theirs = holidays.country_holidays(country, subdiv=subdiv, years=years, categories=categories)
    assert type(ours) is type(theirs)
    assert sorted((day, ours.get_list(day)) for day in ours) == sorted((day, theirs.get_list(day)) for day in theirs)
    assert ours.subdivisions == theirs.subdivisions


def test_a_country_the_package_lacks_is_its_own_error() -> None:
    with pytest.raises(NotImplementedError):
        country_holidays("XX")


def test_a_list_imports_its_country_alone_and_the_package_still_works_after() -> None:
    probe = """
        import json, sys
        from exequatur.rules.calendars import country_holidays
        us = country_holidays("US", years=2025)
        alone = sorted(m for m in sys.modules if m.startswith("holidays.countries"))
        import holidays
        from holidays.countries import US
        same = type(us) is US and type(holidays.country_holidays("US")) is US
        ca = sorted(country_holidays("CA", subdiv="ON", years=2025).items()) == sorted(
            holidays.country_holidays("CA", subdiv="ON", years=2025).items()
        )
        print(json.dumps([alone, same, ca]))
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(probe)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    alone, same, ca = json.loads(out.stdout)
    assert alone == ["holidays.countries.united_states"]
    assert same  # one class, whichever way it was imported
    assert ca
