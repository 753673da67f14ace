"""Things that happen after an award or judgment: payments, and the events deadlines run from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    """Money received by the creditor, paid against one instrument or against the debt as a whole.

    Either way it is credited on every instrument of the debt (single recovery): see engine/debt.py.
    """

    date: date
    amount: Decimal
    currency: str
    source: Source
    instrument: str | None = None
    debt: str | None = None
    #: The matter file's `source:` for the payment ("wire received 2020-01-15").
    cited: str | None = None
    #: How the payment reaches an instrument it was not paid on (single recovery, conversion); set by the engine.
    credited: str | None = None
    #: The enforcement action under which the money was recovered, if it was.
    recovery: str | None = None


class EventKind(StrEnum):
    """What happened on a day that a deadline can run from (or that meets one).

    `rendered`, `entered` and `settlement-default` come from the instruments' and settlements' own dates; the
    others are written in the matter file's `events:`.
    """

    RENDERED = "rendered"
    ENTERED = "entered"
    SETTLEMENT_DEFAULT = "settlement-default"
    #: An award notified (or delivered) to the parties; a French set-aside runs from it (CPC art. 1519).
    NOTIFIED = "notified"
    #: A judgment served on the debtor (with notice of entry in New York, CPLR 5513(a)).
    SERVED = "served"
    #: A fact that could decisively affect an award discovered (ICSID Convention art. 51(2)).
    DISCOVERED = "discovered"
    #: Corruption of a tribunal member discovered (ICSID Convention art. 52(2)).
    CORRUPTION_DISCOVERED = "corruption-discovered"
    #: A restraining notice served on a garnishee, a person other than the debtor (CPLR 5222(b)).
    RESTRAINING_NOTICE_SERVED = "restraining-notice-served"
    #: A levy by service of an execution on a garnishee (CPLR 5232(a)).
    LEVIED = "levied"
    #: A judgment or its lien renewed (CPLR 5014, 5203(b)).
    RENEWED = "renewed"
    #: A court order permitting attachment or execution against a foreign state's property (FSIA §1610(c)).
    EXECUTION_ORDERED = "execution-ordered"
    #: What a named deadline rule asked for was done on this day (a notice of appeal filed, a motion made).
    DONE = "done"


#: The events the matter file may state; the others come from instruments and settlements.
FILE_EVENTS = tuple(
    k for k in EventKind if k not in (EventKind.RENDERED, EventKind.ENTERED, EventKind.SETTLEMENT_DEFAULT)
)


@dataclass(frozen=True, slots=True, kw_only=True)
class MatterEvent:
    """One event of the matter file's `events:`: what happened, to which instrument, on which day, per whom."""

    kind: EventKind
    date: date
    instrument: str
    source: Source
    #: For `done`: the id of the deadline rule whose act this was.
    rule: str | None = None
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreedDeadline:
    """A time limit the parties set themselves (a settlement's cure period, a standstill), written in the matter
    file with the clause that sets it; counted on the court calendar of `calendar` (a forum code)."""

    id: str
    title: str
    trigger: EventKind
    instrument: str
    #: "30 days", "2 months", "1 year", "10 court-days".
    period: str
    calendar: str
    roll: bool
    actor: str
    citation: str
    source: Source
    cited: str | None = None
