"""A recognition or enforcement proceeding assessed: every ground its forum's law gives for refusing, and every
immunity, checked against the facts the matter records.

The regimes are the forum's (Forum.recognition) that reach the instrument the proceeding concerns: a judgment or an
award, of which institution, against a sovereign or not. Each regime's version is the one in force on the day the
proceeding was filed (else decided). A ground is `met` when the ground to refuse (or the immunity) is made out,
`at-risk` when it is raised but not made out, `not-met` when the facts clear it, `unknown` when a fact it needs is
not recorded (it then asks its question), and `not-applicable` when its condition of application fails. It is a
checklist for counsel, not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from enum import StrEnum

from exequatur.engine.deadlines import deadlines
from exequatur.model.errors import ExequaturError
from exequatur.model.events import EventKind
from exequatur.model.facts import CATALOGUE, About, Fact
from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.model.matter import Matter
from exequatur.model.proceedings import Proceeding, ProceedingKind
from exequatur.model.settlements import ActionKind, Asset
from exequatur.rules.deadlines import DeadlineRule
from exequatur.rules.recognition import Ground, Regime, RegimeVersion
from exequatur.rules.registry import FORUMS

DISCLAIMER = (
    "A checklist for counsel, not legal advice: it applies the grounds as exequatur holds them to the facts this "
    "matter file records, and a court weighs more than either."
)

ASSESSED = frozenset({ProceedingKind.RECOGNITION, ProceedingKind.CONFIRMATION, ProceedingKind.ENFORCEMENT})


class GroundStatus(StrEnum):
    MET = "met"
    AT_RISK = "at-risk"
    NOT_MET = "not-met"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True, slots=True, kw_only=True)
class UsedFact:
    """A fact a ground read: recorded (with its place and source) or worked out from the matter (`derived`)."""

    name: str
    about: str
    value: bool | str | None
    fact: Fact | None = None
    derived: str | None = None
    #: The award (or earlier judgment) the fact was recorded on, when it is carried to the instrument assessed.
    carried_from: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GroundResult:
    id: str
    regime: str
    kind: str
    citation: str
    text: str
    burden: str
    status: GroundStatus
    facts: tuple[UsedFact, ...]
    question: str | None
    asset: str | None = None
    #: Why the status is less sure than the facts alone say (a fact carried from the award that is argued).
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RegimeUse:
    id: str
    title: str
    citation: str
    version: str
    transition: str | None
    source: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    matter: str
    proceeding: str
    forum: str
    court: str | None
    instrument: str
    dated_by: str
    #: The day the facts were read as they stood.
    as_of: date
    regimes: tuple[RegimeUse, ...]
    grounds: tuple[GroundResult, ...]
    notes: tuple[str, ...]
    disclaimer: str = DISCLAIMER


class AssessmentError(ExequaturError):
    """A proceeding that cannot be assessed: unknown, of a kind not assessed, or in a forum with no regime yet."""


# -- facts, recorded and derived ---------------------------------------------------------------------------------


def _award_of(matter: Matter, inst: Instrument) -> str | None:
    """The award `inst` is or rests on, if any."""
    seen = set()
    step: Instrument | None = inst
    while step is not None and step.id not in seen:
        if step.kind is InstrumentKind.AWARD:
            return step.id
        seen.add(step.id)
        step = matter.instrument(step.based_on) if step.based_on and matter.has_instrument(step.based_on) else None
    return None


#: Steps that presuppose a §1610(c) order: no writ may issue against a state's property without one.
_ORDERED = frozenset({ActionKind.FSIA_1610C, ActionKind.WRIT_OF_ATTACHMENT, ActionKind.WRIT_OF_EXECUTION})


def _execution_ordered(matter: Matter, inst: Instrument, proc: Proceeding, as_of: date) -> tuple[bool, str]:
    """Whether the matter records, by `as_of`, an order of attachment or execution on the judgment the proceeding
    yields (§1610(c) is an order of the court that entered the judgment, for that judgment)."""
    judgment = _enforced(inst, proc)
    if judgment is None:
        return False, f"{proc.id} records no judgment (result:) for an order to be made on"
    entered = matter.instrument(judgment).date if matter.has_instrument(judgment) else date.min
    for e in matter.events:
        if e.kind is EventKind.EXECUTION_ORDERED and e.instrument == judgment and entered <= e.date <= as_of:
            return True, f"execution ordered on {judgment} on {e.date} (events)"
    undated = []
    for a in matter.actions:
        if a.kind not in _ORDERED or a.instrument != judgment:
            continue
        if a.date is None:
            undated.append(a.id)
        elif entered <= a.date <= as_of:
            how = "the §1610(c) order" if a.kind is ActionKind.FSIA_1610C else "which presupposes the order"
            return True, f"{a.id}: {a.kind.value} on {judgment} of {a.date}, {how}"
    why = f"no order of attachment or execution on {judgment} recorded between its entry and {as_of}"
    if undated:
        why += f" ({', '.join(undated)} has no date: record date:)"
    return False, why


def _enforced(inst: Instrument, proc: Proceeding) -> str | None:
    """The judgment a §1610(c) order is made on: the one the proceeding yields, or the instrument if a judgment."""
    return proc.result if proc.result is not None else (inst.id if inst.kind is InstrumentKind.JUDGMENT else None)


def _set_aside_pending(matter: Matter, inst: Instrument, day: date) -> str | None:
    """Why a set-aside of `inst` was pending at its seat on `day`, if it was: a set-aside proceeding filed by then
    and not decided before it, or the latest `set-aside` fact stated by then."""
    for p in matter.proceedings:
        opened = p.kind is ProceedingKind.SET_ASIDE and p.concerns == inst.id and p.filed is not None and p.filed <= day
        if opened and (p.decided is None or p.decided > day):
            return f"the set-aside {p.id} (filed {p.filed}) was pending on {day}"
    stated = sorted(
        (f for f in matter.facts if f.name == "set-aside" and f.about == inst.id and (f.on or date.min) <= day),
        key=lambda f: f.on or date.min,
    )
    if stated and stated[-1].value == "pending":
        return f"the set-aside was pending on {day} (fact set-aside, line {stated[-1].source.line})"
    return None


def _within_time(matter: Matter, inst: Instrument, proc: Proceeding, rule: str, as_of: date) -> tuple[bool | None, str]:
    restart = next((r for r in _rules_of(proc.forum) if r.id == rule), None)
    if restart is not None and restart.restart_on is ProceedingKind.SET_ASIDE and proc.filed is not None:
        # The period runs from the end of the proceedings at the seat (ICAA 2017 s.10(b)): while they are pending
        # on the filing day it has not begun, so the filing cannot be late.
        pending = _set_aside_pending(matter, inst, proc.filed)
        if pending is not None:
            return True, f"filed {proc.filed}; {pending}, so the {rule} period had not begun to run"
    found = [d for d in deadlines(matter, as_of).deadlines if d.rule == rule and d.instrument == inst.id]
    if not found or found[0].due is None:
        return None, f"the {rule} deadline has no date: {found[0].reason if found else 'it does not reach ' + inst.id}"
    due = found[0].due
    if proc.filed is not None:
        return proc.filed <= due, f"filed {proc.filed}; due by {due} ({rule}: {found[0].computation})"
    if proc.decided is not None and proc.decided <= due:
        return True, f"filed on or before its decision of {proc.decided}; due by {due} ({rule})"
    return None, f"no filing date recorded; due by {due} ({rule})"


def _rules_of(forum_code: str) -> tuple[DeadlineRule, ...]:
    book = FORUMS[forum_code].deadlines
    return book.rules if book is not None else ()


def _seat_in_forum(inst: Instrument, forum_code: str) -> tuple[bool | None, str]:
    if inst.kind is not InstrumentKind.AWARD:
        return None, f"{inst.id} is not an award"
    if inst.seat is None or inst.seat not in FORUMS:
        return None, f"{inst.id} records no seat: (the forum code of the courts of its seat)"
    here, there = FORUMS[forum_code].country, FORUMS[inst.seat].country
    return here is not None and here == there, f"seat {inst.seat} ({there}); forum {forum_code} ({here})"


class _Facts:
    """What a ground may read for one instrument (and one asset): recorded facts by name, then derived ones."""

    def __init__(self, matter: Matter, inst: Instrument, proc: Proceeding, regime: Regime, as_of: date) -> None:
        # A fact stated for several days holds from each day to the next; undated, it holds throughout.
        self.recorded: dict[tuple[str, str], Fact] = {}
        for fact in sorted(matter.facts, key=lambda f: f.on or date.min):
            if fact.on is None or fact.on <= as_of:
                self.recorded[(fact.name, fact.about)] = fact
        self.matter = matter
        self.inst = inst
        self.award = _award_of(matter, inst)
        self.enforced = _enforced(inst, proc)
        self.country = FORUMS[proc.forum].country
        self.result = (
            matter.instrument(proc.result) if proc.result is not None and matter.has_instrument(proc.result) else None
        )
        self.derived: dict[str, tuple[bool | None, str]] = {
            "debtor-sovereign": (matter.debtor.sovereign, "parties: the debtor's sovereign:"),
            "icsid-award": (inst.forum == "ICSID", f"{inst.id} is of {inst.forum}"),
            "confirms-award": (
                self.award is not None,
                f"{inst.id} is itself an award"
                if self.award == inst.id
                else f"{inst.id} rests on {self.award}, an award"
                if self.award
                else f"{inst.id} rests on no award",
            ),
            "execution-ordered": _execution_ordered(matter, inst, proc, as_of),
            "seat-in-forum": _seat_in_forum(inst, proc.forum),
        }
        if regime.time_limit is not None:
            self.derived["within-time"] = _within_time(matter, inst, proc, regime.time_limit, as_of)

    def _in_forum(self, asset: Asset | None) -> tuple[bool | None, str]:
        if asset is None:
            return None, "no asset recorded"
        if asset.country is None:
            return None, f"{asset.id} records no country: (where it is)"
        return asset.country == self.country, f"{asset.id} is in {asset.country}; the forum is in {self.country}"

    def about(self, name: str, asset: Asset | None, of_result: bool) -> str:
        if name == "asset-in-forum":
            return asset.id if asset is not None else "(no asset recorded)"
        if name == "execution-ordered":
            return self.enforced or self.inst.id
        if name in self.derived:
            return self.inst.id
        kind = CATALOGUE[name].about
        if kind is About.DEBTOR:
            return "debtor"
        if kind is About.ASSET:
            return asset.id if asset is not None else "(no asset recorded)"
        return self.result.id if of_result and self.result is not None else self.inst.id

    def _lookup(self, name: str, target: str) -> Fact | None:
        """The fact about `target`, or, for a fact an award passes to the judgments on it, about what it rests on."""
        fact = self.recorded.get((name, target))
        step = self.matter.instrument(target) if self.matter.has_instrument(target) else None
        seen = set()
        while fact is None and CATALOGUE[name].inherited and step is not None and step.based_on and step.id not in seen:
            seen.add(step.id)
            fact = self.recorded.get((name, step.based_on))
            step = self.matter.instrument(step.based_on) if self.matter.has_instrument(step.based_on) else None
        return fact

    def values(
        self, names: set[str], asset: Asset | None, of_result: bool
    ) -> tuple[dict[str, bool | str | None], list[UsedFact]]:
        values: dict[str, bool | str | None] = {}
        used = []
        for name in sorted(names):
            target = self.about(name, asset, of_result)
            if name == "asset-in-forum":
                value, why = self._in_forum(asset)
                values[name] = value
                used.append(UsedFact(name=name, about=target, value=value, derived=why))
                continue
            if name in self.derived:
                value, why = self.derived[name]
                values[name] = value
                via = self.award if name == "confirms-award" and self.award != self.inst.id else None
                used.append(UsedFact(name=name, about=target, value=value, derived=why, carried_from=via))
                continue
            fact = self._lookup(name, target)
            values[name] = None if fact is None else fact.value
            carried = fact.about if fact is not None and fact.about != target else None
            used.append(UsedFact(name=name, about=target, value=values[name], fact=fact, carried_from=carried))
        return values, used


# -- grounds ------------------------------------------------------------------------------------------------------


def _status(ground: Ground, values: dict[str, bool | str | None]) -> GroundStatus:
    if ground.applies_if is not None:
        applies = ground.applies_if.holds(values)
        if applies is False:
            return GroundStatus.NOT_APPLICABLE
        if applies is None:
            return GroundStatus.UNKNOWN
    made_out = False if ground.made_out is None else ground.made_out.holds(values)
    if made_out is True:
        return GroundStatus.MET
    if ground.at_risk is not None and ground.at_risk.holds(values) is True:
        return GroundStatus.AT_RISK
    # Where a ground lists what clears it, only that does: a value it names neither way (service "by convention"
    # where the law wants the diplomatic route) is a question for counsel, not a pass.
    cleared = made_out is False if ground.cleared is None else ground.cleared.holds(values) is True
    return GroundStatus.NOT_MET if cleared else GroundStatus.UNKNOWN


def _caveats(
    ground: Ground, values: dict[str, bool | str | None], used: list[UsedFact], status: GroundStatus
) -> tuple[str, ...]:
    """Why a ground the law leaves open for a judgment on an award is at risk instead of cleared: without the facts
    carried from the award, it would not be cleared."""
    carried = [u for u in used if u.carried_from is not None]
    if status is not GroundStatus.NOT_MET or ground.if_carried is None or not carried:
        return ()
    if _status(ground, {**values, **{u.name: None for u in carried}}) is GroundStatus.NOT_MET:
        return ()
    names = " and ".join(f"{u.name} (recorded on {u.carried_from})" for u in carried)
    return (
        f"Only a fact of the award clears this for {carried[0].about}, a judgment on it: {names}. "
        f"{ground.if_carried[0].upper()}{ground.if_carried[1:]}. A fact of the suit itself (a waiver, say) would "
        "clear it without that question.",
    )


def _question(ground: Ground, used: list[UsedFact]) -> str:
    """What to find out: each missing fact's question, naming what it is about; else the ground's own."""
    missing = [_asked(u) for u in used if u.value is None and u.name in CATALOGUE]
    missing += [
        f"asset-in-forum of {u.about}: In which country is the asset? Write country: (an ISO code) on it."
        for u in used
        if u.name == "asset-in-forum" and u.value is None and u.about != "(no asset recorded)"
    ]
    return "; ".join(missing) or ground.question


def _open(used: list[UsedFact]) -> str | None:
    """For a ground at risk on a carried fact: the facts still unrecorded that could clear it outright."""
    return "; ".join(_asked(u) for u in used if u.value is None and u.name in CATALOGUE) or None


def _asked(u: UsedFact) -> str:
    kind = CATALOGUE[u.name]
    values = f" ({', '.join(kind.choices)})" if kind.choices and "(" not in kind.question else ""
    where = " (recorded on the award, it holds for the judgments on it)" if kind.inherited else ""
    return f"{u.name} of {u.about}: {kind.question}{values}{where}"


def _results(
    matter: Matter, inst: Instrument, proc: Proceeding, regime: Regime, version: RegimeVersion, as_of: date
) -> Iterator[GroundResult]:
    facts = _Facts(matter, inst, proc, regime, as_of)
    for ground in version.grounds:
        assets: list[Asset | None] = list(matter.assets) if ground.per_asset else [None]
        for asset in assets or [None]:
            values, used = facts.values(ground.facts(), asset, ground.facts_of == "result")
            status = _status(ground, values)
            caveats = _caveats(ground, values, used, status)
            if caveats:
                status = GroundStatus.AT_RISK
            yield GroundResult(
                id=ground.id if asset is None else f"{ground.id}:{asset.id}",
                regime=regime.id,
                kind=ground.kind.value,
                citation=ground.citation,
                text=ground.text,
                burden=ground.burden,
                status=status,
                facts=tuple(used),
                question=_question(ground, used)
                if status is GroundStatus.UNKNOWN
                else _open(used)
                if caveats
                else None,
                asset=None if asset is None else asset.id,
                caveats=caveats,
            )


def _proceeding(matter: Matter, proceeding_id: str) -> Proceeding:
    ids = [p.id for p in matter.proceedings]
    for proc in matter.proceedings:
        if proc.id == proceeding_id:
            return proc
    close = get_close_matches(proceeding_id, ids, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise AssessmentError(f"no proceeding {proceeding_id!r} in the matter{hint} (it has: {', '.join(ids)})")


def assess(matter: Matter, proceeding_id: str, as_of: date) -> Assessment:
    """The grounds and immunities of the forum of `proceeding_id`, checked against the matter's facts."""
    proc = _proceeding(matter, proceeding_id)
    if proc.kind not in ASSESSED:
        kinds = ", ".join(sorted(k.value for k in ASSESSED))
        raise AssessmentError(f"{proc.id} is a proceeding of kind {proc.kind.value}; assess takes one of: {kinds}")
    if proc.concerns is None or not matter.has_instrument(proc.concerns):
        raise AssessmentError(f"{proc.id} names no instrument it concerns (concerns:), so there is nothing to assess")
    inst = matter.instrument(proc.concerns)
    forum = FORUMS[proc.forum]
    if not forum.recognition:
        with_rules = ", ".join(code for code, f in FORUMS.items() if f.recognition)
        raise AssessmentError(f"no recognition grounds are written for {forum.code} yet (written: {with_rules})")
    if proc.filed is not None:
        day, dated_by = proc.filed, f"filed {proc.filed}"
    elif proc.decided is not None:
        day, dated_by = proc.decided, f"no filing date recorded: its decision of {proc.decided}"
    else:
        day, dated_by = as_of, f"no filing or decision date recorded: the as-of date {as_of}"
    regimes: list[RegimeUse] = []
    grounds: list[GroundResult] = []
    notes: list[str] = []
    for regime in forum.recognition:
        if not regime.reaches(inst.kind.value, inst.forum, matter.debtor.sovereign):
            continue
        version = regime.version_on(day)
        if version is None:
            notes.append(f"{regime.id}: no version in force on {day}; not assessed")
            continue
        until = f" to {version.until}" if version.until else ""
        regimes.append(
            RegimeUse(
                id=regime.id,
                title=regime.title,
                citation=version.citation,
                version=f"from {version.start}{until}",
                transition=version.transition,
                source=regime.source,
                notes=regime.notes,
            )
        )
        grounds.extend(_results(matter, inst, proc, regime, version, as_of))
    if not regimes:
        raise AssessmentError(f"no regime of {forum.code} reaches {inst.id} ({inst.kind.value} of {inst.forum})")
    return Assessment(
        matter=matter.id,
        proceeding=proc.id,
        forum=forum.code,
        court=proc.court,
        instrument=inst.id,
        dated_by=dated_by,
        as_of=as_of,
        regimes=tuple(regimes),
        grounds=tuple(grounds),
        notes=tuple(notes),
    )
