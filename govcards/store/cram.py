"""The run-up queue: a StudyStore whose "due" cards are those the exam needs most.

The session engine is unchanged: it asks for due and new cards as always, and answers are
logged as ordinary reviews (both schedules learn from them).
"""

from __future__ import annotations

from datetime import date

from govcards import cram
from govcards.model import CardFilter, CardInfo
from govcards.store import fsrs_state
from govcards.store.collection import Store
from govcards.store.queue_reads import card_info
from govcards.store.schema import CardRow
from govcards.store.study_store import StudyStore, _card_select, _filtered


class CramStudyStore(StudyStore):
    """Due = reviewed cards that are due or below the target on exam day, lowest recall first;
    new cards only while they can still mature before the exam."""

    def __init__(self, store: Store, exam: date) -> None:
        super().__init__(store)
        self.exam = exam

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        due_column = fsrs_state.due_column(self.store)  # fills missing FSRS states first
        cfg = fsrs_state.current_settings(self.store)
        stmt = (
            _filtered(_card_select(), flt)
            .where(CardRow.due.is_not(None), self._visible(today))
            .with_only_columns(CardRow.id, due_column, *fsrs_state.card_columns())
        )
        ranked: list[tuple[float, int]] = []
        with self.store.read() as s:
            for card_pk, due, *memory in s.execute(stmt):
                state = fsrs_state.state_of(*memory)
                recall = cram.needs_cram(
                    state, due is not None and due <= today, self.exam, cfg.retention, cfg.params
                )
                if recall is not None:
                    ranked.append((recall, card_pk))
            ranked.sort()
            chosen = [pk for _, pk in ranked[: max(0, limit)]]
            infos: dict[int, CardInfo] = {}
            if chosen:
                for row in s.execute(_card_select().where(CardRow.id.in_(chosen))):
                    infos[row[0]] = card_info(row)
        return [infos[pk] for pk in chosen]

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        cfg = fsrs_state.current_settings(self.store)
        if not cram.new_cards_allowed(today, self.exam, cfg.params, cfg.retention):
            return []
        return super().new_cards(today, flt, limit, skip_notes)
