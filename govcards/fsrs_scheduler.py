"""FSRS-6 beside SM-2: a pure wrapper over py-fsrs at day granularity (docs/scheduling.md).

govcards schedules by study day, so FSRS sees dates, not times: every review happens at
midnight UTC of its study day (py-fsrs wants ``tzinfo`` to be exactly ``timezone.utc``), there
is no fuzz and there are no learning steps, and stability is clamped at the same 36,500 days
that cap SM-2's interval (py-fsrs leaves it unclamped). Transitions are cached, because a plan
steps thousands of cards through the same few states. No I/O, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from govcards.scheduler import GRADES, MAX_INTERVAL

DEFAULT_RETENTION = 0.90
Params = tuple[float, ...]
DEFAULT_PARAMS: Params = tuple(Scheduler().parameters)

# Pinned: 0-2 Again, 3 Hard, 4 Good, 5 Easy.
RATING_OF_GRADE: dict[int, int] = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}


@dataclass(frozen=True)
class FsrsState:
    """A card's FSRS memory: None everywhere for a card never reviewed."""

    stability: float | None = None  # days until recall falls to 90 %
    difficulty: float | None = None  # 1..10
    last_review: date | None = None
    due: date | None = None

    def days_after(self, today: date) -> int:
        return 0 if self.due is None else (self.due - today).days


@dataclass(frozen=True)
class FsrsSettings:
    """The chosen scheduler and FSRS's knobs, as the settings hold them."""

    scheduler: str = "sm2"
    retention: float = DEFAULT_RETENTION
    params: Params = DEFAULT_PARAMS


def intervals(
    state: FsrsState, today: date, params: Params = DEFAULT_PARAMS, retention: float = 0.9
) -> dict[int, int]:
    """Each grade's next interval in days (what the grade keys are labelled with)."""
    return {q: review(state, q, today, params, retention).days_after(today) for q in GRADES}


def rating(grade: int) -> int:
    """The FSRS rating (1 Again .. 4 Easy) of a govcards grade 0-5."""
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise ValueError(f"grade must be an integer from 0 to 5, got {grade!r}")
    return RATING_OF_GRADE[grade]


def check_retention(retention: float) -> float:
    if not 0.7 <= retention <= 0.99:
        raise ValueError(f"desired retention must be from 0.70 to 0.99, got {retention!r}")
    return retention


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


@lru_cache(maxsize=64)
def _scheduler(params: Params, retention: float) -> Scheduler:
    return Scheduler(
        parameters=params,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAX_INTERVAL,
        enable_fuzzing=False,
    )


@lru_cache(maxsize=200_000)
def step(
    stability: float | None,
    difficulty: float | None,
    elapsed: int,
    rating_: int,
    params: Params,
    retention: float,
) -> tuple[float, float, int]:
    """(stability, difficulty, interval in days) after one review ``elapsed`` days after the
    last one; ``stability`` None means a card's first review."""
    scheduler = _scheduler(params, retention)
    origin = _moment(date(2000, 1, 1))
    if stability is None or difficulty is None:
        card = Card(card_id=0)
    else:
        card = Card(
            card_id=0,
            state=State.Review,
            stability=stability,
            difficulty=difficulty,
            last_review=origin,
            due=origin,
        )
    after, _ = scheduler.review_card(card, Rating(rating_), origin + timedelta(days=elapsed))
    assert after.stability is not None and after.difficulty is not None and after.due is not None
    interval = min(MAX_INTERVAL, max(1, (after.due - after.last_review).days))  # type: ignore[operator]
    return min(float(MAX_INTERVAL), after.stability), after.difficulty, interval


def review(
    state: FsrsState,
    grade: int,
    today: date,
    params: Params = DEFAULT_PARAMS,
    retention: float = DEFAULT_RETENTION,
) -> FsrsState:
    """The FSRS state after grading ``grade`` on study day ``today``; ``state`` is untouched."""
    r = rating(grade)
    check_retention(retention)
    elapsed = 0 if state.last_review is None else max(0, (today - state.last_review).days)
    s, d, interval = step(state.stability, state.difficulty, elapsed, r, params, retention)
    return FsrsState(s, d, today, today + timedelta(days=interval))


def preview(
    state: FsrsState, today: date, params: Params = DEFAULT_PARAMS, retention: float = 0.9
) -> dict[int, FsrsState]:
    """Every grade's outcome up front, as SM-2's ``preview`` gives it."""
    return {q: review(state, q, today, params, retention) for q in GRADES}


def recall_after(stability: float, elapsed_days: int, params: Params = DEFAULT_PARAMS) -> float:
    """FSRS-6's forgetting curve: the chance of recall ``elapsed_days`` after a review."""
    decay = -params[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0, elapsed_days) / stability) ** decay)


def retrievability(state: FsrsState, on_day: date, params: Params = DEFAULT_PARAMS) -> float:
    """The predicted chance of recalling the card on ``on_day`` (0 for a card never reviewed)."""
    if state.stability is None or state.last_review is None:
        return 0.0
    return recall_after(state.stability, (on_day - state.last_review).days, params)


def replay(
    grades_with_days: Iterable[tuple[int, date]],
    params: Params = DEFAULT_PARAMS,
    retention: float = DEFAULT_RETENTION,
) -> FsrsState:
    """A card's FSRS state from its (non-drill) answers in order: the migration from history."""
    state = FsrsState()
    for grade, day in grades_with_days:
        state = review(state, grade, day, params, retention)
    return state


def from_sm2(
    efactor: int, interval: int, last_review: date, due: date | None, params: Params
) -> FsrsState:
    """A memory state for a card with SM-2 state but no logged answers (fsrs-rs's conversion,
    which assumes SM-2 held its cards at 90 % recall)."""
    from fsrs_rs_python import FSRS

    memory = FSRS(list(params)).memory_state_from_sm2(efactor / 1000, max(1, interval), 0.9)
    stability = min(float(MAX_INTERVAL), float(memory.stability))
    return FsrsState(stability, float(memory.difficulty), last_review, due)


def parse_params(text: str) -> Params:
    """Parameters as stored in settings (comma-separated); the defaults when empty or invalid."""
    try:
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        return DEFAULT_PARAMS
    if len(values) != len(DEFAULT_PARAMS) or not all(math.isfinite(v) for v in values):
        return DEFAULT_PARAMS
    return values


PARAMS_KEY = "fsrs_parameters"  # the setting `govcards optimize` writes, not `config`


def settings_from(values: dict[str, str]) -> FsrsSettings:
    """The FSRS settings from the collection's stored settings (defaults for what is unset)."""
    retention = float(values.get("desired_retention") or DEFAULT_RETENTION)
    params = parse_params(values.get(PARAMS_KEY, ""))
    return FsrsSettings(values.get("scheduler", "sm2"), retention, params)


def format_params(params: Sequence[float]) -> str:
    return ",".join(repr(float(v)) for v in params)  # repr: exact round trip
