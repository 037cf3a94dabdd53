"""What a review session reads and writes, each write its own short transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from govcards.model import CardFilter, Note, note_from_dict
from govcards.scheduler import Sm2State
from govcards.store import fsrs_state
from govcards.store.collection import Store
from govcards.store.schema import (
    CardRow,
    DeckRow,
    NoteRow,
    ReviewRow,
)


@dataclass(frozen=True)
class CardInfo:
    """A card with what a session needs to show and schedule it."""

    card_pk: int
    deck_id: str
    deck_name: str
    note_pk: int
    note_id: str
    kind: str
    topic: str | None
    topic_name: str | None
    key: str
    state: Sm2State
    note: Note


def _filtered(stmt: Any, flt: CardFilter) -> Any:
    if flt.deck:
        stmt = stmt.where(DeckRow.deck_id == flt.deck)
    if flt.topic:
        stmt = stmt.where(NoteRow.topic == flt.topic)
    if flt.kind:
        stmt = stmt.where(NoteRow.kind == flt.kind)
    return stmt


def _card_select() -> Any:
    return (
        select(CardRow, NoteRow, DeckRow)
        .join(NoteRow, NoteRow.id == CardRow.note_pk)
        .join(DeckRow, DeckRow.id == CardRow.deck_pk)
        .where(CardRow.retired.is_(False), CardRow.suspended.is_(False), NoteRow.retired.is_(False))
    )


def _info(card: CardRow, note: NoteRow, deck: DeckRow) -> CardInfo:
    topics = deck.topics or {}
    return CardInfo(
        card_pk=card.id,
        deck_id=deck.deck_id,
        deck_name=deck.name,
        note_pk=note.id,
        note_id=note.note_id,
        kind=note.kind,
        topic=note.topic,
        topic_name=topics.get(note.topic) if note.topic else None,
        key=card.card_key,
        state=Sm2State(card.repetitions, card.efactor, card.interval, card.lapses, card.due),
        note=note_from_dict(note.content),
    )


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

    def __init__(self, store: Store) -> None:
        self.store = store

    def _visible(self, today: date) -> Any:
        return or_(CardRow.buried_until.is_(None), CardRow.buried_until <= today)

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        """Due cards, oldest due first, then in deck order."""
        due = fsrs_state.due_column(self.store)  # the chosen scheduler's due date
        stmt = (
            _filtered(_card_select(), flt)
            .where(due <= today, self._visible(today))
            .order_by(due, CardRow.deck_pk, CardRow.position)
            .limit(max(0, limit))
        )
        with self.store.read() as s:
            return [_info(*row) for row in s.execute(stmt)]

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        """New cards in deck file order, at most one per note, none of the notes in skip_notes."""
        if limit <= 0:
            return []
        stmt = (
            _filtered(_card_select(), flt)
            .where(CardRow.due.is_(None), self._visible(today))
            .order_by(CardRow.deck_pk, CardRow.position)
        )
        picked: list[CardInfo] = []
        seen = set(skip_notes)
        with self.store.read() as s:
            for card, note, deck in s.execute(stmt.execution_options(yield_per=64)):
                if note.id in seen:
                    continue
                seen.add(note.id)
                picked.append(_info(card, note, deck))
                if len(picked) >= limit:
                    break
        return picked

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        """(new cards introduced today, reviews of old cards today, notes introduced today)."""
        stmt = (
            select(ReviewRow.card_pk, CardRow.note_pk, ReviewRow.due_before)
            .join(CardRow, CardRow.id == ReviewRow.card_pk)
            .where(ReviewRow.study_day == today, ReviewRow.drill.is_(False))
        )
        new_cards: set[int] = set()
        notes: set[int] = set()
        reviewed = 0
        with self.store.read() as s:
            for card_pk, note_pk, due_before in s.execute(stmt):
                if due_before is None:
                    new_cards.add(card_pk)
                    notes.add(note_pk)
                else:
                    reviewed += 1
        return len(new_cards), reviewed, notes

    def card(self, card_pk: int) -> CardInfo:
        stmt = (
            select(CardRow, NoteRow, DeckRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(CardRow.id == card_pk)
        )
        with self.store.read() as s:
            return _info(*s.execute(stmt).one())

    def record(self, answer: Answer) -> int:
        """Log one answer and (unless a re-drill) move the card to its new state, atomically."""
        with self.store.write() as s:
            review_pk = s.scalar(
                insert(ReviewRow)
                .values(
                    card_pk=answer.card_pk,
                    reviewed_at=answer.reviewed_at,
                    study_day=answer.study_day,
                    grade=answer.grade,
                    drill=answer.drill,
                    duration_ms=answer.duration_ms,
                    **state_values(answer.before, "_before"),
                    **state_values(answer.after, "_after"),
                )
                .returning(ReviewRow.id)
            )
            if not answer.drill:
                fsrs_state.apply_answer(  # first: it reads the card as it was before
                    s, answer.card_pk, int(review_pk or 0), answer.grade, answer.study_day
                )
                s.execute(
                    update(CardRow)
                    .where(CardRow.id == answer.card_pk)
                    .values(**state_values(answer.after))
                )
        return int(review_pk or 0)

    def undo(self, review_pk: int, card_pk: int, before: Sm2State, drill: bool) -> None:
        """Remove one logged answer and put the card back exactly as it was."""
        with self.store.write() as s:
            if not drill:
                fsrs_state.undo_answer(s, card_pk, review_pk)
            s.execute(delete(ReviewRow).where(ReviewRow.id == review_pk))
            if not drill:
                s.execute(
                    update(CardRow).where(CardRow.id == card_pk).values(**state_values(before))
                )

    def set_suspended(self, card_pk: int, suspended: bool) -> None:
        with self.store.write() as s:
            s.execute(update(CardRow).where(CardRow.id == card_pk).values(suspended=suspended))

    def set_buried(self, card_pk: int, until: date | None) -> None:
        with self.store.write() as s:
            s.execute(update(CardRow).where(CardRow.id == card_pk).values(buried_until=until))

    def due_on(self, day: date, flt: CardFilter) -> int:
        stmt = _filtered(
            select(func.count())
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk),
            flt,
        ).where(
            CardRow.retired.is_(False),
            CardRow.suspended.is_(False),
            NoteRow.retired.is_(False),
            fsrs_state.due_column(self.store) <= day,
        )
        with self.store.read() as s:
            return int(s.scalar(stmt) or 0)


@dataclass(frozen=True)
class Answer:
    """One graded answer, as logged: times in UTC, the study day, the state before and after."""

    card_pk: int
    reviewed_at: datetime
    study_day: date
    grade: int
    drill: bool
    duration_ms: int
    before: Sm2State
    after: Sm2State
