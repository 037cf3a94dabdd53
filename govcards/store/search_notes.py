"""The collection as a source of notes for ``govcards find``, and where its index is kept."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from govcards.model import note_from_dict
from govcards.search.documents import NoteRecord
from govcards.store.collection import Store, default_home
from govcards.store.schema import DeckRow, NoteRow
from govcards.store.sqlite_file import sqlite_path


class CollectionNotes:
    """Live (not retired) notes of a collection, in deck and file order."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def fingerprint(self) -> str:
        """A digest of every live note's stored digest and every deck's topic names: one
        indexed query, no note content read."""
        h = hashlib.sha256()
        notes = (
            select(DeckRow.deck_id, NoteRow.note_id, NoteRow.digest, NoteRow.topic)
            .join(DeckRow, NoteRow.deck_pk == DeckRow.id)
            .where(NoteRow.retired.is_(False))
            .order_by(DeckRow.deck_id, NoteRow.position, NoteRow.note_id)
        )
        decks = select(DeckRow.deck_id, DeckRow.topics).order_by(DeckRow.deck_id)
        with self.store.read() as s:
            for row in s.execute(notes):
                h.update("\x1f".join(str(v) for v in row).encode() + b"\n")
            for deck_id, topics in s.execute(decks):
                h.update(deck_id.encode() + json.dumps(topics, sort_keys=True).encode())
        return h.hexdigest()

    def records(self) -> Iterator[NoteRecord]:
        stmt = (
            select(DeckRow.deck_id, DeckRow.topics, NoteRow.topic, NoteRow.content)
            .join(DeckRow, NoteRow.deck_pk == DeckRow.id)
            .where(NoteRow.retired.is_(False))
            .order_by(DeckRow.deck_id, NoteRow.position)
        )
        with self.store.read() as s:
            rows = s.execute(stmt).all()
        for deck_id, topics, topic, content in rows:
            topic_name = str((topics or {}).get(topic, "")) if topic else ""
            yield NoteRecord(deck_id, note_from_dict(content), topic_name)


def _cache_home() -> Path:
    home = os.environ.get("GOVCARDS_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("govcards", appauthor=False))


def search_paths(store: Store) -> tuple[Path | None, Path]:
    """The index file (beside a SQLite collection; in the cache folder for a server; none for
    a collection in memory) and the folder where jieba keeps its dictionary cache."""
    cache = _cache_home()
    path = sqlite_path(store.url)
    if path is not None:
        return path.with_name(path.name + ".find-index"), cache
    if store.is_sqlite:
        return None, cache
    digest = hashlib.sha256(store.url.encode()).hexdigest()[:16]
    return default_home() / f"find-index-{digest}", cache
