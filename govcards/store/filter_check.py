"""Refusing a filter that names nothing (exit 2, one line) instead of showing an empty session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from govcards.decks import bundled_themes
from govcards.errors import InputError
from govcards.i18n import _
from govcards.model import CardFilter
from govcards.store.schema import DeckRow, NoteRow, NoteThemeRow


def check_filter(s: Session, flt: CardFilter) -> None:
    for deck in {flt.deck, flt.topic_parts()[0]} - {None}:
        live = select(DeckRow.id).where(DeckRow.deck_id == deck, DeckRow.retired.is_(False))
        if s.scalar(live) is None:  # a retired deck was renamed: its id is gone
            raise InputError(
                _("no deck '{deck}' in the collection (see: govcards decks)").format(deck=deck)
            )
    topic_deck, topic = flt.topic_parts()
    if topic:
        stmt = (
            select(DeckRow.deck_id)
            .join(NoteRow, NoteRow.deck_pk == DeckRow.id)
            .where(NoteRow.topic == topic, DeckRow.retired.is_(False))
            .distinct()
        )
        if topic_deck or flt.deck:
            stmt = stmt.where(DeckRow.deck_id == (topic_deck or flt.deck))
        decks = sorted(s.scalars(stmt))
        if not decks:
            raise InputError(
                _("no topic '{topic}' in the collection (see: govcards decks --topics)").format(
                    topic=flt.topic
                )
            )
        if len(decks) > 1:
            qualified = ", ".join(f"{d}/{topic}" for d in decks)
            raise InputError(
                _("topic '{topic}' is in several decks; say which: {qualified}").format(
                    topic=topic, qualified=qualified
                )
            )
    if flt.themes:
        known = set(bundled_themes()) | set(s.scalars(select(NoteThemeRow.theme).distinct()))
        unknown = [t for t in flt.themes if t not in known]
        if unknown:
            raise InputError(
                _("unknown theme '{theme}' (see decks/themes.yaml)").format(theme=unknown[0])
            )
