"""jieba with only the dictionary words some texts can use: the same cut, a fraction of the memory.

jieba's full dictionary (349,000 words, with their prefixes 498,000 entries) costs about 65 MB
of Python objects, more than all the rest of an index build at 5,000 notes. Yet cutting a
sentence only ever looks up substrings of that sentence: in building its graph of candidate
words, in finding runs of unknown characters for the HMM, in search mode's inner words, and in
guessing a frequency for each domain word added. So a dictionary holding every word that occurs
in the texts to be cut (and the domain words) cuts those texts exactly as the full one does,
provided it also keeps:

* jieba's own prefix entries (frequency 0) for the words kept: ``Tokenizer.gen_pfdict``
  rebuilds them from the kept lines, as jieba does from the whole file;
* the whole dictionary's ``total``: a path's probability is a product of ``freq / total``,
  one factor per word, so the total decides between a long word and two short ones.

A word is kept when each pair of neighbouring characters in it occurs somewhere in the texts
(one-character words are always kept). Every substring of the texts passes that test, so
nothing needed is dropped; the pairs are noted in a fixed 2 MB bitmap, so the test costs no
memory per distinct pair and an unrelated word only rarely passes. ``tests/test_jieba_dict.py``
compares the result with the full dictionary's cut.
"""

from __future__ import annotations

import importlib
import io
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

_BITS = 1 << 24
_MASK = _BITS - 1


def import_jieba() -> ModuleType:
    """jieba, with its files read by plain ``open``: jieba imports ``pkg_resources`` only to
    find them, which costs ~20 MB and a deprecation warning, and falls back to ``open`` when
    the import fails (as it always does where setuptools is not installed)."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import now fails
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module("jieba")
    finally:
        if blocked:
            del sys.modules["pkg_resources"]


class PairBitmap:
    """Which neighbouring-character pairs occur in some texts: a one-sided test (a pair seen
    always answers yes; one never seen answers no, but for a rare hash collision)."""

    def __init__(self) -> None:
        self._bits = bytearray(_BITS // 8)

    def add(self, text: str) -> None:
        bits = self._bits
        for i in range(len(text) - 1):
            h = hash(text[i : i + 2]) & _MASK
            bits[h >> 3] |= 1 << (h & 7)

    def may_hold(self, word: str) -> bool:
        bits = self._bits
        for i in range(len(word) - 1):
            h = hash(word[i : i + 2]) & _MASK
            if not bits[h >> 3] & (1 << (h & 7)):
                return False
        return True


def trimmed_tokenizer(texts: Iterable[str]) -> Any:
    """A ready jieba ``Tokenizer`` whose dictionary holds the words that can occur in ``texts``
    (the exact texts it will cut, and every word it will be given with ``add_word``)."""
    jieba = import_jieba()
    pairs = PairBitmap()
    for text in texts:
        pairs.add(text)
    kept: list[bytes] = []
    total = 0
    path = Path(str(jieba.__file__)).with_name(jieba.DEFAULT_DICT_NAME)
    with path.open("rb") as lines:
        for line in lines:
            word, freq = line.split(b" ", 2)[:2]
            total += int(freq)
            if pairs.may_hold(word.decode("utf-8")):
                kept.append(line)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, _ = tokenizer.gen_pfdict(io.BytesIO(b"".join(kept)))
    tokenizer.total = total
    tokenizer.initialized = True
    return tokenizer
