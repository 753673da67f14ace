"""Accounts of the web app and the matters each may see: users with a role and an argon2 password hash, and
per-matter grants. Each change (a user added, a grant given or taken back) is appended to the audit log, with who
made it, in the caller's transaction.

Roles: an admin may do everything (users and grants too) and sees every matter; an editor may import matter files
and sees the matters granted to it (a matter it creates is granted to it); a viewer sees its granted matters only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exequatur.model.errors import ExequaturError
from exequatur.store import models as m

ROLES = ("admin", "editor", "viewer")
#: A user name: what the audit log shows. Letters, digits and . _ @ - (an e-mail address fits).
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
MIN_PASSWORD = 8


class UserError(ExequaturError):
    """A user or grant that cannot be made as asked: a bad name or role, a short password, an unknown matter."""


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the web app checks it on each request."""

    name: str
    role: str
    grants: frozenset[str]
    #: The user's session epoch (models.UserRow.session_epoch): a session of another epoch has ended.
    epoch: int = 0

    @property
    def admin(self) -> bool:
        return self.role == "admin"

    def may_see(self, matter: str) -> bool:
        return self.admin or matter in self.grants


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current defaults (RFC 9106's second recommendation)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password has at least {MIN_PASSWORD} characters")
    hashed: str = _hasher().hash(password)
    return hashed


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


#: Verified against when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY: list[str] = []


def dummy_verify(password: str) -> None:
    if not _DUMMY:
        _DUMMY.append(_hasher().hash("not a password of anyone"))
    verify_password(_DUMMY[0], password)


def _audit(session: Session, *, by: str, action: str, matter: str, entity: str, before: Any, after: Any) -> None:
    revision = 0
    if matter:
        found = session.scalars(select(m.MatterRow.revision).where(m.MatterRow.matter == matter)).one_or_none()
        revision = found or 0
    session.add(
        m.AuditRow(
            at=datetime.now(UTC),
            user=by,
            action=action,
            matter=matter,
            revision=revision,
            entity=entity,
            before=before,
            after=after,
        )
    )


def find(session: Session, name: str) -> m.UserRow | None:
    return session.scalars(select(m.UserRow).where(m.UserRow.name == name)).one_or_none()


def account(session: Session, name: str) -> Account | None:
    row = find(session, name)
    if row is None:
        return None
    return Account(
        name=row.name, role=row.role, grants=frozenset(g.matter for g in row.grants), epoch=row.session_epoch or 0
    )


def end_sessions(session: Session, name: str) -> None:
    """End every session of `name` (its cookies, wherever they are, no longer sign it in); nothing if no user."""
    row = find(session, name)
    if row is not None:
        row.session_epoch = (row.session_epoch or 0) + 1
        session.flush()


def _require(session: Session, name: str) -> m.UserRow:
    row = find(session, name)
    if row is None:
        raise UserError(f"no user {name!r} (add one with `exequatur user add {name} --role viewer`)")
    return row


def add(session: Session, name: str, role: str, password_hash: str, *, by: str) -> m.UserRow:
    """A new user; UserError if the name is taken or not a name, or the role unknown."""
    if not NAME.fullmatch(name):
        raise UserError(f"{name!r} is not a user name: letters, digits and . _ @ -, starting with a letter or digit")
    if role not in ROLES:
        raise UserError(f"{role!r} is not a role: {', '.join(ROLES)}")
    if find(session, name) is not None:
        raise UserError(f"a user {name!r} exists already")
    row = m.UserRow(name=name, role=role, password_hash=password_hash, created_at=datetime.now(UTC), created_by=by)
    session.add(row)
    _audit(session, by=by, action="create", matter="", entity=f"users/{name}", before=None, after={"role": role})
    session.flush()
    return row


def listed(session: Session) -> list[m.UserRow]:
    return list(session.scalars(select(m.UserRow).order_by(m.UserRow.name)))


def grant(session: Session, name: str, matter: str, *, by: str) -> bool:
    """Let `name` see `matter`; False if it could already. UserError for an unknown user or matter."""
    from exequatur.store.repository import _require as require_matter

    row = _require(session, name)
    require_matter(session, matter)
    if any(g.matter == matter for g in row.grants):
        return False
    row.grants.append(m.GrantRow(matter=matter, granted_at=datetime.now(UTC), granted_by=by))
    _audit(session, by=by, action="grant", matter=matter, entity=f"grants/{name}", before=None, after={"user": name})
    session.flush()
    return True


def revoke(session: Session, name: str, matter: str, *, by: str) -> bool:
    """Take back a grant; False if there was none."""
    row = _require(session, name)
    kept = [g for g in row.grants if g.matter != matter]
    if len(kept) == len(row.grants):
        return False
    row.grants = kept
    _audit(session, by=by, action="revoke", matter=matter, entity=f"grants/{name}", before={"user": name}, after=None)
    session.flush()
    return True
