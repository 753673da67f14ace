"""The deadline rule files: every one loads, every rule and version is cited with a source, versions are in date
order, each forum module fills its slot from its own file, and a malformed file is an error naming the place."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from exequatur.io.schema import FileEventKind
from exequatur.model.errors import RuleError
from exequatur.model.events import FILE_EVENTS
from exequatur.rules.deadlines import Nature, book_names, deadline_book
from exequatur.rules.deadlines import _book as parse_book
from exequatur.rules.registry import FORUMS, deadline_rule_ids


@pytest.mark.parametrize("name", book_names())
def test_every_rule_is_cited_and_dated(name: str) -> None:
    book = deadline_book(name)
    assert book.forum in FORUMS
    assert FORUMS[book.forum].deadlines is book  # the forum module reads its own file
    for rule in book.rules:
        assert rule.id.startswith(f"{name}/")
        assert rule.source.startswith("https://")
        starts = [v.start for v in rule.versions]
        assert starts == sorted(starts)
        for version in rule.versions:
            assert version.citation.strip()
            if rule.nature is not Nature.TASK:
                assert version.period is not None
                assert version.counting is not None
                assert version.counting.first_day
                assert version.counting.roll_citation


def test_rule_ids_are_unique_across_forums() -> None:
    ids = deadline_rule_ids()
    assert len(ids) == len(set(ids))
    assert "us-fed/frcp-62a" in ids


def test_the_file_events_are_the_model_s() -> None:
    assert set(get_args(FileEventKind)) == {k.value for k in FILE_EVENTS}


def test_the_version_in_force_on_the_trigger_day() -> None:
    rule = deadline_book("us-fed").rule("us-fed/frcp-62a")
    assert str(rule.version_on(date(2018, 11, 30)).period) == "14 days"  # type: ignore[union-attr]
    assert str(rule.version_on(date(2018, 12, 1)).period) == "30 days"  # type: ignore[union-attr]
    assert rule.version_on(date(1980, 1, 1)) is None


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"forum": "X", "source": "s", "reviewed": date(2026, 1, 1), "colour": 1}, "colour"),
        (
            {
                "forum": "X",
                "source": "s",
                "reviewed": date(2026, 1, 1),
                "rules": [
                    {
                        "id": "x/a",
                        "title": "t",
                        "nature": "act",
                        "actor": "debtor",
                        "trigger": "entred",
                        "applies": {"instrument": "judgment", "reach": "entered-here"},
                        "versions": [{"from": date(2020, 1, 1), "period": "30 days", "citation": "c"}],
                        "source": "s",
                    }
                ],
            },
            "rules.0.trigger",
        ),
        (
            {
                "forum": "X",
                "source": "s",
                "reviewed": date(2026, 1, 1),
                "rules": [
                    {
                        "id": "x/a",
                        "title": "t",
                        "nature": "act",
                        "actor": "debtor",
                        "trigger": "entered",
                        "applies": {"instrument": "judgment", "reach": "entered-here"},
                        "counting": "nowhere",
                        "versions": [{"from": date(2020, 1, 1), "period": "30 days", "citation": "c"}],
                        "source": "s",
                    }
                ],
            },
            "unknown counting 'nowhere'",
        ),
    ],
)
def test_a_malformed_rule_file_is_an_error_with_its_place(raw: dict[str, object], fragment: str) -> None:
    with pytest.raises(RuleError, match=fragment):
        parse_book("x.yaml", raw)
