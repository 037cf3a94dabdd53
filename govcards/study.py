"""The review session engine (docs/scheduling.md, docs/review.md), with no terminal in it.

It builds the day's queue, grades answers through the pure scheduler, commits every answer in
its own transaction before the next card, re-drills failed cards at the end of the session
without touching their schedule, and undoes the last action exactly. The clock comes in as a
function, so tests drive it with fixed times.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from govcards import fsrs_scheduler as fsrs
from govcards.cards import face
from govcards.errors import CardChanged
from govcards.grading import Feedback as Feedback  # re-exported for the review screen
from govcards.grading import assess as assess
from govcards.model import Answer, CardFace, CardFilter, CardInfo
from govcards.scheduler import PASS_GRADE, REDRILL_BELOW, Sm2State, preview, review
from govcards.settings import NEW_PER_DAY, REVIEWS_PER_DAY
from govcards.study_port import StudyPort


@dataclass(frozen=True)
class Limits:
    """How much one session may show: new cards and due reviews (None: the daily setting)."""

    new_per_day: int = NEW_PER_DAY
    reviews_per_day: int = REVIEWS_PER_DAY
    new: int | None = None  # --new N: new cards in this session
    limit: int | None = None  # --limit N: due + new cards in this session
    drill: bool = False  # --drill: every card of the filter in exam order, logged as drills


# The order a 申论 answer is built in: the structure first, then cases, then quotes.
EXAM_ORDER: dict[str, int] = {"structure": 0, "case": 1, "quote": 2, "basic": 3}


def exam_order(cards: list[CardInfo]) -> list[CardInfo]:
    """Structures, then cases, then quotes, then basics; deck order kept within each kind."""
    return sorted(cards, key=lambda c: EXAM_ORDER.get(c.kind, len(EXAM_ORDER)))


@dataclass
class Item:
    card: CardInfo
    drill: bool = False


@dataclass
class _Action:
    kind: Literal["answer", "suspend", "bury"]
    item: Item
    review_pk: int = 0
    before: Sm2State = field(default_factory=Sm2State)
    redrill: Item | None = None
    version: int = 0  # the card's version once this answer was written


@dataclass(frozen=True)
class Summary:
    reviewed: int
    new: int
    redrilled: int
    correct: int
    answered: int
    seconds: float
    due_tomorrow: int
    weak: tuple[CardInfo, ...] = ()  # cards graded below the re-drill line, in answer order
    drill: bool = False  # a theme drill: nothing was scheduled

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


class StudySession:
    """One sitting: a queue of due cards, then new cards, then re-drills."""

    def __init__(
        self,
        port: StudyPort,
        today: date,
        clock: Callable[[], datetime],
        limits: Limits,
        flt: CardFilter | None = None,
    ) -> None:
        self.port = port
        self.today = today
        self.clock = clock
        self.flt = flt or CardFilter()
        self.started = clock()
        self.queue: deque[Item] = deque()
        self._undo: list[_Action] = []
        self.reviewed = 0
        self.new_seen = 0
        self.redrilled = 0
        self.correct = 0
        self.answered = 0
        self._limit_reached = False  # the daily new-card limit kept new cards out
        self.elapsed_ms = 0
        self._grades: list[int] = []
        self.drill = limits.drill
        self.weak: list[CardInfo] = []
        self.settings = port.fsrs_settings()
        if self.drill:
            ordered = exam_order(port.filtered_cards(self.flt))
            self.queue.extend(Item(c, drill=True) for c in ordered)
        else:
            self._build(limits)

    def _build(self, limits: Limits) -> None:
        introduced, reviewed, notes_today = self.port.today_counts(self.today)
        review_quota = max(0, limits.reviews_per_day - reviewed)
        new_quota = max(0, limits.new_per_day - introduced)
        if limits.new is not None:
            new_quota = max(0, limits.new)
        if limits.limit is not None:
            review_quota = min(review_quota, max(0, limits.limit))
        due = self.port.due_cards(self.today, self.flt, review_quota)
        if limits.limit is not None:
            new_quota = min(new_quota, max(0, limits.limit - len(due)))
        new = self.port.new_cards(self.today, self.flt, new_quota, notes_today)
        self.queue.extend(Item(card) for card in [*due, *new])
        queued = {item.card.card_pk for item in self.queue}
        redrills = self.port.pending_redrills(self.today, self.flt)
        self.queue.extend(Item(c, drill=True) for c in redrills if c.card_pk not in queued)
        self._limit_reached = len(new) == new_quota

    def held_back(self) -> int:
        """New cards the daily limit keeps out of this session: those waiting, less those still
        queued. Counted when asked (the empty-queue screen says it), not while building the
        queue: at 200,000 cards the count costs as much as building the whole queue."""
        if not self._limit_reached:
            return 0
        queued = sum(1 for i in self.queue if not i.drill and i.card.state.due is None)
        return max(0, self.port.new_waiting(self.today, self.flt) - queued)

    # -- what is on screen ------------------------------------------------------------------

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    def face(self, item: Item) -> CardFace:
        return face(item.card.note, item.card.deck_id, item.card.key)

    def counts(self) -> tuple[int, int, int]:
        """Remaining (due, new, re-drill) cards, for the counter on every card."""
        due = sum(1 for i in self.queue if not i.drill and i.card.state.due is not None)
        new = sum(1 for i in self.queue if not i.drill and i.card.state.due is None)
        return due, new, sum(1 for i in self.queue if i.drill)

    def outcomes(self) -> dict[int, int]:
        """Each grade's next interval in days for the current card under the chosen scheduler
        (for labelling the grade keys): SM-2's, or FSRS's from the card's FSRS memory."""
        item = self.current
        if item is None:
            return {}
        cfg = self.settings
        if cfg.scheduler == "fsrs":
            memory = item.card.fsrs or fsrs.FsrsState()
            return fsrs.intervals(memory, self.today, cfg.params, cfg.retention)
        return {q: state.interval for q, state in preview(item.card.state, self.today).items()}

    # -- actions ----------------------------------------------------------------------------

    def answer(self, grade: int, duration_ms: int = 0) -> Sm2State:
        """Grade the current card; the answer is committed before this returns.

        If another session changed the card since it was read, nothing is written: the card is
        read again, stays first in the queue, and CardChanged tells the screen to say so.
        """
        item = self._take()
        before = item.card.state
        after = before if item.drill else review(before, grade, self.today)
        answer = Answer(
            card_pk=item.card.card_pk,
            reviewed_at=self.clock(),
            study_day=self.today,
            grade=grade,
            drill=item.drill,
            duration_ms=max(0, duration_ms),
            before=before,
            after=after,
            version=item.card.version,
        )
        try:
            review_pk = self.port.record(answer)
        except CardChanged:
            self.queue[0] = Item(self.port.card(item.card.card_pk), drill=item.drill)
            raise
        self.queue.popleft()
        version = item.card.version + 1
        redrill = None
        if grade < REDRILL_BELOW and self.drill:  # a theme drill reports it instead
            self.weak.append(item.card)
        elif grade < REDRILL_BELOW:
            redrill = Item(replace(item.card, state=after, version=version), drill=True)
            self.queue.append(redrill)
        self._count(item, grade, duration_ms, +1)
        self._undo.append(_Action("answer", item, review_pk, before, redrill, version))
        return after

    def suspend(self) -> None:
        item = self._take()
        self.port.set_suspended(item.card.card_pk, True)
        self._drop(item)
        self._undo.append(_Action("suspend", item))

    def bury(self) -> None:
        """Hide the card until tomorrow's study day."""
        item = self._take()
        self.port.set_buried(item.card.card_pk, self.today + timedelta(days=1))
        self._drop(item)
        self._undo.append(_Action("bury", item))

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Item | None:
        """Take back the last action: state and log restored exactly; the card comes back."""
        if not self._undo:
            return None
        action = self._undo.pop()
        card_pk = action.item.card.card_pk
        if action.kind == "answer":
            self.port.undo(
                action.review_pk, card_pk, action.before, action.item.drill, action.version
            )
            if action.redrill is not None:
                self.queue.remove(action.redrill)
            if self.weak and self.weak[-1].card_pk == card_pk:
                self.weak.pop()
            self._count(action.item, -1, 0, -1)
        elif action.kind == "suspend":
            self.port.set_suspended(card_pk, False)
        else:
            self.port.set_buried(card_pk, None)
        back = action.item
        if action.kind == "answer":  # the card as the undo left it: version bumped once more
            back = replace(back, card=replace(back.card, version=action.version + 1))
        self.queue.appendleft(back)
        return back

    def summary(self) -> Summary:
        seconds = (self.clock() - self.started).total_seconds()
        return Summary(
            reviewed=self.reviewed,
            new=self.new_seen,
            redrilled=self.redrilled,
            correct=self.correct,
            answered=self.answered,
            seconds=max(seconds, self.elapsed_ms / 1000),
            due_tomorrow=self.port.due_on(self.today + timedelta(days=1), self.flt),
            weak=tuple(dict.fromkeys(self.weak)),
            drill=self.drill,
        )

    # -- bookkeeping ------------------------------------------------------------------------

    def _take(self) -> Item:
        if not self.queue:
            raise IndexError("no card to act on: the session is finished")
        return self.queue[0]

    def _drop(self, item: Item) -> None:
        card_pk = item.card.card_pk
        self.queue = deque(i for i in self.queue if i.card.card_pk != card_pk)

    def _count(self, item: Item, grade: int, duration_ms: int, sign: int) -> None:
        """Session tallies; undo passes sign −1 with the same item to take them back."""
        if item.drill:
            self.redrilled += sign
            return
        if item.card.state.due is None:
            self.new_seen += sign
        else:
            self.reviewed += sign
        self.answered += sign
        if sign > 0:
            self.correct += int(grade >= PASS_GRADE)
            self._grades.append(grade)
            self.elapsed_ms += duration_ms
        else:
            last = self._grades.pop() if self._grades else 0
            self.correct -= int(last >= PASS_GRADE)
