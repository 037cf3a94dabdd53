"""Note themes and priority in queryable form, and the log of practice rounds.

Revision ID: 0004_themes_practice
Revises: 0003_fsrs_state
Create Date: 2026-12-10

``--theme`` and ``--priority`` filter reviews, stats and exports in SQL on SQLite and
PostgreSQL alike; reading them out of the note's JSON content would need a different JSON
function on each. So import copies them into ``notes.priority`` and ``note_themes``; this
migration fills both from the content already stored. ``practice_rounds`` keeps every timed
question round of ``govcards practice`` (docs/practice.md).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_themes_practice"
down_revision = "0003_fsrs_state"
branch_labels = None
depends_on = None


def _content(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("priority", sa.String(8), nullable=False, server_default="core"))
    themes = op.create_table(
        "note_themes",
        sa.Column("note_pk", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["note_pk"], ["notes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("note_pk", "theme"),
    )
    op.create_index("ix_note_themes_theme", "note_themes", ["theme"])
    op.create_table(
        "practice_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practiced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("study_day", sa.Date(), nullable=False),
        sa.Column("deck_id", sa.String(64), nullable=True),
        sa.Column("note_id", sa.String(64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("outline_score", sa.Float(), nullable=False),
        sa.Column("uses_score", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("limit_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_practice_rounds_question", "practice_rounds", ["deck_id", "note_id"])

    notes = sa.table(
        "notes",
        sa.column("id", sa.Integer()),
        sa.column("content", sa.JSON()),
        sa.column("priority", sa.String(8)),
    )
    bind = op.get_bind()
    rows = [
        (pk, _content(content))
        for pk, content in bind.execute(sa.select(notes.c.id, notes.c.content))
    ]
    extra = [{"pk": pk} for pk, content in rows if content.get("priority") == "extra"]
    if extra:
        bind.execute(
            notes.update().where(notes.c.id == sa.bindparam("pk")).values(priority="extra"), extra
        )
    pairs = [
        {"note_pk": pk, "theme": str(theme)}
        for pk, content in rows
        for theme in dict.fromkeys(content.get("themes") or ())
    ]
    if pairs:
        op.bulk_insert(themes, pairs)


def downgrade() -> None:
    op.drop_index("ix_practice_rounds_question", "practice_rounds")
    op.drop_table("practice_rounds")
    op.drop_index("ix_note_themes_theme", "note_themes")
    op.drop_table("note_themes")
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("priority")
