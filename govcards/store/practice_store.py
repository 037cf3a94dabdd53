"""What ``govcards practice`` reads and writes: the question bank, the material a question
uses (with its cards), and the log of rounds (``practice_rounds``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from govcards.model import Answer, CardInfo, QuestionNote, note_from_dict
from govcards.practice.session import Linked, SavedRound
from govcards.store.collection import Store
from govcards.store.queue_reads import card_info
from govcards.store.schema import (
    CardRow,
    DeckRow,
    NoteRow,
    NoteThemeRow,
    PracticeRoundRow,
)
from govcards.store.study_store import StudyStore, _card_select


@dataclass(frozen=True)
class BankQuestion:
    deck_id: str
    note: QuestionNote

    @property
    def ref(self) -> str:
        return f"{self.deck_id}/{self.note.id}"


class PracticeStore:
    """The practice port on a collection: questions, material, answers and rounds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._study = StudyStore(store)

    def record(self, answer: Answer) -> int:
        return self._study.record(answer)

    def questions(self, themes: Sequence[str] = ()) -> list[BankQuestion]:
        """Live questions (of any of ``themes``), least recently practised first, never
        practised ones before all others, then in deck order."""
        last = (
            select(
                PracticeRoundRow.deck_id,
                PracticeRoundRow.note_id,
                func.max(PracticeRoundRow.id).label("last_pk"),
            )
            .where(PracticeRoundRow.note_id.is_not(None))
            .group_by(PracticeRoundRow.deck_id, PracticeRoundRow.note_id)
            .subquery()
        )
        stmt = (
            select(DeckRow.deck_id, NoteRow.content, last.c.last_pk)
            .join(DeckRow, DeckRow.id == NoteRow.deck_pk)
            .outerjoin(
                last, (last.c.deck_id == DeckRow.deck_id) & (last.c.note_id == NoteRow.note_id)
            )
            .where(NoteRow.kind == "question", NoteRow.retired.is_(False))
            .order_by(func.coalesce(last.c.last_pk, 0), DeckRow.deck_id, NoteRow.position)
        )
        if themes:
            themed = select(NoteThemeRow.note_pk).where(NoteThemeRow.theme.in_(tuple(themes)))
            stmt = stmt.where(NoteRow.id.in_(themed))
        out: list[BankQuestion] = []
        with self.store.read() as s:
            for deck_id, content, _ in s.execute(stmt):
                note = note_from_dict(content)
                if isinstance(note, QuestionNote):
                    out.append(BankQuestion(deck_id, note))
        return out

    def material(self, refs: Sequence[str]) -> list[Linked]:
        """The live notes behind ``DECK/NOTE`` references, in the order given (missing or
        retired ones left out), each with its live, unsuspended cards."""
        wanted = [tuple(ref.split("/", 1)) for ref in refs if "/" in ref]
        if not wanted:
            return []
        decks = sorted({d for d, _ in wanted})
        notes = (
            select(DeckRow.deck_id, NoteRow.note_id, NoteRow.content)
            .join(DeckRow, DeckRow.id == NoteRow.deck_pk)
            .where(DeckRow.deck_id.in_(decks), NoteRow.retired.is_(False))
            .where(NoteRow.note_id.in_(sorted({n for _, n in wanted})))
        )
        cards = (
            _card_select()
            .where(DeckRow.deck_id.in_(decks))
            .order_by(CardRow.deck_pk, CardRow.position)
        )
        with self.store.read() as s:
            found = {(d, n): note_from_dict(c) for d, n, c in s.execute(notes)}
            by_note: dict[tuple[str, str], list[CardInfo]] = {}
            for row in s.execute(cards):
                info = card_info(row)
                key = (info.deck_id, info.note_id)
                if key in found:
                    by_note.setdefault(key, []).append(info)
        return [
            Linked(f"{d}/{n}", found[(d, n)], tuple(by_note.get((d, n), ())))
            for d, n in dict.fromkeys(wanted)
            if (d, n) in found
        ]

    def save_round(self, saved: SavedRound) -> None:
        q, score = saved.question, saved.score
        deck_id, note_id = q.ref.split("/", 1) if q.ref else (None, None)
        with self.store.write() as s:
            s.execute(
                insert(PracticeRoundRow).values(
                    practiced_at=saved.practiced_at,
                    study_day=saved.study_day,
                    deck_id=deck_id,
                    note_id=note_id,
                    question=q.prompt,
                    themes=" ".join(q.themes),
                    outline_score=score.outline_score,
                    uses_score=score.uses,
                    score=score.total,
                    duration_ms=saved.duration_ms,
                    limit_seconds=saved.limit_seconds,
                )
            )
