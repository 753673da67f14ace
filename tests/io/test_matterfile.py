"""The loader: records know their lines, the passes catch what validation alone cannot, the schema is real."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal

import jsonschema

from exequatur.io.matterfile import load_matter, parse_matter
from exequatur.io.schema import json_schema
from exequatur.io.yamllines import load_yaml
from exequatur.model.interest import Compounding, IndexRate
from tests.conftest import EXAMPLE

SMALL = textwrap.dedent("""\
    matter: small
    creditor: {name: C}
    debtor: {name: D, sovereign: true}
    instruments:
      - id: a
        kind: award
        forum: ICSID
        date: 2016-08-22
        currency: USD
        amounts:
          - {label: damages, amount: 1277002.50}
        interest:
          - from: 2011-09-16
            on: [damages]
            rate: "4%"
            compounding: annual
    payments:
      - {date: 2017-01-02, amount: "10.00", currency: USD, instrument: a}
""")


def test_records_carry_their_lines_and_exact_numbers() -> None:
    matter, errors = parse_matter(SMALL, "small.yaml")
    assert errors == []
    assert matter is not None
    award = matter.instrument("a")
    assert str(award.source) == "small.yaml:5"
    assert str(award.components[0].source) == "small.yaml:11"
    # An unquoted 1277002.50 is read from its text, never through a binary float.
    assert award.components[0].amount == Decimal("1277002.50")
    assert award.interest[0].on == ("damages",)  # `on:` is a key, not YAML 1.1's boolean
    assert award.interest[0].compounding is Compounding.ANNUAL
    assert str(matter.payments[0].source) == "small.yaml:18"
    assert matter.debtor.sovereign


def test_the_example_loads_with_its_rate_list() -> None:
    matter, errors = load_matter(EXAMPLE)
    assert errors == []
    assert matter is not None
    assert [i.id for i in matter.instruments] == [
        "award",
        "on-judgment",
        "ny-judgment",
        "ddc-judgment",
        "ny-settlement-judgment",
    ]
    assert {p.id for p in matter.proceedings} == {
        "paris-set-aside",
        "paris-set-aside-remand",
        "ddc-appeal",
        "on-recognition",
        "ny-recognition",
        "ddc-confirmation",
    }
    rate = matter.instrument("award").interest[0].rate
    assert isinstance(rate, IndexRate)
    assert rate.fallback is not None
    assert rate.fallback.after == date(2023, 6, 30)
    libor = matter.rates[0]
    assert libor.on_or_before(date(2012, 9, 16)).value == Decimal("0.99700")  # a Sunday: Friday's fixing


def test_every_figure_in_the_example_has_a_source() -> None:
    matter, _ = load_matter(EXAMPLE)
    assert matter is not None
    for instrument in matter.instruments:
        assert instrument.cited, instrument.id
        for component in instrument.components:
            assert component.cited, (instrument.id, component.label)
        for term in instrument.interest:
            assert term.note, instrument.id
    for proceeding in matter.proceedings:
        assert proceeding.cited, proceeding.id
    for point in matter.rates[0].points:
        assert point.note


def test_the_json_schema_is_valid_and_accepts_the_example() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = load_yaml(EXAMPLE.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []


def test_the_schema_rejects_a_misspelt_key() -> None:
    data = load_yaml(SMALL.replace("kind: award", "kind: award\n    currrency: USD"))
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def test_unreadable_file_is_an_error_value(tmp_path: object) -> None:
    matter, errors = load_matter("/nonexistent/matter.yaml")
    assert matter is None
    assert str(errors[0]) == "/nonexistent/matter.yaml: no such file"
