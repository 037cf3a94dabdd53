"""What a review session reads and writes (the engine's StudyPort), each write its own short
transaction. Answers and undos write only over the card version they read, so two sessions on
one collection never overwrite or contradict each other (docs/storage.md)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    delete,
    insert,
    or_,
    select,
    update,
)

from govcards.errors import CardChanged
from govcards.fsrs_scheduler import FsrsSettings
from govcards.model import Answer, CardFilter, CardInfo
from govcards.scheduler import Sm2State
from govcards.store import fsrs_state
from govcards.store.collection import Store
from govcards.store.filters import filter_clauses
from govcards.store.joins import card_note_deck
from govcards.store.queue_reads import QueueReads, card_info
from govcards.store.readers import EngineRows
from govcards.store.schema import CARDS, REVIEWS, CardRow, NoteRow, ReviewRow
from govcards.store.study_queries import CARD_COLUMNS


def _filtered(stmt: Any, flt: CardFilter) -> Any:
    clauses = filter_clauses(flt)
    return stmt.where(*clauses) if clauses else stmt


def _card_select() -> Any:
    """Live, unsuspended cards in the columns ``queue_reads.card_info`` reads: one builder of
    ``CardInfo`` for the lean start, the queue and the other stores' card reads."""
    return (
        select(*CARD_COLUMNS)
        .select_from(card_note_deck())
        .where(CardRow.retired.is_(False), CardRow.suspended.is_(False), NoteRow.retired.is_(False))
    )


def _at(state: Sm2State, version: int | None) -> list[Any]:
    """The WHERE clause of an optimistic write: the card is still as the session read it."""
    clauses: list[Any] = [
        CardRow.repetitions == state.repetitions,
        CardRow.efactor == state.efactor,
        CardRow.interval == state.interval,
        CardRow.lapses == state.lapses,
        CardRow.due.is_(None) if state.due is None else CardRow.due == state.due,
    ]
    if version is not None:
        clauses.append(CardRow.version == version)
    return clauses


def state_values(state: Sm2State, suffix: str = "") -> dict[str, Any]:
    return {
        f"repetitions{suffix}": state.repetitions,
        f"efactor{suffix}": state.efactor,
        f"interval{suffix}": state.interval,
        f"lapses{suffix}": state.lapses,
        f"due{suffix}": state.due,
    }


class StudyStore:
    """The queries and writes a review session makes, each write its own transaction."""

    def __init__(self, store: Store, settings: FsrsSettings | None = None) -> None:
        self.store = store
        self._settings = settings  # given when a session already read them (lean_study.py)
        # the queue's reads: the statements of study_queries.py, as the lean start runs them
        self.reads = QueueReads(lambda flt: EngineRows(store, flt))

    def fsrs_settings(self) -> FsrsSettings:
        """Read on first use and kept: one session answers with one set of FSRS settings, and
        an answer no longer reads the settings table (about 1 ms each)."""
        if self._settings is None:
            self._settings = fsrs_state.current_settings(self.store)
        return self._settings

    def _visible(self, today: date) -> Any:
        return or_(CardRow.buried_until.is_(None), CardRow.buried_until <= today)

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        """Due cards, oldest due first, then in deck order."""
        return self.reads.due_cards(today, flt, limit)

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        """New cards in deck file order, at most one per note, none of the notes in skip_notes."""
        return self.reads.new_cards(today, flt, limit, skip_notes)

    def new_waiting(self, today: date, flt: CardFilter) -> int:
        return self.reads.new_waiting(today, flt)

    def filtered_cards(self, flt: CardFilter) -> list[CardInfo]:
        stmt = _filtered(_card_select(), flt).order_by(CardRow.deck_pk, CardRow.position)
        with self.store.read() as s:
            return [card_info(row) for row in s.execute(stmt)]

    def pending_redrills(self, today: date, flt: CardFilter) -> list[CardInfo]:
        """Derived from the committed log, so the re-drill queue survives a quit or a crash."""
        return self.reads.pending_redrills(today, flt)

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        """(new cards introduced today, reviews of old cards today, notes introduced today)."""
        return self.reads.today_counts(today)

    def card(self, card_pk: int) -> CardInfo:
        return self.reads.card(card_pk)

    def record(self, answer: Answer) -> int:
        """Log one answer and (unless a re-drill) move the card to its new state, atomically.

        The card must still be in ``answer.before`` (and at ``answer.version`` when given):
        otherwise another session got there first, CardChanged is raised and nothing is written.
        Every answer bumps the version, so a stale session cannot write over it.
        """
        with self.store.write() as s:  # writers queue here: nothing moves the card meanwhile
            memory: dict[str, Any] = {}  # the FSRS state after, for the card
            memory_before: dict[str, Any] = {}  # and before, on the review row for undo
            if not answer.drill:
                before, after = fsrs_state.answer_states(
                    s, answer.card_pk, answer.grade, answer.study_day, self.fsrs_settings()
                )
                memory = fsrs_state.fsrs_values(after)
                memory_before = fsrs_state.fsrs_values(before, "_before")
            review_pk = s.scalar(
                insert(REVIEWS)
                .values(
                    card_pk=answer.card_pk,
                    reviewed_at=answer.reviewed_at,
                    study_day=answer.study_day,
                    grade=answer.grade,
                    drill=answer.drill,
                    duration_ms=answer.duration_ms,
                    **state_values(answer.before, "_before"),
                    **state_values(answer.after, "_after"),
                    **memory_before,
                )
                .returning(REVIEWS.c.id)
            )
            moved = s.execute(  # only over the state (and version) the session read
                update(CARDS)
                .where(CardRow.id == answer.card_pk, *_at(answer.before, answer.version))
                .values(
                    version=CardRow.version + 1,
                    **({} if answer.drill else state_values(answer.after)),
                    **memory,
                )
            )
            if cast("CursorResult[Any]", moved).rowcount != 1:
                raise CardChanged(answer.card_pk)  # rolls the logged answer back too
        return int(review_pk or 0)

    def undo(
        self, review_pk: int, card_pk: int, before: Sm2State, drill: bool, version: int
    ) -> None:
        """Remove one logged answer and put the card back exactly as it was, only if nothing
        has touched the card since (it is still at ``version``); else raise CardChanged."""
        with self.store.write() as s:
            moved = s.execute(
                update(CARDS)
                .where(CardRow.id == card_pk, CardRow.version == version)
                .values(version=CardRow.version + 1)
            )
            if cast("CursorResult[Any]", moved).rowcount != 1:
                raise CardChanged(card_pk)
            if not drill:
                fsrs_state.undo_answer(s, card_pk, review_pk)
                s.execute(update(CARDS).where(CardRow.id == card_pk).values(**state_values(before)))
            s.execute(delete(ReviewRow).where(ReviewRow.id == review_pk))

    def set_suspended(self, card_pk: int, suspended: bool) -> None:
        with self.store.write() as s:
            s.execute(update(CARDS).where(CardRow.id == card_pk).values(suspended=suspended))

    def set_buried(self, card_pk: int, until: date | None) -> None:
        with self.store.write() as s:
            s.execute(update(CARDS).where(CardRow.id == card_pk).values(buried_until=until))

    def due_on(self, day: date, flt: CardFilter) -> int:
        return self.reads.due_on(day, flt)
