"""Content-word overlap by character bigrams: how a gist is recognised without a segmenter.

Two texts share a content word when they share a character bigram (骨干队伍建设 and 建设骨干队伍
share 骨干, 干队, 队伍, 建设). A unit is *covered* when a bigram it belongs to also occurs in
the other text, and *half covered* when only the character itself does. Coverage is weighted:
function characters (的, 从…上, 做好) count little, and within one structure a character that
every head contains says less about which head was meant than one that only a single head has
(an inverse document frequency over the heads). Bigrams need no dictionary, so grading starts
instantly (jieba would load a dictionary for about a second on the first answer).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

FILLER = frozenset("的了之和与及等从上做好要在对把将并而也都就是为以于其此该各更进一步不断持续")
"""Characters that carry little meaning on their own in the material's heads."""

FILLER_WEIGHT = 0.3

Keys = tuple[str, ...]


def idf_weights(heads: Sequence[Keys]) -> dict[str, float]:
    """Per-unit weight within a set of heads: 1 + ln(N / heads containing it)."""
    total = len(heads)
    counts: dict[str, int] = {}
    for head in heads:
        for key in set(head):
            counts[key] = counts.get(key, 0) + 1
    return {key: 1.0 + math.log(total / n) for key, n in counts.items()}


def weight(key: str, table: Mapping[str, float]) -> float:
    """A unit's weight; one no head contains is as telling as the rarest (it is off-topic)."""
    base = table.get(key, max(table.values(), default=1.0))
    return base * FILLER_WEIGHT if key in FILLER else base


def _bigrams(keys: Keys) -> set[tuple[str, str]]:
    return set(itertools.pairwise(keys))


def covered(a: Keys, b: Keys) -> list[float]:
    """For each unit of ``a``: 1 if a bigram holding it occurs in ``b``, 0.5 if only the unit
    does, else 0. A one-unit text is covered when ``b`` contains it."""
    if not a or not b:
        return [0.0] * len(a)
    pairs = _bigrams(b)
    singles = set(b)
    if len(a) == 1:
        return [1.0 if a[0] in singles else 0.0]
    out = [0.0] * len(a)
    for i in range(len(a) - 1):
        if (a[i], a[i + 1]) in pairs:
            out[i] = out[i + 1] = 1.0
    for i, key in enumerate(a):
        if out[i] == 0.0 and key in singles:
            out[i] = 0.5
    return out


def coverage(a: Keys, b: Keys, table: Mapping[str, float] | None = None) -> float:
    """The weighted share of ``a`` that ``b`` covers, 0..1."""
    table = table or {}
    marks = covered(a, b)
    total = sum(weight(k, table) for k in a)
    if total <= 0:
        return 0.0
    return sum(m * weight(k, table) for m, k in zip(marks, a, strict=True)) / total


def shared_weight(a: Keys, b: Keys, table: Mapping[str, float] | None = None) -> float:
    """The weight of ``a``'s units fully covered by bigrams of ``b`` (a size, not a share)."""
    table = table or {}
    return sum(weight(k, table) for m, k in zip(covered(a, b), a, strict=True) if m >= 1.0)
