"""FSRS memory state beside SM-2's: on every card, and the state before each logged answer.

Revision ID: 0003_fsrs_state
Revises: 0002_card_version
Create Date: 2026-12-02

All columns are nullable: a card reviewed before this release gets its FSRS state by replaying
its review log the first time FSRS needs it (govcards/store/fsrs_state.py). The ``*_before``
columns on reviews let undo restore the FSRS state exactly, as the SM-2 ones already do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_fsrs_state"
down_revision = "0002_card_version"
branch_labels = None
depends_on = None

CARD_COLUMNS = (
    ("stability", sa.Float()),
    ("difficulty", sa.Float()),
    ("fsrs_due", sa.Date()),
    ("last_review", sa.Date()),
)


def upgrade() -> None:
    for name, type_ in CARD_COLUMNS:
        op.add_column("cards", sa.Column(name, type_, nullable=True))
        op.add_column("reviews", sa.Column(f"{name}_before", type_, nullable=True))
    op.create_index("ix_cards_fsrs_due", "cards", ["fsrs_due"])


def downgrade() -> None:
    op.drop_index("ix_cards_fsrs_due", "cards")
    for name, _ in CARD_COLUMNS:
        op.drop_column("reviews", f"{name}_before")
        op.drop_column("cards", name)
