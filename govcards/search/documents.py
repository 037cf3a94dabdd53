"""What the search reads from a note: the port notes come in through, and the text of each field.

Fields that only some versions of the note model have (``themes``, ``name``, ``line``, the
``question`` kind's ``prompt``) are read with ``getattr`` so the search works before and after
they exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from govcards.model import Note


@dataclass(frozen=True)
class NoteRecord:
    """One live note of the collection with where it lives."""

    deck: str
    note: Note
    topic_name: str = ""


class NoteSource(Protocol):
    """Where the notes come from (the collection, or a list in a test)."""

    def fingerprint(self) -> str:
        """Changes whenever any note is added, changed or retired; cheap to compute."""
        ...

    def records(self) -> Iterable[NoteRecord]: ...


@dataclass(frozen=True)
class SearchDoc:
    """A note flattened into the texts the index ranks: names and heads, and the body."""

    deck: str
    note: str
    kind: str
    title: str
    themes: tuple[str, ...]
    head: str  # titles, names, places, heads, tags, theme names: short and telling
    body: str  # summaries, details, quote text, answers: the running text
    frame: str = ""  # a structure's frame (对策, 意义, 原因, …)


def _texts(note: Note, *names: str) -> list[str]:
    out: list[str] = []
    for name in names:
        value = getattr(note, name, None)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple | list):
            out.extend(v for v in value if isinstance(v, str))
    return [t for t in out if t]


def note_title(note: Note) -> str:
    for name in ("title", "text", "front", "prompt"):
        value = getattr(note, name, None)
        if isinstance(value, str) and value:
            return value
    return note.id


def to_doc(record: NoteRecord, themes: Mapping[str, tuple[str, str]]) -> SearchDoc:
    """``themes`` maps a theme id to its name and scope (the bundled catalog)."""
    note = record.note
    theme_ids = tuple(str(t) for t in getattr(note, "themes", ()) or ())
    head = _texts(note, "title", "name", "place", "by", "front", "prompt", "keys", "tags")
    body = _texts(note, "summary", "measures", "effects", "line", "text", "back", "frame")
    for point in getattr(note, "points", ()):
        head.append(point.head)
        body.extend(point.detail)
    for theme in theme_ids:
        name, scope = themes.get(theme, (theme, ""))
        head.append(name)
        body.append(scope)
    if record.topic_name:
        body.append(record.topic_name)
    return SearchDoc(
        deck=record.deck,
        note=note.id,
        kind=note.kind,
        title=note_title(note),
        themes=theme_ids,
        head="\n".join(head),
        body="\n".join(t for t in body if t),
        frame=str(getattr(note, "frame", "") or ""),
    )


def iter_docs(
    records: Iterable[NoteRecord], themes: Mapping[str, tuple[str, str]]
) -> Iterator[SearchDoc]:
    """The material a candidate searches, one note at a time; questions are left out: their
    prompts are mostly question wording, and a hit on one would push the notes that answer it
    out of the top."""
    return (to_doc(r, themes) for r in records if r.note.kind != "question")
