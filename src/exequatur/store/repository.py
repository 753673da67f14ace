"""Matters in the database: import a checked matter file, export one, list them, read the audit log.

An import runs inside the caller's transaction (store.database.transaction): its rows, its revision and its audit
rows land together or not at all. The file is checked first, as `exequatur check` checks it; a file with problems
changes nothing. Importing a matter id that is already stored replaces its content and adds a revision; an import
that changes nothing (same data, same comments) adds neither a revision nor audit rows.

Export writes the matter file from the rows (and the comments stored by path), not from the stored text: what it
writes is what the database holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exequatur.io.printer import Comments, file_comments, json_ready, render
from exequatur.model.errors import ExequaturError
from exequatur.store import mapping
from exequatur.store import models as m


class UnknownMatter(ExequaturError):
    def __init__(self, matter: str, known: list[str]) -> None:
        from exequatur.io.suggest import did_you_mean

        listed = ", ".join(known[:20]) or "none yet: `exequatur db import FILE` adds one"
        super().__init__(f"no matter {matter!r} in the database{did_you_mean(matter, known)} (it holds: {listed})")
        self.matter = matter


@dataclass(frozen=True, slots=True)
class Imported:
    matter: str
    revision: int
    created: bool
    #: Audit rows written: one per item added, changed or removed. Zero: the file changed nothing.
    changes: int


@dataclass(frozen=True, slots=True)
class Summary:
    matter: str
    title: str | None
    revision: int
    instruments: int
    updated_at: datetime
    updated_by: str


def _nothing(_stage: str) -> None:
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def _find(session: Session, matter: str) -> m.MatterRow | None:
    return session.scalars(select(m.MatterRow).where(m.MatterRow.matter == matter)).one_or_none()


def _require(session: Session, matter: str) -> m.MatterRow:
    row = _find(session, matter)
    if row is None:
        raise UnknownMatter(matter, list(session.scalars(select(m.MatterRow.matter).order_by(m.MatterRow.matter))))
    return row


def _comments(row: m.MatterRow) -> dict[str, Comments]:
    return {
        c.path: Comments(before=tuple(c.before.split("\n")) if c.before is not None else (), inline=c.inline)
        for c in row.comments
    }


def _snapshot(row: m.MatterRow) -> tuple[dict[str, Any], dict[str, Comments]]:
    comments = _comments(row)
    return mapping.tree(row, comments.keys()), comments


def _locked(session: Session, matter: str) -> m.MatterRow | None:
    """The matter's row, locked until the transaction ends: another import of it waits (PostgreSQL: SELECT ...
    FOR UPDATE; SQLite: the transaction began with BEGIN IMMEDIATE and already holds the database's write lock)."""
    return session.scalars(select(m.MatterRow).where(m.MatterRow.matter == matter).with_for_update()).one_or_none()


def import_checked(
    session: Session, spec: Any, raw: Any, text: str, *, file: str, user: str, step: Callable[[str], None] | None = None
) -> Imported:
    """Store the matter of a file that passed its checks: `spec` is its io.schema.MatterFile, `raw` the YAML as
    io.yamllines read it (for the comments' places), `text` the file. `step` is called between the stages (a
    test injects a failure there).

    The matter's row is locked first, so two imports of one matter run one after the other, each seeing what the
    one before stored. Whether anything changes is found before a row is touched: an unchanged import writes
    nothing."""
    step = step or _nothing
    comments = file_comments(text, raw)
    for path in sorted(mapping.written_defaults(spec)):
        comments.setdefault(path, Comments())  # a key written at its default: a row with no text
    draft = m.MatterRow()  # the file's rows, never added to the session: what the matter will be
    _fill(draft, spec, comments)
    after = mapping.tree(draft, comments.keys())

    row = _locked(session, spec.matter)
    created = False
    if row is None:
        now = _now()
        draft.revision, draft.created_at, draft.updated_at, draft.updated_by = 0, now, now, user
        try:
            with session.begin_nested():  # another import may be creating it too: its INSERT wins, ours waits
                session.add(draft)
                session.flush()
            row, created = draft, True
        except IntegrityError:
            row = _locked(session, spec.matter)  # created (and committed) meanwhile: replace it
            if row is None:
                raise
    before: dict[str, Any] | None = None
    before_comments: dict[str, Comments] = {}
    if not created:
        before, before_comments = _snapshot(row)
    changes = list(_changes(before, after))
    if before_comments != comments:
        changes.append(("comments", _comments_json(before_comments) if before else None, _comments_json(comments)))
    if not changes:
        return Imported(matter=row.matter, revision=row.revision, created=False, changes=0)
    if not created:
        _fill(row, spec, comments)
    step("rows")
    session.flush()
    row.revision += 1
    row.updated_at = _now()
    row.updated_by = user
    row.revisions.append(
        m.RevisionRow(
            position=row.revision,
            imported_at=row.updated_at,
            imported_by=user,
            file=file,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text,
        )
    )
    step("revision")
    for entity, old, new in changes:
        action = "create" if old is None else "delete" if new is None else "update"
        session.add(
            m.AuditRow(
                at=row.updated_at,
                user=user,
                action=action,
                matter=row.matter,
                revision=row.revision,
                entity=entity,
                before=old,
                after=new,
            )
        )
    step("audit")
    session.flush()
    return Imported(matter=row.matter, revision=row.revision, created=created, changes=len(changes))


def _fill(row: m.MatterRow, spec: Any, comments: dict[str, Comments]) -> None:
    mapping.fill(row, spec)
    row.comments = [
        m.CommentRow(position=i, path=path, before="\n".join(c.before) if c.before else None, inline=c.inline)
        for i, (path, c) in enumerate(comments.items())
    ]


def _comments_json(comments: dict[str, Comments]) -> dict[str, Any]:
    return {p: {"before": list(c.before), "inline": c.inline} for p, c in comments.items()}


#: The list sections of a matter file, and the field that names an item of each (else its position).
SECTIONS = {
    "instruments": "id",
    "payments": None,
    "proceedings": "id",
    "rates": "id",
    "settlements": "id",
    "assets": "id",
    "actions": "id",
    "events": None,
    "deadlines": "id",
    "facts": None,
}


def _entities(tree: dict[str, Any] | None) -> dict[str, Any]:
    """A matter's items by name: `matter` (its own fields and the parties), `instruments/award`, `payments[0]`."""
    if tree is None:
        return {}
    out: dict[str, Any] = {"matter": json_ready({k: v for k, v in tree.items() if k not in SECTIONS})}
    for section, key in SECTIONS.items():
        for i, item in enumerate(tree.get(section, ())):
            name = f"{section}/{item[key]}" if key else f"{section}[{i}]"
            out[name] = json_ready(item)
    return out


def _changes(before: dict[str, Any] | None, after: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    old, new = _entities(before), _entities(after)
    for name in [*new, *(n for n in old if n not in new)]:
        if old.get(name) != new.get(name):
            yield name, old.get(name), new.get(name)


def export_text(session: Session, matter: str) -> str:
    """The matter file of a stored matter, written from its rows, with its comments."""
    row = _require(session, matter)
    tree, comments = _snapshot(row)
    return render(tree, comments)


def matters(session: Session) -> list[Summary]:
    rows = session.scalars(select(m.MatterRow).order_by(m.MatterRow.matter))
    return [
        Summary(
            matter=r.matter,
            title=r.title,
            revision=r.revision,
            instruments=len(r.instruments),
            updated_at=r.updated_at,
            updated_by=r.updated_by,
        )
        for r in rows
    ]


def revision_text(session: Session, matter: str, revision: int | None = None) -> str:
    """The text of the file a revision was imported from (default: the newest)."""
    row = _require(session, matter)
    wanted = revision or row.revision
    for rev in row.revisions:
        if rev.position == wanted:
            return rev.text
    raise ExequaturError(f"matter {matter!r} has no revision {wanted} (it has 1 to {row.revision})")


def audit_json(row: m.AuditRow) -> dict[str, Any]:
    """One audit row as plain data, the same for `db log --json` and the web app's /api/audit."""
    return {
        "at": row.at.isoformat(),
        "user": row.user,
        "action": row.action,
        "matter": row.matter,
        "revision": row.revision,
        "entity": row.entity,
        "before": row.before,
        "after": row.after,
    }


def audit(session: Session, matter: str | None = None) -> list[m.AuditRow]:
    """The audit log, oldest first (of one matter, if named: UnknownMatter if it is not stored)."""
    query = select(m.AuditRow).order_by(m.AuditRow.pk)
    if matter is not None:
        query = query.where(m.AuditRow.matter == matter)
    rows = list(session.scalars(query))
    if matter is not None and not rows:
        _require(session, matter)
    return rows
