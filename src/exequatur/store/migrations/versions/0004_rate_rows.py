"""rate rows that users add to the shipped tables, with each table's header and revision

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import exequatur.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_tables",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("table", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("covered_until", sa.Date(), nullable=True),
        sa.Column("reviewed", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_rate_tables")),
        sa.UniqueConstraint("table", name=op.f("uq_rate_tables_table")),
    )
    op.create_table(
        "rate_rows",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("table_pk", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", exequatur.store.types.ExactDecimal(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["table_pk"], ["rate_tables.pk"], name=op.f("fk_rate_rows_table_pk_rate_tables"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_rate_rows")),
        sa.UniqueConstraint("table_pk", "date", name=op.f("uq_rate_rows_table_pk")),
    )
    with op.batch_alter_table("rate_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_rows_table_pk"), ["table_pk"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rate_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_rows_table_pk"))
    op.drop_table("rate_rows")
    op.drop_table("rate_tables")
