"""The index's own BM25 (``search/bm25.py``) gives bm25s's scores, term by term: on every
field of the bundled decks, and on generated corpora with empty notes and repeated terms."""

from __future__ import annotations

import math
import subprocess
import sys
from array import array
from collections.abc import Iterable, Sequence

import bm25s  # the reference implementation: a test dependency only
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcards.decks import bundled_decks_dir, load_decks
from govcards.search import NoteRecord
from govcards.search import index as index_module
from govcards.search.bm25 import K1, B, Scored, score_field
from govcards.search.documents import iter_docs
from govcards.search.index import build_index


def _bm25s_postings(notes: Sequence[list[str]]) -> dict[str, dict[int, float]]:
    """Term → note → score, as bm25s's sparse matrix holds them."""
    retriever = bm25s.BM25(k1=K1, b=B)
    retriever.index([list(n) for n in notes], show_progress=False)
    m = retriever.scores
    out: dict[str, dict[int, float]] = {}
    for term, tid in retriever.vocab_dict.items():
        if not term:  # bm25s's own empty token, for queries of no term
            continue
        lo, hi = int(m["indptr"][tid]), int(m["indptr"][tid + 1])
        if hi > lo:
            docs, scores = m["indices"][lo:hi], m["data"][lo:hi]
            out[term] = {int(d): float(s) for d, s in zip(docs, scores, strict=True)}
    return out


def _ours(scored: Scored) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for term, tid in scored.vocab.items():
        lo, hi = scored.indptr[tid], scored.indptr[tid + 1]
        docs = list(scored.docs[lo:hi])
        assert docs == sorted(set(docs)), term  # each note once, in ascending order
        out[term] = dict(zip(docs, scored.scores[lo:hi], strict=True))
    return out


def _assert_same(ours: dict[str, dict[int, float]], theirs: dict[str, dict[int, float]]) -> None:
    assert ours.keys() == theirs.keys()
    for term, notes in theirs.items():
        assert ours[term].keys() == notes.keys(), term
        for note, score in notes.items():
            assert ours[term][note] == pytest.approx(score, rel=1e-5), (term, note)


def test_a_small_corpus_by_the_formula() -> None:
    """Worked by hand: two notes, lengths 3 and 1, so the average length is 2."""
    scored = _ours(score_field([["治理", "治理", "网格"], ["网格"]]))
    idf_once, idf_twice = math.log(1 + 1.5 / 1.5), math.log(1 + 0.5 / 2.5)
    long_note, short_note = K1 * (1 - B + B * 3 / 2), K1 * (1 - B + B * 1 / 2)
    assert scored["治理"] == {0: pytest.approx(idf_once * 2 / (2 + long_note), rel=1e-6)}
    assert scored["网格"] == {
        0: pytest.approx(idf_twice * 1 / (1 + long_note), rel=1e-6),
        1: pytest.approx(idf_twice * 1 / (1 + short_note), rel=1e-6),
    }


def test_notes_without_terms_count_but_hold_nothing() -> None:
    assert _ours(score_field([[], [], []])) == {}
    with_empty = [["基层"], [], ["基层", "治理"]]
    _assert_same(_ours(score_field(with_empty)), _bm25s_postings(with_empty))


def test_every_field_of_the_bundled_index_scores_as_bm25s(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole build on the bundled decks, each field's terms as the build cut them."""
    fields: list[list[list[str]]] = []

    def recorded(notes: Iterable[Iterable[str]], k1: float = K1, b: float = B) -> Scored:
        fields.append([list(terms) for terms in notes])
        return score_field(fields[-1], k1, b)

    monkeypatch.setattr(index_module, "score_field", recorded)
    decks = load_decks([bundled_decks_dir()])
    records = [NoteRecord(d.id, n) for d in decks for n in d.notes]
    index = build_index(iter_docs(records, {}))
    stored = [index.fields[name] for name in ("gram", "body", "head")]  # the build's order
    assert len(fields) == len(stored) and all(len(f) == len(index.docs) > 100 for f in fields)
    for terms, postings in zip(fields, stored, strict=True):
        typed = array("q", postings.indptr), array("i", postings.docs), array("f", postings.scores)
        ours = Scored(postings.vocab, *typed)
        _assert_same(_ours(ours), _bm25s_postings(terms))


TERMS = st.sampled_from(["基层", "治理", "网格", "枫桥", "经验", "数字", "乡村", "振兴", "ai"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(TERMS, max_size=12), min_size=1, max_size=25))
def test_generated_corpora_score_as_bm25s(notes: list[list[str]]) -> None:
    if not any(notes):
        assert _ours(score_field(notes)) == {}
        return
    _assert_same(_ours(score_field(notes)), _bm25s_postings(notes))


def test_a_build_imports_no_numeric_library() -> None:
    """The build is plain Python over typed arrays: a cold find loads neither numpy nor bm25s."""
    code = (
        "import sys\n"
        "from govcards.search.documents import SearchDoc\n"
        "from govcards.search.index import build_index\n"
        "doc = SearchDoc('d', 'n', 'case', '网格', (), '网格化治理', '基层治理的经验')\n"
        "index = build_index([doc])\n"
        "assert index.fields['gram'].vocab, 'nothing indexed'\n"
        "print(sorted(m for m in ('numpy', 'bm25s') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
