"""Card indexes for the daily commands: a review starts by walking an index, not sorting, and
the overview counts from an index instead of reading every card row.

Revision ID: 0006_card_indexes
Revises: 0005_deck_identity
Create Date: 2026-12-02

- The queue takes due cards by (due date, deck, position) and new cards (no due date) by
  (deck, position). With an index on the due date alone, SQLite sorted every card of the
  oldest due day, and every new card, to hand back the first few: ~100 ms at 200,000 cards.
  ``ix_cards_queue`` (due, deck_pk, position) and ``ix_cards_fsrs_queue`` (the same for
  ``fsrs_due``) give both orders as stored, so the first card is a short index walk. They
  replace the one-column indexes, whose every use they also serve.
- ``due``, ``decks`` and the stats forecast count every live card of each deck by its state.
  ``ix_cards_counts`` holds the columns those counts read, so they scan a small index instead
  of the card rows (~35 ms less at 200,000 cards).

docs/performance.md has the measurements; docs/storage.md lists the indexes.
"""

from __future__ import annotations

from alembic import op

revision = "0006_card_indexes"
down_revision = "0005_deck_identity"
branch_labels = None
depends_on = None

ORDER = ["deck_pk", "position"]
COUNTS = ["deck_pk", "retired", "suspended", "due", "fsrs_due", "buried_until"]


def upgrade() -> None:
    op.drop_index("ix_cards_due", table_name="cards")
    op.drop_index("ix_cards_fsrs_due", table_name="cards")
    op.create_index("ix_cards_queue", "cards", ["due", *ORDER])
    op.create_index("ix_cards_fsrs_queue", "cards", ["fsrs_due", *ORDER])
    op.create_index("ix_cards_counts", "cards", COUNTS)


def downgrade() -> None:
    op.drop_index("ix_cards_counts", table_name="cards")
    op.drop_index("ix_cards_queue", table_name="cards")
    op.drop_index("ix_cards_fsrs_queue", table_name="cards")
    op.create_index("ix_cards_due", "cards", ["due"])
    op.create_index("ix_cards_fsrs_due", "cards", ["fsrs_due"])
