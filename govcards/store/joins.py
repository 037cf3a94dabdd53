"""The joins that many queries read through, written once.

A card belongs to a note and a deck: ``cards ⋈ notes ⋈ decks`` is how the study queue, the
reports and the exports see a card with its kind, topic and deck id.
"""

from __future__ import annotations

from sqlalchemy import Join, join

from govcards.store.schema import CardRow, DeckRow, NoteRow


def card_note_deck() -> Join:
    """``cards ⋈ notes ⋈ decks`` (inner joins: every card has both)."""
    with_notes = join(CardRow.__table__, NoteRow.__table__, NoteRow.id == CardRow.note_pk)
    return with_notes.join(DeckRow.__table__, DeckRow.id == CardRow.deck_pk)


def card_deck() -> Join:
    """``cards ⋈ decks``: for the queries that need a card's deck id but not its note."""
    return join(CardRow.__table__, DeckRow.__table__, DeckRow.id == CardRow.deck_pk)
