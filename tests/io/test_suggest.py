"""'Did you mean': the closest known name, case ignored, spelt as known, and nothing when nothing is close."""

from __future__ import annotations

from exequatur.io.suggest import closest, did_you_mean, forum_hint
from exequatur.rules.registry import FORUMS


def test_a_typo_finds_the_known_name() -> None:
    assert closest("US-NJ", FORUMS) == "US-NY"
    assert closest("ICSD", FORUMS) == "ICSID"
    assert closest("intrest", ["interest", "instruments", "id"]) == "interest"


def test_case_is_ignored_and_the_known_spelling_returned() -> None:
    assert closest("us-ny", FORUMS) == "US-NY"
    assert closest("Icsid-af", FORUMS) == "ICSID-AF"


def test_nothing_close_and_a_known_name_suggest_nothing() -> None:
    assert closest("ZZZZZZ", FORUMS) is None
    assert closest("US-NY", FORUMS) is None
    assert closest("x", []) is None
    assert did_you_mean("ZZZZZZ", FORUMS) == ""


def test_the_phrase_added_to_a_message() -> None:
    assert did_you_mean("curency", ["currency", "date"]) == "; did you mean 'currency'?"


def test_a_forum_code_of_another_real_place_is_not_taken_for_a_known_one() -> None:
    # US-NJ is one letter from US-NY, but New Jersey's judgment is not New York's: the hint names the place.
    nj = forum_hint("US-NJ", FORUMS)
    assert nj.startswith("; exequatur has no rules for the courts of New Jersey (in that country: ")
    assert "US-FED" in nj  # a federal court in New Jersey is one exequatur has
    assert forum_hint("DE", FORUMS) == "; exequatur has no rules for the courts of Germany"
    assert forum_hint("GB", FORUMS).endswith("courts of United Kingdom (in that country: GB-EW)")
    # A known code in other case, and a typo that is no place, are still suggested.
    assert forum_hint("us-ny", FORUMS) == "; did you mean 'US-NY'?"
    assert forum_hint("US-FD", FORUMS) == "; did you mean 'US-FED'?"
    assert forum_hint("ZZZZZZ", FORUMS) == ""
