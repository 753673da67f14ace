"""Awards and judgments: the sums they grant, in what currency, on what date, and any interest they state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from exequatur.model.interest import InterestTerm
from exequatur.model.source import Source


class InstrumentKind(StrEnum):
    AWARD = "award"
    JUDGMENT = "judgment"


class CmtWeek(StrEnum):
    """Which weekly average a federal judgment takes under 28 U.S.C. §1961(a); the courts' practices differ.

    `calendar-week`: the statute's words, the calendar week preceding the week of entry (S.D. Tex. publishes its
    tables so). `latest-release`: the latest H.15 release published before the day of entry, a release counting
    at the close of business (D. Utah; Bankr. W.D. Tex.). They differ only for a judgment entered on a release day.
    """

    CALENDAR_WEEK = "calendar-week"
    LATEST_RELEASE = "latest-release"


class InstrumentStatus(StrEnum):
    """`sought`: a judgment asked for but not (yet) entered; its date is the one assumed for a projection."""

    ENTERED = "entered"
    SOUGHT = "sought"


@dataclass(frozen=True, slots=True, kw_only=True)
class Component:
    """One sum granted (damages, costs, interest to judgment), kept apart because terms may differ per sum."""

    label: str
    amount: Decimal
    source: Source
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TortClaim:
    """US-DE: a tort judgment for bodily injury, death or property damage (6 Del. C. §2301(d))."""

    injury: date
    #: Whether, before trial, the plaintiff extended a written settlement demand valid for at least 30 days for less
    #: than the judgment: §2301(d) adds its interest only then. None: not known.
    settlement_demand: bool | None
    source: Source
    cited: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Instrument:
    """An award or a judgment. `based_on` names the instrument it confirms or recognizes.

    `carried` marks a judgment whose sum is the unpaid balance of `based_on` on its date (a judgment "for the
    amount of the award plus interest to entry"); the engine supplies its components.
    """

    id: str
    kind: InstrumentKind
    forum: str
    date: date
    currency: str
    components: tuple[Component, ...]
    source: Source
    interest: tuple[InterestTerm, ...] = ()
    based_on: str | None = None
    #: The debt this instrument represents; default: the root of its based_on chain (one debt, many instruments).
    debt: str | None = None
    carried: bool = False
    status: InstrumentStatus = InstrumentStatus.ENTERED
    consumer_debt: bool = False
    #: After entry: the forum's statutory rate ("statutory"), or the based_on instrument's terms ("underlying").
    post_judgment: str = "statutory"
    #: The day a foreign-currency sum was converted, where the court chose one (else the forum's rule).
    converted_on: datetime.date | None = None
    #: The day the decision was served or otherwise became enforceable (France: L313-3 adds 5 points two months
    #: later); None: not known, and the increase is left out.
    enforceable: datetime.date | None = None
    #: Interest from an award that states none (or a foreign judgment) to this judgment on it: "statutory" (the
    #: forum's rule), "none", or "stated" with the terms in `prejudgment_terms`.
    prejudgment: str = "statutory"
    prejudgment_terms: tuple[InterestTerm, ...] = ()
    tort: TortClaim | None = None
    #: US-FED: which week's 1-year CMT average governs (§1961(a)).
    cmt_week: CmtWeek = CmtWeek.CALENDAR_WEEK
    #: Where the court sits, for its calendar: US-FED the district's state ("DC"), FR an Alsace-Moselle département.
    venue: str | None = None
    #: An award's seat, as the forum code of its courts ("FR" for Paris): their set-aside deadlines apply.
    seat: str | None = None
    title: str | None = None
    cited: str | None = None

    @property
    def principal(self) -> Decimal:
        return sum((c.amount for c in self.components), Decimal(0))
