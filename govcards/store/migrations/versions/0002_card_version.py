"""A version number on every card, for optimistic concurrency between sessions.

Revision ID: 0002_card_version
Revises: 0001_baseline
Create Date: 2026-12-02

Two sessions on one collection may show the same card. Each answer and each undo writes only
over the version it read and bumps it, so the second writer is told the card changed instead of
overwriting the first (docs/storage.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_card_version"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("version")
