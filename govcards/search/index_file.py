"""The index file: a small marshalled header, then raw sections that a warm ``find`` maps.

Layout: the key line (``cache.py``); the header's length (8 bytes, little-endian); the header
(marshal: format, vocabularies, word frequencies, the coded columns' values, and where each
section lies); then the sections, each starting on an 8-byte boundary: the postings (int64
pointers, int32 notes, float32 scores per field), the column codes, the text offsets and the
text blob. Sections are written straight from their buffers and read as typed views of the
mapped file, so a query touches only the pages of the postings it adds up and of the notes it
shows: at 100,000 notes a warm ``find`` peaks at ~67 MB, not ~226 MB as when the 45 MB file
was read and unmarshalled whole (docs/performance.md).
"""

from __future__ import annotations

import marshal
from itertools import pairwise
from mmap import mmap
from typing import Any, BinaryIO

from govcards.search.doc_table import CODED, DocTable
from govcards.search.index import Postings, SearchIndex

FORMAT = 5  # 3: questions not indexed; 4: notes column by column; 5: header + mapped sections
_ALIGN = 8


def _typed(section: str, raw: memoryview[int]) -> memoryview[Any]:
    """A section's bytes as its items, whose type is fixed by its name (never read from the
    file); ValueError for a name this version does not write, TypeError for a ragged length."""
    kind = section.rpartition(":")[2]
    if section.startswith("codes:") or kind == "docs":
        return raw.cast("i")
    if kind in ("indptr", "offsets"):
        return raw.cast("q")
    if kind == "scores":
        return raw.cast("f")
    if kind == "texts":
        return raw
    raise ValueError(section)


def _pad(size: int) -> int:
    return -size % _ALIGN


def _counts(words: object) -> bool:
    """Word → frequency, as the query segmenter takes logarithms of them."""
    return isinstance(words, dict) and all(
        isinstance(w, str) and isinstance(f, int) and f > 0 for w, f in words.items()
    )


def _consistent(p: Postings) -> bool:
    """The checks that cost no pass over the postings (at most one over the vocabulary)."""
    terms = len(p.indptr) - 1
    if terms < 0 or p.indptr[0] != 0 or not p.indptr[-1] == len(p.docs) == len(p.scores):
        return False
    if any(not isinstance(t, str) or not 0 <= i < terms for t, i in p.vocab.items()):
        return False
    return all(a <= b for a, b in pairwise(p.indptr))


def dump(index: SearchIndex, key: str, out: BinaryIO) -> None:
    values, sections = index.docs.parts()
    for name, p in index.fields.items():
        sections |= {f"{name}:indptr": p.indptr, f"{name}:docs": p.docs, f"{name}:scores": p.scores}
    layout: dict[str, tuple[int, int]] = {}
    at = 0
    for name, view in sections.items():
        layout[name] = (at, view.nbytes)
        at += view.nbytes + _pad(view.nbytes)
    header = marshal.dumps(
        {
            "format": FORMAT,
            "columns": values,
            "vocab": {name: p.vocab for name, p in index.fields.items()},
            "words": index.words,
            "total": index.total,
            "sections": layout,
        }
    )
    line = key.encode("ascii") + b"\n"
    out.write(line + len(header).to_bytes(8, "little"))
    out.write(header)
    out.write(bytes(_pad(len(line) + 8 + len(header))))
    for view in sections.values():
        out.write(view)
        out.write(bytes(_pad(view.nbytes)))


def load(data: bytes | mmap, key: str) -> SearchIndex | None:
    """The index stored in ``data`` (the mapped file, or its bytes) if it was built for
    ``key``, else None: stale, foreign, truncated or damaged. Its views keep ``data`` alive."""
    whole = memoryview(data)
    line = key.encode("ascii") + b"\n"
    if whole[: len(line)] != line:
        return None
    try:
        size = int.from_bytes(whole[len(line) : len(line) + 8], "little")
        end = len(line) + 8 + size
        if end > len(whole):
            return None
        header = marshal.loads(whole[len(line) + 8 : end])
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        start = end + _pad(end)
        sections: dict[str, memoryview[Any]] = {}
        for name, (offset, nbytes) in header["sections"].items():
            first = start + offset
            if offset < 0 or nbytes < 0 or first + nbytes > len(whole):
                return None
            sections[name] = _typed(name, whole[first : first + nbytes])
        if set(header["columns"]) != set(CODED) or not _counts(header["words"]):
            return None
        docs = DocTable.from_parts(header["columns"], sections)
        fields = {}
        for name, vocab in header["vocab"].items():
            p = Postings(
                dict(vocab),
                sections[f"{name}:indptr"],
                sections[f"{name}:docs"],
                sections[f"{name}:scores"],
                len(docs),
            )
            if not _consistent(p):
                return None
            fields[name] = p
        total = header["total"]
        if not isinstance(total, int) or total < 1:
            return None
        return SearchIndex(docs, fields, dict(header["words"]), total)
    except (ValueError, EOFError, TypeError, KeyError, AttributeError, IndexError):
        return None
