"""The collection as a source of notes for ``govcards find``, and where its index is kept.

The notes are read through a ``Rows`` reader: on an up-to-date SQLite file that is the lean
path's compiled SQL, so a warm ``find`` imports no SQLAlchemy (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from govcards.model import note_from_dict
from govcards.search.documents import NoteRecord
from govcards.store.location import default_home, lean_sqlite_file
from govcards.store.readers import Rows
from govcards.store.reports import _json
from govcards.store.sqlite_file import sqlite_path


def _stamp(value: object) -> str:
    """An import time as the same text from either reader (a datetime, or SQLite's text)."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


class CollectionNotes:
    """Live (not retired) notes of a collection, in deck and file order."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def fingerprint(self) -> str:
        """Every deck's row (id, topics, file digest, import time) and, per deck, how many notes
        it has and its newest note's key: two small queries, no row read per note's content.

        Notes change only through an import (``store/importer.py``): it sets the deck's
        ``imported_at`` (and ``file_digest``) whenever it adds, updates or retires a note, and a
        file unchanged byte for byte is skipped before it. The note counts (read from the
        ``(deck_pk, note_id)`` index, no table rows) also catch an import of the same instant.
        Reading one row per note cost ~100 ms at 20,000 notes."""
        h = hashlib.sha256()
        for pk, deck_id, topics, digest, imported in self.rows.rows("find_decks"):
            topic_text = json.dumps(_json(topics), sort_keys=True, ensure_ascii=False)
            line = f"{pk}\x1f{deck_id}\x1f{topic_text}\x1f{digest}\x1f{_stamp(imported)}\n"
            h.update(line.encode())
        for row in self.rows.rows("find_note_counts"):
            h.update(("\x1e".join(str(v) for v in row) + "\n").encode())
        return h.hexdigest()

    def records(self) -> Iterator[NoteRecord]:
        """Streamed from the cursor: at 25,000 notes a list of every row (and of every note
        read from it) cost ~30 MB of a cold ``find``'s peak."""
        for deck_id, topics, topic, content in self.rows.rows("find_notes"):
            names = _json(topics) or {}
            topic_name = str(names.get(topic, "")) if topic else ""
            yield NoteRecord(deck_id, note_from_dict(_json(content)), topic_name)


def search_path(url: str) -> Path | None:
    """The index file: beside a SQLite collection, in govcards' home for a server, none for a
    collection in memory."""
    path = lean_sqlite_file(url) or sqlite_path(url)  # a plain file URL: no SQLAlchemy to parse it
    if path is not None:
        return path.with_name(path.name + ".find-index")
    if url.startswith("sqlite"):
        return None
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return default_home() / f"find-index-{digest}"
