"""The indexed notes kept column by column, so loading the index builds no object per note.

A query reads two facts of every note it scores (kind and frame, and the themes when filtered)
and everything else of the ten it shows. So the columns that repeat (deck, kind, frame, theme
set) are coded: their few distinct values, and one int32 code per note. The texts (note id,
title, head, body) are one UTF-8 blob with offsets, decoded only for the notes shown. Stored,
the codes, offsets and blob are raw sections of the index file, read in place
(``index.py``): at 100,000 notes, splitting one string per note and column at load cost ~40 MB
and ~20 ms of a warm ``find``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from govcards.search.documents import SearchDoc

THEME_SEP = "\x1e"  # between a note's theme ids; never inside one (replaced at build)
CODED = ("decks", "kinds", "frames", "themes")
TEXTS_PER_NOTE = 4  # note id, title, head, body


@dataclass(frozen=True)
class Column(Sequence[str]):
    """A column of few distinct values: each note's value is ``values[codes[i]]``."""

    values: list[str]
    codes: memoryview[int]

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self.values[c] for c in self.codes[i]]
        return self.values[self.codes[i]]


class _Columns:
    """The coded columns coded as the notes stream past: no list of every note's values (at
    100,000 notes, one string per note and column held ~25 MB until the table was done)."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, int]] = {name: {} for name in CODED}
        self.codes = {name: array("i") for name in CODED}

    def add(self, doc: SearchDoc) -> None:
        themes = THEME_SEP.join(t.replace(THEME_SEP, " ") for t in doc.themes)
        for name, value in zip(CODED, (doc.deck, doc.kind, doc.frame, themes), strict=True):
            seen = self.seen[name]
            self.codes[name].append(seen.setdefault(value, len(seen)))

    def columns(self) -> dict[str, Column]:
        return {name: Column(list(self.seen[name]), memoryview(self.codes[name])) for name in CODED}


@dataclass(frozen=True)
class DocTable(Sequence[SearchDoc]):
    decks: Column
    kinds: Column
    frames: Column
    themes: Column  # each note's theme ids joined by THEME_SEP
    offsets: memoryview[int]  # text k of the blob is texts[offsets[k]:offsets[k + 1]]
    texts: memoryview[int]  # bytes: per note its id, title, head and body, in UTF-8

    @classmethod
    def of(cls, docs: Iterable[SearchDoc]) -> DocTable:
        """In one pass, so the notes can stream in and no list of them is ever held."""
        columns = _Columns()
        offsets = array("q", [0])
        texts = bytearray()
        for d in docs:
            columns.add(d)
            for text in (d.note, d.title, d.head, d.body):
                texts += text.encode("utf-8")
                offsets.append(len(texts))
        return cls(
            **columns.columns(), offsets=memoryview(offsets), texts=memoryview(texts).toreadonly()
        )

    def parts(self) -> tuple[dict[str, list[str]], dict[str, memoryview[Any]]]:
        """What the index file stores: the coded columns' values, and the raw sections."""
        values = {name: self._column(name).values for name in CODED}
        sections = {f"codes:{name}": self._column(name).codes for name in CODED}
        return values, sections | {"offsets": self.offsets, "texts": self.texts}

    @classmethod
    def from_parts(
        cls, values: Mapping[str, list[str]], sections: Mapping[str, memoryview[int]]
    ) -> DocTable:
        """The table over sections read in place; ValueError when they do not fit together."""
        columns = {name: Column(list(values[name]), sections[f"codes:{name}"]) for name in CODED}
        offsets, texts = sections["offsets"], sections["texts"]
        count = (len(offsets) - 1) // TEXTS_PER_NOTE
        if len(offsets) != count * TEXTS_PER_NOTE + 1 or offsets[-1] != len(texts):
            raise ValueError("damaged index")
        for column in columns.values():
            codes = column.codes
            if len(codes) != count or (
                count and not 0 <= min(codes) <= max(codes) < len(column.values)
            ):
                raise ValueError("damaged index")
        return cls(**columns, offsets=offsets, texts=texts)

    def _column(self, name: str) -> Column:
        column: Column = getattr(self, name)
        return column

    def __len__(self) -> int:
        return len(self.kinds)

    @overload
    def __getitem__(self, i: int) -> SearchDoc: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[SearchDoc]: ...
    def __getitem__(self, i: int | slice) -> SearchDoc | Sequence[SearchDoc]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        k = TEXTS_PER_NOTE * range(len(self))[i]  # a negative i counts from the end
        return SearchDoc(
            deck=self.decks[i],
            note=self._text(k),
            kind=self.kinds[i],
            title=self._text(k + 1),
            themes=self.theme_ids(i),
            head=self._text(k + 2),
            body=self._text(k + 3),
            frame=self.frames[i],
        )

    def __iter__(self) -> Iterator[SearchDoc]:
        return (self[i] for i in range(len(self)))

    def theme_ids(self, i: int) -> tuple[str, ...]:
        joined = self.themes[i]
        return tuple(joined.split(THEME_SEP)) if joined else ()

    def _text(self, k: int) -> str:
        return str(self.texts[self.offsets[k] : self.offsets[k + 1]], "utf-8", "replace")
