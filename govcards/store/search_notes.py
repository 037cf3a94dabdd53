"""The collection as a source of notes for ``govcards find``, and where its index is kept."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select

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
        """Every deck's row (id, topics, file digest, import time) and, per deck, how many notes
        it has and its newest note's key: two small queries, no row read per note's content.

        Notes change only through an import (``store/importer.py``): it sets the deck's
        ``imported_at`` (and ``file_digest``) whenever it adds, updates or retires a note, and a
        file unchanged byte for byte is skipped before it. The note counts (read from the
        ``(deck_pk, note_id)`` index, no table rows) also catch an import of the same instant.
        Reading one row per note cost ~100 ms at 20,000 notes."""
        h = hashlib.sha256()
        decks = select(
            DeckRow.id, DeckRow.deck_id, DeckRow.topics, DeckRow.file_digest, DeckRow.imported_at
        ).order_by(DeckRow.id)
        notes = (
            select(NoteRow.deck_pk, func.count(), func.max(NoteRow.id))
            .group_by(NoteRow.deck_pk)
            .order_by(NoteRow.deck_pk)
        )
        with self.store.read() as s:
            for pk, deck_id, topics, digest, imported in s.execute(decks):
                stamp = imported.isoformat() if imported else ""
                topic_text = json.dumps(topics, sort_keys=True, ensure_ascii=False)
                h.update(f"{pk}\x1f{deck_id}\x1f{topic_text}\x1f{digest}\x1f{stamp}\n".encode())
            for row in s.execute(notes):
                h.update(("\x1e".join(str(v) for v in row) + "\n").encode())
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
