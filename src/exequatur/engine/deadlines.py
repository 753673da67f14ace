"""Every deadline of a matter: which rules reach each instrument, the day each period ends, and the arithmetic in
words, marked open, met or missed from what the matter records.

A rule reaches an instrument through a forum: the forum that entered a judgment, the institution under whose rules
an award was made, the courts of an award's seat, a forum where a proceeding or judgment enforces it, or (for the
FSIA) any United States court. Its period runs from the trigger the matter records, by the version of the rule in
force on the trigger's day and the counting that version names; a trigger the matter lacks is asked for (status
needs-fact), never guessed. See docs/deadlines.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from dateutil.relativedelta import relativedelta

from exequatur.model.events import AgreedDeadline, EventKind
from exequatur.model.instruments import Instrument, InstrumentKind, InstrumentStatus
from exequatur.model.matter import Matter
from exequatur.model.proceedings import ProceedingKind
from exequatur.rules.calendars import ClosedDay, ClosedKind, CourtCalendar, calendar, federal_calendar
from exequatur.rules.deadlines import (
    Actor,
    Applies,
    Counting,
    DeadlineRule,
    MetBy,
    Nature,
    Period,
    Reach,
    Roll,
    Unit,
    Version,
    parse_period,
)
from exequatur.rules.forum import Forum, ForumKind
from exequatur.rules.registry import FORUMS

#: Proceedings that enforce an instrument elsewhere (a set-aside or an appeal attacks it instead).
ENFORCING = frozenset({ProceedingKind.CONFIRMATION, ProceedingKind.RECOGNITION, ProceedingKind.ENFORCEMENT})

#: What to write in the matter file for a missing trigger.
NEEDED = {
    EventKind.NOTIFIED: "the day the award was notified to the parties",
    EventKind.SERVED: "the day the judgment was served (with notice of entry)",
    EventKind.DISCOVERED: "the day the new fact was discovered",
    EventKind.CORRUPTION_DISCOVERED: "the day the corruption was discovered",
    EventKind.RESTRAINING_NOTICE_SERVED: "the day the restraining notice was served",
    EventKind.LEVIED: "the day of the levy",
    EventKind.SETTLEMENT_DEFAULT: "the day of the settlement default",
}


class Status(StrEnum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"
    NEEDS_FACT = "needs-fact"
    TASK = "task"


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    event: EventKind
    date: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    """One deadline of one instrument under one rule; `computation` is the arithmetic in words, `reason` why the
    status is what it is."""

    id: str
    instrument: str
    forum: str
    rule: str
    title: str
    citation: str
    nature: Nature
    actor: Actor
    trigger: Trigger
    due: date | None
    computation: str
    status: Status
    reason: str
    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """A matter's deadlines as of a day, in date order (undated ones last), with what the rules say does not
    apply or is not written yet."""

    matter: str
    as_of: date
    deadlines: tuple[Deadline, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Act:
    """Something the matter records that meets a rule: `on` the day it was done, or `by` a day it was done by."""

    what: str
    on: date | None
    by: date | None = None


# -- which forums reach an instrument ----------------------------------------------------------------------------


def _reaches(matter: Matter, inst: Instrument) -> Iterator[tuple[Forum, frozenset[Reach]]]:
    found: dict[str, set[Reach]] = {}
    own = Reach.ENTERED_HERE if inst.kind is InstrumentKind.JUDGMENT else Reach.INSTITUTION
    found.setdefault(inst.forum, set()).add(own)
    if inst.kind is InstrumentKind.JUDGMENT and inst.forum.startswith("US-"):
        found[inst.forum].add(Reach.US_COURTS)
    if inst.seat is not None:
        found.setdefault(inst.seat, set()).add(Reach.SEAT)
    for proc in matter.proceedings:
        if proc.concerns == inst.id and proc.kind in ENFORCING and proc.forum != inst.forum:
            found.setdefault(proc.forum, set()).add(Reach.ENFORCED_HERE)
    for other in matter.instruments:
        if other.based_on == inst.id and other.forum != inst.forum:
            found.setdefault(other.forum, set()).add(Reach.ENFORCED_HERE)
    for code, reaches in found.items():
        forum = FORUMS.get(code)
        if forum is not None:
            yield forum, frozenset(reaches)


def _us_party(matter: Matter) -> bool:
    return any(p.sovereign and p.country == "US" for p in (matter.creditor, matter.debtor))


def _applies(rule: DeadlineRule, inst: Instrument, reaches: frozenset[Reach], matter: Matter) -> bool:
    a = rule.applies
    return (
        a.instrument == inst.kind.value
        and a.reach in reaches
        and (a.debtor != "sovereign" or matter.debtor.sovereign)
        and (a.united_states_party is None or a.united_states_party == _us_party(matter))
        and inst.forum not in a.not_institution
    )


# -- triggers and acts -------------------------------------------------------------------------------------------


def _triggers(matter: Matter, inst: Instrument, kind: EventKind) -> list[date]:
    """The days the trigger happened to `inst`: one for its own date or first service, one per notice or levy."""
    if kind is EventKind.RENDERED:
        return [inst.date] if inst.kind is InstrumentKind.AWARD else []
    if kind is EventKind.ENTERED:
        return [inst.date] if inst.kind is InstrumentKind.JUDGMENT else []
    if kind is EventKind.SETTLEMENT_DEFAULT:
        debt = matter.debt_of(inst.id)
        return sorted(s.default.on for s in matter.settlements if s.debt == debt and s.default is not None)
    days = sorted(e.date for e in matter.events if e.instrument == inst.id and e.kind is kind)
    if kind in (EventKind.NOTIFIED, EventKind.SERVED):
        return days[:1]  # the first notification or service starts the period
    return days


def _acts(matter: Matter, inst: Instrument, rule: DeadlineRule, home: str) -> list[_Act]:
    acts: list[_Act] = []
    for met in rule.met_by:
        acts.extend(_acts_of(matter, inst, met, home))
    for event in matter.events:
        if event.kind is EventKind.DONE and event.rule == rule.id and event.instrument == inst.id:
            acts.append(_Act(f"done on {event.date} (events, line {event.source.line})", event.date))
    return acts


def _acts_of(matter: Matter, inst: Instrument, met: MetBy, home: str) -> Iterable[_Act]:
    if met.proceeding is not None:
        for proc in matter.proceedings:
            in_forum = met.forum == "any" or (
                proc.forum == home if met.forum == "here" else proc.forum.startswith(met.forum)
            )
            if proc.concerns == inst.id and proc.kind is met.proceeding and in_forum:
                what = f"{proc.kind.value} proceeding {proc.id}"
                if proc.filed is not None:
                    yield _Act(f"{what} filed {proc.filed}", proc.filed)
                elif proc.decided is not None:
                    yield _Act(f"{what} (filed on or before its decision of {proc.decided})", None, proc.decided)
                else:
                    yield _Act(f"{what}, with no filing date recorded", None)
    if met.action is not None:
        for action in matter.actions:
            if action.instrument == inst.id and action.kind is met.action:
                yield _Act(
                    f"{action.kind.value} {action.id}" + (f" of {action.date}" if action.date else ""), action.date
                )
    if met.event is not None:
        for event in matter.events:
            if event.instrument == inst.id and event.kind is met.event:
                yield _Act(f"{event.kind.value} on {event.date}", event.date)


def _status(rule: DeadlineRule, due: date | None, acts: list[_Act], as_of: date) -> tuple[Status, str]:
    if rule.nature is Nature.TASK:
        done = [a for a in acts if a.on is not None or a.by is not None]
        if done:
            return Status.MET, f"recorded: {done[0].what}"
        return Status.TASK, "not recorded as done: a step to take before enforcing"
    assert due is not None
    if rule.nature is Nature.WAIT:
        if due < as_of:
            return Status.MET, f"the period ran on {due}"
        return Status.OPEN, f"runs until {due}"
    timely = [a for a in acts if (a.on or a.by) is not None and (a.on or a.by) <= due]  # type: ignore[operator]
    if timely:
        return Status.MET, f"recorded: {timely[0].what}"
    late = [a for a in acts if a.on is not None]
    if late:
        return Status.MISSED, f"recorded late: {late[0].what}, after {due}"
    undated = [a for a in acts if a.on is None]
    if undated:
        return Status.NEEDS_FACT, f"recorded without the day it was done: {undated[0].what}; add its date"
    if due < as_of:
        return Status.MISSED, f"nothing recorded by {due}: the time ran out"
    return Status.OPEN, f"{(due - as_of).days} days left"


# -- counting ----------------------------------------------------------------------------------------------------


def _calendar(counting: Counting, forum: Forum, venue: str | None) -> CourtCalendar:
    if counting.calendar == "court":
        assert forum.calendar is not None, f"{forum.code} counts on court days but has no calendar"
        return forum.calendar(venue)
    if counting.calendar.startswith("US-FED-"):
        return federal_calendar(counting.calendar.removeprefix("US-FED-"))
    return calendar(counting.calendar)


def _short(citation: str | None) -> str:
    """The citation part of a counting rule's text (what comes before its colon)."""
    return "" if citation is None else citation.split(":")[0].strip()


def _plus(start: date, period: Period) -> date:
    if period.unit is Unit.DAYS:
        return start + timedelta(days=period.count)
    months = period.count * (12 if period.unit is Unit.YEARS else 1)
    return start + relativedelta(months=months)


def _total(period: Period, extra: Period | None) -> Period:
    if extra is None:
        return period
    if extra.unit is period.unit:
        return Period(period.count + extra.count, period.unit)
    if {extra.unit, period.unit} <= {Unit.MONTHS, Unit.YEARS}:
        return Period(_months(period) + _months(extra), Unit.MONTHS)
    raise ValueError(f"cannot add {extra} to {period}")


def _months(period: Period) -> int:
    return period.count * (12 if period.unit is Unit.YEARS else 1)


def count(
    start: date,
    version: Version,
    cal: CourtCalendar,
    *,
    event: str,
    abroad: tuple[Period, str] | None = None,
) -> tuple[date, str]:
    """The last day of a period from `start` under `version`, and the arithmetic in words."""
    counting = version.counting
    assert counting is not None
    assert version.period is not None
    period = version.period
    words = f"{event} {start} + {period}"
    if abroad is not None:
        words += f" + {abroad[0]} for a party abroad ({_short(abroad[1])})"
    total = _total(period, abroad[0] if abroad else None)
    if total.unit is Unit.COURT_DAYS:
        end = cal.add_court_days(start, total.count)
        words += f" (Saturdays, Sundays and holidays not counted: {_short(counting.first_day)}) = {end}"
    elif total.unit is Unit.DAYS and counting.short_days is not None and total.count <= counting.short_days:
        end = (cal.short_period_calendar() or cal).add_court_days(start, total.count)
        words += f" (holidays not counted in so short a period: {_short(counting.short_citation)}) = {end}"
    else:
        end = _plus(start, total)
        words += f" = {end}"
        if total.unit is not Unit.DAYS and end.day != start.day:
            words += f" (the month has no day {start.day}: its last day)"
    if version.not_before is not None and end < version.not_before:
        end = version.not_before
        words += f", but not before {end}"
    closed = cal.closure(end)
    if closed is not None:
        if counting.roll is Roll.NEXT:
            rolled = cal.next_court_day(end)
            passed = list(cal.closed_days(end, rolled - timedelta(days=1)))
            words += f", {_named(passed[0], cal)}" + "".join(f"; {c.day} {_named(c, cal)}" for c in passed[1:])
            words += f" → {counting.next_day} {rolled} ({_short(counting.roll_citation)})"
            end = rolled
        else:
            words += f", {_named(closed, cal)}; not extended ({_short(counting.roll_citation)})"
    return end, words


def _named(closed: ClosedDay, cal: CourtCalendar) -> str:
    if closed.kind is not ClosedKind.WEEKEND:
        return closed.name
    also = cal.holiday(closed.day)
    return f"a {closed.name}" + (f" ({also.name})" if also else "")


# -- the schedule ------------------------------------------------------------------------------------------------


def _venue(matter: Matter, inst: Instrument, forum: Forum) -> str | None:
    """Where the forum's court sits for this instrument: its own venue, else that of the judgment enforcing it."""
    if inst.forum == forum.code:
        return inst.venue
    return next((j.venue for j in matter.instruments if j.forum == forum.code and j.based_on == inst.id), None)


def _abroad(rule: DeadlineRule, matter: Matter, forum: Forum) -> tuple[Period, str] | None:
    if rule.abroad is None:
        return None
    party = matter.debtor if rule.actor is Actor.DEBTOR else matter.creditor
    if party.country is None or party.country == forum.country:
        return None
    return rule.abroad.period, rule.abroad.citation


def _deadlines_of(
    matter: Matter, inst: Instrument, forum: Forum, rule: DeadlineRule, as_of: date, notes: list[str]
) -> Iterator[Deadline]:
    days = _triggers(matter, inst, rule.trigger)
    if not days and rule.contingent:
        return
    home = forum.code
    acts = _acts(matter, inst, rule, home)
    for n, day in enumerate(days or [None]):
        version = rule.version_on(day) if day is not None else rule.versions[-1]
        if version is None:
            notes.append(f"{inst.id}: {rule.id} ({rule.title}) has no version for a trigger of {day}; not listed")
            continue
        ident = f"{inst.id}:{rule.id}" + (f":{n + 1}" if len(days) > 1 else "")
        row = partial(
            Deadline,
            id=ident,
            instrument=inst.id,
            forum=forum.code,
            rule=rule.id,
            title=rule.title,
            citation=version.citation,
            nature=rule.nature,
            actor=rule.actor,
            trigger=Trigger(event=rule.trigger, date=day),
            source=rule.source,
            note=rule.note,
        )
        if rule.nature is Nature.TASK:
            status, reason = _status(rule, None, acts, as_of)
            yield row(
                due=None, computation=f"no date: {_short(version.citation)} requires it", status=status, reason=reason
            )
            continue
        if day is None:
            need = NEEDED.get(rule.trigger, rule.trigger.value)
            reason = f"needs {need}: add it under events: (event: {rule.trigger.value}, instrument: {inst.id})"
            if acts:
                reason += f"; recorded meanwhile: {acts[0].what}"
            more = _abroad(rule, matter, forum)
            period = f"{version.period}" + (f" + {more[0]} for a party abroad ({_short(more[1])})" if more else "")
            yield row(due=None, computation=f"{period} from {need}", status=Status.NEEDS_FACT, reason=reason)
            continue
        assert version.counting is not None
        cal = _calendar(version.counting, forum, _venue(matter, inst, forum))
        label = rule.trigger_label or rule.trigger.value
        if rule.restart_on is not None:
            restarts = [p for p in matter.proceedings if p.concerns == inst.id and p.kind is rule.restart_on]
            pending = [p for p in restarts if p.decided is None]
            if pending:
                reason = (
                    f"the {rule.restart_on.value} proceeding {pending[0].id} has no decision recorded: the period "
                    "runs from its end (record decided:)"
                )
                yield row(
                    due=None,
                    computation=f"{version.period} from the end of {pending[0].id}",
                    status=Status.NEEDS_FACT,
                    reason=reason,
                )
                continue
            last = max(restarts, key=lambda p: p.decided or date.min, default=None)
            if last is not None and last.decided is not None and last.decided > day:
                label = f"{last.id} ({last.kind.value}) decided"
                day = last.decided
        abroad = _abroad(rule, matter, forum)
        due, words = count(day, version, cal, event=label, abroad=abroad)
        if abroad is not None:
            plain, _ = count(day, version, cal, event=label)
            words += f"; without the {abroad[0]} for a party abroad: {plain}"
        if rule.within is not None:
            cap = forum.deadlines.rule(rule.within) if forum.deadlines else None
            cap_days = _triggers(matter, inst, cap.trigger) if cap else []
            cap_version = cap.version_on(cap_days[0]) if cap and cap_days else None
            if cap is not None and cap_version is not None:
                cap_cal = _calendar(cap_version.counting, forum, _venue(matter, inst, forum))  # type: ignore[arg-type]
                cap_due, _ = count(cap_days[0], cap_version, cap_cal, event=cap.trigger_label or cap.trigger.value)
                if cap_due < due:
                    words += f"; but in any event by {cap_due} ({cap.id})"
                    due = cap_due
        status, reason = _status(rule, due, acts, as_of)
        if status is Status.MISSED and rule.missed and not acts:
            reason = f"{rule.missed} ({due}): nothing recorded"
        yield row(due=due, computation=words, status=status, reason=reason)


def _unused(matter: Matter, found: list[Deadline]) -> Iterator[str]:
    """Events no listed deadline read: a `done` on a rule that does not reach the instrument, or a trigger no
    rule of the instrument runs from (so a mistyped instrument or rule is not silently ignored)."""
    rules = {(d.instrument, d.rule) for d in found}
    triggers = {(d.instrument, d.trigger.event) for d in found}
    acts = {
        (d.instrument, met.event)
        for d in found
        for rule in _rules_named(d.rule, d.forum)
        for met in rule.met_by
        if met.event is not None
    }
    for event in matter.events:
        where = f"events (line {event.source.line})"
        if event.kind is EventKind.DONE:
            if (event.instrument, event.rule) not in rules:
                yield f"{where}: done on {event.rule}, which lists no deadline for {event.instrument}; not used"
        elif (event.instrument, event.kind) not in triggers | acts:
            yield f"{where}: no deadline of {event.instrument} runs from or is met by {event.kind.value}; not used"


def _rules_named(rule_id: str, forum_code: str) -> tuple[DeadlineRule, ...]:
    book = FORUMS[forum_code].deadlines
    return tuple(r for r in book.rules if r.id == rule_id) if book else ()


def agreed_rule(agreed: AgreedDeadline, forum: Forum) -> DeadlineRule:
    """A deadline the parties set, as a rule of the matter (`matter/<id>`), counted on `forum`'s court days."""
    counting = Counting(
        id=f"matter/{agreed.id}",
        calendar="court",
        first_day="the day of the event is not counted",
        months="a period of months or years ends on the day of the same number (the month's last day if shorter)",
        roll=Roll.NEXT if agreed.roll else Roll.NONE,
        roll_citation=(
            f"{agreed.citation}: a last day on which the {forum.name} are closed runs to the next court day"
            if agreed.roll
            else f"{agreed.citation}: the period ends where it falls"
        ),
        short_days=None,
        short_citation=None,
    )
    return DeadlineRule(
        id=f"matter/{agreed.id}",
        forum=forum.code,
        title=agreed.title,
        nature=Nature.ACT,
        actor=Actor(agreed.actor),
        trigger=agreed.trigger,
        applies=Applies(
            instrument="any", reach=Reach.ENTERED_HERE, debtor=None, united_states_party=None, not_institution=()
        ),
        counting=counting,
        versions=(
            Version(
                start=date.min,
                period=parse_period(agreed.period),
                citation=agreed.citation,
                counting=counting,
                not_before=None,
            ),
        ),
        met_by=(),
        within=None,
        contingent=False,
        abroad=None,
        source=f"{agreed.source} (the matter file)",
        note=None,
    )


def as_it_stood(matter: Matter, as_of: date) -> tuple[Matter, int]:
    """The record as it stood on `as_of`: events, filings, decisions, actions and defaults dated later are left
    out (a deadline's status on a day cannot rest on what happened after it); and how many were."""
    events = tuple(e for e in matter.events if e.date <= as_of)
    actions = tuple(a for a in matter.actions if a.date is None or a.date <= as_of)
    proceedings = tuple(
        replace(
            p,
            filed=p.filed if p.filed is None or p.filed <= as_of else None,
            decided=p.decided if p.decided is None or p.decided <= as_of else None,
        )
        for p in matter.proceedings
    )
    settlements = tuple(
        replace(s, default=s.default if s.default is None or s.default.on <= as_of else None)
        for s in matter.settlements
    )
    left = (
        len(matter.events)
        - len(events)
        + len(matter.actions)
        - len(actions)
        + sum(p != q for p, q in zip(matter.proceedings, proceedings, strict=True))
        + sum(s != t for s, t in zip(matter.settlements, settlements, strict=True))
    )
    view = replace(matter, events=events, actions=actions, proceedings=proceedings, settlements=settlements)
    return view, left


def deadlines(matter: Matter, as_of: date) -> Schedule:
    """Every deadline of every instrument of `matter`, with its status on `as_of`."""
    matter, later = as_it_stood(matter, as_of)
    found: list[Deadline] = []
    notes: list[str] = []
    noted: set[str] = set()
    if later:
        notes.append(f"{later} dated entries of the record fall after {as_of} and are left out: the record as it stood")
    for inst in matter.instruments:
        if inst.status is InstrumentStatus.SOUGHT:
            notes.append(f"{inst.id}: sought, not entered; no deadline runs from it until it is entered")
            continue
        if inst.date > as_of:
            notes.append(f"{inst.id}: dated {inst.date}, after {as_of}; no deadline runs from it yet")
            continue
        for forum, reaches in _reaches(matter, inst):
            if forum.deadlines is None:
                if forum.kind is ForumKind.COURT and forum.code not in noted:
                    noted.add(forum.code)
                    notes.append(f"{forum.code}: no deadline rules are written for {forum.name} yet")
                continue
            for rule in forum.deadlines.rules:
                if _applies(rule, inst, reaches, matter):
                    found.extend(_deadlines_of(matter, inst, forum, rule, as_of, notes))
            if forum.code not in noted:
                noted.add(forum.code)
                notes.extend(f"{forum.code}: {n}" for n in forum.deadlines.notes)
    for agreed in matter.deadlines:
        inst = matter.instrument(agreed.instrument)
        if inst.status is not InstrumentStatus.SOUGHT:
            forum = FORUMS[agreed.calendar]
            found.extend(_deadlines_of(matter, inst, forum, agreed_rule(agreed, forum), as_of, notes))
    notes.extend(_unused(matter, found))
    order = {inst.id: i for i, inst in enumerate(matter.instruments)}
    found.sort(key=lambda d: (d.due is None, d.due or date.max, order[d.instrument]))
    return Schedule(matter=matter.id, as_of=as_of, deadlines=tuple(found), notes=tuple(notes))
