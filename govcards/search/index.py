"""The stored index: BM25 scores computed once by bm25s, kept as plain postings.

bm25s scores eagerly: at build time it computes every (term, note) BM25 score into a sparse
matrix. That matrix is all a query needs, so it is stored as three flat arrays per field
(pointer, note numbers, scores) and a query only adds up the postings of its terms. The query
path then needs neither numpy (100+ ms to import) nor jieba's full dictionary (0.5 s to load).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Literal

from govcards.search.doc_table import DocTable
from govcards.search.documents import SearchDoc
from govcards.search.lexicon import lexicon_words
from govcards.search.segment import JiebaSegmenter, VocabSegmenter, bigrams, domain_words

FIELDS = ("head", "body", "gram")
K1, B = 1.2, 0.75
BUILD_STAGES = 5  # read the notes, load jieba, cut heads, cut bodies, score the pairs


@dataclass(frozen=True)
class Postings:
    """One field's BM25 matrix as flat typed views (int64 pointers, int32 notes, float32
    scores) over the bytes they were built in or read from the mapped file: never copied.

    A stored file is checked at load only where that is cheap (``index_file.py``); the note
    numbers of a term are checked as the term is read, and a damaged run is skipped."""

    vocab: dict[str, int]
    indptr: memoryview[int]
    docs: memoryview[int]
    scores: memoryview[float]
    notes: int  # how many notes the index holds: every note number is below it

    def of(self, term: str) -> Iterator[tuple[int, float]]:
        tid = self.vocab.get(term)
        if tid is None:
            return iter(())
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        ids = self.docs[lo:hi]
        if ids and not 0 <= min(ids) <= max(ids) < self.notes:
            return iter(())
        return zip(ids, self.scores[lo:hi], strict=True)


@dataclass(frozen=True)
class SearchIndex:
    docs: DocTable
    fields: dict[str, Postings]
    words: dict[str, int]  # every indexed word → jieba frequency, for the query segmenter
    total: int

    def segmenter(self) -> VocabSegmenter:
        return VocabSegmenter(self.words, self.total)


def _bm25(token_lists: Sequence[list[str]]) -> Postings:
    if not any(token_lists):  # bm25s needs at least one term
        return Postings({}, _ints("q", bytes(8)), _ints("i", b""), _floats(b""), len(token_lists))
    import bm25s  # build time only: it brings numpy

    retriever = bm25s.BM25(k1=K1, b=B)
    retriever.index(list(token_lists), show_progress=False)
    matrix = retriever.scores
    vocab = {t: int(i) for t, i in retriever.vocab_dict.items() if t}
    return Postings(
        vocab=vocab,
        indptr=_ints("q", matrix["indptr"].astype("int64").tobytes()),
        docs=_ints("i", matrix["indices"].astype("int32").tobytes()),
        scores=_floats(matrix["data"].astype("float32").tobytes()),
        notes=len(token_lists),
    )


def build_index(
    docs: Iterable[SearchDoc], progress: Callable[[int, int], object] | None = None
) -> SearchIndex:
    """Segment every note once and score it; the slow step that the cache exists to skip.

    The notes are packed into their ``DocTable`` first and each pass decodes them from it one
    at a time; one field's token lists are held at a time; and jieba is let go before the
    character pairs are scored. At 25,000 notes a cold ``find`` peaks ~35 MB lower for it.
    ``progress(done, total)`` hears of each of its five stages."""
    stage = progress or (lambda done, total: None)
    stage(0, BUILD_STAGES)
    table = DocTable.of(docs)
    stage(1, BUILD_STAGES)
    user = domain_words((d.head for d in table), (d.body for d in table))
    seg = JiebaSegmenter(user, chain.from_iterable((d.head, d.body) for d in table))
    stage(2, BUILD_STAGES)
    head = _bm25([seg.terms(d.head) for d in table])
    stage(3, BUILD_STAGES)
    body = _bm25([seg.terms(d.body) for d in table])
    known = set(head.vocab) | set(body.vocab) | lexicon_words() | user
    words, total = seg.frequencies(known), seg.total
    del seg
    stage(4, BUILD_STAGES)
    gram = _bm25([bigrams(d.head + "\n" + d.body) for d in table])
    stage(5, BUILD_STAGES)
    return SearchIndex(table, {"head": head, "body": body, "gram": gram}, words, total)


def _ints(code: Literal["q", "i"], data: bytes) -> memoryview[int]:
    return memoryview(data).cast(code)


def _floats(data: bytes) -> memoryview[float]:
    return memoryview(data).cast("f")
