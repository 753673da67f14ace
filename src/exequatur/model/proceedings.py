"""Court proceedings that link instruments: a confirmation of an award, a recognition, a set-aside, an appeal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from exequatur.model.source import Source


class ProceedingKind(StrEnum):
    CONFIRMATION = "confirmation"
    RECOGNITION = "recognition"
    SET_ASIDE = "set-aside"
    ANNULMENT = "annulment"
    APPEAL = "appeal"
    #: ICSID Convention art. 49(2): a supplementary decision on, or rectification of, the award.
    RECTIFICATION = "rectification"
    INTERPRETATION = "interpretation"
    REVISION = "revision"
    ENFORCEMENT = "enforcement"


@dataclass(frozen=True, slots=True, kw_only=True)
class Proceeding:
    """`concerns` is the instrument the proceeding is about; `result` the judgment it produced, if any."""

    id: str
    kind: ProceedingKind
    forum: str
    source: Source
    court: str | None = None
    case_number: str | None = None
    filed: date | None = None
    decided: date | None = None
    concerns: str | None = None
    result: str | None = None
    outcome: str | None = None
    cited: str | None = None
