"""Cutting Chinese text into search terms.

Two segmenters that agree with each other:

* ``JiebaSegmenter`` runs when the index is built: jieba, with the dictionary words that occur
  in the notes (``jieba_dict.py``: the same cut as the full dictionary's, in a fraction of the
  memory) plus a domain dictionary taken from the notes, in search mode so that a long word
  also yields the words inside it (基层治理 → 基层, 治理, 基层治理).
* ``VocabSegmenter`` runs for every query: the same maximum-probability cut, but over the
  index's own vocabulary with jieba's word frequencies stored in the index. Loading jieba's
  350,000-word dictionary costs about half a second, and a word the index does not hold cannot
  match anything, so the query side never needs more than the index vocabulary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import chain
from sys import intern
from typing import Any

from govcards.search.jieba_dict import trimmed_tokenizer
from govcards.search.lexicon import STOP_WORDS, lexicon_words

_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,12})[”」』\"]")
MAX_WORD = 16


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case: 'ＡＩ' and 'ai' are one term."""
    return unicodedata.normalize("NFKC", text).lower()


def is_term(token: str) -> bool:
    """A token worth indexing: two characters or more, with a Chinese character, letter or digit,
    and not question boilerplate."""
    if len(token) < 2 or token in STOP_WORDS:
        return False
    return bool(_RUN.search(token))


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each Chinese run (and ASCII words whole): the fallback
    field that still matches a word no dictionary knows. Each pair is interned: one string per
    distinct pair, not per occurrence (~40 MB of them at 25,000 notes otherwise)."""
    out: list[str] = []
    for run in _RUN.findall(normalise(text)):
        if _CJK.match(run):
            out.extend(intern(run[i : i + 2]) for i in range(len(run) - 1))
        elif len(run) >= 2:
            out.append(intern(run))
    return out


def domain_words(heads: Iterable[str], extra: Iterable[str] = ()) -> set[str]:
    """The user dictionary: short lines of the notes' names, places, heads, tags and theme
    names, and every quoted phrase (“枫桥经验”), so jieba keeps them whole."""
    words = set(lexicon_words())
    for text in heads:
        for line in text.splitlines():
            line = normalise(line.strip())
            if 2 <= len(line) <= 8 and _RUN.fullmatch(line):
                words.add(line)
            words.update(m for m in _QUOTED.findall(line) if _RUN.fullmatch(m))
    for word in extra:
        words.update(m for m in _QUOTED.findall(normalise(word)) if _RUN.fullmatch(m))
    return words


class JiebaSegmenter:
    """jieba with the domain dictionary, for cutting ``texts`` (and only those: its dictionary
    holds just the words that can occur in them). Built once per index build."""

    def __init__(self, user_words: Iterable[str], texts: Iterable[str]) -> None:
        words = sorted(set(user_words))
        self._tk: Any = trimmed_tokenizer(chain(words, map(normalise, texts)))
        for word in words:
            self._tk.add_word(word)

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for piece in self._tk.cut_for_search(normalise(text), HMM=True):
            token = piece.strip()
            if is_term(token):
                out.append(intern(token))  # one string per distinct term, as in ``bigrams``
        return out

    def frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """jieba's count for each word (words jieba found by its HMM get a small one)."""
        freq: Mapping[str, int] = self._tk.FREQ
        return {w: max(int(freq.get(w, 0) or 0), 3) for w in words}

    @property
    def total(self) -> int:
        return int(self._tk.total)


class VocabSegmenter:
    """The query-time cut: the most probable path through the words the index knows."""

    def __init__(self, freq: Mapping[str, int], total: int) -> None:
        self._freq = freq
        self._log_total = math.log(max(total, 2))
        self._longest = min(max((len(w) for w in freq), default=1), MAX_WORD)

    def _cut_run(self, run: str) -> list[str]:
        n = len(run)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options: list[tuple[float, int]] = []
            for j in range(i + 1, min(n, i + self._longest) + 1):
                count = self._freq.get(run[i:j])
                if count is None and j > i + 1:
                    continue
                logp = math.log(count or 1) - self._log_total
                options.append((logp + best[j][0], j))
            best[i] = max(options)
        words, i = [], 0
        while i < n:
            j = best[i][1]
            words.append(run[i:j])
            i = j
        return words

    def cut(self, text: str) -> list[str]:
        """The plain cut, every word kept (stop words included)."""
        out: list[str] = []
        for run in _RUN.findall(normalise(text)):
            out.extend(self._cut_run(run) if _CJK.match(run) else [run])
        return out

    def terms(self, text: str) -> list[str]:
        """Like jieba's search mode: each word, then the known words inside it."""
        out: list[str] = []
        for run in _RUN.findall(normalise(text)):
            words = self._cut_run(run) if _CJK.match(run) else [run]
            for word in words:
                if len(word) > 2:
                    for size in range(2, len(word)):
                        for k in range(len(word) - size + 1):
                            inner = word[k : k + size]
                            if inner in self._freq and is_term(inner):
                                out.append(inner)
                if is_term(word):
                    out.append(word)
        return out
