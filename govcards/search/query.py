"""Ranking a query against the stored index, and the snippet with its matched words.

A query is cut with the index's own vocabulary; question boilerplate (结合给定资料，谈谈…) is
dropped; each remaining word brings in its 申论 synonyms at a lower weight; the score is the
weighted sum of the BM25 scores of the names-and-heads field, the body field and the
character-bigram field (which alone still matches a word no dictionary knows).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from govcards.search.documents import SearchDoc
from govcards.search.index import SearchIndex
from govcards.search.lexicon import STOP_WORDS, frames_asked, synonyms_of
from govcards.search.segment import bigrams, normalise

FIELD_WEIGHTS = {"head": 1.5, "body": 1.0, "gram": 0.3}
SYNONYM_WEIGHT = 0.5
SNIPPET_CHARS = 60
FRAME_BOOST = 1.3  # a structure of the frame a question asks for (如何… → 对策)
# What an answer is written with: structures, cases and quotes. Basic cards (knowledge Q&A) are
# half the bundled notes but 1 of 154 expected notes in the query set and 13 of 310 notes the
# question bank's ``uses`` name; on a tie of words they should yield to the exam material.
KIND_WEIGHTS = {"basic": 0.75}

Span = tuple[int, int]


@dataclass(frozen=True)
class Hit:
    deck: str
    note: str
    kind: str
    title: str
    score: float
    snippet: str
    title_spans: tuple[Span, ...]
    snippet_spans: tuple[Span, ...]
    themes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "deck": self.deck,
            "note": self.note,
            "kind": self.kind,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "themes": list(self.themes),
        }


@dataclass(frozen=True)
class Query:
    terms: dict[str, float]  # word → weight (1 typed, SYNONYM_WEIGHT brought in)
    grams: dict[str, float]
    frames: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.terms and not self.grams


def _strip_stop_words(text: str, words: Iterable[str]) -> str:
    """The query with boilerplate words blanked out, so the bigrams skip them too."""
    for word in sorted(set(words) & STOP_WORDS, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


def parse(index: SearchIndex, text: str) -> Query:
    seg = index.segmenter()
    norm = normalise(text)
    cut = seg.cut(norm)
    typed = [t for t in seg.terms(norm) if t not in STOP_WORDS]
    terms: dict[str, float] = {}
    for word in typed:
        terms[word] = 1.0
    for word in typed:
        for other in synonyms_of(word):
            terms.setdefault(other, SYNONYM_WEIGHT)
    grams = dict.fromkeys(bigrams(_strip_stop_words(norm, cut)), 1.0)
    return Query(terms, grams, frozenset(frames_asked(norm)))


def _scores(index: SearchIndex, query: Query) -> dict[int, float]:
    total: dict[int, float] = {}
    typed = [t for t, w in query.terms.items() if w == 1.0]
    bit = {t: 1 << i for i, t in enumerate(typed)}
    matched: dict[int, int] = {}  # per note, one bit per typed word it holds (in head or body)
    for field, weight in FIELD_WEIGHTS.items():
        postings = index.fields[field]
        wanted = query.grams if field == "gram" else query.terms
        for term, term_weight in wanted.items():
            w = weight * term_weight
            mark = bit.get(term, 0) if field != "gram" else 0
            for doc, score in postings.of(term):
                total[doc] = total.get(doc, 0.0) + w * score
                if mark:
                    matched[doc] = matched.get(doc, 0) | mark
    words = len(typed) or 1
    frames = index.docs.frames
    kinds = index.docs.kinds
    for doc, score in total.items():
        # coordination: a note that covers more of the query's words ranks above one that
        # repeats a few of them (long questions otherwise favour long notes)
        coverage = matched.get(doc, 0).bit_count() / words
        boost = FRAME_BOOST if frames[doc] in query.frames else 1.0
        boost *= KIND_WEIGHTS.get(kinds[doc], 1.0)
        total[doc] = score * (0.5 + 0.5 * coverage) ** 0.5 * boost
    return total


def _spans(text: str, words: Iterable[str]) -> tuple[Span, ...]:
    """Where the words occur in ``text`` (longest first, overlaps merged)."""
    norm = normalise(text)
    low = norm if len(norm) == len(text) else text.lower()
    marks = [False] * len(text)
    for word in sorted(set(words), key=len, reverse=True):
        for m in re.finditer(re.escape(word), low):
            for i in range(m.start(), m.end()):
                marks[i] = True
    spans: list[Span] = []
    start = None
    for i, on in enumerate([*marks, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            spans.append((start, i))
            start = None
    return tuple(spans)


def _snippet(doc: SearchDoc, words: list[str]) -> str:
    """The body line with the most matched words, cut to a window around the first of them."""
    lines = [ln for ln in (doc.body + "\n" + doc.head).splitlines() if ln.strip()]
    if not lines:
        return ""
    best = max(lines, key=lambda ln: sum(1 for w in words if w in normalise(ln)))
    low = normalise(best)
    first = min((low.find(w) for w in words if w in low), default=0)
    start = max(0, first - SNIPPET_CHARS // 4)
    cut = best[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + cut + ("…" if start + SNIPPET_CHARS < len(best) else "")


def search(
    index: SearchIndex,
    text: str,
    kind: str | None = None,
    theme: str | None = None,
    limit: int = 10,
) -> list[Hit]:
    query = parse(index, text)
    if query.empty or limit <= 0:
        return []
    scores = _scores(index, query)
    docs = index.docs

    def wanted(i: int) -> bool:
        return (kind is None or docs.kinds[i] == kind) and (
            theme is None or theme in docs.theme_ids(i)
        )

    best = heapq.nlargest(limit, ((s, -i) for i, s in scores.items() if s > 0 and wanted(i)))
    words = [w for w in query.terms if len(w) >= 2]
    hits = []
    for score, neg in best:
        doc = docs[-neg]
        matched = [w for w in words if w in normalise(doc.head + doc.body)]
        snippet = _snippet(doc, matched)
        hits.append(
            Hit(
                deck=doc.deck,
                note=doc.note,
                kind=doc.kind,
                title=doc.title,
                score=score,
                snippet=snippet,
                title_spans=_spans(doc.title, matched),
                snippet_spans=_spans(snippet, matched),
                themes=doc.themes,
            )
        )
    return hits
