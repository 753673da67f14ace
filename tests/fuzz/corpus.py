"""The seeds the fuzz mutates: the examples, the bad-matter fixtures and the `matter:` text of every law case."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

#: `key: value` in block or flow style; the value runs to a comma, a closing bracket, a comment or the line's end.
VALUE = re.compile(r"""(?P<key>[A-Za-z_][\w-]*):[ ]+(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|[^,{}\[\]#\n]*[^,{}\[\]#\s])""")


@dataclass(frozen=True, slots=True)
class Seed:
    """One file to mutate. `claims` seeds go through the claims loader; `file` is the name errors must carry
    (for a claims file, its real path, so that its `matter:` paths resolve)."""

    name: str
    text: str
    claims: bool = False

    @property
    def file(self) -> str:
        return str(ROOT / self.name) if self.claims else f"fuzz/{self.name}"


def _is_claims(text: str) -> bool:
    return re.search(r"^claims:", text, re.MULTILINE) is not None and re.search(r"^matter:", text, re.MULTILINE) is None


def load_seeds(root: Path = ROOT) -> tuple[Seed, ...]:
    seeds = []
    for path in sorted((root / "examples").glob("*.yaml")) + sorted(
        (root / "tests/fixtures/bad_matters").glob("*.yaml")
    ):
        text = path.read_text(encoding="utf-8")
        seeds.append(Seed(str(path.relative_to(root)), text, claims=_is_claims(text)))
    for path in sorted((root / "tests/cases").rglob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(case, dict) and isinstance(case.get("matter"), str):
            seeds.append(Seed(f"{path.relative_to(root)}#matter", case["matter"]))
    return tuple(seeds)


def vocabulary(seeds: tuple[Seed, ...]) -> dict[str, tuple[str, ...]]:
    """Every value written for each key across the seeds, so a mutant can get another file's plausible value."""
    seen: dict[str, set[str]] = defaultdict(set)
    for seed in seeds:
        for match in VALUE.finditer(seed.text):
            value = match["value"]
            if len(value) <= 80:
                seen[match["key"]].add(value)
    return {key: tuple(sorted(values)) for key, values in seen.items()}
