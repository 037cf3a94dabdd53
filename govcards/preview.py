"""`govcards preview`: cards as the review screen shows them, straight from deck files.

Deck authors check their cards before an import, so nothing here opens a collection: the decks
come from files, folders or the bundled decks, and every card is built by ``cards.face`` exactly
as a review would build it. A typed answer is graded by ``study.assess``, as in a review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govcards.cards import card_keys, face
from govcards.decks import bundled_decks_dir, bundled_themes, load_decks
from govcards.errors import InputError
from govcards.i18n import _
from govcards.model import CardFace, Deck, Note
from govcards.study import Feedback, assess


@dataclass(frozen=True)
class PreviewCard:
    """One card of a note, with the deck it comes from and, if one was typed, its grading."""

    deck: Deck
    note: Note
    face: CardFace
    typed: str | None = None
    feedback: Feedback | None = None
    theme_names: tuple[str, ...] = ()

    @property
    def topic(self) -> str | None:
        return self.deck.topics.get(self.note.topic or "", self.note.topic)


@dataclass(frozen=True)
class Selection:
    """What the command line asked for; ``None`` and empty mean everything."""

    source: str | None = None
    note: str | None = None
    card: str | None = None
    themes: Sequence[str] = ()
    priority: str | None = None
    answer: str | None = None
    topic: str | None = None  # TOPIC, or DECK/TOPIC when several decks use the id


def load_source(source: str | None) -> list[Deck]:
    """A file or folder when the path exists, else a bundled deck id; default every bundled deck."""
    if source is None:
        return load_decks([bundled_decks_dir()])
    if Path(source).exists():
        return _load_path(Path(source))
    decks = [d for d in load_decks([bundled_decks_dir()]) if d.id == source]
    if not decks:
        raise InputError(f"{source}: no such deck file, folder or bundled deck id")
    return decks


def _load_path(path: Path) -> list[Deck]:
    """A file whose questions use notes of the decks beside it (the bundled question bank) is
    checked together with its folder, as an import of that folder would check it."""
    try:
        return load_decks([path])
    except InputError:
        if not path.is_file():
            raise
        try:
            beside = load_decks([path.parent])
        except InputError:
            pass  # the folder has problems of its own: the file's own error says more
        else:
            own = [d for d in beside if Path(d.path).resolve() == path.resolve()]
            if own:
                return own
        raise


def _notes(decks: list[Deck], note_id: str | None) -> list[tuple[Deck, Note]]:
    notes = [(d, n) for d in decks for n in d.notes if note_id is None or n.id == note_id]
    if note_id is None:
        return notes
    if not notes:
        raise InputError(f"no note '{note_id}' in {', '.join(d.id for d in decks)}")
    if len(notes) > 1:
        owners = ", ".join(d.id for d, _ in notes)
        raise InputError(f"note '{note_id}' is in several decks ({owners}): name the deck")
    note = notes[0][1]
    if not card_keys(note):
        raise InputError(f"note '{note_id}' is a {note.kind}: it makes no review cards")
    return notes


def _theme_names(decks: list[Deck], themes: Sequence[str]) -> dict[str, str]:
    """Every theme id the decks may use → its name; a filter on an unknown id is an error."""
    known = {t.id: t.name for t in bundled_themes().values()}
    for deck in decks:
        known.update((t.id, t.name) for t in deck.themes.values())
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise InputError(f"unknown theme '{unknown[0]}' (see decks/themes.yaml)")
    return known


def topic_deck(decks: list[Deck], topic: str) -> str:
    """The one deck a ``--topic`` names, as ``store/filter_check.py`` decides it for a
    collection: a bare topic id that several decks use is refused with the ids to choose from."""
    deck_id, _sep, bare = topic.rpartition("/")
    if deck_id and deck_id not in {d.id for d in decks}:
        raise InputError(_("no deck '{deck}' among the decks previewed").format(deck=deck_id))
    owners = sorted(
        d.id
        for d in decks
        if (not deck_id or d.id == deck_id) and any(n.topic == bare for n in d.notes)
    )
    if not owners:
        raise InputError(_("no topic '{topic}' in the decks previewed").format(topic=topic))
    if len(owners) > 1:
        qualified = ", ".join(f"{d}/{bare}" for d in owners)
        raise InputError(
            _("topic '{topic}' is in several decks; say which: {qualified}").format(
                topic=bare, qualified=qualified
            )
        )
    return owners[0]


def select(choice: Selection) -> list[PreviewCard]:
    """The cards a preview shows, in deck and card order, graded when an answer is given."""
    if choice.answer is not None and (choice.note is None or choice.card is None):
        raise InputError("--answer needs a NOTE and a CARD: it grades one card")
    decks = load_source(choice.source)
    names = _theme_names(decks, choice.themes)
    if choice.topic is not None:
        only = topic_deck(decks, choice.topic)
        decks = [d for d in decks if d.id == only]
    topic = None if choice.topic is None else choice.topic.rpartition("/")[2]
    out: list[PreviewCard] = []
    for deck, note in _notes(decks, choice.note):
        if topic is not None and note.topic != topic:
            continue
        if choice.themes and not set(choice.themes) & set(note.themes):
            continue
        if choice.priority is not None and note.priority != choice.priority:
            continue
        keys = card_keys(note)
        if choice.card is not None:
            if choice.card not in keys:
                raise InputError(
                    f"note '{note.id}' has no card '{choice.card}' (its cards: {', '.join(keys)})"
                )
            keys = [choice.card]
        themes = tuple(names.get(t, t) for t in note.themes)
        for key in keys:
            card_face = face(note, deck.id, key)
            graded = None if choice.answer is None else assess(card_face, choice.answer)
            out.append(PreviewCard(deck, note, card_face, choice.answer, graded, themes))
    return out


def to_json(cards: Sequence[PreviewCard]) -> list[dict[str, object]]:
    """Plain values only: the prompt and answer are the card's own text, with no markup."""
    rows: list[dict[str, object]] = []
    for card in cards:
        row: dict[str, object] = {
            "deck": card.deck.id,
            "note": card.note.id,
            "card": card.face.key,
            "kind": card.note.kind,
            "themes": list(card.note.themes),
            "priority": card.note.priority,
            "prompt": card.face.prompt,
            "answer": card.face.answer,
        }
        if card.feedback is not None:
            row.update(
                typed=card.typed,
                score=round(card.feedback.score, 4),
                grade=card.feedback.suggested,
            )
        rows.append(row)
    return rows
