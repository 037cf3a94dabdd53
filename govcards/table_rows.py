"""The rows of the three table exports (docs/exports.md): the field order of ``DayCount``,
``ReviewLine`` and ``CardLine`` IS the pinned column order, and the exporters take their headers
from these fields.

Kept apart from ``govcards.records`` (which re-exports them) so that ``export reviews`` /
``export cards`` load three dataclasses, not every report's: each costs ~0.4 ms to create, paid
by every run of a command that takes a few hundred milliseconds at 100k rows (issue 14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these would run as a spreadsheet formula: exports prefix
``'`` (OWASP). Kept here, below the exporters and the store, which both apply it."""


@dataclass(frozen=True)
class DayCount:
    """One study day of the log. ``reviews``/``new``/``correct`` count first-pass answers
    (re-drills excluded, new cards included); ``drills`` the re-drill answers; ``time_ms`` all."""

    study_day: date
    reviews: int
    new: int
    correct: int
    drills: int
    time_ms: int


@dataclass(frozen=True)
class ReviewLine:
    """One logged answer, as ``export reviews`` writes it."""

    reviewed_at: datetime
    study_day: date
    deck: str
    note: str
    card: str
    kind: str
    grade: int
    drill: bool
    duration_ms: int
    interval_before: int
    interval_after: int
    efactor_after: int


@dataclass(frozen=True)
class CardLine:
    """One card with its SM-2 state, FSRS memory and review count, as ``export cards`` writes it;
    ``due`` is the chosen scheduler's."""

    deck: str
    note: str
    card: str
    kind: str
    topic: str | None
    repetitions: int
    efactor: int
    interval: int
    due: date | None
    lapses: int
    suspended: bool
    retired: bool
    reviews: int
    stability: float | None = None  # FSRS memory state (days), kept whatever the scheduler
    difficulty: float | None = None
