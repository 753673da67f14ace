"""The matter loader reads a file the same way with libyaml's parser and with PyYAML's own (the fallback where
PyYAML was built without libyaml): the same values, the same lines, the same errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exequatur.io.yamllines import YamlProblem, _LibyamlLoader, _Loader, _PurePythonLoader, load_yaml

TEXT = """\
matter: m
payments:
  - {date: 2020-01-02, amount: "12.50", note: yes}
  - date: 2020-02-03
    amount: 7.25
"""


def test_libyaml_is_used_where_present() -> None:
    assert _Loader is _LibyamlLoader


@pytest.mark.parametrize("loader", [_LibyamlLoader, _PurePythonLoader])
def test_both_parsers_read_the_same_values_and_lines(loader: type) -> None:
    data = load_yaml(TEXT, loader)
    assert data == {
        "matter": "m",
        "payments": [
            {"date": "2020-01-02", "amount": "12.50", "note": "yes"},
            {"date": "2020-02-03", "amount": Decimal("7.25")},
        ],
    }
    assert data["payments"].item_lines == [3, 4]
    assert data["payments"][1].key_lines["amount"] == 5


@pytest.mark.parametrize("loader", [_LibyamlLoader, _PurePythonLoader])
def test_both_parsers_refuse_a_tag_and_a_deep_nest_at_their_line(loader: type) -> None:
    with pytest.raises(YamlProblem) as tag:
        load_yaml("matter: m\nvalue: !!int 5\n", loader)
    assert tag.value.line == 2
    with pytest.raises(YamlProblem, match="levels deep") as deep:
        load_yaml("a: " + "[" * 70 + "]" * 70 + "\n", loader)
    assert deep.value.line == 1


@pytest.mark.parametrize("loader", [_LibyamlLoader, _PurePythonLoader])
def test_a_file_that_ends_too_soon_is_an_error_on_its_own_last_line(loader: type) -> None:
    # libyaml marks the end of a cut-off mapping on the line after the file's last (found by the fuzz campaign).
    with pytest.raises(YamlProblem) as cut:
        load_yaml("matter: m\ncredito", loader)
    assert cut.value.line == 2


def test_a_lone_surrogate_is_refused_at_its_line() -> None:
    # libyaml reads UTF-8, which a lone surrogate (\udc80, from undecodable bytes) cannot be written in.
    with pytest.raises(YamlProblem, match=r"U\+DC80") as bad:
        load_yaml("matter: m\ntitle: a\udc80b\n", _LibyamlLoader)
    assert bad.value.line == 2
