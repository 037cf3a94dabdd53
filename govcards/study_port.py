"""What the study engine needs from a collection, as a Protocol: the engine never sees SQL.

``govcards.store.StudyStore`` implements it on SQLite and PostgreSQL; ``tests/fakes.py`` keeps
the same contract in memory so that engine tests run in milliseconds. Every write is its own
transaction, committed before the method returns.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from govcards.fsrs_scheduler import FsrsSettings
from govcards.model import Answer, CardFilter, CardInfo
from govcards.scheduler import Sm2State


class StudyPort(Protocol):
    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        """Cards due on or before ``today``, oldest due first, then in deck order."""
        ...

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        """Never-reviewed cards in deck order, one per note, none of ``skip_notes``."""
        ...

    def new_waiting(self, today: date, flt: CardFilter) -> int:
        """How many never-reviewed cards could be shown today (before any daily limit)."""
        ...

    def filtered_cards(self, flt: CardFilter) -> list[CardInfo]:
        """Every live, unsuspended card the filter selects, due or not, in deck order (a theme
        drill goes over all of a theme's material regardless of schedule)."""
        ...

    def pending_redrills(self, today: date, flt: CardFilter) -> list[CardInfo]:
        """Cards whose last answer today was below the re-drill line: they come back today."""
        ...

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        """(new cards introduced today, reviews of old cards today, notes introduced today)."""
        ...

    def card(self, card_pk: int) -> CardInfo:
        """The card as it is stored now."""
        ...

    def record(self, answer: Answer) -> int:
        """Log ``answer`` and move the card (unless a drill); raises CardChanged if the card is
        no longer at ``answer.before``/``answer.version``. Returns the review's key."""
        ...

    def undo(
        self, review_pk: int, card_pk: int, before: Sm2State, drill: bool, version: int
    ) -> None:
        """Delete the review and restore ``before``, only if the card is still at ``version``
        (the version the answer left it at); otherwise raise CardChanged and change nothing."""
        ...

    def set_suspended(self, card_pk: int, suspended: bool) -> None: ...

    def set_buried(self, card_pk: int, until: date | None) -> None: ...

    def fsrs_settings(self) -> FsrsSettings:
        """The chosen scheduler and FSRS's parameters, read once per session: answers and the
        grade keys' labels then agree with each other for the whole sitting."""
        ...

    def due_on(self, day: date, flt: CardFilter) -> int:
        """Cards due on or before ``day`` (for "due tomorrow" in the summary)."""
        ...
