"""recall cards: which of the case's key phrases the learner produced.

A key typed exactly counts 1; a near miss counts half: two neighbouring characters swapped, one
character different, or (in a key of three or more) one character left out or added inside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from govcards.grading import words
from govcards.grading.fold import keys
from govcards.grading.scale import suggest_grade

NEAR_CREDIT = 0.5
NEAR_MIN_LEN = 3
"""Keys this long may differ by one character (substituted, left out or added) and count half."""


@dataclass(frozen=True)
class KeyCoverage:
    """Keys found exactly (``present``), nearly (``near``, also listed in ``missing``), their
    0..1 share and the grade it suggests."""

    present: tuple[str, ...]
    missing: tuple[str, ...]
    share: float
    suggested: int
    near: tuple[str, ...] = ()


def _windows(text: words.Keys, size: int) -> list[words.Keys]:
    return [text[i : i + size] for i in range(max(0, len(text) - size + 1))]


def _swapped(a: words.Keys, b: words.Keys) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and (a[diffs[1]] == b[diffs[0]])
    )


def occurrence(key: words.Keys, text: words.Keys) -> float:
    """1 when ``key`` occurs in ``text``, 0.5 for a near miss, else 0."""
    size = len(key)
    if not size:
        return 0.0
    windows = _windows(text, size)
    if key in windows:
        return 1.0
    for window in windows:
        if size >= 2 and _swapped(window, key):
            return NEAR_CREDIT
        if size >= NEAR_MIN_LEN and sum(x != y for x, y in zip(window, key, strict=True)) == 1:
            return NEAR_CREDIT
    if size >= NEAR_MIN_LEN:
        if any(key[:i] + key[i + 1 :] in _windows(text, size - 1) for i in range(1, size - 1)):
            return NEAR_CREDIT
        for window in _windows(text, size + 1):
            if (
                window[0] == key[0]
                and window[-1] == key[-1]
                and any(window[:i] + window[i + 1 :] == key for i in range(1, size))
            ):
                return NEAR_CREDIT
    return 0.0


def key_coverage(typed: str, key_phrases: Sequence[str]) -> KeyCoverage:
    """The share of key phrases in the typed answer; keys that fold alike count once and keys
    that fold to nothing cannot be checked. No checkable keys: share 0."""
    typed_keys = keys(typed)
    present: list[str] = []
    missing: list[str] = []
    near: list[str] = []
    seen: set[words.Keys] = set()
    credit = 0.0
    for phrase in key_phrases:
        key = keys(phrase)
        if not key or key in seen:
            continue
        seen.add(key)
        found = occurrence(key, typed_keys)
        credit += found
        if found >= 1.0:
            present.append(phrase)
        else:
            missing.append(phrase)
            if found:
                near.append(phrase)
    total = len(present) + len(missing)
    share = credit / total if total else 0.0
    return KeyCoverage(tuple(present), tuple(missing), share, suggest_grade(share), tuple(near))


def line_cover(typed: str, line: str) -> float:
    """How much of the exam-ready line the answer covers, by content words (0..1)."""
    return words.coverage(keys(line), keys(typed))
