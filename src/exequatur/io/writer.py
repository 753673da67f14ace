"""A matter as the data of a matter file (a tree for io.printer.render): the inverse of io.matterfile's build pass.

What a `Matter` no longer knows is written in the form it was expanded to: a settlement's schedule as its
instalments, the matter's `cmt_week` on each instrument. Money recovered under an action goes back under the
action. Places (file:line) are not written: the file written has its own.
"""

from __future__ import annotations

from typing import Any

from exequatur.io.printer import Percent
from exequatur.io.schema import RateListFile
from exequatur.model.instruments import CmtWeek, Instrument, InstrumentStatus
from exequatur.model.interest import Compounding, DayCount, FixedRate, InterestTerm
from exequatur.model.matter import Matter
from exequatur.model.parties import Party

#: A rate list's gap left out of the file where it is the schema's default (written, it would be a change).
_DEFAULT_GAP = RateListFile.model_fields["max_gap_days"].default


def _kept(**fields: Any) -> dict[str, Any]:
    """The fields that say something: None, False and empty lists are the format's defaults."""
    return {k: v for k, v in fields.items() if v is not None and v is not False and v != []}


def _party(party: Party) -> dict[str, Any]:
    return _kept(
        name=party.name,
        country=party.country,
        sovereign=party.sovereign,
        private_individual=party.private_individual,
    )


def _term(term: InterestTerm) -> dict[str, Any]:
    rate: Any
    if isinstance(term.rate, FixedRate):
        rate = Percent(term.rate.percent)
    else:
        fb = term.rate.fallback
        rate = _kept(
            index=term.rate.index,
            spread=Percent(term.rate.spread) if term.rate.spread else None,
            floor=Percent(term.rate.floor) if term.rate.floor is not None else None,
            reset=str(term.rate.reset),
            fallback=_kept(
                after=fb.after,
                use=fb.use,
                index=fb.index,
                adjustment=Percent(fb.adjustment) if fb.adjustment else None,
                source=fb.source,
            )
            if fb
            else None,
        )
    return _kept(
        **{"from": term.start},
        until=term.until,
        on=list(term.on) if term.on is not None else None,
        rate=rate,
        compounding=str(term.compounding) if term.compounding is not Compounding.NONE else None,
        day_count=str(term.day_count) if term.day_count is not DayCount.ACT_365 else None,
        source=term.note,
    )


def _tort(inst: Instrument) -> dict[str, Any] | None:
    if inst.tort is None:
        return None
    demand = inst.tort.settlement_demand  # False says something here: None is "not known"
    return {
        "injury": inst.tort.injury,
        **({"settlement_demand": demand} if demand is not None else {}),
        **_kept(source=inst.tort.cited),
    }


def _instrument(inst: Instrument) -> dict[str, Any]:
    amounts: Any = (
        "carried" if inst.carried else [_kept(label=c.label, amount=c.amount, source=c.cited) for c in inst.components]
    )
    prejudgment: Any = None
    if inst.prejudgment == "stated":
        prejudgment = [_term(t) for t in inst.prejudgment_terms] or None
    elif inst.prejudgment != "statutory":
        prejudgment = inst.prejudgment
    return _kept(
        id=inst.id,
        kind=str(inst.kind),
        forum=inst.forum,
        status=str(inst.status) if inst.status is not InstrumentStatus.ENTERED else None,
        title=inst.title,
        date=inst.date,
        currency=inst.currency,
        based_on=inst.based_on,
        debt=inst.debt,
        amounts=amounts,
        consumer_debt=inst.consumer_debt,
        post_judgment=inst.post_judgment if inst.post_judgment != "statutory" else None,
        converted_on=inst.converted_on,
        enforceable=inst.enforceable,
        prejudgment=prejudgment,
        tort=_tort(inst),
        cmt_week=str(inst.cmt_week) if inst.cmt_week is not CmtWeek.CALENDAR_WEEK else None,
        venue=inst.venue,
        seat=inst.seat,
        interest=[_term(t) for t in inst.interest],
        source=inst.cited,
    )


def matter_tree(matter: Matter) -> dict[str, Any]:
    """The matter file of `matter`, as a tree (keys in the order a matter file writes them)."""
    recovered: dict[str, list[dict[str, Any]]] = {}
    for p in matter.payments:
        if p.recovery is not None:
            item = _kept(date=p.date, amount=p.amount, currency=p.currency, source=p.cited)
            recovered.setdefault(p.recovery, []).append(item)
    return _kept(
        matter=matter.id,
        title=matter.title,
        creditor=_party(matter.creditor),
        debtor=_party(matter.debtor),
        instruments=[_instrument(i) for i in matter.instruments],
        payments=[
            _kept(
                date=p.date, amount=p.amount, currency=p.currency, instrument=p.instrument, debt=p.debt, source=p.cited
            )
            for p in matter.payments
            if p.recovery is None
        ],
        proceedings=[
            _kept(
                id=p.id,
                kind=str(p.kind),
                forum=p.forum,
                court=p.court,
                case_number=p.case_number,
                filed=p.filed,
                decided=p.decided,
                concerns=p.concerns,
                result=p.result,
                outcome=p.outcome,
                source=p.cited,
            )
            for p in matter.proceedings
        ],
        rates=[
            _kept(
                id=r.id,
                title=r.title,
                source=r.source,
                max_gap_days=r.max_gap_days if r.max_gap_days != _DEFAULT_GAP else None,
                values=[_kept(date=v.on, value=v.value, source=v.note) for v in r.points],
            )
            for r in matter.rates
        ],
        settlements=[
            _kept(
                id=s.id,
                debt=s.debt,
                date=s.date,
                amount=s.amount,
                currency=s.currency,
                instalments=[_kept(due=t.due, amount=t.amount, source=t.cited) for t in s.instalments],
                interest=Percent(s.interest) if s.interest is not None else None,
                default=_kept(on=s.default.on, clause=str(s.default.clause), source=s.default.cited)
                if s.default
                else None,
                source=s.cited,
            )
            for s in matter.settlements
        ],
        assets=[
            _kept(
                id=a.id,
                description=a.description,
                owner=a.owner,
                location=a.location,
                country=a.country,
                source=a.cited,
            )
            for a in matter.assets
        ],
        actions=[
            _kept(
                id=a.id,
                kind=str(a.kind),
                date=a.date,
                court=a.court,
                docket=a.docket,
                status=a.status,
                instrument=a.instrument,
                asset=a.asset,
                recoveries=recovered.get(f"{a.kind.value} {a.id}", []),
                source=a.cited,
            )
            for a in matter.actions
        ],
        events=[
            _kept(event=str(e.kind), date=e.date, instrument=e.instrument, rule=e.rule, source=e.cited)
            for e in matter.events
        ],
        deadlines=[
            {
                **_kept(
                    id=d.id,
                    title=d.title,
                    trigger=str(d.trigger),
                    instrument=d.instrument,
                    period=d.period,
                    calendar=d.calendar,
                ),
                "roll": d.roll,
                **_kept(actor=d.actor, citation=d.citation, source=d.cited),
            }
            for d in matter.deadlines
        ],
        facts=[
            {"fact": f.name, "about": f.about, "value": f.value, **_kept(date=f.on, source=f.cited)}
            for f in matter.facts
        ],
    )
