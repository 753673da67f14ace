"""Grounds for refusing recognition or enforcement, and immunities, as cited, dated data: one regime per file in
rules/recognition/, each read by the module of the forum whose law it is.

A regime has versions chosen by the day its proceeding was filed (CPLR Article 53 before and after L. 2021, ch.
127). Each ground says what kind it is (mandatory, discretionary, immunity from suit, immunity from execution),
who bears the burden, its citation, and when it is made out, at risk or cleared, as conditions on the facts the
matter records (model/facts.py names them). A condition is a mapping of fact names to the values that satisfy it
(all must hold), or `any:` / `all:` of such mappings; a fact not recorded is unknown, and the ground asks its
question instead of guessing.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exequatur.model.errors import RuleError
from exequatur.model.facts import CATALOGUE
from exequatur.rules.datafiles import load_yaml

DATA_PACKAGE = "exequatur.rules"
DATA_DIR = "recognition"

#: Facts the engine works out from the matter itself rather than reading from `facts:`.
DERIVED = {
    "debtor-sovereign": "whether the debtor is a foreign state (parties: sovereign)",
    "icsid-award": "whether the award was rendered under the ICSID Convention",
    "confirms-award": "whether the judgment enforced confirms an award (the instrument is one or rests on one)",
    "execution-ordered": (
        "whether, by the as-of date, the court ordered attachment or execution on the judgment the proceeding yields "
        "(an event execution-ordered, or a fsia-1610c action or a writ of attachment or execution, which presupposes "
        "the order)"
    ),
    "within-time": "whether the proceeding was filed within the regime's time limit (its deadline rule)",
    "seat-in-forum": "whether the award was made in the forum's own country (its seat:)",
    "asset-in-forum": "whether the asset is in the forum's country (the asset's country:)",
}


class GroundKind(StrEnum):
    MANDATORY = "mandatory"
    DISCRETIONARY = "discretionary"
    IMMUNITY_SUIT = "immunity-suit"
    IMMUNITY_EXECUTION = "immunity-execution"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _GroundFile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.()-]*$")
    kind: GroundKind
    citation: str = Field(min_length=1)
    text: str = Field(min_length=1, description="the law's words for the ground")
    burden: str = Field(min_length=1)
    #: None for a ground that is never more than at risk (the New York Convention's art. VI adjournment).
    made_out: Any = Field(default=None, description="when the ground to refuse (or the immunity) is made out")
    at_risk: Any = None
    cleared: Any = None
    applies_if: Any = None
    #: Evaluated once for each asset of the matter (immunity from execution).
    per_asset: bool = False
    #: Whose instrument facts it reads: the instrument the proceeding concerns, or the judgment it produces (service
    #: and default in this proceeding: FSIA §1608, State Immunity Act s.9, s.12).
    facts_of: Literal["concerned", "result"] = "concerned"
    question: str | None = None
    #: Why the ground is only at risk when the facts that clear it are an award's, carried to a judgment on it
    #: (the state agreed to arbitrate, not to be sued on a court's judgment on the award).
    if_carried: str | None = None


class _VersionFile(_Strict):
    start: date = Field(alias="from")
    until: date | None = None
    citation: str = Field(min_length=1)
    transition: str | None = None
    grounds: tuple[_GroundFile, ...] = Field(min_length=1)


class _AppliesFile(_Strict):
    instrument: Literal["award", "judgment", "any"]
    institutions: tuple[str, ...] = ()
    not_institutions: tuple[str, ...] = ()
    debtor: Literal["sovereign"] | None = None


class _RegimeFile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.()-]*$")
    forum: str
    title: str
    applies: _AppliesFile
    source: str
    reviewed: date
    #: The deadline rule whose date a `within-time` condition reads (9 U.S.C. §207, ICAA s.10).
    time_limit: str | None = None
    versions: tuple[_VersionFile, ...] = Field(min_length=1)
    notes: tuple[str, ...] = ()


# -- conditions --------------------------------------------------------------------------------------------------

#: A fact's value as the conditions see it: recorded (bool or choice) or unknown (None).
Facts = Mapping[str, bool | str | None]


@dataclass(frozen=True, slots=True)
class Condition:
    """All of `atoms` (fact in values) hold, or any/all of `parts`."""

    atoms: tuple[tuple[str, tuple[bool | str, ...]], ...] = ()
    any_of: tuple[Condition, ...] = ()
    all_of: tuple[Condition, ...] = ()

    def names(self) -> set[str]:
        found = {name for name, _ in self.atoms}
        for part in (*self.any_of, *self.all_of):
            found |= part.names()
        return found

    def holds(self, facts: Facts) -> bool | None:
        """Kleene logic: True, False, or None where an unknown fact could make it either."""
        results: list[bool | None] = []
        for name, values in self.atoms:
            value = facts.get(name)
            results.append(None if value is None else value in values)
        results.extend(part.holds(facts) for part in self.all_of)
        verdict = _all(results)
        if self.any_of:
            verdict = _all([verdict, _any([part.holds(facts) for part in self.any_of])])
        return verdict


def _all(results: Sequence[bool | None]) -> bool | None:
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


def _any(results: Sequence[bool | None]) -> bool | None:
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


def _condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, dict) or not raw:
        raise RuleError(f"{where}: a condition is a mapping of facts to values, or any:/all:", forum=where)
    atoms: list[tuple[str, tuple[bool | str, ...]]] = []
    any_of: tuple[Condition, ...] = ()
    all_of: tuple[Condition, ...] = ()
    for key, value in raw.items():
        if key == "any":
            any_of = tuple(_condition(part, where) for part in value)
        elif key == "all":
            all_of = tuple(_condition(part, where) for part in value)
        else:
            if key not in CATALOGUE and key not in DERIVED:
                raise RuleError(f"{where}: unknown fact {key!r}", forum=where)
            values = tuple(value) if isinstance(value, list) else (value,)
            choices = CATALOGUE[key].choices if key in CATALOGUE else None
            allowed: tuple[bool | str, ...] = choices if choices is not None else (True, False)
            if any(v not in allowed for v in values):
                raise RuleError(f"{where}: {key} takes {list(allowed)}, not {list(values)}", forum=where)
            atoms.append((str(key), values))
    return Condition(atoms=tuple(atoms), any_of=any_of, all_of=all_of)


# -- regimes -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Ground:
    id: str
    kind: GroundKind
    citation: str
    text: str
    burden: str
    made_out: Condition | None
    at_risk: Condition | None
    cleared: Condition | None
    applies_if: Condition | None
    per_asset: bool
    question: str
    facts_of: str = "concerned"
    if_carried: str | None = None

    def facts(self) -> set[str]:
        """Every fact the ground reads."""
        conditions = (self.made_out, self.at_risk, self.cleared, self.applies_if)
        return set().union(*(c.names() for c in conditions if c is not None))


@dataclass(frozen=True, slots=True, kw_only=True)
class RegimeVersion:
    start: date
    until: date | None
    citation: str
    transition: str | None
    grounds: tuple[Ground, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Regime:
    id: str
    forum: str
    title: str
    instrument: str
    institutions: tuple[str, ...]
    not_institutions: tuple[str, ...]
    sovereign_only: bool
    source: str
    reviewed: date
    time_limit: str | None
    versions: tuple[RegimeVersion, ...]
    notes: tuple[str, ...]

    def version_on(self, day: date) -> RegimeVersion | None:
        for version in self.versions:
            if version.start <= day and (version.until is None or day <= version.until):
                return version
        return None

    def reaches(self, kind: str, institution: str, sovereign: bool) -> bool:
        return (
            self.instrument in ("any", kind)
            and (not self.institutions or institution in self.institutions)
            and institution not in self.not_institutions
            and (sovereign or not self.sovereign_only)
        )


def _ground(g: _GroundFile, where: str) -> Ground:
    here = f"{where}: {g.id}"
    if g.made_out is None and g.at_risk is None:
        raise RuleError(f"{here}: a ground needs made_out or at_risk", forum=where)
    made_out = None if g.made_out is None else _condition(g.made_out, here)
    at_risk = None if g.at_risk is None else _condition(g.at_risk, here)
    names = (made_out if made_out is not None else at_risk).names()  # type: ignore[union-attr]
    question = g.question or " ".join(CATALOGUE[n].question for n in sorted(names) if n in CATALOGUE)
    return Ground(
        id=g.id,
        kind=g.kind,
        citation=" ".join(g.citation.split()),
        text=" ".join(g.text.split()),
        burden=" ".join(g.burden.split()),
        made_out=made_out,
        at_risk=at_risk,
        cleared=None if g.cleared is None else _condition(g.cleared, here),
        applies_if=None if g.applies_if is None else _condition(g.applies_if, here),
        per_asset=g.per_asset,
        question=" ".join(question.split()),
        facts_of=g.facts_of,
        if_carried=None if g.if_carried is None else " ".join(g.if_carried.split()),
    )


def _regime(name: str, raw: Any) -> Regime:
    try:
        spec = _RegimeFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleError(f"recognition/{name}: {where}: {first['msg']}", forum=name) from None
    versions = tuple(
        RegimeVersion(
            start=v.start,
            until=v.until,
            citation=" ".join(v.citation.split()),
            transition=None if v.transition is None else " ".join(v.transition.split()),
            grounds=tuple(_ground(g, f"recognition/{name}") for g in v.grounds),
        )
        for v in spec.versions
    )
    for earlier, later in itertools.pairwise(versions):
        if earlier.until is None or earlier.until >= later.start:
            raise RuleError(f"recognition/{name}: versions overlap ({earlier.start}, {later.start})", forum=name)
    return Regime(
        id=spec.id,
        forum=spec.forum,
        title=spec.title,
        instrument=spec.applies.instrument,
        institutions=spec.applies.institutions,
        not_institutions=spec.applies.not_institutions,
        sovereign_only=spec.applies.debtor == "sovereign",
        source=spec.source,
        reviewed=spec.reviewed,
        time_limit=spec.time_limit,
        versions=versions,
        notes=tuple(" ".join(n.split()) for n in spec.notes),
    )


@cache
def regime(name: str) -> Regime:
    """A shipped regime by its file name without .yaml (e.g. "us-ny-cplr-art-53")."""
    entry = resources.files(DATA_PACKAGE).joinpath(DATA_DIR, f"{name}.yaml")
    try:
        text = entry.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(f"no recognition regime {name!r}", forum=name) from None
    return _regime(f"{name}.yaml", load_yaml(text))


def regime_names() -> tuple[str, ...]:
    folder = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    return tuple(sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")))
