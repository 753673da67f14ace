"""Dated, cited parameters read from YAML files under rules/params (the openfisca way).

One lookup rule: the newest value that started on or before the date. A date before the first value is an error,
never a default. Every value carries its citation, and files say when they were last reviewed.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from exequatur.model.errors import RuleError
from exequatur.rules.datafiles import load_yaml

PARAMS_PACKAGE = "exequatur.rules"


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedValue:
    start: date
    value: Decimal
    citation: str
    reference: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(v.start for v in self.values))

    def on(self, day: date, *, forum: str) -> DatedValue:
        i = bisect.bisect_right(self._starts, day)
        if i == 0:
            raise RuleError(
                f"{self.name}: no value in force on {day}; the first cited value starts {self.values[0].start}",
                forum=forum,
            )
        return self.values[i - 1]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterSet:
    """One parameter file: a forum's values for one rule, with its title, references and review date."""

    path: str
    title: str
    forum: str
    reviewed: date
    references: tuple[str, ...]
    parameters: dict[str, Parameter]

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    def value(self, name: str, day: date) -> DatedValue:
        return self.parameters[name].on(day, forum=self.forum)

    def steady_through(self, day: date, *names: str) -> date:
        """The last day on which each named parameter still has the value it has on `day` (date.max if none
        changes again): the day before the next of their values starts."""
        later = (v.start for name in names for v in self.parameters[name].values if v.start > day)
        return min((start - timedelta(days=1) for start in later), default=date.max)


def _parameter(name: str, raw: dict[str, Any]) -> Parameter:
    values = tuple(
        DatedValue(
            start=v["from"],
            value=Decimal(str(v["value"])),
            citation=v["citation"],
            reference=v.get("reference"),
        )
        for v in raw["values"]
    )
    if [v.start for v in values] != sorted(v.start for v in values):
        raise ValueError(f"parameter {name}: values are not in date order")
    return Parameter(name=name, description=raw["description"], unit=raw["unit"], values=values)


@cache
def load_parameters(path: str) -> ParameterSet:
    """Load `params/<path>` from the installed package (files are package data, read once per process)."""
    text = resources.files(PARAMS_PACKAGE).joinpath("params", path).read_text(encoding="utf-8")
    raw = load_yaml(text)
    return ParameterSet(
        path=path,
        title=raw["title"],
        forum=raw["forum"],
        reviewed=raw["reviewed"],
        references=tuple(raw.get("references", ())),
        parameters={name: _parameter(name, spec) for name, spec in raw["parameters"].items()},
    )


def all_parameter_files() -> list[str]:
    """Every parameter file shipped, as paths relative to params/ (for `rules list` and the common tests)."""
    root = resources.files(PARAMS_PACKAGE).joinpath("params")
    found: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yaml"):
                found.append(f"{prefix}{child.name}")

    walk(root, "")
    return found
