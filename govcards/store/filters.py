"""A CardFilter as SQL: the same WHERE clauses for review queues, stats and exports.

Themes and priority are read from ``note_themes`` and ``notes.priority`` (filled at import),
never from the JSON content, so one query runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from govcards.model import CardFilter
from govcards.store.joins import card_note_deck
from govcards.store.schema import CardRow, DeckRow, NoteRow, NoteThemeRow


def filter_clauses(flt: CardFilter) -> list[Any]:
    """WHERE clauses over a query that joins NoteRow and DeckRow."""
    clauses: list[Any] = []
    topic_deck, topic = flt.topic_parts()
    if flt.deck:
        clauses.append(DeckRow.deck_id == flt.deck)
    if topic_deck:
        clauses.append(DeckRow.deck_id == topic_deck)
    if topic:
        clauses.append(NoteRow.topic == topic)
    if flt.kind:
        clauses.append(NoteRow.kind == flt.kind)
    if flt.themes:
        themed = select(NoteThemeRow.note_pk).where(NoteThemeRow.theme.in_(flt.themes))
        clauses.append(NoteRow.id.in_(themed))
    if flt.priority:
        clauses.append(NoteRow.priority == flt.priority)
    return clauses


def cards_in(flt: CardFilter) -> Any:
    """The ids of every card the filter selects (retired ones too: reports decide on those)."""
    stmt = select(CardRow.id).select_from(card_note_deck())
    return stmt.where(*filter_clauses(flt))
