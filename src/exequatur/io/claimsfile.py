"""Load a debtor's claims file: the same YAML with line numbers, strict schema and `file:line` errors as matters.

Format::

    debtor: {name: Bolivarian Republic of Venezuela, country: VE, sovereign: true}
    claims:
      - id: rusoro
        creditor: Rusoro Mining Ltd.
        rank: 7                              # or attached: YYYY-MM-DD (and order: N)
        matter: rusoro-v-venezuela.yaml      # path relative to this file...
        instrument: ddc-judgment             # ...and the instrument (default: the matter's single debt)
      - id: koch
        creditor: Koch Minerals Sàrl
        attached: 2023-05-01
        judgment: {forum: US-FED, date: 2021-08-18, currency: USD, amount: "325100000"}
      - id: altana
        creditor: Altana Capital
        rank: 14
        stated: {amount: "530000000", currency: USD, as_of: 2024-01-24, source: "..."}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from exequatur.io.matterfile import YamlDoc, field_path, validation_errors
from exequatur.io.schema import Amount, CurrencyCode, Date, Identifier, PartyFile, Text
from exequatur.io.suggest import forum_hint
from exequatur.io.yamllines import LineDict, YamlProblem, display_name, load_yaml, quoted, read_text
from exequatur.model.claims import Claim, ClaimsFile, StatedFigure
from exequatur.model.errors import MatterError
from exequatur.model.instruments import Component, Instrument, InstrumentKind
from exequatur.model.parties import Party
from exequatur.model.source import Source
from exequatur.rules.conversion import currency_problems
from exequatur.rules.forum import ForumKind
from exequatur.rules.registry import FORUMS

#: The forums a claim's inline judgment may name.
COURTS = tuple(code for code, forum in FORUMS.items() if forum.kind is ForumKind.COURT)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JudgmentClaimFile(_Strict):
    forum: Text
    date: Date
    currency: CurrencyCode
    amount: Amount
    source: str | None = None


class StatedFile(_Strict):
    amount: Amount
    currency: CurrencyCode
    as_of: Date
    source: str | None = None


class ClaimFile(_Strict):
    id: Identifier
    creditor: Text
    rank: int | None = Field(default=None, ge=1)
    attached: Date | None = Field(default=None, description="date of the writ or motion that set priority")
    order: int | None = Field(default=None, ge=1, description="order among claims attached the same day")
    rank_source: str | None = None
    matter: str | None = Field(default=None, description="a matter file, relative to this file")
    instrument: str | None = None
    judgment: JudgmentClaimFile | None = None
    stated: StatedFile | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _one_amount_and_a_priority(self) -> ClaimFile:
        given = [name for name in ("matter", "judgment", "stated") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a claim takes its amount from exactly one of matter:, judgment: or stated:")
        if self.rank is None and self.attached is None:
            raise ValueError("a claim needs its priority: rank: N, or attached: YYYY-MM-DD")
        if self.instrument is not None and self.matter is None:
            raise ValueError("instrument: names an instrument of the claim's matter: file")
        return self


class ClaimsSchema(_Strict):
    debtor: PartyFile
    title: str | None = None
    source: str | None = None
    claims: list[ClaimFile] = Field(min_length=1)


def _matter_file(folder: Path, name: str, allowed: tuple[Path, ...]) -> tuple[Path | None, str]:
    """The regular file `name` relative to `folder` if it lies under one of the `allowed` folders, or None and why
    (also for a name no file system accepts: a NUL byte, a name too long). A claims file from someone else must not
    make exequatur open, and quote, files anywhere on the machine."""
    try:
        resolved = (folder / name).resolve()
        roots = [root.resolve() for root in allowed]
        if not any(resolved.is_relative_to(root) for root in roots):
            where = " or ".join(str(root) for root in roots)
            return None, f"leads outside {where}; name the folder that holds it with --matters DIR"
        return (resolved, "") if resolved.is_file() else (None, f"is not a file next to {folder.name or folder}")
    except (OSError, ValueError):
        return None, "is not a usable file name"


def load_claims(path: str | Path, matters: Path | None = None) -> tuple[ClaimsFile | None, list[MatterError]]:
    """Read and check a claims file (`-` is standard input), with the same limits as a matter file.

    A claim's `matter:` must lie under the claims file's folder, or under `matters` if given.
    """
    file = display_name(path)
    try:
        text = read_text(path)
    except YamlProblem as problem:
        return None, [MatterError(source=Source(file, problem.line), message=problem.message)]
    return parse_claims(text, file, matters)


def parse_claims(
    text: str, file: str = "<claims>", matters: Path | None = None
) -> tuple[ClaimsFile | None, list[MatterError]]:
    """Check the text of a claims file; a claim's `matter:` is found relative to `file`'s folder."""
    try:
        raw = load_yaml(text)
    except YamlProblem as problem:
        return None, [MatterError(source=Source(file, problem.line), message=problem.message)]
    if not isinstance(raw, LineDict):
        return None, [MatterError(source=Source(file, 1), message="a claims file is a YAML mapping (key: value)")]
    doc = YamlDoc(file, raw)
    try:
        spec = ClaimsSchema.model_validate(raw)
    except ValidationError as exc:
        return None, sorted(validation_errors(doc, exc, ClaimsSchema), key=lambda e: e.source.line)
    errors: list[MatterError] = []
    claims = []
    seen: set[str] = set()
    for i, c in enumerate(spec.claims):
        here: tuple[int | str, ...] = ("claims", i)
        if c.id in seen:
            errors.append(
                MatterError(
                    source=doc.at(*here, "id"), field=field_path((*here, "id")), message=f"duplicate claim id {c.id!r}"
                )
            )
        seen.add(c.id)
        judgment = None
        if c.judgment is not None:
            court = FORUMS.get(c.judgment.forum)
            if court is None or court.kind is not ForumKind.COURT:
                errors.append(
                    MatterError(
                        source=doc.at(*here, "judgment", "forum"),
                        field=field_path((*here, "judgment", "forum")),
                        message=f"{c.judgment.forum!r} is not a court exequatur knows"
                        + forum_hint(c.judgment.forum, COURTS),
                    )
                )
            judgment = Instrument(
                id=c.id,
                kind=InstrumentKind.JUDGMENT,
                forum=c.judgment.forum,
                date=c.judgment.date,
                currency=c.judgment.currency,
                cited=c.judgment.source,
                source=doc.at(*here, "judgment"),
                components=(
                    Component(
                        label="judgment",
                        amount=c.judgment.amount,
                        source=doc.at(*here, "judgment"),
                        cited=c.judgment.source,
                    ),
                ),
            )
            # The same law as a matter file's judgments: e.g. a New York judgment is entered in dollars.
            errors.extend(
                MatterError(
                    source=doc.at(*here, "judgment", "currency"),
                    field=field_path((*here, "judgment", "currency")),
                    message=problem,
                )
                for problem in currency_problems(judgment, None)
            )
        matter_path = None
        if c.matter is not None:
            folder = Path(file).parent
            resolved, why = _matter_file(folder, c.matter, (folder, *((matters,) if matters else ())))
            if resolved is None:
                errors.append(
                    MatterError(
                        source=doc.at(*here, "matter"),
                        field=field_path((*here, "matter")),
                        message=f"matter file {quoted(c.matter)} {why}",
                    )
                )
            matter_path = str(resolved) if resolved is not None else c.matter
        stated = (
            StatedFigure(
                amount=c.stated.amount, currency=c.stated.currency, as_of=c.stated.as_of, cited=c.stated.source
            )
            if c.stated
            else None
        )
        claims.append(
            Claim(
                id=c.id,
                creditor=c.creditor,
                source=doc.at(*here),
                rank=c.rank,
                attached=c.attached,
                order=c.order,
                matter_path=matter_path,
                instrument=c.instrument,
                judgment=judgment,
                stated=stated,
                cited=c.source,
                rank_cited=c.rank_source,
            )
        )
    if errors:
        return None, sorted(errors, key=lambda e: e.source.line)
    debtor = Party(
        name=spec.debtor.name, country=spec.debtor.country, sovereign=spec.debtor.sovereign, source=doc.at("debtor")
    )
    return ClaimsFile(
        debtor=debtor, claims=tuple(claims), source=Source(file, 1), title=spec.title, cited=spec.source
    ), []


def claims_schema() -> dict[str, Any]:
    return ClaimsSchema.model_json_schema()
