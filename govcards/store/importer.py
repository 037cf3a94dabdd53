"""Deck import: one transaction of bulk writes; progress keyed by (deck, note, card key) only."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
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
from govcards.i18n import _
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
    deck_restored: bool = False  # the deck had been retired (renamed away) and is back
    renamed_from: list[str] = field(default_factory=list)  # decks retired: renamed to this one


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
        too_long = _("{where}: deck id is longer than {limit} characters")
        raise InputError(too_long.format(where=where, limit=deck_limit))
    for note in deck.notes:
        for name, limit in limits.items():
            value = getattr(note, name)
            if limit is not None and value is not None and len(value) > limit:
                field_long = _("{where}: note {note}: {field} is longer than {limit} characters")
                raise InputError(
                    field_long.format(where=where, note=note.id[:64], field=name, limit=limit)
                )
        key_limit = CardRow.card_key.type.length
        for key in card_keys(note):
            if key_limit is not None and len(key) > key_limit:
                many = _("{where}: note {note}: too many cards ({card})")
                raise InputError(many.format(where=where, note=note.id, card=key))


def import_decks(s: Session, decks: Sequence[Deck], now: datetime) -> list[ImportReport]:
    """Each deck in turn; a deck of this same import is never retired as renamed."""
    batch = frozenset(deck.id for deck in decks)
    return [_import_deck(s, deck, now, batch) for deck in decks]


def _import_deck(
    s: Session, deck: Deck, now: datetime, batch: frozenset[str] = frozenset()
) -> ImportReport:
    """One deck: its row, the decks it replaces, its notes, themes and cards, and the report."""
    _check_widths(deck)
    report = ImportReport(deck.id, deck.name, notes=len(deck.notes))
    deck_pk = _upsert_deck(s, deck, now, report)
    report.renamed_from = _retire_renamed_decks(s, deck, deck_pk, batch | {deck.id})
    existing = _stored_notes(s, deck_pk)
    inserts, updates, retire = _plan_notes(deck, deck_pk, existing, report)
    _write_notes(s, inserts, updates, retire)
    live = _live_note_pks(s, deck_pk)
    _write_themes(s, deck, deck_pk, live)
    _write_cards(s, deck, deck_pk, live, report)
    return report


def _file_key(path: str) -> str:
    """The absolute path a deck was read from: the same file whatever folder govcards ran in."""
    return os.path.abspath(path) if path else ""


def _upsert_deck(s: Session, deck: Deck, now: datetime, report: ImportReport) -> int:
    """Create or update the deck's row (restoring it if it was retired); its primary key."""
    row = s.scalar(select(DeckRow).where(DeckRow.deck_id == deck.id))
    meta = {
        "name": deck.name,
        "description": deck.description,
        "source": deck.source,
        "topics": dict(deck.topics),
        "path": _file_key(deck.path),
        "imported_at": now,
        "file_digest": deck.digest or None,
        "retired": False,
    }
    if row is None:
        row = DeckRow(deck_id=deck.id, **meta)
        s.add(row)
        s.flush()
        report.new_deck = True
    else:
        report.deck_restored = row.retired
        for key, value in meta.items():
            setattr(row, key, value)
    return row.id


def _retire_renamed_decks(s: Session, deck: Deck, deck_pk: int, keep: frozenset[str]) -> list[str]:
    """Retire the live decks this one replaces (docs/storage.md, "Deck identity"); their ids.

    A deck is replaced when it was last imported from the same file, or when its own file is
    gone and it has the same source and name (the file was moved and the id changed too).
    Decks of the same import are kept: each file speaks for itself.
    """
    if not deck.path:
        return []
    here = {deck.path, _file_key(deck.path)}
    candidates = s.execute(
        select(DeckRow.id, DeckRow.deck_id, DeckRow.path, DeckRow.source, DeckRow.name).where(
            DeckRow.retired.is_(False), DeckRow.id != deck_pk, DeckRow.path != ""
        )
    )
    replaced: dict[int, str] = {}
    for pk, deck_id, path, source, name in candidates:
        if deck_id in keep:
            continue
        same_file = path in here
        moved = (
            deck.source is not None
            and source == deck.source
            and name == deck.name
            and not os.path.exists(path)
        )
        if same_file or moved:
            replaced[pk] = deck_id
    if replaced:
        pks = list(replaced)
        s.execute(update(DeckRow).where(DeckRow.id.in_(pks)).values(retired=True, file_digest=None))
        s.execute(update(NoteRow).where(NoteRow.deck_pk.in_(pks)).values(retired=True))
        s.execute(update(CardRow).where(CardRow.deck_pk.in_(pks)).values(retired=True))
    return sorted(replaced.values())


def _stored_notes(s: Session, deck_pk: int) -> dict[tuple[str, str], Any]:
    """The deck's note rows, live and retired, by (note id, kind)."""
    rows = s.execute(
        select(
            NoteRow.id,
            NoteRow.note_id,
            NoteRow.kind,
            NoteRow.digest,
            NoteRow.retired,
            NoteRow.position,
        ).where(NoteRow.deck_pk == deck_pk)
    )
    return {(r.note_id, r.kind): r for r in rows}


def _plan_notes(
    deck: Deck, deck_pk: int, existing: dict[tuple[str, str], Any], report: ImportReport
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    """Match the file's notes to stored rows by (id, kind): rows to insert, update and retire.

    A note whose kind changed is counted once, as updated: its old row is retired (keeping the
    reviews given under the old kind) and a row under the new kind is added or restored.
    """
    live_kind = {note_id: kind for (note_id, kind), r in existing.items() if not r.retired}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for position, note in enumerate(deck.notes):
        content = note_to_dict(note)
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
        old = existing.get((note.id, note.kind))
        kind_changed = live_kind.get(note.id, note.kind) != note.kind
        if old is None:
            inserts.append({"deck_pk": deck_pk, "note_id": note.id, **values})
        elif old.retired or old.digest != digest or old.position != position:
            updates.append({"id": old.id, **values})
        if kind_changed or (old is not None and not old.retired and old.digest != digest):
            report.updated += 1
        elif old is None:
            report.added += 1
        elif old.retired:
            report.restored += 1
        else:
            report.unchanged += 1
    present = {(n.id, n.kind) for n in deck.notes}
    in_file = {n.id for n in deck.notes}
    retire = [r.id for key, r in existing.items() if key not in present and not r.retired]
    report.retired = sum(
        1 for key, r in existing.items() if key[0] not in in_file and not r.retired
    )
    return inserts, updates, retire


def _write_notes(
    s: Session, inserts: list[dict[str, Any]], updates: list[dict[str, Any]], retire: list[int]
) -> None:
    """Apply the planned note rows in bulk (one statement each, whatever the deck's size)."""
    if retire:
        s.execute(update(NoteRow).where(NoteRow.id.in_(retire)).values(retired=True))
    if inserts:
        s.execute(insert(NoteRow), inserts)
    if updates:
        s.execute(update(NoteRow), updates)


def _live_note_pks(s: Session, deck_pk: int) -> dict[str, int]:
    """Note id → primary key of the deck's live note rows, after the writes above."""
    stmt = select(NoteRow.note_id, NoteRow.id).where(
        NoteRow.deck_pk == deck_pk, NoteRow.retired.is_(False)
    )
    return {note_id: pk for note_id, pk in s.execute(stmt)}


def _write_cards(
    s: Session, deck: Deck, deck_pk: int, live: dict[str, int], report: ImportReport
) -> None:
    """Add the file's new cards, restore or move existing ones, retire the rest of the deck's."""
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
            wanted[(live[note.id], key)] = position * 1000 + index
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
