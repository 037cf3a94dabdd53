"""The stored index: BM25 scores computed once, at build time, kept as plain postings.

Each field's (term, note) scores are computed eagerly (``bm25.py``) and stored as three flat
arrays (pointer, note numbers, scores), so a query only adds up the postings of its terms. The
query path then needs neither jieba's full dictionary (0.5 s to load) nor any numeric library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from govcards.search.bm25 import Scored, score_field
from govcards.search.doc_table import DocTable
from govcards.search.documents import SearchDoc
from govcards.search.lexicon import lexicon_words
from govcards.search.segment import JiebaSegmenter, VocabSegmenter, bigrams, domain_words

FIELDS = ("head", "body", "gram")
BUILD_STAGES = 5  # read the notes, score the pairs, load jieba, cut bodies, cut heads


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


def _postings(scored: Scored, notes: int) -> Postings:
    return Postings(
        scored.vocab,
        memoryview(scored.indptr),
        memoryview(scored.docs),
        memoryview(scored.scores),
        notes,
    )


def build_index(
    docs: Iterable[SearchDoc], progress: Callable[[int, int], object] | None = None
) -> SearchIndex:
    """Segment every note once and score it; the slow step that the cache exists to skip.

    The notes are packed into their ``DocTable`` first and each pass decodes them from it one
    at a time, its terms counted as they are cut (``bm25.py``): no field's token lists are
    held. The character pairs are scored before jieba is loaded, so its dictionary and the
    pairs' arrays are never in memory together: at 100,000 notes a cold ``find`` peaks at
    ~90 MB (~200 MB with bm25s). ``progress(done, total)`` hears of each of its five stages."""
    stage = progress or (lambda done, total: None)
    stage(0, BUILD_STAGES)
    table = DocTable.of(docs)
    stage(1, BUILD_STAGES)
    gram = _postings(score_field(bigrams(d.head + "\n" + d.body) for d in table), len(table))
    stage(2, BUILD_STAGES)
    user = domain_words((d.head for d in table), (d.body for d in table))
    seg = JiebaSegmenter(user, chain.from_iterable((d.head, d.body) for d in table))
    stage(3, BUILD_STAGES)
    body = _postings(score_field(seg.terms(d.body) for d in table), len(table))
    stage(4, BUILD_STAGES)
    head = _postings(score_field(seg.terms(d.head) for d in table), len(table))  # the fewest
    known = set(head.vocab) | set(body.vocab) | lexicon_words() | user
    words, total = seg.frequencies(known), seg.total
    stage(5, BUILD_STAGES)
    return SearchIndex(table, {"head": head, "body": body, "gram": gram}, words, total)
