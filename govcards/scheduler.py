"""Pure SM-2 (Wozniak 1990) as docs/scheduling.md pins it.

The E-Factor is an integer in thousandths so that no float drift can ever change an interval;
``ceil(interval * efactor / 1000)`` is computed in integers. No I/O, no clock: the study day
comes in as ``today``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

NEW_EFACTOR = 2500
MIN_EFACTOR = 1300
MAX_INTERVAL = 36500  # days, as Anki's maximum interval: no due date ever overflows
GRADES = (0, 1, 2, 3, 4, 5)
PASS_GRADE = 3  # rule 1: a grade of 3 or more is a correct answer and moves the card on
REDRILL_BELOW = 4  # same-day re-drill: a first grade below 4 comes back until graded 4 or 5


@dataclass(frozen=True)
class Sm2State:
    repetitions: int = 0
    efactor: int = NEW_EFACTOR  # thousandths
    interval: int = 0  # days
    lapses: int = 0
    due: date | None = None  # None for a card never reviewed


def efactor_after(efactor: int, quality: int) -> int:
    """SM-2 step 3, applied for every grade: q5 +100, q4 0, q3 −140, q2 −320, q1 −540, q0 −800."""
    miss = 5 - quality
    return max(MIN_EFACTOR, efactor + 100 - miss * (80 + 20 * miss))


def review(state: Sm2State, quality: int, today: date) -> Sm2State:
    """Return the state after grading ``quality`` on study day ``today``; ``state`` is untouched."""
    if isinstance(quality, bool) or not isinstance(quality, int) or quality not in GRADES:
        raise ValueError(f"quality must be an integer from 0 to 5, got {quality!r}")
    if quality >= PASS_GRADE:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            interval = min(MAX_INTERVAL, max(1, -(-state.interval * state.efactor // 1000)))
        repetitions = state.repetitions + 1
        lapses = state.lapses
    else:
        interval = 1
        repetitions = 0
        lapses = state.lapses + 1 if state.due is not None else state.lapses
    return replace(
        state,
        repetitions=repetitions,
        efactor=efactor_after(state.efactor, quality),
        interval=interval,
        lapses=lapses,
        due=today + timedelta(days=interval),
    )


def preview(state: Sm2State, today: date) -> dict[int, Sm2State]:
    """Every grade's outcome up front, so that a screen can label the keys with intervals."""
    return {q: review(state, q, today) for q in GRADES}
