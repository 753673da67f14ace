"""The plain reader (a document built straight from libyaml's events) gives what the full loader gives: the same
values of the same types at the same lines, and for anything it leaves to the full loader (an anchor, an alias, a
tag, a merge, a problem) the full loader's own result or error."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from exequatur.io.matterfile import parse_matter
from exequatur.io.yamllines import (
    LineDict,
    LineList,
    YamlProblem,
    _LibyamlLoader,
    _NotPlain,
    _plain_load,
    load_yaml,
)
from tests.conftest import ROOT


def payments_file(count: int) -> str:
    """A matter file of one judgment and `count` payments, one a line, as benchmarks/bench_owe.py writes it."""
    rows = [
        "matter: big",
        "creditor: {name: C, country: US}",
        "debtor: {name: D, country: US}",
        "instruments:",
        "  - {id: j, kind: judgment, forum: US-NY, date: 1990-01-01, currency: USD, "
        'amounts: [{label: principal, amount: "1000000000"}]}',
        "payments:",
    ]
    rows += [
        f'  - {{date: {date(1990, 1, 2) + timedelta(days=3 * n)}, amount: "12345.67", currency: USD, instrument: j}}'
        for n in range(count)
    ]
    return "\n".join(rows) + "\n"


def shape(value: Any) -> Any:
    """A value with its type and, for a mapping or a sequence, the lines of it and of each key or item."""
    if isinstance(value, LineDict):
        return ("map", value.line, [(k, type(k).__name__, value.key_lines[k], shape(v)) for k, v in value.items()])
    if isinstance(value, LineList):
        return ("seq", value.line, value.item_lines, [shape(v) for v in value])
    return (type(value).__name__, value)


def outcome(text: str, loader: type | None) -> Any:
    try:
        return shape(load_yaml(text, loader))
    except YamlProblem as problem:
        return ("problem", problem.line, problem.message)


YAML_FILES = sorted(
    p.relative_to(ROOT)
    for folder in ("examples", "tests/fixtures", "tests/cases", "src/exequatur")
    for p in (ROOT / folder).rglob("*.yaml")
)

SNIPPETS = [
    "",
    "---\n",
    "matter: m\n",
    "matter: m\n---\nmatter: n\n",
    "a: 1\nb: 010\nc: 09\nd: 0x10\ne: 1_000\nf: +5\ng: -0\n",
    "a: 1.50\nb: .5\nc: 1e3\nd: .inf\ne: -.NaN\nf: 1_0.5\n",
    "a: true\nb: yes\nc: on\nd: null\ne: ~\nf:\ng: 'true'\n",
    "true: a\n1: b\n",
    "1: a\ntrue: b\n",
    "? [a, b]\n: c\n",
    "? {a: b}\n: c\n",
    "a: 2020-01-02\nb: 2020-02-30\nc: 2020-01-02T10:00:00\nd: '2020-01-02'\n",
    "a: 1\na: 2\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: *nowhere\n",
    "a: !!int 5\n",
    "a: !custom x\n",
    "a: ! x\n",
    "a: '<<'\nb: <<\n",
    "<<: {a: 1}\n",
    "a: " + "[" * 64 + "]" * 64 + "\n",
    "a: " + "[" * 63 + "]" * 63 + "\n",
    "a: " + "9" * 101 + "\n",
    "a: " + "9" * 100 + "\n",
    'a: "\\ud800"\n',
    "a: b\n  c: d\n",
    "matter: m\ncredito",
    "a: [1, 2\n",
    "- a\n- b: c\n  d: [e, {f: g}]\n",
    "a: =\nb: '='\n",
    "a: |\n  two\n  lines\nb: >\n  folded\n  text\n",
    "a: 'it''s'\nb: \"tab\\tand \\u00e9\"\n",
    "a:\n  - 1\n  -\n  - - x\n",
    "\ud800matter: m\n",  # a lone surrogate, which cannot even be handed to libyaml (found by the fuzz campaign)
    "matter: m\ntitle: a\udc80b\n",
]


@pytest.mark.parametrize("path", YAML_FILES, ids=str)
def test_every_shipped_and_test_file_reads_as_the_full_loader_reads_it(path: Path) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert outcome(text, None) == outcome(text, _LibyamlLoader)


@pytest.mark.parametrize("text", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_each_case_reads_as_the_full_loader_reads_it(text: str) -> None:
    assert outcome(text, None) == outcome(text, _LibyamlLoader)


def test_a_plain_file_takes_the_plain_reader() -> None:
    assert YAML_FILES  # the corpus above is not empty
    text = payments_file(20)
    assert shape(_plain_load(text)) == shape(load_yaml(text, _LibyamlLoader))


@pytest.mark.parametrize(
    "text", ["a: &x 1\nb: *x\n", "a: !!str 5\n", "<<: {a: 1}\n", "a: 1\na: 2\n", "a: .inf\n", "a: [\n"]
)
def test_what_the_plain_reader_leaves_to_the_full_loader(text: str) -> None:
    with pytest.raises(_NotPlain):
        _plain_load(text)


def test_a_long_matter_file_keeps_its_errors_at_their_lines() -> None:
    """Errors in the 10,000-payment file of the benchmark still name their file, line and field."""
    lines = payments_file(10_000).splitlines()
    first, last = 6, len(lines) - 1  # the first and the last payment (0-based), on lines 7 and 10,006
    lines[first] = lines[first].replace('amount: "12345.67"', 'amount: "12345.678"')
    lines[last] = lines[last].replace("currency: USD", "currency: USD, curency: USD")
    matter, errors = parse_matter("\n".join(lines) + "\n", "big.yaml")
    assert matter is None
    assert [(e.source.file, e.source.line, e.field) for e in errors] == [("big.yaml", 10_006, "payments[9999].curency")]
    assert "unknown field 'curency'" in errors[0].message
    lines[last] = lines[last].replace(", curency: USD", "")
    matter, errors = parse_matter("\n".join(lines) + "\n", "big.yaml")
    assert matter is None
    assert [(e.source.line, e.field) for e in errors] == [(7, "payments[0].amount")]
    assert "more decimals than USD has minor units" in errors[0].message
    lines.insert(first + 2, "  - {date: 2020-01-01, amount: 1, amount: 2, currency: USD, instrument: j}")
    matter, errors = parse_matter("\n".join(lines) + "\n", "big.yaml")
    assert [(e.source.line, e.message) for e in errors] == [(9, "duplicate key 'amount' (first on line 9)")]
