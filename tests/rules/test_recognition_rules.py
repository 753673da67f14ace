"""The recognition regimes: every file loads, every ground is cited with its kind, burden and the law's words, the
versions do not overlap, each forum module fills its slot from these files, and a malformed condition is an error
naming the place."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.model.errors import RuleError
from exequatur.model.facts import CATALOGUE
from exequatur.rules.recognition import DERIVED, _regime, regime, regime_names
from exequatur.rules.registry import FORUMS


@pytest.mark.parametrize("name", regime_names())
def test_every_ground_is_cited(name: str) -> None:
    r = regime(name)
    assert r.source.startswith("https://")
    assert any(r in f.recognition for f in FORUMS.values()), f"{r.id} is read by no forum module"
    for version in r.versions:
        assert version.citation
        ids = [g.id for g in version.grounds]
        assert len(ids) == len(set(ids))
        for g in version.grounds:
            assert g.citation
            assert g.text
            assert g.burden
            assert g.question
            assert g.facts() <= set(CATALOGUE) | set(DERIVED)


def test_the_forums_with_regimes() -> None:
    assert {code for code, f in FORUMS.items() if f.recognition} == {"US-NY", "US-FED", "CA-ON", "GB-EW"}


def test_article_53_has_its_two_texts() -> None:
    r = regime("us-ny-cplr-art-53")
    assert r.version_on(date(2021, 6, 10)) is r.versions[0]
    assert r.version_on(date(2021, 6, 11)) is r.versions[1]


BASE = {
    "id": "x/y",
    "forum": "US-NY",
    "title": "t",
    "applies": {"instrument": "judgment"},
    "source": "https://example.org",
    "reviewed": date(2026, 1, 1),
}


def ground(**made_out: object) -> dict[str, object]:
    return {"id": "g", "kind": "mandatory", "citation": "c", "text": "t", "burden": "b", "made_out": made_out}


@pytest.mark.parametrize(
    ("grounds", "fragment"),
    [
        ([ground(servd=False)], "unknown fact 'servd'"),
        ([ground(**{"set-aside": "quashed"})], "set-aside takes"),
    ],
)
def test_a_malformed_ground_is_an_error_with_its_place(grounds: list[object], fragment: str) -> None:
    raw = {**BASE, "versions": [{"from": date(2000, 1, 1), "citation": "c", "grounds": grounds}]}
    with pytest.raises(RuleError, match=fragment):
        _regime("x.yaml", raw)


def test_overlapping_versions_are_refused() -> None:
    g = [ground(served=False)]
    raw = {
        **BASE,
        "versions": [
            {"from": date(2000, 1, 1), "until": date(2010, 1, 1), "citation": "c", "grounds": g},
            {"from": date(2009, 1, 1), "citation": "c", "grounds": g},
        ],
    }
    with pytest.raises(RuleError, match="overlap"):
        _regime("x.yaml", raw)


def test_docs_recognition_lists_every_regime_and_ground() -> None:
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "recognition.md").read_text(encoding="utf-8")
    for name in regime_names():
        r = regime(name)
        assert f"`{r.id}`" in doc
        for version in r.versions:
            for g in version.grounds:
                assert f"`{g.id}`" in doc, (r.id, g.id)
    for fact in CATALOGUE:
        assert f"`{fact}`" in doc


def test_docs_recognition_holds_what_the_rule_files_say_today() -> None:
    # The generated part of docs/recognition.md is `exequatur rules recognition --format markdown`, byte for byte:
    # a rule file changed without regenerating it fails here.
    from exequatur.reports.regimes import BEGIN, END, recognition_markdown
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "recognition.md").read_text(encoding="utf-8")
    generated = doc.split(BEGIN + "\n\n", 1)[1].split("\n" + END, 1)[0]
    shipped = [(regime(n), f"src/exequatur/rules/recognition/{n}.yaml") for n in regime_names()]
    assert generated == recognition_markdown(shipped)
