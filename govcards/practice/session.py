"""One practice round from question to log, with no terminal in it: pick the question, gather
its material, score what was typed, log each linked card's grade and the round itself.

The collection comes in through ``PracticePort`` (``govcards.store.PracticeStore`` plus the
study store's ``record``), the clock as a function, so tests drive a round without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar

from govcards.errors import CardChanged, InputError
from govcards.i18n import _
from govcards.model import Answer, CardInfo, Note, StructureNote
from govcards.practice.grades import CardGrade, card_grades
from govcards.practice.scoring import RoundScore, score_round
from govcards.scheduler import review

DEFAULT_MINUTES = 10
T = TypeVar("T")


@dataclass(frozen=True)
class Linked:
    """A note a round draws on (``DECK/NOTE``) with its live cards in deck order."""

    ref: str
    note: Note
    cards: tuple[CardInfo, ...] = ()


@dataclass(frozen=True)
class Question:
    """What a round asks: a bank question (with ``ref``) or a question the learner typed."""

    prompt: str
    frame: str | None
    themes: tuple[str, ...]
    linked: tuple[Linked, ...]  # a bank question's ``uses``; a typed one's find suggestions
    ref: str | None = None

    @property
    def scored_uses(self) -> bool:
        return self.ref is not None

    @property
    def structures(self) -> list[tuple[str, StructureNote]]:
        return [(x.ref, x.note) for x in self.linked if isinstance(x.note, StructureNote)]

    @property
    def named(self) -> list[tuple[str, Note]]:
        return [(x.ref, x.note) for x in self.linked if not isinstance(x.note, StructureNote)]


@dataclass(frozen=True)
class SavedRound:
    practiced_at: datetime
    study_day: date
    question: Question
    score: RoundScore
    duration_ms: int
    limit_seconds: int


@dataclass
class RoundResult:
    score: RoundScore
    grades: list[CardGrade] = field(default_factory=list)
    changed: list[CardInfo] = field(default_factory=list)  # answered elsewhere meanwhile


class PracticePort(Protocol):
    def record(self, answer: Answer) -> int: ...

    def save_round(self, saved: SavedRound) -> None: ...


def choose(questions: Sequence[T], themes: Sequence[str]) -> T:
    """The first question (least recently practised first), or a clear line when none."""
    if not questions:
        if themes:
            none = _("no practice question of theme {themes} in the collection (kind: question)")
            raise InputError(none.format(themes=_(", ").join(themes)))
        raise InputError(_("no practice question in the collection (kind: question)"))
    return questions[0]


def finish(
    port: PracticePort,
    question: Question,
    outline: str,
    names: str,
    duration_ms: int,
    limit_seconds: int,
    clock: Callable[[], datetime],
    today: date,
) -> RoundResult:
    """Score the round, log each linked card's grade (bank questions only: a typed question's
    suggestions are guesses, not what the answer needed), then the round."""
    named = question.named if question.scored_uses else None
    score = score_round(outline, names, question.structures, named)
    result = RoundResult(score)
    if question.scored_uses:
        linked = [(x.ref, x.cards) for x in question.linked]
        result.grades = card_grades(score, outline, linked, today)
        for earned in result.grades:
            card = earned.card
            after = card.state if earned.drill else review(card.state, earned.grade, today)
            answer = Answer(
                card.card_pk, clock(), today, earned.grade, earned.drill, 0, card.state, after,
                card.version,
            )  # fmt: skip
            try:
                port.record(answer)
            except CardChanged:
                result.changed.append(card)
    saved = SavedRound(clock(), today, question, score, max(0, duration_ms), limit_seconds)
    port.save_round(saved)
    return result
