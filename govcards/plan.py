"""``govcards plan``: day by day to the exam, under SM-2 and FSRS side by side (pure).

One memory model judges both schedules: the learner's FSRS parameters say how likely each
review is to succeed and how well each card is known on exam day; the schedulers only decide
*when* cards come back. Each card's successes and lapses are drawn from its predicted recall
with the same random numbers under both schedulers and every retention, so the two columns
(and two retention targets) differ by their schedules, not by luck. Transitions are cached
(``fsrs_scheduler.step``), which keeps 5,000 cards over 180 days well under two seconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from govcards import fsrs_scheduler as fsrs
from govcards.scheduler import Sm2State
from govcards.scheduler import review as sm2_review

MATURE_DAYS = 21  # as in stats: a card is mature once its interval reaches three weeks
REVIEW_SECONDS = 20.0  # per review, when the learner's log cannot say
NEW_SECONDS = 45.0  # per new card: reading the material the first time takes longer
PASS, LAPSE = 4, 1  # the grades a simulated success and lapse are given
SCHEDULERS = ("sm2", "fsrs")
PROGRESS_EVERY = 500  # cards walked between two progress reports


@dataclass(frozen=True)
class PlanCard:
    """A card as the plan needs it: both states, and what its recall is reported by."""

    kind: str
    deck: str
    themes: tuple[str, ...] = ()
    sm2: Sm2State = field(default_factory=Sm2State)
    memory: fsrs.FsrsState = field(default_factory=fsrs.FsrsState)


@dataclass(frozen=True)
class Day:
    date: date
    reviews: int
    new: int
    minutes: float


@dataclass(frozen=True)
class Outcome:
    """One scheduler's plan: the days, and predicted recall on exam day (overall and by group)."""

    days: list[Day]
    exam_recall: float
    by_kind: dict[str, float]
    by_deck: dict[str, float]
    by_theme: dict[str, float]


@dataclass(frozen=True)
class Plan:
    today: date
    exam: date
    retention: float
    new_per_day: int
    recommended_new: int
    unintroduced: int  # new cards still waiting on exam day at this pace
    outcomes: dict[str, Outcome]


def maturity_days(params: fsrs.Params, retention: float) -> int:
    """Days from a card's first answer to the answer that gives it a mature interval under
    either scheduler, every answer good: how early a new card must start before the exam."""
    origin = date(2000, 1, 1)
    sm2, day = sm2_review(Sm2State(), PASS, origin), 0
    while sm2.interval < MATURE_DAYS:
        day += sm2.interval
        sm2 = sm2_review(sm2, PASS, origin + timedelta(days=day))
    good = fsrs.RATING_OF_GRADE[PASS]
    s, d, interval = fsrs.step(None, None, 0, good, params, retention)
    fsrs_day = 0
    while interval < MATURE_DAYS and fsrs_day < 3650:
        fsrs_day += interval
        s, d, interval = fsrs.step(s, d, interval, good, params, retention)
    return max(day, fsrs_day)


def recommend_new(new_cards: int, today: date, exam: date, lead: int) -> int:
    """New cards a day so the last one starts ``lead`` days before the exam (all at once when
    even today is too late)."""
    if new_cards == 0:
        return 0
    window = (exam - today).days - lead
    return new_cards if window <= 0 else math.ceil(new_cards / window)


class Draws:
    """Reproducible uniform numbers for one card: a splitmix64 hash of (seed, card, n), so that
    the n-th review of a card meets the same luck under every scheduler and target (and no
    module-level randomness is involved)."""

    MASK = (1 << 64) - 1

    def __init__(self, seed: int, card: int) -> None:
        self.base = (seed * 0x9E3779B97F4A7C15 + card * 0xBF58476D1CE4E5B9) & self.MASK
        self.n = 0

    def __call__(self) -> float:
        self.n += 1
        x = (self.base + self.n * 0x9E3779B97F4A7C15) & self.MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & self.MASK
        return ((x ^ (x >> 31)) >> 11) / float(1 << 53)


def _walk(
    card: PlanCard,
    start: date | None,
    today: date,
    scheduler: str,
    exam: date,
    params: fsrs.Params,
    retention: float,
    draw: Draws,
    reviews: dict[date, int],
) -> float:
    """Follow one card until the exam under one scheduler; count its reviews; return its
    predicted recall on exam day. ``start`` is its introduction day (None: already started)."""
    rating_of = fsrs.RATING_OF_GRADE
    sm2, memory = card.sm2, card.memory
    s, d, last = memory.stability, memory.difficulty, memory.last_review
    fsrs_due: date | None = memory.due
    if start is not None:
        grade = PASS if draw() < 0.85 else LAPSE  # a first answer: recall is a guess
        sm2 = sm2_review(sm2, grade, start)
        s, d, interval = fsrs.step(None, None, 0, rating_of[grade], params, retention)
        last, fsrs_due, today = start, start + timedelta(days=interval), start
    while True:
        due = sm2.due if scheduler == "sm2" else fsrs_due
        if due is None or s is None or last is None:
            return 0.0
        day = max(due, today)
        if day >= exam:
            break
        elapsed = (day - last).days
        recall = fsrs.recall_after(s, elapsed, params)
        grade = PASS if draw() < recall else LAPSE
        reviews[day] += 1
        sm2 = sm2_review(sm2, grade, day)
        s, d, interval = fsrs.step(s, d, elapsed, rating_of[grade], params, retention)
        last, fsrs_due, today = day, day + timedelta(days=interval), day
    return fsrs.recall_after(s, (exam - last).days, params)


def _mean_by(groups: dict[str, list[float]]) -> dict[str, float]:
    return {k: sum(v) / len(v) for k, v in sorted(groups.items()) if v}


def simulate(
    cards: Sequence[PlanCard],
    today: date,
    exam: date,
    *,
    retention: float = fsrs.DEFAULT_RETENTION,
    params: fsrs.Params = fsrs.DEFAULT_PARAMS,
    new_per_day: int | None = None,
    review_seconds: float = REVIEW_SECONDS,
    new_seconds: float = NEW_SECONDS,
    seed: int = 2026,
    progress: Callable[[int, int], object] | None = None,
) -> Plan:
    """Both schedulers from ``today`` to the day before ``exam``; recall judged on ``exam``.
    ``progress(done, total)`` is told the cards walked so far, every ``PROGRESS_EVERY``."""
    if exam <= today:
        raise ValueError("the exam must be after today")
    fsrs.check_retention(retention)
    new_total = sum(1 for c in cards if c.sm2.due is None)
    recommended = recommend_new(new_total, today, exam, maturity_days(params, retention))
    pace = recommended if new_per_day is None else new_per_day
    horizon = (exam - today).days
    starts: list[date | None] = []
    introduced: dict[date, int] = defaultdict(int)
    waiting = queued = 0
    for card in cards:
        if card.sm2.due is not None:
            starts.append(None)
            continue
        slot = queued // max(1, pace)
        queued += 1
        if pace <= 0 or slot >= horizon:
            starts.append(exam)  # not introduced before the exam
            waiting += 1
            continue
        first = today + timedelta(days=slot)
        starts.append(first)
        introduced[first] += 1
    outcomes: dict[str, Outcome] = {}
    work = len(SCHEDULERS) * len(cards)
    for pass_no, scheduler in enumerate(SCHEDULERS):
        reviews: dict[date, int] = defaultdict(int)
        kinds: dict[str, list[float]] = defaultdict(list)
        decks: dict[str, list[float]] = defaultdict(list)
        themes: dict[str, list[float]] = defaultdict(list)
        total = 0.0
        for index, (card, start) in enumerate(zip(cards, starts, strict=True)):
            if start is not None and start >= exam:
                recall = 0.0
            else:
                recall = _walk(
                    card,
                    start,
                    today,
                    scheduler,
                    exam,
                    params,
                    retention,
                    Draws(seed, index),
                    reviews,
                )
            total += recall
            walked = pass_no * len(cards) + index + 1
            if progress is not None and (walked % PROGRESS_EVERY == 0 or walked == work):
                progress(walked, work)
            kinds[card.kind].append(recall)
            decks[card.deck].append(recall)
            for theme in card.themes:
                themes[theme].append(recall)
        days = []
        for offset in range(horizon):
            day = today + timedelta(days=offset)
            r, n = reviews.get(day, 0), introduced.get(day, 0)
            days.append(Day(day, r, n, round((r * review_seconds + n * new_seconds) / 60, 1)))
        outcomes[scheduler] = Outcome(
            days,
            total / len(cards) if cards else 0.0,
            _mean_by(kinds),
            _mean_by(decks),
            _mean_by(themes),
        )
    return Plan(today, exam, retention, pace, recommended, waiting, outcomes)


def to_json(plan: Plan) -> dict[str, Any]:
    """The pinned shape of ``plan --json``."""
    return {
        "exam": plan.exam.isoformat(),
        "retention": plan.retention,
        "schedulers": {
            name: {
                "days": [
                    {
                        "date": d.date.isoformat(),
                        "reviews": d.reviews,
                        "new": d.new,
                        "minutes": d.minutes,
                    }
                    for d in outcome.days
                ],
                "exam_recall": round(outcome.exam_recall, 4),
            }
            for name, outcome in plan.outcomes.items()
        },
    }
