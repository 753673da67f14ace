"""The tables: a matter as data, one row per thing the matter file states, plus its revisions and the audit log.

The rows mirror the matter-file format (io/schema.py), field by field and with the same names, rather than the
frozen domain records: the file says a little more than a `Matter` keeps (a settlement's `schedule:` before it is
expanded into instalments, money recovered under an action, the `source:` of a party, the matter's `cmt_week`), and
export writes a file from these rows alone. A nested mapping of the file is flattened into its parent's row with a
prefix (`tort_injury`, `default_on`, `rate_fallback_after`); the lists of the file are child tables whose
`position` keeps the file's order. Sums and rates are ExactDecimal (never a float); dates are DATE; the values of
the format's closed vocabularies (kinds, compounding, day counts) are their text.

The domain records stay as they are: `store.repository` maps rows to a matter file and back, and a `Matter` is
what that file loads to.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from exequatur.store.types import ExactDecimal, UtcDateTime

#: Constraint names fixed by convention, so that a migration names them the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(200)  # identifiers of the format (letters, digits, '.', '_', '-')
CODE = String(40)  # forum codes, kinds, day counts
CURRENCY = String(3)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _parent(table: str) -> Mapped[int]:
    return mapped_column(ForeignKey(f"{table}.pk", ondelete="CASCADE"), index=True)


def _children(cls: str) -> Any:
    return relationship(cls, cascade="all, delete-orphan", order_by=f"{cls}.position", passive_deletes=True)


class MatterRow(Base):
    """One matter, by its id; its current content is in the child tables, each import adds a revision."""

    __tablename__ = "matters"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter: Mapped[str] = mapped_column(ID, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    cmt_week: Mapped[str] = mapped_column(CODE)
    source: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))

    parties: Mapped[list[PartyRow]] = _children("PartyRow")
    instruments: Mapped[list[InstrumentRow]] = _children("InstrumentRow")
    payments: Mapped[list[PaymentRow]] = _children("PaymentRow")
    proceedings: Mapped[list[ProceedingRow]] = _children("ProceedingRow")
    rates: Mapped[list[RateListRow]] = _children("RateListRow")
    settlements: Mapped[list[SettlementRow]] = _children("SettlementRow")
    assets: Mapped[list[AssetRow]] = _children("AssetRow")
    actions: Mapped[list[ActionRow]] = _children("ActionRow")
    events: Mapped[list[EventRow]] = _children("EventRow")
    deadlines: Mapped[list[DeadlineRow]] = _children("DeadlineRow")
    facts: Mapped[list[FactRow]] = _children("FactRow")
    comments: Mapped[list[CommentRow]] = _children("CommentRow")
    revisions: Mapped[list[RevisionRow]] = _children("RevisionRow")


class RevisionRow(Base):
    """The text of a matter file as it was imported: what each revision of the matter was made from."""

    __tablename__ = "matter_revisions"
    __table_args__ = (UniqueConstraint("matter_pk", "position"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)  # the revision number, from 1
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[str] = mapped_column(String(200))
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class CommentRow(Base):
    """The comments of the file around one of its items, by the item's path (`instruments[0].amounts[1]`):
    the comment lines (and blank lines) written just before it, and the comment at the end of its line."""

    __tablename__ = "comments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)  # lines joined by newlines; an empty line stands for a blank
    inline: Mapped[str | None] = mapped_column(Text)


class PartyRow(Base):
    __tablename__ = "parties"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(CODE)  # creditor or debtor
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(CODE)
    sovereign: Mapped[bool] = mapped_column(Boolean)
    private_individual: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(Text)


class InstrumentRow(Base):
    __tablename__ = "instruments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(CODE)
    forum: Mapped[str] = mapped_column(CODE)
    date: Mapped[dt.date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(CURRENCY)
    carried: Mapped[bool] = mapped_column(Boolean)  # amounts: carried (else the components)
    status: Mapped[str] = mapped_column(CODE)
    title: Mapped[str | None] = mapped_column(Text)
    based_on: Mapped[str | None] = mapped_column(ID)
    debt: Mapped[str | None] = mapped_column(ID)
    consumer_debt: Mapped[bool] = mapped_column(Boolean)
    post_judgment: Mapped[str] = mapped_column(CODE)
    converted_on: Mapped[dt.date | None] = mapped_column(Date)
    enforceable: Mapped[dt.date | None] = mapped_column(Date)
    prejudgment: Mapped[str] = mapped_column(CODE)  # statutory, none, or terms (the rows of role prejudgment)
    tort_injury: Mapped[dt.date | None] = mapped_column(Date)
    tort_settlement_demand: Mapped[bool | None] = mapped_column(Boolean)
    tort_source: Mapped[str | None] = mapped_column(Text)
    cmt_week: Mapped[str | None] = mapped_column(CODE)
    venue: Mapped[str | None] = mapped_column(CODE)
    seat: Mapped[str | None] = mapped_column(CODE)
    source: Mapped[str | None] = mapped_column(Text)

    components: Mapped[list[ComponentRow]] = _children("ComponentRow")
    terms: Mapped[list[InterestTermRow]] = _children("InterestTermRow")


class ComponentRow(Base):
    """One sum an instrument grants (the file's `amounts:`)."""

    __tablename__ = "components"

    pk: Mapped[int] = mapped_column(primary_key=True)
    instrument_pk: Mapped[int] = _parent("instruments")
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str | None] = mapped_column(Text)


class InterestTermRow(Base):
    """One interest term of an instrument: of its `interest:` (role interest) or its `prejudgment:` terms."""

    __tablename__ = "interest_terms"

    pk: Mapped[int] = mapped_column(primary_key=True)
    instrument_pk: Mapped[int] = _parent("instruments")
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(CODE)
    start: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    on: Mapped[list[str] | None] = mapped_column(JSON)
    rate_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal())  # a fixed rate; else the index columns
    rate_index: Mapped[str | None] = mapped_column(ID)
    rate_spread: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    rate_floor: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    rate_reset: Mapped[str | None] = mapped_column(CODE)
    rate_fallback_after: Mapped[dt.date | None] = mapped_column(Date)
    rate_fallback_use: Mapped[str | None] = mapped_column(CODE)
    rate_fallback_index: Mapped[str | None] = mapped_column(ID)
    rate_fallback_adjustment: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    rate_fallback_source: Mapped[str | None] = mapped_column(Text)
    compounding: Mapped[str] = mapped_column(CODE)
    day_count: Mapped[str] = mapped_column(CODE)
    source: Mapped[str | None] = mapped_column(Text)


class PaymentRow(Base):
    """Money received (the file's `payments:`); money recovered under an action is in `recoveries`."""

    __tablename__ = "payments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(CURRENCY)
    instrument: Mapped[str | None] = mapped_column(ID)
    debt: Mapped[str | None] = mapped_column(ID)
    source: Mapped[str | None] = mapped_column(Text)


class ProceedingRow(Base):
    __tablename__ = "proceedings"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(CODE)
    forum: Mapped[str] = mapped_column(CODE)
    court: Mapped[str | None] = mapped_column(Text)
    case_number: Mapped[str | None] = mapped_column(Text)
    filed: Mapped[dt.date | None] = mapped_column(Date)
    decided: Mapped[dt.date | None] = mapped_column(Date)
    concerns: Mapped[str | None] = mapped_column(ID)
    result: Mapped[str | None] = mapped_column(ID)
    outcome: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class RateListRow(Base):
    """A rate table the user added to the matter (the file's `rates:`)."""

    __tablename__ = "rate_lists"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    max_gap_days: Mapped[int] = mapped_column(Integer)

    values: Mapped[list[RateValueRow]] = _children("RateValueRow")


class RateValueRow(Base):
    __tablename__ = "rate_values"

    pk: Mapped[int] = mapped_column(primary_key=True)
    rate_list_pk: Mapped[int] = _parent("rate_lists")
    position: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str | None] = mapped_column(Text)


class SettlementRow(Base):
    """A settlement; `schedule_*` is its schedule of equal instalments as written (the loader expands it), and
    its instalments listed one by one are the rows of `instalments`."""

    __tablename__ = "settlements"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    debt: Mapped[str] = mapped_column(ID)
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(CURRENCY)
    schedule_first: Mapped[dt.date | None] = mapped_column(Date)
    schedule_count: Mapped[int | None] = mapped_column(Integer)
    schedule_every: Mapped[str | None] = mapped_column(CODE)
    schedule_source: Mapped[str | None] = mapped_column(Text)
    interest: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    default_on: Mapped[dt.date | None] = mapped_column(Date)
    default_clause: Mapped[str | None] = mapped_column(CODE)
    default_source: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)

    instalments: Mapped[list[InstalmentRow]] = _children("InstalmentRow")


class InstalmentRow(Base):
    __tablename__ = "instalments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    settlement_pk: Mapped[int] = _parent("settlements")
    position: Mapped[int] = mapped_column(Integer)
    due: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str | None] = mapped_column(Text)


class AssetRow(Base):
    __tablename__ = "assets"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(CODE)
    source: Mapped[str | None] = mapped_column(Text)


class ActionRow(Base):
    __tablename__ = "actions"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(CODE)
    date: Mapped[dt.date | None] = mapped_column(Date)
    court: Mapped[str | None] = mapped_column(Text)
    docket: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    instrument: Mapped[str | None] = mapped_column(ID)
    asset: Mapped[str | None] = mapped_column(ID)
    source: Mapped[str | None] = mapped_column(Text)

    recoveries: Mapped[list[RecoveryRow]] = _children("RecoveryRow")


class RecoveryRow(Base):
    """Money recovered under an action: the loader credits it as a payment on the action's instrument."""

    __tablename__ = "recoveries"

    pk: Mapped[int] = mapped_column(primary_key=True)
    action_pk: Mapped[int] = _parent("actions")
    position: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(CURRENCY)
    source: Mapped[str | None] = mapped_column(Text)


class EventRow(Base):
    __tablename__ = "events"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(CODE)
    date: Mapped[dt.date] = mapped_column(Date)
    instrument: Mapped[str] = mapped_column(ID)
    rule: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)


class DeadlineRow(Base):
    """A time limit the parties agreed (the file's `deadlines:`)."""

    __tablename__ = "deadlines"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    id: Mapped[str] = mapped_column(ID)
    title: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(CODE)
    instrument: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = mapped_column(CODE)
    calendar: Mapped[str | None] = mapped_column(CODE)
    roll: Mapped[bool] = mapped_column(Boolean)
    actor: Mapped[str] = mapped_column(CODE)
    citation: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class FactRow(Base):
    """A fact a court weighs; `value` is JSON: true or false, or one of the fact's choices."""

    __tablename__ = "facts"

    pk: Mapped[int] = mapped_column(primary_key=True)
    matter_pk: Mapped[int] = _parent("matters")
    position: Mapped[int] = mapped_column(Integer)
    fact: Mapped[str] = mapped_column(String(80))
    about: Mapped[str] = mapped_column(ID)
    value: Mapped[bool | str] = mapped_column(JSON)
    date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """One change, appended and never updated: who, when, what (the matter, and the item of it by its path or
    id, e.g. `instruments/award`), and the item before and after as JSON (null where it did not exist)."""

    __tablename__ = "audit_log"

    pk: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(CODE)  # create, update, delete
    matter: Mapped[str] = mapped_column(ID, index=True)
    revision: Mapped[int] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(Text)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)


class UserRow(Base):
    """An account of the web app: its name, role (admin, editor, viewer) and argon2 password hash (never the
    password). Added by `exequatur user add` or an admin's page."""

    __tablename__ = "users"

    pk: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(CODE)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    #: Counted up when the user signs out: a session cookie carries the epoch it was made in, and one of an
    #: older epoch is no longer a session (every session of the user ends at once).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    grants: Mapped[list[GrantRow]] = relationship(
        "GrantRow", cascade="all, delete-orphan", order_by="GrantRow.matter", passive_deletes=True
    )


class GrantRow(Base):
    """A matter one user may see (and, as an editor, replace): by the matter's id, which an import keeps."""

    __tablename__ = "grants"
    __table_args__ = (UniqueConstraint("user_pk", "matter"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    matter: Mapped[str] = mapped_column(ID, index=True)
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    granted_by: Mapped[str] = mapped_column(String(200))


class RateTableRow(Base):
    """A shipped rate table that the database extends: the header the user's copy of it keeps (the source line
    naming the latest merge, covered_until, the review date) and a revision counted up by each change, so that a
    figure computed before a rate update is never served after it (the web app keys its caches by the sum)."""

    __tablename__ = "rate_tables"

    pk: Mapped[int] = mapped_column(primary_key=True)
    table: Mapped[str] = mapped_column(ID, unique=True)
    source: Mapped[str] = mapped_column(Text)
    covered_until: Mapped[dt.date | None] = mapped_column(Date)
    reviewed: Mapped[dt.date | None] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))

    rows: Mapped[list[RateRowRow]] = relationship(
        "RateRowRow", cascade="all, delete-orphan", order_by="RateRowRow.date", passive_deletes=True
    )


class RateRowRow(Base):
    """One row a user added to a rate table: its date, its value as published (exact), and what it is cited to
    (the official file or feed and the day it was merged), with who added it and when."""

    __tablename__ = "rate_rows"
    __table_args__ = (UniqueConstraint("table_pk", "date"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    table_pk: Mapped[int] = _parent("rate_tables")
    date: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    added_by: Mapped[str] = mapped_column(String(200))
