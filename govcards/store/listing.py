"""The read behind ``govcards list`` and ``decks --topics``: live cards with their note's ids,
kind, topic, themes and title, in deck and card order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from govcards.errors import InputError
from govcards.i18n import _
from govcards.listing import ListedCard, ListFilter, keep
from govcards.store.collection import Store
from govcards.store.joins import card_note_deck
from govcards.store.reports import _label
from govcards.store.schema import CardRow, DeckRow, NoteRow, as_date


def list_cards(store: Store, flt: ListFilter, today: date, leech_lapses: int) -> list[ListedCard]:
    """Cards that pass every filter; an unknown deck or topic is bad input (exit 2)."""
    _require(store, flt)
    stmt = (
        select(
            DeckRow.deck_id,
            NoteRow.note_id,
            CardRow.card_key,
            NoteRow.kind,
            NoteRow.topic,
            NoteRow.content,
            CardRow.due,
            CardRow.interval,
            CardRow.lapses,
            CardRow.suspended,
            CardRow.buried_until,
        )
        .select_from(card_note_deck())
        .where(CardRow.retired.is_(False), NoteRow.retired.is_(False))
        .order_by(DeckRow.deck_id, CardRow.position, CardRow.id)
    )
    if flt.deck:
        stmt = stmt.where(DeckRow.deck_id == flt.deck)
    if flt.topic:
        stmt = stmt.where(NoteRow.topic == flt.topic)
    if flt.kind:
        stmt = stmt.where(NoteRow.kind == flt.kind)
    if flt.suspended:
        stmt = stmt.where(CardRow.suspended.is_(True))
    if flt.leeches:
        stmt = stmt.where(CardRow.lapses >= leech_lapses)
    out: list[ListedCard] = []
    with store.read() as s:
        for deck, note, key, kind, topic, content, due, ivl, lapses, susp, buried in s.execute(
            stmt
        ):
            card = ListedCard(
                deck,
                note,
                key,
                kind,
                topic,
                tuple(str(t) for t in (content or {}).get("themes") or ()),
                _label(content, note),
                as_date(due) if due is not None else None,
                int(ivl),
                int(lapses),
                bool(susp),
                as_date(buried) if buried is not None else None,
            )
            if keep(card, flt, today, leech_lapses):
                out.append(card)
    return out


def deck_topics(store: Store) -> dict[str, dict[str, str]]:
    """Each deck's topic ids with their names, as ``--topic`` takes them."""
    with store.read() as s:
        live = select(DeckRow.deck_id, DeckRow.topics).where(DeckRow.retired.is_(False))
        rows = s.execute(live.order_by(DeckRow.deck_id))
        return {deck: {str(k): str(v) for k, v in (topics or {}).items()} for deck, topics in rows}


def _require(store: Store, flt: ListFilter) -> None:
    with store.read() as s:
        deck_pk = None
        if flt.deck:
            deck_pk = s.scalar(
                select(DeckRow.id).where(DeckRow.deck_id == flt.deck, DeckRow.retired.is_(False))
            )
            if deck_pk is None:
                raise InputError(
                    _("no deck '{deck}' in the collection (see: govcards decks)").format(
                        deck=flt.deck
                    )
                )
        if flt.topic:
            found = select(NoteRow.id).where(NoteRow.topic == flt.topic)
            if deck_pk is not None:
                found = found.where(NoteRow.deck_pk == deck_pk)
            if s.scalar(found.limit(1)) is None:
                raise InputError(
                    _("no topic '{topic}' in the collection (see: govcards decks --topics)").format(
                        topic=flt.topic
                    )
                )
