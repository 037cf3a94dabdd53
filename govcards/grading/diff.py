"""A character diff of a typed answer against the expected text, on folded units.

The diff runs on :mod:`fold` units, so folding costs nothing, but each run shows original
text: matching and extra runs in the learner's own characters, missing runs in the deck's.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from govcards.grading.fold import Unit, span_text, units
from govcards.grading.scale import suggest_grade

Op = Literal["equal", "missing", "extra"]


@dataclass(frozen=True)
class Segment:
    """One run of the diff: ``missing`` = expected but not typed, ``extra`` = typed but not
    expected. In a replacement the missing run comes before the extra run."""

    op: Op
    text: str


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`: the original texts, the 0..1 similarity and the runs."""

    typed: str
    expected: str
    similarity: float
    segments: tuple[Segment, ...]
    suggested: int


_EXACT_DIFF_BUDGET = 250_000
"""Above this product of lengths difflib's autojunk is switched on: its exhaustive search
turns cubic on long repetitive input, while deck answers are a few hundred characters."""


def matcher(typed: tuple[str, ...], expected: tuple[str, ...]) -> SequenceMatcher[str]:
    """One matcher for both the ratio and the diff, so the two always agree."""
    autojunk = len(typed) * len(expected) > _EXACT_DIFF_BUDGET
    return SequenceMatcher(None, expected, typed, autojunk=autojunk)


def ratio(typed: tuple[str, ...], expected: tuple[str, ...]) -> float:
    """2·matches / total length on unit keys; a blank side scores 0, never 1."""
    if not typed or not expected:
        return 0.0
    return matcher(typed, expected).ratio()


def _append(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def diff_segments(
    typed: str, expected: str, t_units: tuple[Unit, ...], e_units: tuple[Unit, ...]
) -> tuple[tuple[Segment, ...], float]:
    """The runs and the similarity of two unit sequences, in original characters."""
    t_keys = tuple(u.key for u in t_units)
    e_keys = tuple(u.key for u in e_units)
    m = matcher(t_keys, e_keys)
    segments: list[Segment] = []
    for tag, e1, e2, t1, t2 in m.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", span_text(typed, t_units[t1:t2]))
        else:
            _append(segments, "missing", span_text(expected, e_units[e1:e2]))
            _append(segments, "extra", span_text(typed, t_units[t1:t2]))
    similarity = m.ratio() if t_keys and e_keys else 0.0
    return tuple(segments), similarity


def compare(typed: str, expected: str) -> Comparison:
    """Diff a typed answer against the expected text and suggest a grade from the similarity.

    A blank answer scores 0, even against a blank expected text: typing nothing is never
    credited.
    """
    segments, similarity = diff_segments(typed, expected, units(typed), units(expected))
    return Comparison(
        typed=typed.strip(),
        expected=expected,
        similarity=similarity,
        segments=segments,
        suggested=suggest_grade(similarity),
    )
