"""The law as exequatur holds it, for people: forums, their dated parameters with citations, tables, freshness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from exequatur.model.rates import RateSeries
from exequatur.reports.fit import fitted
from exequatur.rules.conversion import CONVERSION
from exequatur.rules.forum import Forum
from exequatur.rules.parameters import ParameterSet


def forums_table(forums: list[Forum], params: dict[str, list[ParameterSet]]) -> RenderableType:
    table = Table(title=Text("Forums"), title_justify="left")
    for name in ("code", "name", "kind", "currency", "interest", "conversion"):
        table.add_column(name)
    for f in forums:
        if f.kind.value == "arbitral":
            interest = "the award's own terms"
        else:
            titles = [p.title for p in params.get(f.code, [])]
            interest = "; ".join(titles) or "no statute written yet"
        conversion = CONVERSION.get(f.code)
        table.add_row(
            Text(f.code),
            Text(f.name),
            f.kind.value,
            f.currency or "",
            Text(interest),
            Text(f"at {conversion.at.value}: {conversion.citation}" if conversion else ""),
        )
    return fitted(table)


def forum_detail(forum: Forum, params: list[ParameterSet], tables: list[RateSeries], on: date | None) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{forum.code} — {forum.name}", style="bold")]
    conversion = CONVERSION.get(forum.code)
    if conversion:
        parts.append(Text(f"currency conversion: at {conversion.at.value} — {conversion.citation}"))
    for ps in params:
        parts.append(Text(f"\n{ps.title}  [params/{ps.path}, reviewed {ps.reviewed}]", style="cyan"))
        for ref in ps.references:
            parts.append(Text(f"  ref: {ref}", style="dim"))
        table = Table(show_header=True)
        for name in ("parameter", "from", "value", "unit", "citation"):
            table.add_column(name)
        for p in ps.parameters.values():
            values = p.values if on is None else tuple(v for v in p.values if v.start <= on)[-1:]
            if on is not None and not values:
                table.add_row(Text(p.name), "", Text(f"none in force on {on}"), p.unit, "")
            for v in values:
                table.add_row(Text(p.name), str(v.start), str(v.value), p.unit, Text(v.citation))
        parts.append(fitted(table))
    for series in tables:
        line = (
            f"\ntable {series.id}: {series.title}\n  source: {series.source}\n  covers {series.first} to {series.last}"
        )
        if series.reviewed:
            line += f", reviewed {series.reviewed}"
        if on is not None:
            try:
                point = series.on_or_before(on)
                line += (
                    f"\n  newest row on or before {on}: {point.value} (row of {point.on}); the rule may read "
                    "another day (e.g. the week before entry, or the quarter's reference day): see its module"
                )
            except LookupError as exc:
                line += f"\n  on {on}: {exc}"
        parts.append(Text(line))
    return Group(*parts)


@dataclass(frozen=True, slots=True)
class Review:
    what: str
    reviewed: date | None

    def age(self, today: date) -> int | None:
        return None if self.reviewed is None else (today - self.reviewed).days


def stale(reviews: list[Review], today: date, days: int) -> list[Review]:
    """Files never reviewed, or reviewed more than `days` ago."""
    return [r for r in reviews if r.reviewed is None or (today - r.reviewed).days > days]


def deadline_rules_table(forums: list[Forum]) -> RenderableType:
    """Every deadline rule of the forums given, one block each: its id (what a matter's `done` event names), what
    it is, the event it runs from, and each version's period and citation. Blocks, not a table, so that a long
    citation wraps at any width without squeezing the rest."""
    parts: list[RenderableType] = [Text("Deadline rules", style="bold")]
    for f in forums:
        for rule in f.deadlines.rules if f.deadlines else ():
            block = Text()
            block.append(f"\n{rule.id}", style="bold cyan")
            block.append(f"  {rule.title} ({rule.nature.value}, {rule.actor.whose}), from: {rule.trigger.value}")
            if rule.contingent:
                block.append(" (listed once its trigger is recorded)", style="dim")
            for v in rule.versions:
                period = f"{v.period}" if v.period else "no date"
                since = f"from {v.start}" + (" (and earlier triggers)" if v.reaches_earlier else "")
                block.append(f"\n  {since}: {period}", style="bold")
                block.append(f"\n    {v.citation}", style="dim")
            if rule.note:
                block.append(f"\n  note: {rule.note}", style="italic")
            parts.append(block)
    return Group(*parts)
