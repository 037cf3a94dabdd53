"""The one place a 0..1 score becomes an SM-2 grade 0..5.

    =============  =====  ==========================================
    score          grade  meaning in SM-2
    =============  =====  ==========================================
    1.0            5      perfect
    >= 0.85        4      correct, small slip
    >= 0.70        3      correct with serious difficulty (pass line)
    >= 0.50        2      wrong, but about half was there
    >= 0.20        1      wrong, fragments only
    < 0.20 or NaN  0      blackout (blank answer)
    =============  =====  ==========================================

A grader that caps a grade (a changed word in a blank is at most 3) caps the score with
:func:`cap`, so the score shown and the grade suggested never disagree.
"""

from __future__ import annotations

import math

_GRADE_LINES: tuple[tuple[float, int], ...] = (
    (1.0, 5),
    (0.85, 4),
    (0.70, 3),
    (0.50, 2),
    (0.20, 1),
)
_GRADE_TOP = {5: 1.0, 4: 0.99, 3: 0.84, 2: 0.69, 1: 0.49, 0: 0.19}
_GRADE_FLOOR = {5: 1.0, 4: 0.85, 3: 0.70, 2: 0.50, 1: 0.20, 0: 0.0}


def suggest_grade(score: float) -> int:
    """Map a 0..1 score to a grade with the table above; NaN gives 0."""
    if math.isnan(score):
        return 0
    for line, grade in _GRADE_LINES:
        if score >= line - 1e-9:
            return grade
    return 0


def cap(score: float, grade: int) -> float:
    """The score lowered, if need be, so that it suggests at most ``grade``."""
    return min(score, _GRADE_TOP[max(0, min(5, grade))])


def floor(grade: int) -> float:
    """The lowest score that still suggests ``grade``."""
    return _GRADE_FLOOR[max(0, min(5, grade))]
