"""Answer checking: how a typed answer is graded, per card kind (docs/grading.md).

Pure functions only: no I/O, clock, randomness or terminal, so the review screen can call
them freely and tests can pin their behaviour. Every function accepts any ``str`` without
raising, because the input comes straight from an IME. See docs/grading.md for the rules.
"""

from __future__ import annotations

from govcards.grading.assess import Feedback, assess
from govcards.grading.diff import Comparison, Segment, compare
from govcards.grading.exact import exact_score, source_score
from govcards.grading.fold import _t2s, normalize, units
from govcards.grading.identify import Identified, identify_score
from govcards.grading.outline import HeadMatch, OutlineScore, score_outline, split_heads
from govcards.grading.recall import KeyCoverage, key_coverage
from govcards.grading.scale import suggest_grade

__all__ = [
    "Comparison",
    "Feedback",
    "HeadMatch",
    "Identified",
    "KeyCoverage",
    "OutlineScore",
    "Segment",
    "_t2s",
    "assess",
    "compare",
    "exact_score",
    "identify_score",
    "key_coverage",
    "normalize",
    "score_outline",
    "source_score",
    "split_heads",
    "suggest_grade",
    "units",
]
