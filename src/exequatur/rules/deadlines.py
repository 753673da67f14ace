"""Deadline rules as cited, dated data: which period runs from which event, how it is counted, and the law's words.

Each forum's rules are one YAML file in rules/deadlines/, read by that forum's module (so the module stays the one
place for its law). A rule names the event it runs from, the instruments it applies to, whose act it is, the acts
that meet it, and its versions, each with the date it came into force, its period and its citation: a deadline
takes the version in force on the day of its trigger (FRCP 62(a) gives 14 days to a judgment entered on
2018-11-30 and 30 days to one entered on 2018-12-01). The counting rules (which day is excluded, how a month is
counted, where a period ending on a closed day goes) are data of the same file, each with its citation.

The files are checked by strict pydantic models: a misspelt key or an unknown event is an error at load, and the
test suite loads every file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from exequatur.model.errors import RuleError
from exequatur.model.events import EventKind
from exequatur.model.proceedings import ProceedingKind
from exequatur.model.settlements import ActionKind
from exequatur.rules.datafiles import load_yaml

DATA_PACKAGE = "exequatur.rules"
DATA_DIR = "deadlines"


class Unit(StrEnum):
    DAYS = "days"
    #: Days the court is open: the weekends and holidays of the counting's calendar are skipped.
    COURT_DAYS = "court-days"
    MONTHS = "months"
    YEARS = "years"


class Nature(StrEnum):
    """What the date means. `act`: something must be done by it (appeal, set aside, confirm, renew), met or missed
    by what the matter records. `wait`: a period that must run before something may be done (the stay of
    execution); it is met once it has run. `task`: a step the law requires, with no date (FSIA §1610(c))."""

    ACT = "act"
    WAIT = "wait"
    TASK = "task"


class Actor(StrEnum):
    """Whose act or wait it is: the deadline is the creditor's to keep, or the debtor's right that runs out."""

    CREDITOR = "creditor"
    DEBTOR = "debtor"
    EITHER = "either"

    @property
    def whose(self) -> str:
        return "either party's" if self is Actor.EITHER else f"the {self.value}'s"


class Reach(StrEnum):
    """Which instruments a forum's rule reaches.

    `entered-here`: the forum's own judgments. `institution`: awards rendered under the institution's rules.
    `seat`: awards whose seat is in the forum (their set-aside court). `enforced-here`: an award or judgment of
    another forum that a proceeding in this forum concerns, or that a judgment of this forum is based on.
    `us-courts`: judgments of any United States court, federal or state (the FSIA binds them all).
    """

    ENTERED_HERE = "entered-here"
    INSTITUTION = "institution"
    SEAT = "seat"
    ENFORCED_HERE = "enforced-here"
    US_COURTS = "us-courts"


class Roll(StrEnum):
    """Where a period whose last day is closed ends: on the next court day, or where it falls."""

    NEXT = "next"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Period:
    count: int
    unit: Unit

    def __str__(self) -> str:
        word = self.unit.value.replace("court-days", "court days")
        return f"{self.count} {word[:-1] if self.count == 1 else word}"


# -- the file format ---------------------------------------------------------------------------------------------

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.()-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _CountingFile(_Strict):
    calendar: _Text = Field(description="'court' (the forum's court calendar at the venue) or a calendar id")
    first_day: _Text = Field(description="the rule that leaves out the day of the event, cited")
    months: _Text | None = Field(default=None, description="how a period in months or years ends, cited")
    roll: Roll = Roll.NEXT
    roll_citation: _Text | None = None
    #: What the day a period moves to is called in the computation ("next court day", "next business day").
    next_day: _Text = "next court day"
    #: Ontario r.3.01(1)(b), CPR 2.8(4): a period of at most this many days skips holidays as it runs.
    short_days: int | None = Field(default=None, ge=1)
    short_citation: _Text | None = None


_PeriodText = Annotated[str, StringConstraints(pattern=r"^\d+ (days?|court-days?|months?|years?)$")]


class _VersionFile(_Strict):
    start: date = Field(alias="from")
    period: _PeriodText | None = None
    citation: _Text
    #: The counting of this version, where it differs from the rule's.
    counting: _Text | None = None
    #: The period cannot end before this day (ICAA 2017 s.10: "the later of December 31, 2018 and ...").
    not_before: date | None = None
    #: The law governs every act from its start, whatever the trigger's date (a limitation statute that reaches
    #: older awards): it also applies to triggers before `from`.
    reaches_earlier: bool = False


class _AbroadFile(_Strict):
    """More time for the actor where it lives outside the forum's country (CPC art. 643 2°)."""

    period: _PeriodText
    citation: _Text


class _MetByFile(_Strict):
    proceeding: ProceedingKind | None = None
    action: ActionKind | None = None
    event: EventKind | None = None
    #: A proceeding must be in this forum ("here", the default) or anywhere ("any"), or in a forum of this prefix.
    forum: str = "here"


class _AppliesFile(_Strict):
    instrument: Literal["award", "judgment"]
    reach: Reach
    debtor: Literal["sovereign"] | None = None
    united_states_party: bool | None = None
    #: Awards of these institutions are left out (ICSID Convention awards are not New York Convention awards).
    not_institution: tuple[str, ...] = ()


class _RuleFile(_Strict):
    id: _RuleId
    title: _Text
    nature: Nature
    actor: Actor
    trigger: EventKind
    applies: _AppliesFile
    counting: _Text | None = None
    versions: tuple[_VersionFile, ...] = Field(min_length=1)
    met_by: tuple[_MetByFile, ...] = ()
    #: Another rule of the same file whose date caps this one ("and in any event within three years").
    within: _RuleId | None = None
    #: The trigger may never happen (a new fact discovered, a levy made): without it, the rule is not listed.
    contingent: bool = False
    abroad: _AbroadFile | None = None
    #: A proceeding about the instrument that, once decided, starts the period afresh from its decision (ICAA
    #: s.10(b): a set-aside at the seat; Figliolini: an appeal from the foreign judgment).
    restart_on: ProceedingKind | None = None
    #: How the computation names the trigger where the law's word differs from the event's ("made", "dispatched").
    trigger_label: _Text | None = None
    #: What a missed deadline means, where "the time ran out" would mislead ("the lien lapsed").
    missed: _Text | None = None
    source: _Text
    note: _Text | None = None


class _BookFile(_Strict):
    forum: _Text
    source: _Text
    reviewed: date
    counting: dict[str, _CountingFile] = Field(default_factory=dict)
    rules: tuple[_RuleFile, ...] = ()
    notes: tuple[_Text, ...] = ()


# -- the rules as the engine sees them ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Counting:
    id: str
    calendar: str
    first_day: str
    months: str | None
    roll: Roll
    roll_citation: str | None
    short_days: int | None
    short_citation: str | None
    next_day: str = "next court day"


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    start: date
    period: Period | None
    citation: str
    counting: Counting | None
    not_before: date | None
    reaches_earlier: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Abroad:
    period: Period
    citation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MetBy:
    proceeding: ProceedingKind | None
    action: ActionKind | None
    event: EventKind | None
    forum: str

    def describe(self) -> str:
        if self.proceeding is not None:
            return f"a {self.proceeding.value} proceeding"
        if self.action is not None:
            return f"a {self.action.value} action"
        return f"a {self.event.value if self.event else '?'} event"


@dataclass(frozen=True, slots=True, kw_only=True)
class Applies:
    instrument: str
    reach: Reach
    debtor: str | None
    united_states_party: bool | None
    not_institution: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineRule:
    id: str
    forum: str
    title: str
    nature: Nature
    actor: Actor
    trigger: EventKind
    applies: Applies
    counting: Counting | None
    versions: tuple[Version, ...]
    met_by: tuple[MetBy, ...]
    within: str | None
    contingent: bool
    abroad: Abroad | None
    source: str
    restart_on: ProceedingKind | None = None
    trigger_label: str | None = None
    missed: str | None = None
    note: str | None

    def version_on(self, day: date) -> Version | None:
        """The version in force on `day` (a trigger date); None before the first, unless the first reaches
        earlier triggers."""
        found = self.versions[0] if self.versions[0].reaches_earlier else None
        for version in self.versions:
            if version.start <= day:
                found = version
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineBook:
    """One forum's deadline rules and the notes that go with them (what does not apply, and why)."""

    forum: str
    source: str
    reviewed: date
    rules: tuple[DeadlineRule, ...]
    notes: tuple[str, ...]

    def rule(self, rule_id: str) -> DeadlineRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise RuleError(f"{self.forum}: no deadline rule {rule_id!r}", forum=self.forum)


def parse_period(text: str) -> Period:
    count, unit = text.split()
    plural = unit if unit.endswith("s") else f"{unit}s"
    return Period(int(count), Unit(plural))


def _version(v: _VersionFile, rule_counting: str | None, countings: dict[str, Counting]) -> Version:
    counting_id = v.counting or rule_counting
    return Version(
        start=v.start,
        period=None if v.period is None else parse_period(v.period),
        citation=" ".join(v.citation.split()),
        counting=None if counting_id is None else countings[counting_id],
        not_before=v.not_before,
        reaches_earlier=v.reaches_earlier,
    )


def _book(name: str, raw: Any) -> DeadlineBook:
    try:
        spec = _BookFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleError(f"deadlines/{name}: {where}: {first['msg']}", forum=name) from None
    countings = {
        key: Counting(
            id=key,
            calendar=c.calendar,
            first_day=" ".join(c.first_day.split()),
            months=None if c.months is None else " ".join(c.months.split()),
            roll=c.roll,
            roll_citation=c.roll_citation,
            short_days=c.short_days,
            short_citation=c.short_citation,
            next_day=c.next_day,
        )
        for key, c in spec.counting.items()
    }
    rules = []
    ids = {r.id for r in spec.rules}
    for r in spec.rules:
        for counting_id in (r.counting, *(v.counting for v in r.versions)):
            if counting_id is not None and counting_id not in countings:
                raise RuleError(f"deadlines/{name}: {r.id}: unknown counting {counting_id!r}", forum=spec.forum)
        if r.within is not None and r.within not in ids:
            raise RuleError(f"deadlines/{name}: {r.id}: within names unknown rule {r.within!r}", forum=spec.forum)
        starts = [v.start for v in r.versions]
        if starts != sorted(set(starts)):
            raise RuleError(f"deadlines/{name}: {r.id}: versions must be in date order", forum=spec.forum)
        if r.nature is not Nature.TASK and any(
            v.period is None or (v.counting or r.counting) is None for v in r.versions
        ):
            raise RuleError(f"deadlines/{name}: {r.id}: a dated rule needs a counting and periods", forum=spec.forum)
        rules.append(
            DeadlineRule(
                id=r.id,
                forum=spec.forum,
                title=r.title,
                nature=r.nature,
                actor=r.actor,
                trigger=r.trigger,
                applies=Applies(
                    instrument=r.applies.instrument,
                    reach=r.applies.reach,
                    debtor=r.applies.debtor,
                    united_states_party=r.applies.united_states_party,
                    not_institution=r.applies.not_institution,
                ),
                counting=None if r.counting is None else countings[r.counting],
                versions=tuple(_version(v, r.counting, countings) for v in r.versions),
                met_by=tuple(
                    MetBy(proceeding=m.proceeding, action=m.action, event=m.event, forum=m.forum) for m in r.met_by
                ),
                within=r.within,
                contingent=r.contingent,
                restart_on=r.restart_on,
                trigger_label=r.trigger_label,
                missed=r.missed,
                abroad=(
                    None
                    if r.abroad is None
                    else Abroad(period=parse_period(r.abroad.period), citation=" ".join(r.abroad.citation.split()))
                ),
                source=r.source,
                note=None if r.note is None else " ".join(r.note.split()),
            )
        )
    return DeadlineBook(
        forum=spec.forum,
        source=spec.source,
        reviewed=spec.reviewed,
        rules=tuple(rules),
        notes=tuple(" ".join(n.split()) for n in spec.notes),
    )


@cache
def deadline_book(name: str) -> DeadlineBook:
    """A forum's shipped deadline rules, by file name without .yaml (e.g. "us-fed")."""
    entry = resources.files(DATA_PACKAGE).joinpath(DATA_DIR, f"{name}.yaml")
    try:
        text = entry.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(f"no deadline rules {name!r}", forum=name) from None
    return _book(f"{name}.yaml", load_yaml(text))


def book_names() -> tuple[str, ...]:
    """Every shipped deadline file (for the tests, which load them all, and for `rules` listings)."""
    folder = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    return tuple(sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")))
