"""Plain data of a stored matter for the JSON API and the pages alike: its instruments as a tree (a judgment under
the award or judgment it recognizes), payments, record, and a timeline of everything dated. Formats only; the
figures come from the engine's statement (reports/export.py) and the deadlines' schedule (reports/deadlines.py).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exequatur.engine.deadlines import Schedule
    from exequatur.engine.history import History
    from exequatur.model.matter import Matter


def instrument_tree(matter: Matter) -> list[dict[str, Any]]:
    """The instruments in file order under their parents (`based_on`), each with its depth: an award, the judgments
    recognizing it indented below, the judgments recognizing those below them."""
    by_parent: dict[str | None, list[Any]] = {}
    ids = {i.id for i in matter.instruments}
    for inst in matter.instruments:
        parent = inst.based_on if inst.based_on in ids else None
        by_parent.setdefault(parent, []).append(inst)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for inst in by_parent.get(parent, []):
            if inst.id in seen:
                continue
            seen.add(inst.id)
            out.append(
                {
                    "id": inst.id,
                    "depth": depth,
                    "kind": inst.kind.value,
                    "forum": inst.forum,
                    "date": inst.date.isoformat(),
                    "currency": inst.currency,
                    "based_on": inst.based_on,
                    "status": inst.status.value,
                    "components": [
                        {"label": c.label, "amount": str(c.amount), "source": c.cited} for c in inst.components
                    ],
                    "source": inst.cited,
                }
            )
            walk(inst.id, depth + 1)

    walk(None, 0)
    return out


def payments(matter: Matter) -> list[dict[str, Any]]:
    return [
        {
            "date": p.date.isoformat(),
            "amount": str(p.amount),
            "currency": p.currency,
            "instrument": p.instrument,
            "debt": p.debt,
            "source": p.cited,
        }
        for p in matter.payments
    ]


def timeline(matter: Matter, schedule: Schedule | None = None) -> list[dict[str, Any]]:
    """Everything dated in the matter, oldest first: instruments, payments, proceedings filed and decided, events,
    and (with a schedule) the deadlines' due days."""
    items: list[tuple[date, str, str]] = []
    for inst in matter.instruments:
        items.append((inst.date, inst.kind.value, f"{inst.id} ({inst.forum})"))
    for p in matter.payments:
        items.append((p.date, "payment", f"{p.amount} {p.currency}" + (f" on {p.instrument}" if p.instrument else "")))
    for pr in matter.proceedings:
        where = pr.court or pr.forum
        if pr.filed is not None:
            items.append((pr.filed, "filed", f"{pr.id}: {pr.kind.value}, {where}"))
        if pr.decided is not None:
            items.append((pr.decided, "decided", f"{pr.id}: {pr.outcome or pr.result or 'decided'}, {where}"))
    for e in matter.events:
        items.append((e.date, e.kind.value, e.instrument))
    if schedule is not None:
        for d in schedule.deadlines:
            if d.due is not None:
                items.append((d.due, f"deadline ({d.status.value})", f"{d.title} [{d.instrument}]"))
    items.sort(key=lambda t: t[0])
    return [{"date": day.isoformat(), "what": what, "detail": detail} for day, what, detail in items]


def matter_json(matter: Matter, revision: int) -> dict[str, Any]:
    from exequatur.io.record import record_json

    record = record_json(matter)
    return {
        "matter": matter.id,
        "title": matter.title,
        "revision": revision,
        "creditor": {"name": matter.creditor.name, "country": matter.creditor.country},
        "debtor": {"name": matter.debtor.name, "country": matter.debtor.country},
        "instruments": instrument_tree(matter),
        "payments": payments(matter),
        "proceedings": record["proceedings"],
        "assets": record["assets"],
        "actions": record["actions"],
    }


def history_json(result: History) -> dict[str, Any]:
    """The history as plain data: each instrument's points (day, principal, interest, paid, total), the payments,
    and a table of totals by day (None where an instrument has no figure that day) for the page's fallback."""
    lines = [
        {
            "instrument": line.instrument,
            "forum": line.forum,
            "currency": line.currency,
            "status": line.status,
            "stop": line.stop,
            "points": [
                {
                    "date": p.day.isoformat(),
                    "principal": str(p.principal),
                    "interest": str(p.interest),
                    "paid": str(p.paid),
                    "total": str(p.total),
                }
                for p in line.points
            ],
        }
        for line in result.lines
    ]
    from exequatur.engine.history import months_apart

    totals = {line.instrument: {p.day: str(p.total) for p in line.points} for line in result.lines}
    start = result.days[0] if result.days else None
    return {
        "matter": result.matter,
        "as_of": result.as_of.isoformat(),
        # the regular steps: every `months` months from `start` (the earliest instrument's date), on its day
        "steps": None if start is None else {"start": start.isoformat(), "months": months_apart(start, result.as_of)},
        "lines": lines,
        "payments": [
            {"date": p.day.isoformat(), "amount": str(p.amount), "currency": p.currency, "against": p.against}
            for p in result.payments
        ],
        "table": [
            {"date": day.isoformat(), "totals": [totals[line.instrument].get(day) for line in result.lines]}
            for day in result.days
        ],
    }


#: A message of the engine or the store that tells a terminal user what to type, as a browser user can act on it:
#: the page to use, or who can run the command (an admin, on the server).
_FOR_THE_WEB = (
    (re.compile(r"\(add one with `exequatur user add [^`]+`\)"), "(an admin adds users on the Users page)"),
    (re.compile(r"none yet: `exequatur db import FILE` adds one"), "none yet: an editor adds one on the Upload page"),
    (
        re.compile(r"run `(exequatur rates [^`]+)`(?:, or `exequatur rates [^`]+`)?(?: with a newer official file)?"),
        r"ask an admin to run `\1` on the server",
    ),
    (re.compile(r"(?<!to run )`(exequatur [^`]+)`(?! on the server)"), r"`\1` (an admin runs it on the server)"),
)


def for_the_web(text: str) -> str:
    """`text` with its command-line advice said for a browser user (see _FOR_THE_WEB)."""
    for pattern, instead in _FOR_THE_WEB:
        text = pattern.sub(instead, text)
    return text
