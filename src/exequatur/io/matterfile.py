"""Load a matter file through named passes — parse, validate, build, link, check — returning errors as values.

`load_matter(path)` never raises for bad input: it returns `(matter, errors)`, where `matter` is None whenever
there is at least one error, and each error names `file:line`, the field and what is wrong.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ValidationError

from exequatur.io.schema import (
    UNION_FIELDS,
    UNION_TAGS,
    IndexRateFile,
    InstrumentFile,
    InterestFile,
    MatterFile,
    SettlementFile,
    known_fields,
)
from exequatur.io.suggest import did_you_mean, forum_hint
from exequatur.io.yamllines import LineDict, YamlProblem, display_name, line_of, load_yaml, read_text
from exequatur.model.errors import MatterError, RuleError
from exequatur.model.events import AgreedDeadline, EventKind, MatterEvent, Payment
from exequatur.model.facts import CATALOGUE, About, Fact
from exequatur.model.instruments import Component, Instrument, InstrumentKind, TortClaim
from exequatur.model.interest import PERIOD_MONTHS, Fallback, FixedRate, IndexRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units, quantum
from exequatur.model.parties import Party
from exequatur.model.proceedings import Proceeding
from exequatur.model.rates import RatePoint, RateSeries
from exequatur.model.settlements import Action, Asset, Instalment, Settlement, SettlementDefault
from exequatur.model.source import Source
from exequatur.rules.conversion import currency_problems
from exequatur.rules.forum import ForumKind
from exequatur.rules.registry import FORUMS, deadline_rule_ids

CARRIED = "carried"


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """The parsed file and its line map, shared by the passes."""

    file: str
    raw: Any

    def at(self, *path: int | str) -> Source:
        return Source(self.file, line_of(self.raw, path))

    def error(self, path: tuple[int | str, ...], message: str) -> MatterError:
        """A problem at `path`, with its line and the field as the user wrote it."""
        return MatterError(source=self.at(*path), field=field_path(path), message=message)


def field_path(path: Iterable[int | str]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


_FRIENDLY = {
    "missing": "missing field",
    "extra_forbidden": "unknown field",
}


def validation_errors(doc: YamlDoc, exc: ValidationError, schema: type[BaseModel] = MatterFile) -> list[MatterError]:
    """Pydantic's errors as MatterErrors at their lines; an unknown key names the known key it is closest to, among
    the keys of the `schema` model that holds it."""
    errors = []
    for err in exc.errors(include_url=False):
        # Pydantic adds the tag of a discriminated union right after the field that holds it; drop the tag there
        # only, so that a user's key spelt like a tag is still reported where it stands.
        loc = err["loc"]
        path = tuple(p for i, p in enumerate(loc) if not (p in UNION_TAGS and i and loc[i - 1] in UNION_FIELDS))
        kind = err["type"]
        if kind in _FRIENDLY:
            message = f"{_FRIENDLY[kind]} {path[-1]!r}" if path else _FRIENDLY[kind]
            if kind == "extra_forbidden" and path:
                message += did_you_mean(str(path[-1]), known_fields(schema, loc))
        else:
            message = str(err["msg"]).removeprefix("Value error, ")
            if kind in ("literal_error", "enum") and isinstance(err.get("input"), str):
                choices = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
                message += did_you_mean(err["input"], choices)
        errors.append(MatterError(source=doc.at(*path), message=message, field=field_path(path) or None))
    return errors


# -- pass 1 and 2: parse and validate ------------------------------------------------------------------------


def _parse(file: str, text: str) -> tuple[YamlDoc | None, list[MatterError]]:
    try:
        raw = load_yaml(text)
    except YamlProblem as problem:
        return None, [MatterError(source=Source(file, problem.line), message=problem.message)]
    if not isinstance(raw, LineDict):
        line = getattr(raw, "line", 1)
        return None, [MatterError(source=Source(file, line), message="a matter file is a YAML mapping (key: value)")]
    return YamlDoc(file, raw), []


def _validate(doc: YamlDoc) -> tuple[MatterFile | None, list[MatterError]]:
    try:
        return MatterFile.model_validate(doc.raw), []
    except ValidationError as exc:
        return None, validation_errors(doc, exc)


# -- pass 3: build the domain records ------------------------------------------------------------------------


def _term(doc: YamlDoc, spec: InterestFile, path: tuple[int | str, ...]) -> InterestTerm:
    rate: FixedRate | IndexRate
    if isinstance(spec.rate, IndexRateFile):
        fb = spec.rate.fallback
        fallback = (
            Fallback(after=fb.after, use=fb.use, index=fb.index, adjustment=fb.adjustment, source=fb.source)
            if fb
            else None
        )
        rate = IndexRate(
            index=spec.rate.index,
            spread=spec.rate.spread,
            floor=spec.rate.floor,
            reset=spec.rate.reset,
            fallback=fallback,
        )
    else:
        rate = FixedRate(percent=spec.rate)
    return InterestTerm(
        start=spec.start,
        until=spec.until,
        on=tuple(spec.on) if spec.on is not None else None,
        rate=rate,
        compounding=spec.compounding,
        day_count=spec.day_count,
        source=doc.at(*path),
        note=spec.source,
    )


def _instrument(doc: YamlDoc, spec: InstrumentFile, i: int, matter: MatterFile) -> Instrument:
    here = ("instruments", i)
    components: tuple[Component, ...] = ()
    if not isinstance(spec.amounts, str):
        components = tuple(
            Component(label=a.label, amount=a.amount, source=doc.at(*here, "amounts", j), cited=a.source)
            for j, a in enumerate(spec.amounts)
        )
    return Instrument(
        id=spec.id,
        kind=spec.kind,
        forum=spec.forum,
        date=spec.date,
        currency=spec.currency,
        components=components,
        carried=isinstance(spec.amounts, str),
        status=spec.status,
        interest=tuple(_term(doc, t, (*here, "interest", k)) for k, t in enumerate(spec.interest or ())),
        based_on=spec.based_on,
        debt=spec.debt,
        consumer_debt=spec.consumer_debt,
        enforceable=spec.enforceable,
        post_judgment=spec.post_judgment,
        converted_on=spec.converted_on,
        cmt_week=spec.cmt_week or matter.cmt_week,
        prejudgment=spec.prejudgment if isinstance(spec.prejudgment, str) else "stated",
        prejudgment_terms=tuple(
            _term(doc, t, (*here, "prejudgment", k))
            for k, t in enumerate(spec.prejudgment if isinstance(spec.prejudgment, list) else ())
        ),
        tort=(
            TortClaim(
                injury=spec.tort.injury,
                settlement_demand=spec.tort.settlement_demand,
                source=doc.at(*here, "tort"),
                cited=spec.tort.source,
            )
            if spec.tort
            else None
        ),
        venue=spec.venue,
        seat=spec.seat,
        title=spec.title,
        cited=spec.source,
        source=doc.at(*here),
    )


def _build(doc: YamlDoc, spec: MatterFile) -> Matter:
    return Matter(
        id=spec.matter,
        title=spec.title,
        source=doc.at("matter"),
        creditor=Party(
            name=spec.creditor.name,
            country=spec.creditor.country,
            sovereign=spec.creditor.sovereign,
            private_individual=spec.creditor.private_individual,
            source=doc.at("creditor"),
        ),
        debtor=Party(
            name=spec.debtor.name, country=spec.debtor.country, sovereign=spec.debtor.sovereign, source=doc.at("debtor")
        ),
        instruments=tuple(_instrument(doc, s, i, spec) for i, s in enumerate(spec.instruments)),
        payments=tuple(
            Payment(
                date=p.date,
                amount=p.amount,
                currency=p.currency,
                instrument=p.instrument,
                debt=p.debt,
                source=doc.at("payments", i),
                cited=p.source,
            )
            for i, p in enumerate(spec.payments)
        ),
        proceedings=tuple(
            Proceeding(
                id=p.id,
                kind=p.kind,
                forum=p.forum,
                court=p.court,
                case_number=p.case_number,
                filed=p.filed,
                decided=p.decided,
                concerns=p.concerns,
                result=p.result,
                outcome=p.outcome,
                cited=p.source,
                source=doc.at("proceedings", i),
            )
            for i, p in enumerate(spec.proceedings)
        ),
        rates=tuple(
            RateSeries(
                id=r.id,
                title=r.title,
                source=r.source,
                max_gap_days=r.max_gap_days,
                origin=f"{doc.file} (rates[{i}])",
                points=tuple(
                    RatePoint(on=v.date, value=v.value, note=v.source, source=doc.at("rates", i, "values", j))
                    for j, v in enumerate(r.values)
                ),
            )
            for i, r in enumerate(spec.rates)
        ),
        settlements=tuple(_settlement(doc, s, i) for i, s in enumerate(spec.settlements)),
        assets=tuple(
            Asset(
                id=a.id,
                description=a.description,
                owner=a.owner,
                location=a.location,
                country=a.country,
                cited=a.source,
                source=doc.at("assets", i),
            )
            for i, a in enumerate(spec.assets)
        ),
        actions=tuple(
            Action(
                id=a.id,
                kind=a.kind,
                date=a.date,
                court=a.court,
                docket=a.docket,
                status=a.status,
                instrument=a.instrument,
                asset=a.asset,
                cited=a.source,
                source=doc.at("actions", i),
            )
            for i, a in enumerate(spec.actions)
        ),
        events=tuple(
            MatterEvent(
                kind=EventKind(e.event),
                date=e.date,
                instrument=e.instrument,
                rule=e.rule,
                cited=e.source,
                source=doc.at("events", i),
            )
            for i, e in enumerate(spec.events)
        ),
        deadlines=tuple(
            AgreedDeadline(
                id=d.id,
                title=d.title,
                trigger=EventKind(d.trigger),
                instrument=d.instrument,
                period=d.period,
                calendar=d.calendar or _forum_of(spec, d.instrument),
                roll=d.roll,
                actor=d.actor,
                citation=d.citation,
                cited=d.source,
                source=doc.at("deadlines", i),
            )
            for i, d in enumerate(spec.deadlines)
        ),
        facts=tuple(
            Fact(name=f.fact, about=f.about, value=f.value, on=f.date, cited=f.source, source=doc.at("facts", i))
            for i, f in enumerate(spec.facts)
        ),
    )


def _forum_of(spec: MatterFile, instrument: str) -> str:
    """The forum of a named instrument (an unknown name is reported by the link pass, against the deadline)."""
    return next((i.forum for i in spec.instruments if i.id == instrument), "")


def _recoveries(doc: YamlDoc, spec: MatterFile) -> tuple[Payment, ...]:
    """Money recovered under an enforcement action is a payment on the action's instrument."""
    return tuple(
        Payment(
            date=r.date,
            amount=r.amount,
            currency=r.currency,
            instrument=a.instrument,
            source=doc.at("actions", i, "recoveries", j),
            cited=r.source,
            recovery=f"{a.kind.value} {a.id}",
        )
        for i, a in enumerate(spec.actions)
        for j, r in enumerate(a.recoveries)
    )


def _settlement(doc: YamlDoc, spec: SettlementFile, i: int) -> Settlement:
    here = ("settlements", i)
    instalments = [
        Instalment(due=t.due, amount=t.amount, cited=t.source, source=doc.at(*here, "instalments", j))
        for j, t in enumerate(spec.instalments)
    ]
    if spec.schedule is not None:
        rest = spec.amount - sum((t.amount for t in instalments), Decimal(0))
        cent = quantum(spec.currency)
        each = (rest / spec.schedule.count).quantize(cent, rounding=ROUND_DOWN)
        months = PERIOD_MONTHS[spec.schedule.every]
        for k in range(spec.schedule.count):
            amount = each if k < spec.schedule.count - 1 else rest - each * (spec.schedule.count - 1)
            instalments.append(
                Instalment(
                    due=spec.schedule.first + relativedelta(months=months * k),
                    amount=amount,
                    cited=spec.schedule.source,
                    source=doc.at(*here, "schedule"),
                )
            )
    default = (
        SettlementDefault(
            on=spec.default.on, clause=spec.default.clause, cited=spec.default.source, source=doc.at(*here, "default")
        )
        if spec.default
        else None
    )
    return Settlement(
        id=spec.id,
        debt=spec.debt,
        date=spec.date,
        amount=spec.amount,
        currency=spec.currency,
        instalments=tuple(sorted(instalments, key=lambda t: t.due)),
        interest=spec.interest,
        default=default,
        cited=spec.source,
        source=doc.at(*here),
    )


# -- pass 4: link identifiers ------------------------------------------------------------------------------------


def _duplicates(doc: YamlDoc, section: str, ids: list[str], what: str) -> list[MatterError]:
    seen: dict[str, int] = {}
    errors = []
    for i, ident in enumerate(ids):
        if ident in seen:
            errors.append(
                doc.error((section, i, "id"), f"duplicate {what} id {ident!r} (first at {section}[{seen[ident]}])")
            )
        seen.setdefault(ident, i)
    return errors


def _link(doc: YamlDoc, matter: Matter, known_tables: Callable[[str], bool]) -> list[MatterError]:
    errors = _duplicates(doc, "instruments", [i.id for i in matter.instruments], "instrument")
    errors += _duplicates(doc, "proceedings", [p.id for p in matter.proceedings], "proceeding")
    errors += _duplicates(doc, "rates", [r.id for r in matter.rates], "rate list")
    ids = {i.id for i in matter.instruments}
    own_tables = {r.id for r in matter.rates}

    def table_known(name: str) -> bool:
        return name in own_tables or known_tables(name)

    for i, inst in enumerate(matter.instruments):
        here = ("instruments", i)
        if inst.based_on is not None and inst.based_on not in ids:
            errors.append(
                doc.error(
                    (*here, "based_on"), f"unknown instrument {inst.based_on!r}{did_you_mean(inst.based_on, ids)}"
                )
            )
        if inst.based_on == inst.id:
            errors.append(doc.error((*here, "based_on"), "an instrument cannot be based on itself"))
        labels = {c.label for c in inst.components}
        for k, term in enumerate(inst.interest):
            where = (*here, "interest", k)
            for label in term.on or ():
                if inst.carried:
                    errors.append(doc.error((*where, "on"), "'on' cannot name components of carried amounts"))
                    break
                if label not in labels:
                    errors.append(
                        doc.error(
                            (*where, "on"),
                            f"no component labelled {label!r} in this instrument{did_you_mean(label, labels)}",
                        )
                    )
            if isinstance(term.rate, IndexRate):
                if not table_known(term.rate.index):
                    errors.append(doc.error((*where, "rate", "index"), f"unknown rate table {term.rate.index!r}"))
                fb = term.rate.fallback
                if fb and fb.index and not table_known(fb.index):
                    errors.append(doc.error((*where, "rate", "fallback", "index"), f"unknown rate table {fb.index!r}"))
    errors += _cycles(doc, matter)
    debts = set(matter.debts()) if not errors else set()
    for i, pay in enumerate(matter.payments):
        if pay.instrument is not None and pay.instrument not in ids:
            errors.append(
                doc.error(
                    ("payments", i, "instrument"),
                    f"payment against unknown instrument {pay.instrument!r}{did_you_mean(pay.instrument, ids)}",
                )
            )
        if pay.debt is not None and debts and pay.debt not in debts:
            errors.append(
                doc.error(
                    ("payments", i, "debt"),
                    f"payment against unknown debt {pay.debt!r} (debts: {', '.join(sorted(debts))})",
                )
            )
    for i, proc in enumerate(matter.proceedings):
        for name in ("concerns", "result"):
            ref = getattr(proc, name)
            if ref is not None and ref not in ids:
                errors.append(
                    doc.error(("proceedings", i, name), f"unknown instrument {ref!r}{did_you_mean(ref, ids)}")
                )
    return errors


def _cycles(doc: YamlDoc, matter: Matter) -> list[MatterError]:
    basis = {i.id: i.based_on for i in matter.instruments}
    errors = []
    for i, inst in enumerate(matter.instruments):
        if inst.based_on == inst.id:
            continue  # reported by _link as "based on itself"
        seen = {inst.id}
        step = inst.based_on
        while step is not None and step in basis:
            if step in seen:
                errors.append(doc.error(("instruments", i, "based_on"), f"based_on forms a cycle through {step!r}"))
                break
            seen.add(step)
            step = basis[step]
    return errors


# -- pass 5: check what the law and arithmetic need --------------------------------------------------------------


def _too_precise(amount: Any, currency: str) -> bool:
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and -exponent > minor_units(currency)


def _check(doc: YamlDoc, matter: Matter) -> list[MatterError]:
    errors: list[MatterError] = []
    by_id = {i.id: i for i in matter.instruments}

    def err(path: tuple[int | str, ...], message: str) -> None:
        errors.append(MatterError(source=doc.at(*path), field=field_path(path), message=message))

    for i, inst in enumerate(matter.instruments):
        here: tuple[int | str, ...] = ("instruments", i)
        forum = FORUMS.get(inst.forum)
        if forum is None:
            err(
                (*here, "forum"),
                f"unknown forum {inst.forum!r}{forum_hint(inst.forum, FORUMS)} (known: {', '.join(sorted(FORUMS))})",
            )
        elif inst.kind is InstrumentKind.AWARD and forum.kind is not ForumKind.ARBITRAL:
            err((*here, "forum"), f"an award's forum is an institution or rules, not the court {inst.forum}")
        elif inst.kind is InstrumentKind.JUDGMENT and forum.kind is not ForumKind.COURT:
            err((*here, "forum"), f"a judgment's forum is a court, not the arbitral forum {inst.forum}")
        if inst.carried and inst.based_on is None:
            err((*here, "amounts"), "amounts: carried needs based_on: the instrument whose balance is carried")
        basis_currency = by_id[inst.based_on].currency if inst.based_on in by_id else None
        for problem in currency_problems(inst, basis_currency):
            err((*here, "currency"), problem)
        if inst.prejudgment != "statutory" and not (inst.carried and inst.kind is InstrumentKind.JUDGMENT):
            err(
                (*here, "prejudgment"),
                "prejudgment: applies to a judgment whose amounts are carried from based_on (the interest from the "
                "award to the judgment); a judgment that states its sums includes that interest in them",
            )
        if inst.tort is not None and inst.forum != "US-DE":
            err((*here, "tort"), f"tort: is 6 Del. C. §2301(d), a US-DE rule; {inst.forum} has none in exequatur")
        if inst.post_judgment == "underlying" and inst.based_on is None:
            err((*here, "post_judgment"), "post_judgment: underlying needs based_on")
        if not inst.carried and not inst.components:
            err((*here, "amounts"), "an instrument grants at least one sum")
        for j, comp in enumerate(inst.components):
            if _too_precise(comp.amount, inst.currency):
                err(
                    (*here, "amounts", j, "amount"),
                    f"{comp.amount} has more decimals than {inst.currency} has minor units",
                )
        labels = [c.label for c in inst.components]
        for j, label in enumerate(labels):
            if label in labels[:j]:
                err((*here, "amounts", j, "label"), f"duplicate component label {label!r}")
        basis = by_id.get(inst.based_on) if inst.based_on else None
        if basis is not None and inst.date < basis.date:
            err((*here, "date"), f"{inst.date} is before the date of {basis.id} ({basis.date}) it is based on")
        errors += _check_terms(doc, inst, here)
    debts = matter.debts()
    for i, pay in enumerate(matter.payments):
        if pay.amount == 0:
            err(("payments", i, "amount"), "a payment of zero")
        if _too_precise(pay.amount, pay.currency):
            err(("payments", i, "amount"), f"{pay.amount} has more decimals than {pay.currency} has minor units")
        target = by_id.get(pay.instrument) if pay.instrument else None
        linked = debts.get(pay.debt or (matter.debt_of(target.id) if target else ""), ())
        first = min((inst.date for inst in linked), default=None)
        if target is not None and pay.date < target.date:
            err(("payments", i, "date"), f"payment on {pay.date} precedes {target.id} ({target.date})")
        elif first is not None and pay.date < first:
            err(("payments", i, "date"), f"payment on {pay.date} precedes every instrument of debt {pay.debt}")
    known_debts = matter.debts()
    assets = {a.id for a in matter.assets}
    for i, settlement in enumerate(matter.settlements):
        here = ("settlements", i)
        if settlement.debt not in known_debts:
            err((*here, "debt"), f"unknown debt {settlement.debt!r} (debts: {', '.join(sorted(known_debts))})")
        scheduled = sum((t.amount for t in settlement.instalments), Decimal(0))
        if settlement.instalments and scheduled != settlement.amount:
            err((*here, "instalments"), f"the instalments add up to {scheduled}, not the settled {settlement.amount}")
        if any(t.amount <= 0 for t in settlement.instalments):
            err((*here, "schedule"), "the schedule leaves nothing to pay in equal instalments")
        if any(t.due < settlement.date for t in settlement.instalments):
            err((*here, "instalments"), "an instalment falls due before the settlement")
        if settlement.default is not None and settlement.default.on < settlement.date:
            err((*here, "default", "on"), "the default precedes the settlement")
    for i, action in enumerate(matter.actions):
        here = ("actions", i)
        if action.instrument is not None and action.instrument not in by_id:
            err(
                (*here, "instrument"),
                f"unknown instrument {action.instrument!r}{did_you_mean(action.instrument, by_id)}",
            )
        if action.asset is not None and action.asset not in assets:
            err((*here, "asset"), f"unknown asset {action.asset!r}{did_you_mean(action.asset, assets)}")
    for pay in matter.payments:
        if pay.instrument is None and pay.debt is None:
            errors.append(
                MatterError(
                    source=pay.source,
                    field="instrument",
                    message="money recovered under an action needs the action's instrument",
                )
            )
    for i, proc in enumerate(matter.proceedings):
        if proc.forum not in FORUMS:
            err(("proceedings", i, "forum"), f"unknown forum {proc.forum!r}{forum_hint(proc.forum, FORUMS)}")
        if proc.filed and proc.decided and proc.decided < proc.filed:
            err(("proceedings", i, "decided"), f"decided {proc.decided} before it was filed ({proc.filed})")
    errors += _check_places(doc, matter)
    errors += _check_facts(doc, matter)
    errors += _check_events(doc, matter)
    for i, series in enumerate(matter.rates):
        dates = [p.on for p in series.points]
        for j in range(1, len(dates)):
            if dates[j] <= dates[j - 1]:
                err(("rates", i, "values", j, "date"), f"{dates[j]} is not after the previous row ({dates[j - 1]})")
    return errors


def _check_places(doc: YamlDoc, matter: Matter) -> list[MatterError]:
    """An award's seat is a court forum; a venue is one its forum's calendar knows."""
    errors = []
    courts = {code for code, f in FORUMS.items() if f.kind is ForumKind.COURT}
    for i, inst in enumerate(matter.instruments):
        here = ("instruments", i)
        if inst.seat is not None:
            if inst.kind is not InstrumentKind.AWARD:
                errors.append(doc.error((*here, "seat"), "only an award has a seat"))
            elif inst.forum == "ICSID":
                message = (
                    "an ICSID Convention award has no seat whose courts may set it aside: it is reviewed only "
                    "under the Convention (art. 53(1)); leave seat: out"
                )
                errors.append(doc.error((*here, "seat"), message))
            elif inst.seat not in courts:
                errors.append(
                    doc.error(
                        (*here, "seat"),
                        f"unknown seat {inst.seat!r}: give the forum code of the seat's courts "
                        f"({', '.join(sorted(courts))}){did_you_mean(inst.seat, courts)}",
                    )
                )
        court = FORUMS.get(inst.forum)
        if inst.venue is not None and court is not None:
            if court.calendar is None:
                errors.append(doc.error((*here, "venue"), f"forum {court.code} keeps no court calendar"))
                continue
            try:
                court.calendar(inst.venue)
            except RuleError as exc:
                errors.append(doc.error((*here, "venue"), str(exc)))
    return errors


def _check_facts(doc: YamlDoc, matter: Matter) -> list[MatterError]:
    """A fact is about what its kind is about: an instrument, an asset, or the debtor; and it is stated once."""
    errors = []
    targets = {
        About.INSTRUMENT: {i.id for i in matter.instruments},
        About.ASSET: {a.id for a in matter.assets},
        About.DEBTOR: {"debtor"},
    }
    seen: dict[tuple[str, str, date | None], int] = {}
    for i, fact in enumerate(matter.facts):
        kind = CATALOGUE[fact.name]
        known = targets[kind.about]
        if fact.about not in known:
            if kind.about is About.DEBTOR:
                message = f"{fact.name} is about the debtor: write about: debtor"
            else:
                what = {About.INSTRUMENT: "an instrument", About.ASSET: "an asset"}[kind.about]
                listed = ", ".join(sorted(known)) or "none"
                message = (
                    f"{fact.name} is about {what}, and {fact.about!r} is not one{did_you_mean(fact.about, known)} "
                    f"(the matter's: {listed})"
                )
            errors.append(doc.error(("facts", i, "about"), message))
        key = (fact.name, fact.about, fact.on)
        if key in seen:
            when = f" on {fact.on}" if fact.on else " without a date"
            message = f"{fact.name} of {fact.about} is stated twice{when} (first at facts[{seen[key]}])"
            errors.append(doc.error(("facts", i, "fact"), message))
        seen.setdefault(key, i)
    return errors


def _check_events(doc: YamlDoc, matter: Matter) -> list[MatterError]:
    """An event happens to a known instrument, not before it; `done` names a known deadline rule."""
    errors = []
    by_id = {i.id: i for i in matter.instruments}
    # The forums' deadline files are read only for a matter whose events name a rule.
    named = any(event.rule is not None for event in matter.events)
    rules = {*(deadline_rule_ids() if named else ()), *(f"matter/{d.id}" for d in matter.deadlines)}
    errors += _duplicates(doc, "deadlines", [d.id for d in matter.deadlines], "deadline")
    for i, agreed in enumerate(matter.deadlines):
        here = ("deadlines", i)
        inst = by_id.get(agreed.instrument)
        if inst is None:
            message = f"unknown instrument {agreed.instrument!r}{did_you_mean(agreed.instrument, by_id)}"
            errors.append(doc.error((*here, "instrument"), message))
        elif agreed.trigger is EventKind.RENDERED and inst.kind is not InstrumentKind.AWARD:
            errors.append(doc.error((*here, "trigger"), f"{inst.id} is a judgment: it is entered, not rendered"))
        elif agreed.trigger is EventKind.ENTERED and inst.kind is not InstrumentKind.JUDGMENT:
            errors.append(doc.error((*here, "trigger"), f"{inst.id} is an award: it is rendered, not entered"))
        court = FORUMS.get(agreed.calendar)
        if inst is not None and (court is None or court.calendar is None):
            with_calendars = sorted(code for code, f in FORUMS.items() if f.calendar is not None)
            errors.append(
                doc.error(
                    (*here, "calendar"),
                    f"no court calendar for {agreed.calendar!r}; name one of {', '.join(with_calendars)}"
                    f"{did_you_mean(agreed.calendar, with_calendars)}",
                )
            )
    for i, event in enumerate(matter.events):
        here = ("events", i)
        inst = by_id.get(event.instrument)
        if inst is None:
            message = f"unknown instrument {event.instrument!r}{did_you_mean(event.instrument, by_id)}"
            errors.append(doc.error((*here, "instrument"), message))
        elif event.date < inst.date:
            errors.append(doc.error((*here, "date"), f"{event.date} is before {inst.id}'s date ({inst.date})"))
        if event.rule is not None and event.rule not in rules:
            errors.append(
                doc.error(
                    (*here, "rule"),
                    f"unknown deadline rule {event.rule!r}{did_you_mean(event.rule, rules)} "
                    "(`exequatur rules deadlines` lists them)",
                )
            )
    return errors


def _check_terms(doc: YamlDoc, inst: Instrument, here: tuple[int | str, ...]) -> list[MatterError]:
    errors = []
    spans: dict[str, list[tuple[int, InterestTerm]]] = defaultdict(list)
    labels = [c.label for c in inst.components] or ["*"]
    for k, term in enumerate(inst.interest):
        where = (*here, "interest", k)
        if inst.carried and term.start < inst.date:
            errors.append(
                doc.error(
                    (*where, "from"),
                    f"a carried judgment's own interest starts on or after its "
                    f"date ({inst.date}): the balance it carries already holds interest to then",
                )
            )
        if term.until is not None and term.until <= term.start:
            errors.append(doc.error((*where, "until"), f"until {term.until} is not after from {term.start}"))
        if (
            isinstance(term.rate, IndexRate)
            and term.rate.fallback
            and term.rate.fallback.use == "floor"
            and term.rate.floor is None
        ):
            errors.append(doc.error((*where, "rate", "fallback"), "fallback use: floor needs a floor on the rate"))
        for label in labels:
            if label == "*" or term.applies_to(label):
                spans[label].append((k, term))
    for label, terms in spans.items():
        ordered = sorted(terms, key=lambda kt: kt[1].start)
        for (_, a), (k, b) in itertools.pairwise(ordered):
            if a.until is None or a.until > b.start:
                where = (*here, "interest", k)
                errors.append(
                    doc.error(
                        (*where, "from"),
                        f"two interest terms overlap on component {label!r}: give the earlier one an until",
                    )
                )
    return errors


# -- the pipeline ----------------------------------------------------------------------------------------------


def parse_matter(
    text: str, file: str = "<matter>", *, known_tables: Callable[[str], bool] = lambda _: False
) -> tuple[Matter | None, list[MatterError]]:
    """Run the passes on the text of a matter file. Stops after a pass that found errors."""
    doc, errors = _parse(file, text)
    if doc is None:
        return None, errors
    spec, errors = _validate(doc)
    if spec is None:
        return None, sorted(errors, key=lambda e: e.source.line)
    matter = _build(doc, spec)
    recovered = _recoveries(doc, spec)
    if recovered:
        matter = replace(matter, payments=(*matter.payments, *recovered))
    errors = _link(doc, matter, known_tables)
    if not errors:
        errors = _check(doc, matter)
    if errors:
        return None, sorted(errors, key=lambda e: e.source.line)
    return matter, []


def load_matter(
    path: str | Path, *, known_tables: Callable[[str], bool] = lambda _: False
) -> tuple[Matter | None, list[MatterError]]:
    """Read and check a matter file (`-` is standard input); a file that cannot be read, or is larger than
    MAX_FILE_BYTES, is an error at line 0 (or at the line of a byte that is not UTF-8), not an exception."""
    file = display_name(path)
    try:
        text = read_text(path)
    except YamlProblem as problem:
        return None, [MatterError(source=Source(file, problem.line), message=problem.message)]
    return parse_matter(text, file, known_tables=known_tables)
