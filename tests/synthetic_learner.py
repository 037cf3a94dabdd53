"""A simulated learner whose memory follows FSRS-6 with known parameters (not the defaults).

Each card is reviewed when the default schedule says, a day or two late at times; whether it is
recalled is drawn from the true forgetting curve; a recall is graded 3-5, a lapse 1. The log is
what `govcards optimize` would read: per card, (grade, study day) in order.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from govcards import fsrs_scheduler as fsrs

# A learner who forgets faster than the defaults assume: short first stabilities, slower growth.
TRUE_PARAMS: fsrs.Params = (
    0.1,
    0.5,
    1.0,
    3.5,
    *fsrs.DEFAULT_PARAMS[4:8],
    1.2,
    *fsrs.DEFAULT_PARAMS[9:20],
    0.35,
)


def simulate(cards: int, days: int, seed: int = 7) -> list[list[tuple[int, date]]]:
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    end = start + timedelta(days=days)
    histories: list[list[tuple[int, date]]] = []
    for _ in range(cards):
        true = fsrs.FsrsState()
        day = start + timedelta(days=rng.randrange(days // 2))
        history: list[tuple[int, date]] = []
        while day < end:
            if true.stability is None:
                grade = rng.choice((1, 3, 4, 4, 4, 5))
            else:
                recall = fsrs.retrievability(true, day, TRUE_PARAMS)
                grade = rng.choice((3, 4, 4, 4, 5)) if rng.random() < recall else 1
            history.append((grade, day))
            true = fsrs.review(true, grade, day, TRUE_PARAMS)
            seen = fsrs.review(fsrs.replay(history[:-1]), grade, day)  # the default schedule
            assert seen.due is not None
            day = seen.due + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        histories.append(history)
    return histories
