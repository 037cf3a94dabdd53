"""``govcards review`` up to its first card without SQLAlchemy: the queue read lean, the full
store opened at the first write.

The queue's reads are ``QueueReads`` over the compiled SQL of ``study_queries.py`` on a plain
``sqlite3`` connection in autocommit (no read transaction is held while the learner thinks, so
other sessions can write). The first write (an answer, an undo, a suspend or bury) opens the
full ``StudyStore`` (``open_full``), which writes with the optimistic-concurrency checks of
``study_store.py``, and from then on every read goes there too: reads after a write see it
through the same connection that made it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING

from govcards.model import Answer, CardFilter, CardInfo
from govcards.scheduler import Sm2State
from govcards.store.queue_reads import QueueReads
from govcards.store.readers import SqliteRows

if TYPE_CHECKING:
    from govcards.fsrs_scheduler import FsrsSettings
    from govcards.study_port import StudyPort


class LeanStudyStore:
    """A ``StudyPort`` that reads lean until its first write (see the module docstring)."""

    def __init__(self, rows: SqliteRows, open_full: Callable[[FsrsSettings], StudyPort]) -> None:
        self._rows = rows
        self._lean = QueueReads(lambda _flt: rows)
        self._open_full = open_full
        self._full: StudyPort | None = None
        self._settings: FsrsSettings | None = None

    @property
    def opened(self) -> bool:
        """Whether the full store has been opened (a write happened)."""
        return self._full is not None

    def prepare_writes(self) -> threading.Thread:
        """Import the full store in the background while the learner reads the first card:
        the first answer then opens it in ~10 ms instead of waiting ~0.2 s for SQLAlchemy's
        ORM to import. Only the import: the store itself is opened at the first write."""
        thread = threading.Thread(target=_import_full_store, name="govcards-warm", daemon=True)
        thread.start()
        return thread

    def _store(self) -> StudyPort:
        if self._full is None:
            self._full = self._open_full(self.fsrs_settings())  # the session's settings, kept
            self._rows.close()
        return self._full

    def _reads(self) -> QueueReads | StudyPort:
        return self._lean if self._full is None else self._full

    def fsrs_settings(self) -> FsrsSettings:
        if self._settings is None:
            self._settings = self._reads().fsrs_settings()
        return self._settings

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        return self._reads().due_cards(today, flt, limit)

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        return self._reads().new_cards(today, flt, limit, skip_notes)

    def new_waiting(self, today: date, flt: CardFilter) -> int:
        return self._reads().new_waiting(today, flt)

    def filtered_cards(self, flt: CardFilter) -> list[CardInfo]:
        return self._store().filtered_cards(flt)  # a drill (--theme) never starts lean

    def pending_redrills(self, today: date, flt: CardFilter) -> list[CardInfo]:
        return self._reads().pending_redrills(today, flt)

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        return self._reads().today_counts(today)

    def card(self, card_pk: int) -> CardInfo:
        return self._reads().card(card_pk)

    def due_on(self, day: date, flt: CardFilter) -> int:
        return self._reads().due_on(day, flt)

    def record(self, answer: Answer) -> int:
        return self._store().record(answer)

    def undo(
        self, review_pk: int, card_pk: int, before: Sm2State, drill: bool, version: int
    ) -> None:
        self._store().undo(review_pk, card_pk, before, drill, version)

    def set_suspended(self, card_pk: int, suspended: bool) -> None:
        self._store().set_suspended(card_pk, suspended)

    def set_buried(self, card_pk: int, until: date | None) -> None:
        self._store().set_buried(card_pk, until)


def _import_full_store() -> None:
    with suppress(Exception):  # the first write imports it again and reports any failure
        import_module("govcards.store.study_store")
