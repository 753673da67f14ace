"""The matter files the storage tests round-trip: the examples, the starter file, and every law case's matter."""

from __future__ import annotations

import yaml

from exequatur.interfaces.api import check_text, rate_book
from exequatur.io.files import FileKind, kind_of
from tests.conftest import ROOT

STARTER = ROOT / "src" / "exequatur" / "io" / "templates" / "starter-matter.yaml"


def _corpus() -> dict[str, str]:
    texts = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if kind_of(text) is FileKind.MATTER:
            texts[path.name] = text
    texts["starter-matter.yaml"] = STARTER.read_text(encoding="utf-8")
    book = rate_book()
    for path in sorted((ROOT / "tests" / "cases").glob("*/*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = case.get("matter") if isinstance(case, dict) else None
        if isinstance(text, str) and not check_text(text, path.name, book):
            texts[f"{path.parent.name}/{path.name}"] = text
    return texts


CORPUS = _corpus()
EXAMPLES = [name for name in CORPUS if "/" not in name]
