"""``assess``: grade a typed answer the way an examiner would read it for this kind of card.

Dispatch on the card's kind and key (docs/deck-format.md, docs/grading.md):

- structure ``outline`` / ``point-N``: heads matched by content words (:mod:`outline`);
- case ``identify``: place at any level plus the name's distinctive words (:mod:`identify`);
- case ``recall``: share of key phrases, near misses half (:mod:`recall`), against ``line``
  when the card has one;
- quote ``blank-N`` / ``recite`` / ``source``: exact wording (:mod:`exact`);
- basic ``front`` / ``back``: a list item by item in any order (:mod:`lists`), else the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcards.grading.diff import Comparison, compare
from govcards.grading.exact import exact_score, source_score
from govcards.grading.identify import Identified, identify_score
from govcards.grading.lists import list_items, score_list
from govcards.grading.outline import OutlineScore, score_outline
from govcards.grading.recall import KeyCoverage, key_coverage, line_cover
from govcards.grading.scale import suggest_grade
from govcards.model import CardFace


@dataclass(frozen=True)
class Feedback:
    """What the typed answer earned: a diff, per-head marks or key coverage, and a grade."""

    suggested: int
    score: float = 0.0  # 0..1, what the suggested grade was read from
    comparison: Comparison | None = None
    outline: OutlineScore | None = None
    keys: KeyCoverage | None = None
    identified: Identified | None = None


def _text(comparison: Comparison) -> Feedback:
    return Feedback(comparison.suggested, comparison.similarity, comparison=comparison)


def _recall(card: CardFace, typed: str) -> Feedback:
    reference = card.line or card.expected
    comparison = compare(typed, reference)
    if card.keys:
        keys = key_coverage(typed, card.keys)
        return Feedback(keys.suggested, keys.share, comparison=comparison, keys=keys)
    if card.line:
        cover = line_cover(typed, card.line)
        return Feedback(suggest_grade(cover), cover, comparison=comparison)
    return _text(comparison)


def _quote(card: CardFace, typed: str) -> Feedback:
    if card.key == "source":
        comparison, score = source_score(typed, card.expected)
    else:
        comparison, score = exact_score(typed, card.expected, blank=card.key.startswith("blank"))
    return Feedback(comparison.suggested, score, comparison=comparison)


def assess(card: CardFace, typed: str) -> Feedback:
    """Compare a typed answer with what the card expects and suggest a grade 0..5."""
    if card.kind == "structure" and card.heads:
        outline = score_outline(typed, card.heads)
        return Feedback(outline.suggested, outline.score, outline=outline)
    if card.kind == "case" and card.key == "identify" and card.place:
        comparison, found, score = identify_score(typed, card.place, card.name, card.expected)
        return Feedback(comparison.suggested, score, comparison=comparison, identified=found)
    if card.kind == "case":
        return _recall(card, typed)
    if card.kind == "quote":
        return _quote(card, typed)
    if card.kind == "basic":
        items = list_items(card.expected)
        if items is not None:
            listed = score_list(typed, items)
            return Feedback(listed.suggested, listed.score, outline=listed)
    return _text(compare(typed, card.expected))
