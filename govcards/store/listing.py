"""The reads behind ``govcards list`` and ``decks --topics``: live cards with their note's ids,
kind, topic, themes and title, in deck and card order.

They run named report queries on a ``Rows`` reader, so on an up-to-date SQLite file they are
the lean path's compiled SQL (no SQLAlchemy), and SQLAlchemy's statements anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from govcards.errors import InputError
from govcards.i18n import _
from govcards.listing import ListedCard, ListFilter, keep
from govcards.store.cache_names import query_name
from govcards.store.readers import Rows
from govcards.store.reports import _json, _label, as_date


def list_cards(rows: Rows, flt: ListFilter, today: date, leech_lapses: int) -> list[ListedCard]:
    """Cards that pass every filter; an unknown deck or topic is bad input (exit 2)."""
    _require(rows, flt)
    return [card for card in _cards(rows, flt.deck) if keep(card, flt, today, leech_lapses)]


def _cards(rows: Rows, deck: str | None) -> Iterator[ListedCard]:
    params = {} if deck is None else {"deck": deck}
    note_pk: object = None
    themes: tuple[str, ...] = ()
    title = ""
    for row in rows.rows(query_name("listed_cards", deck is not None), **params):
        deck_id, note, key, kind, topic, pk, content, due, ivl, lapses, susp, buried = row
        if pk != note_pk:  # a note's cards are consecutive: its content is decoded once
            data = _json(content) or {}
            note_pk, title = pk, _label(data, note)
            themes = tuple(str(t) for t in data.get("themes") or ())
        yield ListedCard(
            deck_id,
            note,
            key,
            kind,
            topic,
            themes,
            title,
            None if due is None else as_date(due),
            int(ivl),
            int(lapses),
            bool(susp),
            None if buried is None else as_date(buried),
        )


def deck_topics(rows: Rows) -> dict[str, dict[str, str]]:
    """Each live deck's topic ids with their names, as ``--topic`` takes them."""
    return {
        str(deck): {str(k): str(v) for k, v in (_json(topics) or {}).items()}
        for deck, topics in rows.rows("live_topics")
    }


def _require(rows: Rows, flt: ListFilter) -> None:
    if flt.deck and not any(rows.rows("deck_pk@deck", deck=flt.deck)):
        no_deck = _("no deck '{deck}' in the collection (see: govcards decks)")
        raise InputError(no_deck.format(deck=flt.deck))
    if flt.topic:
        params = {"topic": flt.topic} | ({"deck": flt.deck} if flt.deck else {})
        if not any(rows.rows(query_name("topic_used", flt.deck is not None), **params)):
            no_topic = _("no topic '{topic}' in the collection (see: govcards decks --topics)")
            raise InputError(no_topic.format(topic=flt.topic))
