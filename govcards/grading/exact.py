"""Blanks, recite and source cards: here the exact wording is the point.

Folding (width, punctuation, quote style, traditional characters, 一 = 1) costs nothing. A
slip in a function character (的, 和→与) costs one grade. A changed meaning-bearing character
in a blank or a short text (重心→重点, 基础→根基) is a wrong answer that looked familiar: at most
3, and the similarity decides below that. Reciting a long quote, one slip per twenty characters
is still a 4.
"""

from __future__ import annotations

import re

from govcards.grading.diff import Comparison, diff_segments, matcher
from govcards.grading.fold import keys, units
from govcards.grading.scale import cap, floor, suggest_grade

FUNCTION_CHARS = frozenset("的地得了着之和与及而也都就并")
SHORT = 8
"""Texts up to this many units are short: one changed meaning-bearing character is at most 3
(in a blank it always is: the blanked words are what is being learnt)."""

_HONORIFICS = ("总书记", "同志", "主席", "总理", "先生", "女士")
_PAREN = re.compile(r"[（(][^）)]*[）)]")


def _errors(typed: tuple[str, ...], expected: tuple[str, ...]) -> tuple[int, int]:
    """(meaning-bearing slips, function-character slips) between two key sequences; a
    replacement counts its longer side."""
    content = function = 0
    for tag, e1, e2, t1, t2 in matcher(typed, expected).get_opcodes():
        if tag == "equal":
            continue
        changed = [*expected[e1:e2], *typed[t1:t2]]
        if all(k in FUNCTION_CHARS for k in changed):
            function += max(e2 - e1, t2 - t1)
        else:
            content += max(e2 - e1, t2 - t1)
    return content, function


def exact_score(typed: str, expected: str, blank: bool = False) -> tuple[Comparison, float]:
    """The diff and a 0..1 score for a text that must be reproduced word for word; in a
    ``blank`` every changed meaning-bearing character matters (at most 3)."""
    t_units, e_units = units(typed), units(expected)
    segments, similarity = diff_segments(typed, expected, t_units, e_units)
    t_keys, e_keys = keys(typed), keys(expected)
    if not t_keys or not e_keys:
        score = 0.0
    elif t_keys == e_keys:
        score = 1.0
    else:
        content, function = _errors(t_keys, e_keys)
        if content == 0:
            score = floor(4) if function <= max(1, len(e_keys) // 10) else cap(similarity, 3)
        elif blank or len(e_keys) <= SHORT:
            score = cap(similarity, 3)
        elif content <= max(1, len(e_keys) // 20):
            score = max(min(similarity, 0.99), floor(4))
        else:
            score = cap(similarity, 3)
    comparison = Comparison(typed.strip(), expected, similarity, segments, suggest_grade(score))
    return comparison, score


def _core(by: str) -> str:
    """A speaker without parenthesised notes or honorifics: 习近平总书记 → 习近平."""
    text = _PAREN.sub("", by)
    for word in _HONORIFICS:
        text = text.replace(word, "")
    return text


def source_score(typed: str, expected: str) -> tuple[Comparison, float]:
    """Who said it: the speaker named (with or without a title, an occasion added) is right;
    otherwise the exact rules apply to what was typed."""
    comparison, score = exact_score(typed, expected)
    core = "".join(keys(_core(expected)))
    said = "".join(keys(_core(typed)))
    if core and said:
        if core in said:
            score = 1.0
        elif said in "".join(keys(expected)) and len(said) * 2 >= len(core):
            score = max(score, floor(4))
    return Comparison(
        comparison.typed,
        expected,
        comparison.similarity,
        comparison.segments,
        suggest_grade(score),
    ), score
