"""The queue's order in the due-date indexes: a review starts by walking an index, not sorting.

Revision ID: 0006_queue_order
Revises: 0005_deck_identity
Create Date: 2026-12-02

The queue takes due cards by (due date, deck, position) and new cards (no due date) by
(deck, position). With an index on the due date alone, SQLite sorted every card of the oldest
due day, and every new card, to hand back the first few: ~100 ms at 200,000 cards. Indexes on
(due, deck_pk, position), and the same for ``fsrs_due``, give both orders as stored, so the
first card is a short index walk (docs/performance.md). They replace the one-column indexes,
whose every use they also serve.
"""

from __future__ import annotations

from alembic import op

revision = "0006_queue_order"
down_revision = "0005_deck_identity"
branch_labels = None
depends_on = None

ORDER = ["deck_pk", "position"]


def upgrade() -> None:
    op.drop_index("ix_cards_due", table_name="cards")
    op.drop_index("ix_cards_fsrs_due", table_name="cards")
    op.create_index("ix_cards_queue", "cards", ["due", *ORDER])
    op.create_index("ix_cards_fsrs_queue", "cards", ["fsrs_due", *ORDER])


def downgrade() -> None:
    op.drop_index("ix_cards_queue", table_name="cards")
    op.drop_index("ix_cards_fsrs_queue", table_name="cards")
    op.create_index("ix_cards_due", "cards", ["due"])
    op.create_index("ix_cards_fsrs_due", "cards", ["fsrs_due"])
