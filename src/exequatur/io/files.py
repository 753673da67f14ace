"""The files a user hands exequatur, handled one way for the command line, the Python API and the web app.

Which kind a file is (a matter, or a debtor's claims), what checking it finds (a claims file is checked with every
matter file it names), what it holds when it passes, the starter file a new matter begins from, and the plain CSV
the interfaces write rows as.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

from exequatur.io.claimsfile import parse_claims
from exequatur.io.csvcells import row_cells
from exequatur.io.matterfile import load_matter, parse_matter
from exequatur.io.yamllines import YamlProblem, display_name, read_text
from exequatur.model.errors import MatterError
from exequatur.model.matter import Matter
from exequatur.model.source import Source


class FileKind(StrEnum):
    MATTER = "matter"
    CLAIMS = "claims"


_CLAIMS_KEY = re.compile(r"^claims:", re.MULTILINE)
_MATTER_KEY = re.compile(r"^matter:", re.MULTILINE)


def kind_of(text: str) -> FileKind:
    """A debtor's claims file has a top-level `claims:` and no `matter:`; anything else is read as a matter file
    (so that a matter file with a mistake is reported as one)."""
    if _CLAIMS_KEY.search(text) is not None and _MATTER_KEY.search(text) is None:
        return FileKind.CLAIMS
    return FileKind.MATTER


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True, slots=True, kw_only=True)
class MatterSummary:
    """What a matter file that passed its checks holds, counted from the loaded matter."""

    matter: str
    instruments: int
    debts: int
    payments: int
    recoveries: int
    proceedings: int
    settlements: int
    assets: int
    actions: int
    rate_lists: int

    @classmethod
    def of(cls, matter: Matter) -> MatterSummary:
        recovered = sum(1 for p in matter.payments if p.recovery is not None)
        return cls(
            matter=matter.id,
            instruments=len(matter.instruments),
            debts=len(matter.debts()),
            payments=len(matter.payments) - recovered,
            recoveries=recovered,
            proceedings=len(matter.proceedings),
            settlements=len(matter.settlements),
            assets=len(matter.assets),
            actions=len(matter.actions),
            rate_lists=len(matter.rates),
        )

    def __str__(self) -> str:
        # Instruments, debts and payments always (a reader checks them); the other sections when the file has any.
        parts = [
            f"matter {self.matter}",
            _counted(self.instruments, "instrument"),
            _counted(self.debts, "debt"),
            _counted(self.payments, "payment"),
        ]
        optional = (
            (self.recoveries, "recovery", "recoveries"),
            (self.proceedings, "proceeding", "proceedings"),
            (self.settlements, "settlement", "settlements"),
            (self.assets, "asset", "assets"),
            (self.actions, "enforcement action", "enforcement actions"),
            (self.rate_lists, "rate list", "rate lists"),
        )
        parts += [f"{n} {one if n == 1 else many}" for n, one, many in optional if n]
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"kind": FileKind.MATTER.value, **{f.name: getattr(self, f.name) for f in fields(self)}}


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckedMatter:
    """A matter file named by a claims file, as the claims file names it, and what it holds."""

    file: str
    summary: MatterSummary

    def __str__(self) -> str:
        return f"{self.file} ({self.summary})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimsSummary:
    """What a claims file that passed its checks holds, with the matter files it names (each checked too)."""

    debtor: str
    claims: int
    matters: tuple[CheckedMatter, ...]

    def __str__(self) -> str:
        text = f"{_counted(self.claims, 'claim')} against {self.debtor}"
        if not self.matters:
            return f"{text}; no matter files named"
        checked = "; ".join(str(m) for m in self.matters)
        return f"{text}; {_counted(len(self.matters), 'matter file')} checked: {checked}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": FileKind.CLAIMS.value,
            "debtor": self.debtor,
            "claims": self.claims,
            "matters": [{"file": m.file, **m.summary.to_json()} for m in self.matters],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class FileCheck:
    """The result of checking one file: its problems (each with its place), or what it holds if it has none.

    `text` is the text as read, kept for quoting the lines of errors: standard input cannot be read twice.
    """

    file: str
    errors: tuple[MatterError, ...]
    summary: MatterSummary | ClaimsSummary | None = None
    text: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        if self.summary is not None and self.ok:
            return f"{self.file}: OK — {self.summary}"
        return f"{self.file}: {_counted(len(self.errors), 'problem')}"


def _shown_from(folder: Path, path: str) -> str:
    """A matter file's path as seen from the claims file's folder when it lies under it (as the claim wrote it)."""
    try:
        return os.path.relpath(path, folder) if Path(path).is_relative_to(folder.resolve()) else path
    except ValueError:  # another drive on Windows
        return path


def check_file(
    path: str | Path, *, known_tables: Callable[[str], bool] = lambda _: False, matters: Path | None = None
) -> FileCheck:
    """Check a matter file or a claims file (`-` is standard input), read once.

    A claims file's `matter:` files must lie under its own folder, or under `matters`; each distinct one is loaded
    and checked, and its problems are the claims file's too. `known_tables` says which rate tables exist.
    """
    file = display_name(path)
    try:
        text = read_text(path)
    except YamlProblem as problem:
        return FileCheck(file=file, errors=(MatterError(source=Source(file, problem.line), message=problem.message),))
    if kind_of(text) is FileKind.MATTER:
        loaded, found = parse_matter(text, file, known_tables=known_tables)
        held = MatterSummary.of(loaded) if loaded is not None else None
        return FileCheck(file=file, errors=tuple(found), summary=held, text=text)
    claims, problems = parse_claims(text, file, matters)
    if claims is None:
        return FileCheck(file=file, errors=tuple(problems), text=text)
    errors: list[MatterError] = []
    checked: list[CheckedMatter] = []
    seen: set[str] = set()
    for claim in claims.claims:
        if claim.matter_path is None or claim.matter_path in seen:
            continue
        seen.add(claim.matter_path)
        loaded, found = load_matter(claim.matter_path, known_tables=known_tables)
        errors.extend(found)
        if loaded is not None:
            shown = _shown_from(Path(file).parent, claim.matter_path)
            checked.append(CheckedMatter(file=shown, summary=MatterSummary.of(loaded)))
    summary = ClaimsSummary(debtor=claims.debtor.name, claims=len(claims.claims), matters=tuple(checked))
    return FileCheck(file=file, errors=tuple(errors), summary=None if errors else summary, text=text)


def starter_matter() -> str:
    """The commented starter matter file `exequatur init` writes (package data: io/templates/starter-matter.yaml)."""
    return files("exequatur.io").joinpath("templates", "starter-matter.yaml").read_text(encoding="utf-8")


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    """Rows as CSV with a header, in the order of `columns` (keys not among them are left out), `\\n` line ends."""
    writer = csv.DictWriter(out, list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row_cells(row))  # no cell a spreadsheet would run as a formula
