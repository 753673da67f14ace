"""A matter's deadlines as JSON, as a terminal table, and as an iCalendar file a calendar program imports.

Each renders the engine's Schedule records; none computes a date. In the .ics file every dated deadline is an
all-day event on its due day with its rule, citation and arithmetic in the description, and a UID built from the
matter and the deadline's id, so that importing a newer export updates the events instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from exequatur.engine.deadlines import Deadline, Schedule, Status
from exequatur.reports.fit import fitted
from exequatur.reports.provenance import exequatur_version

#: How each status reads on a terminal.
STYLES = {
    Status.OPEN: "bold yellow",
    Status.MET: "green",
    Status.MISSED: "red",
    Status.NEEDS_FACT: "magenta",
    Status.TASK: "cyan",
}


def within(schedule: Schedule, start: date | None, until: date | None) -> tuple[Deadline, ...]:
    """The deadlines due from `start` to `until` (inclusive); undated ones (a task, a missing fact) always."""
    return tuple(
        d
        for d in schedule.deadlines
        if d.due is None or ((start is None or d.due >= start) and (until is None or d.due <= until))
    )


def deadline_json(d: Deadline) -> dict[str, Any]:
    return {
        "id": d.id,
        "instrument": d.instrument,
        "forum": d.forum,
        "rule": d.rule,
        "title": d.title,
        "citation": d.citation,
        "actor": d.actor.value,
        "nature": d.nature.value,
        "trigger": {"event": d.trigger.event.value, "date": None if d.trigger.date is None else str(d.trigger.date)},
        "due": None if d.due is None else str(d.due),
        "computation": d.computation,
        "status": d.status.value,
        "reason": d.reason,
        "note": d.note,
        "source": d.source,
    }


def schedule_json(schedule: Schedule, shown: Sequence[Deadline]) -> dict[str, Any]:
    return {
        "matter": schedule.matter,
        "as_of": str(schedule.as_of),
        "deadlines": [deadline_json(d) for d in shown],
        "notes": list(schedule.notes),
    }


def render_schedule(schedule: Schedule, shown: Sequence[Deadline]) -> RenderableType:
    """One row per deadline: its day and status, then what it is, under which rule, and the arithmetic."""
    table = Table(title=f"Deadlines of {schedule.matter} as of {schedule.as_of}", expand=True, show_lines=True)
    table.add_column("due", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("deadline", ratio=1, overflow="fold")
    for d in shown:
        what = Text()
        what.append(f"{d.instrument}: {d.title}", style="bold")
        what.append(f" [{d.rule}, {d.actor.whose}]\n")
        what.append(f"{d.computation}\n")
        what.append(d.reason, style=STYLES[d.status])
        if d.note:
            what.append(f"\nnote: {d.note}", style="italic")
        what.append(f"\n{d.citation}", style="dim")
        table.add_row(str(d.due) if d.due else "—", Text(d.status.value, style=STYLES[d.status]), what)
    parts: list[RenderableType] = [fitted(table)]  # stacked where the dates and statuses leave no room beside them
    if not shown:
        parts.append(Text("No deadline in that window."))
    if schedule.notes:
        parts.append(Text("\n".join(f"• {n}" for n in schedule.notes), style="dim"))
    return Group(*parts)


def schedule_ics(schedule: Schedule, shown: Sequence[Deadline], *, stamp: datetime | None = None) -> bytes:
    """An iCalendar (RFC 5545) file: one all-day event per dated deadline (there must be one: RFC 5545 §3.6 wants
    a calendar to hold at least one component)."""
    if not any(d.due is not None for d in shown):
        raise ValueError("no dated deadline to put in a calendar")
    cal = Calendar()
    cal.add("prodid", f"-//exequatur {exequatur_version()}//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{schedule.matter} deadlines")
    now = stamp or datetime.now(UTC).replace(microsecond=0)
    for d in shown:
        if d.due is None:
            continue
        event = Event()
        event.add("uid", f"{schedule.matter}/{d.id}@exequatur")
        event.add("dtstamp", now)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("summary", f"[{d.status.value}] {d.instrument}: {d.title} ({d.actor.whose}; {schedule.matter})")
        lines = [
            f"Rule: {d.rule} ({d.forum}), {d.actor.whose}",
            f"Citation: {d.citation}",
            f"Computation: {d.computation}",
            f"Status as of {schedule.as_of}: {d.status.value}: {d.reason}",
            f"Source: {d.source}",
        ]
        if d.note:
            lines.append(f"Note: {d.note}")
        event.add("description", "\n".join(lines))
        event.add("categories", [d.forum, d.status.value])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
