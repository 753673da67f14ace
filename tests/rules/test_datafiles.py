"""The shipped law files read with libyaml (rules.datafiles) give exactly what PyYAML's own safe loader gives:
the same values of the same types, for every file the package ships, so the faster reading changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exequatur.rules import datafiles
from exequatur.rules.datafiles import load_yaml
from tests.conftest import ROOT

RULES = ROOT / "src" / "exequatur" / "rules"
SHIPPED = sorted(RULES.rglob("*.yaml"))


def typed(value: Any) -> Any:
    """The value with the type of every scalar beside it (True == 1 and 1 == 1.0 would hide a difference)."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_every_kind_of_file_is_there() -> None:
    folders = {p.relative_to(RULES).parts[0] for p in SHIPPED}
    assert folders == {"params", "calendars", "deadlines", "recognition"}


def test_the_wheels_carry_libyaml() -> None:
    assert datafiles.LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(RULES).as_posix())
def test_libyaml_reads_what_pyyaml_reads(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert typed(load_yaml(text)) == typed(yaml.safe_load(text))


def test_the_comparison_sees_a_type() -> None:
    assert typed({"a": [1, True]}) != typed({"a": [1.0, 1]})
