"""Deck import: one transaction of bulk writes; progress keyed by (deck, note, card key) only."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from govcards.cards import card_keys
from govcards.errors import InputError
from govcards.model import Deck, note_to_dict
from govcards.store.schema import (
    CardRow,
    DeckRow,
    NoteRow,
    NoteThemeRow,
)

# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportReport:
    deck_id: str
    name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    cards_added: int = 0
    cards_retired: int = 0
    cards_restored: int = 0
    new_deck: bool = False
    notes: int = field(default=0)


def _digest(content: dict[str, Any]) -> str:
    """The note's content only: a note that merely moved in its file is unchanged."""
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _check_widths(deck: Deck) -> None:
    """The same deck imports on SQLite and PostgreSQL, or on neither: SQLite ignores a
    ``VARCHAR(64)`` limit that PostgreSQL enforces, so every value bound for a sized column is
    measured here (in characters, as PostgreSQL counts) and an oversized one refused (exit 2)."""
    where = deck.path or deck.id
    limits = {
        "id": NoteRow.note_id.type.length,
        "topic": NoteRow.topic.type.length,
        "kind": NoteRow.kind.type.length,
    }
    deck_limit = DeckRow.deck_id.type.length
    if deck_limit is not None and len(deck.id) > deck_limit:
        raise InputError(f"{where}: deck id is longer than {deck_limit} characters")
    for note in deck.notes:
        for name, limit in limits.items():
            value = getattr(note, name)
            if limit is not None and value is not None and len(value) > limit:
                raise InputError(
                    f"{where}: note {note.id[:64]}: {name} is longer than {limit} characters"
                )
        key_limit = CardRow.card_key.type.length
        for key in card_keys(note):
            if key_limit is not None and len(key) > key_limit:
                raise InputError(f"{where}: note {note.id}: too many cards ({key})")


def _import_deck(s: Session, deck: Deck, now: datetime) -> ImportReport:
    _check_widths(deck)
    report = ImportReport(deck.id, deck.name, notes=len(deck.notes))
    row = s.scalar(select(DeckRow).where(DeckRow.deck_id == deck.id))
    meta = {
        "name": deck.name,
        "description": deck.description,
        "source": deck.source,
        "topics": dict(deck.topics),
        "path": deck.path,
        "imported_at": now,
        "file_digest": deck.digest or None,
    }
    if row is None:
        row = DeckRow(deck_id=deck.id, **meta)
        s.add(row)
        s.flush()
        report.new_deck = True
    else:
        for key, value in meta.items():
            setattr(row, key, value)
    deck_pk = row.id

    existing = {
        r.note_id: r
        for r in s.execute(
            select(
                NoteRow.id, NoteRow.note_id, NoteRow.digest, NoteRow.retired, NoteRow.position
            ).where(NoteRow.deck_pk == deck_pk)
        )
    }
    contents = [note_to_dict(n) for n in deck.notes]
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for position, (note, content) in enumerate(zip(deck.notes, contents, strict=True)):
        digest = _digest(content)
        values = {
            "kind": note.kind,
            "topic": note.topic,
            "position": position,
            "content": content,
            "digest": digest,
            "retired": False,
            "priority": note.priority,
        }
        old = existing.get(note.id)
        if old is None:
            inserts.append({"deck_pk": deck_pk, "note_id": note.id, **values})
            report.added += 1
        elif old.retired:
            updates.append({"id": old.id, **values})
            report.restored += 1
        elif old.digest != digest:
            updates.append({"id": old.id, **values})
            report.updated += 1
        else:
            if old.position != position:
                updates.append({"id": old.id, **values})
            report.unchanged += 1
    present = {n.id for n in deck.notes}
    retire = [r.id for note_id, r in existing.items() if note_id not in present and not r.retired]
    report.retired = len(retire)
    if inserts:
        s.execute(insert(NoteRow), inserts)
    if updates:
        s.execute(update(NoteRow), updates)
    if retire:
        s.execute(update(NoteRow).where(NoteRow.id.in_(retire)).values(retired=True))

    note_pk: dict[str, int] = {
        note_id: pk
        for note_id, pk in s.execute(
            select(NoteRow.note_id, NoteRow.id).where(NoteRow.deck_pk == deck_pk)
        )
    }
    _write_themes(s, deck, deck_pk, note_pk)
    cards = {
        (r.note_pk, r.card_key): r
        for r in s.execute(
            select(
                CardRow.id, CardRow.note_pk, CardRow.card_key, CardRow.retired, CardRow.position
            ).where(CardRow.deck_pk == deck_pk)
        )
    }
    wanted: dict[tuple[int, str], int] = {}
    for position, note in enumerate(deck.notes):
        for index, key in enumerate(card_keys(note)):
            wanted[(note_pk[note.id], key)] = position * 1000 + index
    card_inserts: list[dict[str, Any]] = []
    card_updates: list[dict[str, Any]] = []
    for (npk, key), position in wanted.items():
        current = cards.get((npk, key))
        if current is None:
            card_inserts.append(
                {"deck_pk": deck_pk, "note_pk": npk, "card_key": key, "position": position}
            )
            report.cards_added += 1
        elif current.retired or current.position != position:
            card_updates.append({"id": current.id, "retired": False, "position": position})
            report.cards_restored += int(current.retired)
    for ident, card in cards.items():
        if ident not in wanted and not card.retired:
            card_updates.append({"id": card.id, "retired": True, "position": card.position})
            report.cards_retired += 1
    if card_inserts:
        s.execute(insert(CardRow), card_inserts)
    if card_updates:
        s.execute(update(CardRow), card_updates)
    return report


def _write_themes(s: Session, deck: Deck, deck_pk: int, note_pk: dict[str, int]) -> None:
    """The deck's note themes as rows (``--theme`` filters in SQL): rewritten with the deck."""
    mine = select(NoteRow.id).where(NoteRow.deck_pk == deck_pk)
    s.execute(delete(NoteThemeRow).where(NoteThemeRow.note_pk.in_(mine)))
    rows = [
        {"note_pk": note_pk[note.id], "theme": theme}
        for note in deck.notes
        for theme in dict.fromkeys(note.themes)
    ]
    if rows:
        s.execute(insert(NoteThemeRow), rows)
