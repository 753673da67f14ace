"""A misspelt key or forum code in a matter or claims file is reported at its line, naming the closest known one."""

from __future__ import annotations

import textwrap

from exequatur.io.claimsfile import parse_claims
from exequatur.io.matterfile import parse_matter
from exequatur.io.schema import FallbackFile, InterestFile, MatterFile, known_fields
from exequatur.model.errors import MatterError

MATTER = textwrap.dedent("""\
    matter: m
    creditor: {name: C}
    debtor: {name: D}
    instruments:
      - id: a
        kind: award
        forum: ICC
        date: 2020-01-15
        currency: USD
        amounts:
          - {label: damages, amount: "1000.00"}
        interest:
          - from: 2020-01-15
            rate: {index: usd-sofr, fallback: {after: 2021-01-01, use: floor}, floor: "1%"}
    proceedings:
      - {id: p, kind: confirmation, forum: US-FED, concerns: a}
""")


def problems(text: str) -> list[MatterError]:
    matter, errors = parse_matter(text, "m.yaml", known_tables=lambda _: True)
    assert matter is None
    return errors


def test_the_fixture_itself_loads() -> None:
    matter, errors = parse_matter(MATTER, "m.yaml", known_tables=lambda _: True)
    assert errors == []
    assert matter is not None


def test_a_misspelt_key_names_the_closest_key_of_its_own_mapping() -> None:
    cases = [
        ("matter: m\n", "mater: m\n", 1, "mater", "matter"),
        ("    currency: USD", "    curency: USD", 9, "instruments[0].curency", "currency"),
        ("{label: damages,", "{labl: damages,", 11, "instruments[0].amounts[0].labl", "label"),
        # `from` is the key a file writes (the model's field is `start`): the suggestion is the key.
        ("      - from: 2020", "      - form: 2020", 13, "instruments[0].interest[0].form", "from"),
        # Inside a discriminated union (rate: index-rate) and a mapping nested in it.
        ("{after: 2021", "{aftr: 2021", 14, "instruments[0].interest[0].rate.fallback.aftr", "after"),
        ("{id: p, kind:", "{id: p, knd:", 16, "proceedings[0].knd", "kind"),
    ]
    for old, new, line, field, known in cases:
        assert MATTER.count(old) == 1, old
        unknown = [e for e in problems(MATTER.replace(old, new)) if e.message.startswith("unknown field")]
        assert len(unknown) == 1, unknown
        (error,) = unknown
        assert (error.source.line, error.field) == (line, field)
        assert error.message == f"unknown field {field.rsplit('.', 1)[-1]!r}; did you mean {known!r}?"
        assert str(error) == f"m.yaml:{line}: {error.message} ({field})"


def test_a_key_like_nothing_known_gets_no_guess() -> None:
    (error,) = problems(MATTER.replace("    currency: USD\n", "    currency: USD\n    zzqx: 1\n"))
    assert error.message == "unknown field 'zzqx'"


def test_known_fields_follows_lists_and_union_tags() -> None:
    loc = ("instruments", 0, "interest", 0, "rate", "index-rate", "fallback", "aftr")
    assert set(known_fields(MatterFile, loc)) == {f.alias or n for n, f in FallbackFile.model_fields.items()}
    assert "from" in known_fields(MatterFile, ("instruments", 0, "interest", 0, "x"))
    assert "start" not in known_fields(MatterFile, ("instruments", 0, "interest", 0, "x"))
    assert set(InterestFile.model_fields) - {"start"} <= set(
        known_fields(MatterFile, ("instruments", 0, "interest", 0, "x"))
    )
    assert known_fields(MatterFile, ("nowhere", "x")) == ()


def test_an_unknown_forum_names_the_closest_code() -> None:
    (error,) = problems(MATTER.replace("forum: ICC", "forum: icc"))
    assert error.message.startswith("unknown forum 'icc'; did you mean 'ICC'? (known: ")
    assert (error.source.line, error.field) == (7, "instruments[0].forum")
    (error,) = problems(MATTER.replace("forum: US-FED", "forum: US-FEDERAL"))
    assert error.message == "unknown forum 'US-FEDERAL'; did you mean 'US-FED'?"
    assert (error.source.line, error.field) == (16, "proceedings[0].forum")


def test_an_unknown_instrument_reference_names_the_closest_id() -> None:
    (error,) = problems(MATTER.replace("concerns: a}", "concerns: A}"))
    assert error.message == "unknown instrument 'A'; did you mean 'a'?"


CLAIMS = (
    "debtor: {name: D}\nclaims:\n"
    "  - {id: c, creditor: C, rank: 1, stated: {amount: '1', currency: USD, as_of: 2024-01-01}}\n"
)


def test_claims_files_suggest_too() -> None:
    assert parse_claims(CLAIMS, "c.yaml")[1] == []
    claims, errors = parse_claims(CLAIMS.replace("creditor:", "creditr:"), "c.yaml")
    assert claims is None
    unknown = [e for e in errors if e.message.startswith("unknown field")]
    assert [(e.source.line, e.field, e.message) for e in unknown] == [
        (3, "claims[0].creditr", "unknown field 'creditr'; did you mean 'creditor'?")
    ]
    _, errors = parse_claims(CLAIMS.replace("as_of:", "asof:"), "c.yaml")
    assert any(e.message == "unknown field 'asof'; did you mean 'as_of'?" for e in errors)
    judgment = CLAIMS.replace(
        "stated: {amount: '1', currency: USD, as_of: 2024-01-01}",
        "judgment: {forum: us-fed, date: 2020-01-02, currency: USD, amount: '1'}",
    )
    _, errors = parse_claims(judgment, "c.yaml")
    assert [e.message for e in errors] == ["'us-fed' is not a court exequatur knows; did you mean 'US-FED'?"]
