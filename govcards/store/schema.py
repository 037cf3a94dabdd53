"""The collection schema: SQLAlchemy 2.0 typed ORM tables (docs/storage.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from govcards.scheduler import NEW_EFACTOR
from govcards.store.revisions import (  # re-exported: the schema's identity
    APPLICATION_ID as APPLICATION_ID,
)
from govcards.store.revisions import HEAD_REVISION as HEAD_REVISION
from govcards.store.revisions import PG_LOCK_KEY as PG_LOCK_KEY
from govcards.store.revisions import SCHEMA_REVISIONS as SCHEMA_REVISIONS
from govcards.store.revisions import SQLITE_MAGIC as SQLITE_MAGIC


def as_date(value: Any) -> date:
    """A DATE column's value: SQLite hands computed dates (CASE, GROUP BY) back as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on SQLite (which has no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: govcards stores UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class DeckRow(Base):
    __tablename__ = "decks"
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    path: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    file_digest: Mapped[str | None] = mapped_column(String(64))
    # a deck whose file now holds another deck id (a rename): out of every queue and report,
    # its notes, cards and reviews kept; importing its id again restores it (docs/storage.md)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


NOTE_KEY = "uq_notes_deck_note_kind"


class NoteRow(Base):
    __tablename__ = "notes"
    # one row per (note id, kind): a note whose kind changed gets a new row, so reviews given
    # under the old kind stay labelled with it (docs/storage.md, "Deck identity")
    __table_args__ = (UniqueConstraint("deck_pk", "note_id", "kind", name=NOTE_KEY),)
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_pk: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    note_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]]
    digest: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # format 1.1, copied out of ``content`` at import so filters are plain SQL on both databases
    priority: Mapped[str] = mapped_column(String(8), default="core", server_default="core")


class NoteThemeRow(Base):
    """One exam theme of a note (``--theme``): a note may have several, a theme many notes."""

    __tablename__ = "note_themes"
    __table_args__ = (Index("ix_note_themes_theme", "theme"),)
    note_pk: Mapped[int] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(64), primary_key=True)


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("deck_pk", "note_pk", "card_key"),
        # the queue's orders (study_queries.py): due cards by date, new cards (no date) by place
        Index("ix_cards_queue", "due", "deck_pk", "position"),
        Index("ix_cards_order", "deck_pk", "position"),
        Index("ix_cards_fsrs_queue", "fsrs_due", "deck_pk", "position"),
        # what the per-deck counts read (due, decks, the forecast): an index-only scan
        Index(
            "ix_cards_counts", "deck_pk", "retired", "suspended", "due", "fsrs_due", "buried_until"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_pk: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    note_pk: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    card_key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    repetitions: Mapped[int] = mapped_column(Integer, default=0)
    efactor: Mapped[int] = mapped_column(Integer, default=NEW_EFACTOR)
    interval: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    due: Mapped[date | None] = mapped_column(Date)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[date | None] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # bumped by every answer and undo: a session writes only over the version it read
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # FSRS memory state, updated with SM-2's on every answer (None: not yet computed)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    fsrs_due: Mapped[date | None] = mapped_column(Date)
    last_review: Mapped[date | None] = mapped_column(Date)


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_day", "study_day"), Index("ix_reviews_card", "card_pk"))
    id: Mapped[int] = mapped_column(primary_key=True)
    card_pk: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)
    grade: Mapped[int] = mapped_column(Integer)
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    repetitions_before: Mapped[int] = mapped_column(Integer)
    efactor_before: Mapped[int] = mapped_column(Integer)
    interval_before: Mapped[int] = mapped_column(Integer)
    lapses_before: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date | None] = mapped_column(Date)
    repetitions_after: Mapped[int] = mapped_column(Integer)
    efactor_after: Mapped[int] = mapped_column(Integer)
    interval_after: Mapped[int] = mapped_column(Integer)
    lapses_after: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[date | None] = mapped_column(Date)
    stability_before: Mapped[float | None] = mapped_column(Float)
    difficulty_before: Mapped[float | None] = mapped_column(Float)
    fsrs_due_before: Mapped[date | None] = mapped_column(Date)
    last_review_before: Mapped[date | None] = mapped_column(Date)


class PracticeRoundRow(Base):
    """One timed 申论 question round (``govcards practice``): what was asked and how it scored.

    A bank question is kept by (deck, note) id; a typed question by its text. Scores are 0..1;
    ``uses_score`` is NULL for a typed question (nothing to check the named material against).
    """

    __tablename__ = "practice_rounds"
    __table_args__ = (Index("ix_practice_rounds_question", "deck_id", "note_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    practiced_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)
    deck_id: Mapped[str | None] = mapped_column(String(64))
    note_id: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    themes: Mapped[str] = mapped_column(
        Text, default=""
    )  # the question's theme ids, space-separated
    outline_score: Mapped[float] = mapped_column(Float)
    uses_score: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    duration_ms: Mapped[int] = mapped_column(Integer)
    limit_seconds: Mapped[int] = mapped_column(Integer)


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SchemaVersionRow(Base):
    """Alembic's own bookkeeping table, declared so a new collection is stamped in one step."""

    __tablename__ = "alembic_version"
    version_num: Mapped[str] = mapped_column(String(32), primary_key=True)


GOVCARDS_TABLES = {
    "decks",
    "notes",
    "note_themes",
    "cards",
    "reviews",
    "practice_rounds",
    "settings",
    "alembic_version",
}


# The tables themselves, for writes that need no ORM object: an UPDATE on an ORM entity also
# runs the ORM's bulk-update bookkeeping (synchronising the session), ~0.3 ms a statement,
# which an answer, four statements long, does not need (docs/performance.md, perf5).
CARDS = cast(Table, CardRow.__table__)
REVIEWS = cast(Table, ReviewRow.__table__)
