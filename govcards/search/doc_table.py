"""The indexed notes kept column by column, so loading the index builds no object per note.

At 20,000 notes, unmarshalling one list (or dataclass) per note cost ~50-70 ms of a warm
``find``, most of it for texts that only the few hits shown ever need. Here each short column
(deck, note id, kind, title, themes, frame) is one joined string split once, and the long texts
(head, body) stay one UTF-8 blob with offsets: a hit's texts are decoded when it is shown.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from sys import intern
from typing import overload

from govcards.search.documents import SearchDoc

SEP = "\x1f"  # unit separator: never in deck text that reaches the index (checked at build)
THEME_SEP = "\x1e"


def _clean(text: str) -> str:
    return text.replace(SEP, " ").replace(THEME_SEP, " ")


@dataclass(frozen=True)
class DocTable(Sequence[SearchDoc]):
    decks: list[str]
    notes: list[str]
    kinds: list[str]
    titles: list[str]
    themes: list[str]  # each note's theme ids joined by THEME_SEP
    frames: list[str]
    offsets: array[int]  # texts[offsets[2i]:offsets[2i+1]] is head i, then body i
    texts: bytes

    @classmethod
    def of(cls, docs: Iterable[SearchDoc]) -> DocTable:
        """In one pass, so the notes can stream in and no list of them is ever held."""
        columns: tuple[list[str], ...] = ([], [], [], [], [], [])
        decks, notes, kinds, titles, themes, frames = columns
        offsets = array("q", [0])
        texts = bytearray()
        for d in docs:  # the columns that repeat hold one string per distinct value
            decks.append(intern(_clean(d.deck)))
            notes.append(_clean(d.note))
            kinds.append(intern(_clean(d.kind)))
            titles.append(_clean(d.title))
            themes.append(intern(THEME_SEP.join(_clean(t) for t in d.themes)))
            frames.append(intern(_clean(d.frame)))
            for text in (d.head, d.body):
                texts += text.encode("utf-8")
                offsets.append(len(texts))
        return cls(decks, notes, kinds, titles, themes, frames, offsets, bytes(texts))

    def dump(self) -> list[object]:
        columns = (self.decks, self.notes, self.kinds, self.titles, self.themes, self.frames)
        # marshal writes the offsets array as bytes, straight from its buffer (no copy)
        return [len(self), *(SEP.join(c) for c in columns), self.offsets, self.texts]

    @classmethod
    def load(cls, payload: list[object]) -> DocTable:
        count, *columns, offsets, texts = payload
        if not isinstance(count, int) or not isinstance(texts, bytes):
            raise ValueError("damaged index")
        split = [str(c).split(SEP) if count else [] for c in columns]
        if len(split) != 6 or any(len(c) != count for c in split):
            raise ValueError("damaged index")
        if not isinstance(offsets, bytes | array):  # as read from the file, or as dumped
            raise ValueError("damaged index")
        table = array("q")
        table.frombytes(memoryview(offsets).cast("B"))
        if len(table) != 2 * count + 1:
            raise ValueError("damaged index")
        decks, notes, kinds, titles, themes, frames = split
        return cls(decks, notes, kinds, titles, themes, frames, table, texts)

    def __len__(self) -> int:
        return len(self.notes)

    @overload
    def __getitem__(self, i: int) -> SearchDoc: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[SearchDoc]: ...
    def __getitem__(self, i: int | slice) -> SearchDoc | Sequence[SearchDoc]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return SearchDoc(
            deck=self.decks[i],
            note=self.notes[i],
            kind=self.kinds[i],
            title=self.titles[i],
            themes=self.theme_ids(i),
            head=self._text(2 * i),
            body=self._text(2 * i + 1),
            frame=self.frames[i],
        )

    def __iter__(self) -> Iterator[SearchDoc]:
        return (self[i] for i in range(len(self)))

    def theme_ids(self, i: int) -> tuple[str, ...]:
        joined = self.themes[i]
        return tuple(joined.split(THEME_SEP)) if joined else ()

    def _text(self, k: int) -> str:
        return self.texts[self.offsets[k] : self.offsets[k + 1]].decode("utf-8")
