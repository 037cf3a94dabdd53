"""In-memory stand-ins for the study engine's port and the review screen's keyboard, so that
engine and screen tests run in milliseconds with no database and no terminal. They keep the
same contract as ``govcards.store.StudyStore`` (tests/test_study_fake.py runs both)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from govcards import fsrs_scheduler as fsrs
from govcards.cards import card_keys
from govcards.errors import CardChanged
from govcards.model import Answer, CardFilter, CardInfo, Note
from govcards.scheduler import REDRILL_BELOW, Sm2State
from govcards.study_port import StudyPort


@dataclass
class _Card:
    info: CardInfo
    suspended: bool = False
    buried_until: date | None = None


class FakeStudyStore:
    """A collection of one deck held in lists: cards in deck order, reviews in answer order."""

    def __init__(self, notes: Iterable[Note], deck_id: str = "fake") -> None:
        self.cards: list[_Card] = []
        self.reviews: list[tuple[int, Answer]] = []
        self.settings = fsrs.FsrsSettings()  # set ``scheduler`` to "fsrs" to study with FSRS
        self._fsrs_before: dict[int, fsrs.FsrsState | None] = {}  # review → FSRS state, for undo
        for note_pk, note in enumerate(notes, 1):
            for key in card_keys(note):
                pk = len(self.cards) + 1
                info = CardInfo(
                    pk,
                    deck_id,
                    deck_id,
                    note_pk,
                    note.id,
                    note.kind,
                    note.topic,
                    None,
                    key,
                    Sm2State(),
                    note,
                )
                self.cards.append(_Card(info))

    def _visible(self, card: _Card, today: date, flt: CardFilter) -> bool:
        return (
            not card.suspended
            and (card.buried_until is None or card.buried_until <= today)
            and self._selected(card.info, flt)
        )

    def _selected(self, info: CardInfo, flt: CardFilter) -> bool:
        topic_deck, topic = flt.topic_parts()
        return (
            flt.deck in (None, info.deck_id)
            and topic_deck in (None, info.deck_id)
            and topic in (None, info.topic)
            and flt.kind in (None, info.kind)
            and (not flt.themes or bool(set(flt.themes) & set(info.note.themes)))
            and flt.priority in (None, info.note.priority)
        )

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        due = [
            c.info
            for c in self.cards
            if self._visible(c, today, flt) and c.info.state.due and c.info.state.due <= today
        ]
        return sorted(due, key=lambda i: i.state.due or today)[: max(0, limit)]

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        picked: list[CardInfo] = []
        seen = set(skip_notes)
        core_first = sorted(self.cards, key=lambda c: c.info.note.priority != "core")
        for card in core_first:
            info = card.info
            if len(picked) >= limit:
                break
            if (
                info.state.due is None
                and self._visible(card, today, flt)
                and info.note_pk not in seen
            ):
                seen.add(info.note_pk)
                picked.append(info)
        return picked

    def new_waiting(self, today: date, flt: CardFilter) -> int:
        return sum(
            1 for c in self.cards if c.info.state.due is None and self._visible(c, today, flt)
        )

    def filtered_cards(self, flt: CardFilter) -> list[CardInfo]:
        return [c.info for c in self.cards if not c.suspended and self._selected(c.info, flt)]

    def pending_redrills(self, today: date, flt: CardFilter) -> list[CardInfo]:
        last: dict[int, tuple[int, Answer]] = {}
        for review_pk, answer in self.reviews:
            if answer.study_day == today:
                last[answer.card_pk] = (review_pk, answer)
        failed = sorted((pk, a.card_pk) for pk, a in last.values() if a.grade < REDRILL_BELOW)
        cards = {c.info.card_pk: c for c in self.cards}
        return [cards[pk].info for _, pk in failed if self._visible(cards[pk], today, flt)]

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        new: set[int] = set()
        notes: set[int] = set()
        reviewed = 0
        for _, a in self.reviews:
            if a.study_day != today or a.drill:
                continue
            if a.before.due is None:
                new.add(a.card_pk)
                notes.add(self.card(a.card_pk).note_pk)
            else:
                reviewed += 1
        return len(new), reviewed, notes

    def card(self, card_pk: int) -> CardInfo:
        return self.cards[card_pk - 1].info

    def record(self, answer: Answer) -> int:
        card = self.cards[answer.card_pk - 1]
        info = card.info
        if info.state != answer.before or (
            answer.version is not None and info.version != answer.version
        ):
            raise CardChanged(answer.card_pk)
        state = info.state if answer.drill else answer.after
        memory = info.fsrs
        if not answer.drill:  # both schedules move on every answer, as in the real store
            cfg = self.settings
            memory = fsrs.review(
                info.fsrs or fsrs.FsrsState(),
                answer.grade,
                answer.study_day,
                cfg.params,
                cfg.retention,
            )
        card.info = replace(info, state=state, version=info.version + 1, fsrs=memory)
        review_pk = (self.reviews[-1][0] + 1) if self.reviews else 1
        self._fsrs_before[review_pk] = info.fsrs
        self.reviews.append((review_pk, answer))
        return review_pk

    def undo(
        self, review_pk: int, card_pk: int, before: Sm2State, drill: bool, version: int
    ) -> None:
        card = self.cards[card_pk - 1]
        if card.info.version != version:
            raise CardChanged(card_pk)
        state = card.info.state if drill else before
        memory = self._fsrs_before.pop(review_pk, card.info.fsrs)
        card.info = replace(card.info, state=state, version=version + 1, fsrs=memory)
        self.reviews = [(pk, a) for pk, a in self.reviews if pk != review_pk]

    def set_suspended(self, card_pk: int, suspended: bool) -> None:
        self.cards[card_pk - 1].suspended = suspended

    def set_buried(self, card_pk: int, until: date | None) -> None:
        self.cards[card_pk - 1].buried_until = until

    def fsrs_settings(self) -> fsrs.FsrsSettings:
        return self.settings

    def due_on(self, day: date, flt: CardFilter) -> int:
        return sum(
            1
            for c in self.cards
            if not c.suspended
            and c.info.state.due is not None
            and c.info.state.due <= day
            and self._check(c, flt)
        )

    def _check(self, card: _Card, flt: CardFilter) -> bool:
        return self._visible(replace(card, buried_until=None), date.max, flt)


def _conforms(store: FakeStudyStore) -> StudyPort:
    return store  # mypy proves the fake satisfies the port


class ScriptedKeyboard:
    """Answers and grade keys given in advance, for screen tests without a terminal."""

    def __init__(self, *inputs: str) -> None:
        self.inputs = list(inputs)
        self.prompts: list[str] = []

    def answer(self, prompt: str, multiline: bool) -> str:
        return self._next(prompt)

    def key(self, prompt: str, allowed: str) -> str:
        return self._next(prompt)

    def _next(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.inputs:
            raise EOFError
        return self.inputs.pop(0)
