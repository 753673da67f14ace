"""What a forum is to the engine: a code, a name, and one slot per concern of its law (interest, the gap to
judgment, the court calendar, deadlines, recognition), each filled from the forum's own module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from exequatur.model.errors import RuleError
from exequatur.model.events import Payment
from exequatur.model.instruments import Instrument
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.parties import Party
from exequatur.model.rates import RateBook
from exequatur.model.source import Source
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.calendars import CourtCalendar

if TYPE_CHECKING:
    from exequatur.rules.deadlines import DeadlineBook
    from exequatur.rules.recognition import Regime


class ForumKind(StrEnum):
    COURT = "court"
    ARBITRAL = "arbitral"


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleContext:
    """What a forum rule may look at besides the instrument: the rates, the date asked about, the payments."""

    rates: RateBook
    as_of: date
    payments: Sequence[Payment] = ()
    creditor: Party | None = None


class InterestRule(Protocol):
    """A forum's statutory interest on a judgment that states no terms of its own."""

    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]: ...

    def shared_through(self, instrument: Instrument, context: RuleContext) -> date:
        """The last entry day through which a judgment otherwise like `instrument` gets the same rates, day
        counts, compounding and term ends, its first term starting on its own entry day (a rate fixed for the
        week, quarter or half-year of entry), or, where the rule refuses it, the same refusal. The portfolio
        engine asks the rule once for all of them (a refusal it hands on only where the stretch's last day is
        refused in the same words); the instrument's own date is always a safe answer."""
        ...

    def reads_payments(self, instrument: Instrument) -> date | None:
        """None where the regime does not depend on the judgment's own payments (context.payments); else the day
        D such that it depends on them only through whether one was credited before D, regime and error alike
        (CPLR 5004(a)(ii): 30 Apr 2022). The portfolio engine then asks the rule once for the judgments with such
        a payment and once for those without, not judgment by judgment."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Increase:
    """A rise of the rate from a day that a fact other than the entry fixes (France, C. mon. fin. L313-3: +5
    points two months after the decision became enforceable). The rule's regime is its regime without the
    increase, the terms cut at `start` and raised by `points` from that day on."""

    start: date
    points: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class IncreaseLaw:
    """How the law in force on an enforceable day places the increase, the same for every enforceable day up to
    `through`: `points` more from the day after `months` months have run from the enforceable day, a period that
    ends on the same day-number of its last month, or on that month's last day where it has none (France: CPC
    art. 641-642; IncreasingRule.increase places it so)."""

    months: int
    points: Decimal
    through: date


@runtime_checkable
class IncreasingRule(Protocol):
    """An interest rule whose rate rises from the day an instrument's `enforceable` date fixes."""

    def increase(self, enforceable: date) -> Increase: ...

    def increase_law(self, enforceable: date) -> IncreaseLaw:
        """The law that places the increase of a decision enforceable on `enforceable`, and the last such day it
        places the same way (so many judgments are placed by one question)."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class GapContext:
    """What a gap rule may look at: the rates, and the day the proceeding that led to the judgment was commenced."""

    rates: RateBook
    commenced: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GapInterest:
    """Interest a forum adds between an award (or foreign judgment) that states none and the judgment on it.

    `terms` run from the basis's date to the judgment's (none where the forum adds nothing by default); `note`
    says what was done and why, with its citation, so the statement shows it either way.
    """

    terms: tuple[RegimeTerm, ...]
    note: str


class GapRule(Protocol):
    """The forum's law on interest from an award that states none (or a foreign judgment) to the judgment on it."""

    def gap(self, judgment: Instrument, basis: Instrument, context: GapContext) -> GapInterest: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CourtDecides:
    """A forum where such interest is for the court: nothing by default, and the statement says so."""

    forum: str
    law: str

    def gap(self, judgment: Instrument, basis: Instrument, context: GapContext) -> GapInterest:
        return GapInterest(
            terms=(),
            note=(
                f"no interest from {basis.id} ({basis.date}) to {judgment.id} ({judgment.date}): {self.law}; "
                "if the court awarded it, state it on the judgment (prejudgment:)"
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Forum:
    code: str
    name: str
    kind: ForumKind
    currency: str | None = None
    #: ISO 3166 country of the forum's courts (paper size, whether a party lives abroad); None for institutions.
    country: str | None = None
    #: The statutory interest on a judgment that states none; None: not written yet.
    interest: InterestRule | None = None
    #: Interest from an award that states none (or a foreign judgment) to the judgment on it; None: no rule known.
    gap: GapRule | None = None
    #: The court calendar at a venue (US-FED: the district's state; FR: an Alsace-Moselle département).
    calendar: Callable[[str | None], CourtCalendar] | None = None
    #: The file of the time limits the forum's law sets (rules/deadlines/<name>.yaml, by name without .yaml), read
    #: when `deadlines` is first asked for; None: none written yet.
    deadlines_file: str | None = None
    #: The files of the regimes its courts apply (rules/recognition/<name>.yaml), read when `recognition` is first
    #: asked for.
    recognition_files: tuple[str, ...] = ()
    #: Shipped rate tables the rule reads (for `rules show` and the common forum tests).
    tables: tuple[str, ...] = ()

    # The two files are read (and checked) on first use, not when the forum modules are imported, so that a
    # command which needs neither (`owe`) does not pay for them; each is read once, by its cached loader.

    @property
    def deadlines(self) -> DeadlineBook | None:
        """The time limits the forum's law sets, as cited data; None: none written yet."""
        if self.deadlines_file is None:
            return None
        from exequatur.rules.deadlines import deadline_book

        return deadline_book(self.deadlines_file)

    @property
    def recognition(self) -> tuple[Regime, ...]:
        """The grounds on which its courts refuse recognition or enforcement, and the immunities they apply."""
        if not self.recognition_files:
            return ()
        from exequatur.rules.recognition import regime

        return tuple(regime(name) for name in self.recognition_files)


def statutory_term(
    *,
    start: date,
    percent: Decimal,
    days_in_year: Decimal,
    forum: str,
    params: str,
    until: date | None = None,
    compounding: Compounding = Compounding.NONE,
) -> InterestTerm:
    """A term at a statute's rate, sourced to the parameter file it was read from (the shape of every forum rule)."""
    return InterestTerm(
        start=start,
        until=until,
        rate=FixedRate(percent=percent),
        compounding=compounding,
        day_count=day_count_for(days_in_year, forum=forum),
        source=Source(f"exequatur/rules/params/{params}", 0),
    )


def day_count_for(days_in_year: Decimal, *, forum: str) -> DayCount:
    """Map a statute's or convention's divisor to the engine's day count."""
    if days_in_year == 365:
        return DayCount.ACT_365
    if days_in_year == 360:
        return DayCount.ACT_360
    raise RuleError(f"no day count for a {days_in_year}-day year", forum=forum)
