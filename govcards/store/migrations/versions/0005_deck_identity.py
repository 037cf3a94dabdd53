"""Deck identity: a renamed deck can be retired, and a note's kind is part of its key.

Revision ID: 0005_deck_identity
Revises: 0004_themes_practice
Create Date: 2026-12-14

``decks.retired`` marks a deck whose file now holds another deck id (the deck was renamed):
its notes and cards are retired with it and it leaves every queue and report. The notes'
unique key becomes (deck, note id, kind): when a note's kind changes, import retires the old
row (its cards and reviews stay under the old kind) and adds a row under the new kind
(docs/storage.md, "Deck identity").

On SQLite the notes table is rebuilt from the definition below rather than from reflection:
the old key was created without a name, and SQLite cannot drop a constraint it cannot name.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_deck_identity"
down_revision = "0004_themes_practice"
branch_labels = None
depends_on = None

NOTE_KEY = "uq_notes_deck_note_kind"
OLD_COLUMNS = ["deck_pk", "note_id"]
NEW_COLUMNS = ["deck_pk", "note_id", "kind"]


def _notes_0004(key: list[str] | None) -> sa.Table:
    """The notes table as revision 0004 left it, optionally with a unique key (SQLite copy)."""
    extra: list[sa.UniqueConstraint] = [sa.UniqueConstraint(*key)] if key else []
    return sa.Table(
        "notes",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "deck_pk", sa.Integer(), sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("note_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(64), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.String(8), nullable=False, server_default="core"),
        sa.PrimaryKeyConstraint("id"),
        *extra,
    )


def _unnamed_key_name(columns: list[str]) -> str | None:
    """The server's name for the unnamed unique key on ``columns`` (PostgreSQL names it)."""
    found = sa.inspect(op.get_bind()).get_unique_constraints("notes")
    for constraint in found:
        if list(constraint["column_names"]) == columns:
            return constraint["name"]
    return None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.add_column(
            sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("notes", recreate="always", copy_from=_notes_0004(None)) as batch:
            batch.create_unique_constraint(NOTE_KEY, NEW_COLUMNS)
        return
    name = _unnamed_key_name(OLD_COLUMNS)
    if name is not None:
        op.drop_constraint(name, "notes", type_="unique")
    op.create_unique_constraint(NOTE_KEY, "notes", NEW_COLUMNS)


def downgrade() -> None:
    """Back to one row per note id: only possible while no note has changed its kind."""
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("notes", recreate="always", copy_from=_notes_0004(OLD_COLUMNS)):
            pass
    else:
        op.drop_constraint(NOTE_KEY, "notes", type_="unique")
        op.create_unique_constraint(None, "notes", OLD_COLUMNS)
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("retired")
