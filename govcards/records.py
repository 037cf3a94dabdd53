"""Plain rows that the collection's reports produce and ``stats`` / ``export`` consume.

They live below both (no SQLAlchemy, no Rich) so that pure code and tests can build them by
hand. The rows of the table exports (``DayCount``, ``ReviewLine``, ``CardLine``, whose field order
is the pinned column order of docs/exports.md) live in ``govcards.table_rows`` and are
re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from govcards.table_rows import FORMULA_START as FORMULA_START
from govcards.table_rows import CardLine as CardLine
from govcards.table_rows import DayCount as DayCount
from govcards.table_rows import ReviewLine as ReviewLine

if TYPE_CHECKING:  # an annotation only: the exports' start-up need not load the note model
    from govcards.model import Note


@dataclass(frozen=True)
class DeckSummary:
    """One deck of ``govcards decks``: live cards, new ones, due today, suspended."""

    deck_id: str
    name: str
    total: int
    new: int
    due: int
    suspended: int


@dataclass(frozen=True)
class CardCount:
    """Live cards of one (deck, topic, kind) group by maturity."""

    deck: str
    topic: str | None
    kind: str
    cards: int
    new: int
    young: int
    mature: int


@dataclass(frozen=True)
class RetentionCount:
    """First answers of the day on review cards of one group: how many, how many graded ≥ 3."""

    deck: str
    topic: str | None
    kind: str
    mature: bool
    reviews: int
    passed: int


@dataclass(frozen=True)
class Leech:
    """A card the learner keeps forgetting."""

    deck: str
    note: str
    card: str
    kind: str
    lapses: int
    label: str
    suspended: bool


@dataclass(frozen=True)
class PracticeLine:
    """One practice round as the stats read it: when, its themes, and its 0..1 score."""

    study_day: date
    themes: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class StatsRows:
    """Everything the dashboard is computed from, already filtered by deck and window."""

    today: tuple[DayCount, ...]  # today's totals (nothing when nothing was answered yet)
    answers: dict[date, int]  # every answer (re-drills too) per day of the calendar's weeks
    study_days: tuple[date, ...]  # every day with an answer, oldest first (for the streak)
    due: dict[date, int]  # cards due per day; overdue ones counted on today
    card_counts: tuple[CardCount, ...]
    retention: tuple[RetentionCount, ...]
    leeches: tuple[Leech, ...]
    topic_names: dict[tuple[str, str], str] = field(default_factory=dict)
    # per exam theme: CardCount/RetentionCount rows whose ``topic`` is the theme id
    theme_counts: tuple[CardCount, ...] = ()
    theme_retention: tuple[RetentionCount, ...] = ()
    theme_names: dict[str, str] = field(default_factory=dict)
    practice: tuple[PracticeLine, ...] = ()


@dataclass(frozen=True)
class DeckNotes:
    """A deck's live notes in file order, for the notebook and the Anki package."""

    deck: str
    name: str
    description: str
    topics: dict[str, str]
    notes: tuple[Note, ...]
