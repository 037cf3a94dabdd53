"""Build a review history through the real store: each answer reads the card's current state,
schedules it with the real SM-2 and logs it with ``StudyStore.record``, as a session does."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update

from govcards.scheduler import Sm2State, review
from govcards.store import Answer, Store, StudyStore
from govcards.store.schema import CardRow, DeckRow, NoteRow
from govcards.store.study_store import state_values


class History:
    """``answer(note, card, day, grade)``: one logged answer at 09:00 Shanghai of that day."""

    def __init__(self, store: Store, deck: str) -> None:
        self.study = StudyStore(store)
        stmt = (
            select(NoteRow.note_id, CardRow.card_key, CardRow.id)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(DeckRow.deck_id == deck)
        )
        with store.read() as s:
            self.pks = {(note, key): pk for note, key, pk in s.execute(stmt)}
        self.seconds = 0

    def place(self, card_pk: int, state: Sm2State) -> None:
        """Put a card straight into ``state``, as months of earlier reviews would have."""
        with self.study.store.write() as s:
            s.execute(update(CardRow).where(CardRow.id == card_pk).values(**state_values(state)))

    def answer(
        self, note: str, card: str, day: date, grade: int, drill: bool = False, ms: int = 10_000
    ) -> None:
        info = self.study.card(self.pks[(note, card)])
        self.seconds += 1  # distinct, increasing times keep the log in order
        at = datetime.combine(day, time(1, 0), UTC) + timedelta(seconds=self.seconds)
        after = info.state if drill else review(info.state, grade, day)
        self.study.record(
            Answer(info.card_pk, at, day, grade, drill, ms, before=info.state, after=after)
        )
