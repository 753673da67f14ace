"""Settlements of a debt and the enforcement record: actions against the debtor's assets, and what they recovered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from exequatur.model.source import Source


class DefaultClause(StrEnum):
    """What a default on the settlement does: revive the judgments' full amount less what was paid, or make the
    whole unpaid settled sum due at once."""

    REVIVAL = "revival"
    ACCELERATION = "acceleration"


@dataclass(frozen=True, slots=True, kw_only=True)
class Instalment:
    due: date
    amount: Decimal
    source: Source
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettlementDefault:
    on: date
    clause: DefaultClause
    source: Source
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Settlement:
    """An agreement to pay a debt on a schedule; payments against the debt after its date count towards it."""

    id: str
    debt: str
    date: date
    amount: Decimal
    currency: str
    instalments: tuple[Instalment, ...]
    source: Source
    interest: Decimal | None = None
    default: SettlementDefault | None = None
    cited: str | None = None


class ActionKind(StrEnum):
    RESTRAINING_NOTICE = "restraining-notice"
    DISCOVERY_SUBPOENA = "discovery-subpoena"
    WRIT_OF_ATTACHMENT = "writ-of-attachment"
    WRIT_OF_EXECUTION = "writ-of-execution"
    TURNOVER = "turnover"
    REGISTRATION = "registration"
    FSIA_1610C = "fsia-1610c"
    SALE = "sale"
    SUIT = "suit"


@dataclass(frozen=True, slots=True, kw_only=True)
class Asset:
    id: str
    description: str
    source: Source
    owner: str | None = None
    location: str | None = None
    #: ISO 3166 country where the asset is: whether it is within a forum's reach (asset-in-forum) is read from it.
    country: str | None = None
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One step against the debtor's assets; what it recovered is credited as payments on its instrument."""

    id: str
    kind: ActionKind
    source: Source
    date: date | None = None
    court: str | None = None
    docket: str | None = None
    status: str | None = None
    instrument: str | None = None
    asset: str | None = None
    cited: str | None = None
