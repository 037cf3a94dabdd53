"""One field's BM25 scores, built note by note: Lucene's variant, the one bm25s computes.

A query only adds up stored (term, note) scores, so the build needs the scores and nothing of a
retrieval library. bm25s computed the same numbers, but it takes a whole field as Python lists
of tokens and copies them into lists of ids before its numpy arrays: a cold ``find`` at 100,000
notes peaked at ~200 MB. Here each note's terms are counted as it is cut and kept in one typed
array, four bytes per (term, note) as a rule: nothing grows with the text but the postings.
``tests/test_bm25.py`` checks every score, term by term, against bm25s's.

score(term, note) = idf · tf / (tf + k1 · (1 − b + b · length / average length)), and
idf = ln(1 + (notes − df + 0.5) / (df + 0.5)); a note's length counts every term it holds.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Scored:
    """A field's postings, term by term (a term's notes in ascending order)."""

    vocab: dict[str, int]  # term → its number, in the order the terms were first met
    indptr: array[int]  # int64: term t's postings are [indptr[t], indptr[t + 1])
    docs: array[int]  # int32 note numbers
    scores: array[float]  # float32


class FieldScorer:
    """Feed it every note's terms, in note order (``add``), then take the postings (``scored``)."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._df: list[int] = []  # per term: how many notes hold it
        # per (note, term), note after note: the term's number t when the note holds it once,
        # else ~t (negative) and then how often: most terms occur once in a note
        self._terms = array("i")
        self._distinct = array("i")  # per note: how many different terms it holds
        self._lengths = array("q")  # per note: how many terms it holds in all

    def add(self, terms: Iterable[str]) -> None:
        counts = Counter(terms)
        vocab, df, ids = self.vocab, self._df, self._terms
        for term in counts:
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = len(df)
                df.append(0)
            df[tid] += 1
            tf = counts[term]
            if tf == 1:
                ids.append(tid)
            else:
                ids.extend((~tid, tf))
        self._distinct.append(len(counts))
        self._lengths.append(counts.total())

    def scored(self, k1: float = K1, b: float = B) -> Scored:
        """The postings laid out term by term with a counting sort: one pass to place them, no
        sort and no second copy of the (term, note) pairs."""
        notes, df = len(self._lengths), self._df
        indptr = array("q", [0])
        for f in df:
            indptr.append(indptr[-1] + f)
        size = indptr[-1]
        docs, scores = array("i", [0]) * size, array("f", [0.0]) * size
        if not size:
            return Scored(self.vocab, indptr, docs, scores)
        idf = [math.log(1 + (notes - f + 0.5) / (f + 0.5)) for f in df]
        average = sum(self._lengths) / notes
        free = list(indptr[:-1])  # where each term's next posting goes
        ids, at = self._terms, 0
        for note, (distinct, length) in enumerate(zip(self._distinct, self._lengths, strict=True)):
            norm = k1 * (1 - b + b * length / average)
            for _ in range(distinct):
                tid, tf = ids[at], 1
                at += 1
                if tid < 0:
                    tid, tf = ~tid, ids[at]
                    at += 1
                slot = free[tid]
                free[tid] = slot + 1
                docs[slot] = note
                scores[slot] = idf[tid] * tf / (tf + norm)
        return Scored(self.vocab, indptr, docs, scores)


def score_field(notes: Iterable[Iterable[str]], k1: float = K1, b: float = B) -> Scored:
    """Every note's terms in turn (a generator: no note's terms are held after its turn)."""
    scorer = FieldScorer()
    for terms in notes:
        scorer.add(terms)
    return scorer.scored(k1, b)
