"""The study engine without a terminal: queue, limits, siblings, re-drill, undo, bury, suspend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from govcards.clock import study_day
from govcards.decks import load_decks
from govcards.model import CardFilter
from govcards.scheduler import Sm2State, review
from govcards.store import Store, StudyStore
from govcards.study import Limits, StudySession, assess

from .conftest import NOW, TODAY


class Clock:
    """A fixed clock that moves only when a test says so."""

    def __init__(self, start: datetime = NOW) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def tick(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def db(store: Store, small_deck: Path) -> StudyStore:
    store.import_decks(load_decks([small_deck]), NOW)
    return StudyStore(store)


def session(db: StudyStore, day: date = TODAY, **limits: int) -> StudySession:
    return StudySession(db, day, Clock(), Limits(**limits))


def keys(s: StudySession) -> list[tuple[str, str, bool]]:
    return [(i.card.note_id, i.card.key, i.drill) for i in s.queue]


def review_rows(db: StudyStore) -> list[tuple[int, int, bool]]:
    from sqlalchemy import select

    from govcards.store.schema import ReviewRow

    with db.store.read() as s:
        rows = s.execute(select(ReviewRow.card_pk, ReviewRow.grade, ReviewRow.drill))
        return [(a, b, c) for a, b, c in rows]


def test_new_cards_come_in_deck_order_with_one_card_per_note(db: StudyStore) -> None:
    s = session(db)
    assert keys(s) == [
        ("jiangyin", "recall", False),
        ("dangjian-duice", "outline", False),
        ("zuihou-yigongli", "blank-1", False),
        ("santi-heyi", "front", False),
    ]


def test_siblings_wait_for_the_next_study_day(db: StudyStore) -> None:
    first = session(db)
    while first.current:
        first.answer(5)
    again = session(db)
    assert again.current is None, "no sibling of a note introduced today may show today"
    tomorrow = session(db, TODAY + timedelta(days=1))
    due_then_new = keys(tomorrow)
    assert due_then_new[:4] == [
        ("jiangyin", "recall", False),
        ("dangjian-duice", "outline", False),
        ("zuihou-yigongli", "blank-1", False),
        ("santi-heyi", "front", False),
    ]
    assert due_then_new[4:] == [
        ("jiangyin", "identify", False),
        ("dangjian-duice", "point-1", False),
        ("zuihou-yigongli", "blank-2", False),
        ("santi-heyi", "back", False),
    ]


def test_due_cards_come_first_oldest_due_first(db: StudyStore) -> None:
    first = session(db)
    first.answer(5)  # jiangyin recall: due in 1 day
    first.answer(4)  # outline: due in 1 day
    later = TODAY + timedelta(days=3)
    s = session(db, later, new_per_day=0)
    assert [k for _, k, _ in keys(s)] == ["recall", "outline"]
    assert all(i.card.state.due is not None and i.card.state.due <= later for i in s.queue)


def test_the_daily_new_limit_counts_cards_introduced_earlier_today(db: StudyStore) -> None:
    first = session(db, new_per_day=3)
    assert len(first.queue) == 3
    first.answer(5)
    first.answer(5)
    second = session(db, new_per_day=3)
    assert [k for _, k, _ in keys(second)] == ["blank-1"], "two of three already introduced"


def test_new_and_limit_options_cap_one_session(db: StudyStore) -> None:
    assert len(session(db, new=2).queue) == 2
    assert len(session(db, limit=1).queue) == 1
    assert len(session(db, new=0).queue) == 0


def test_filters_select_deck_topic_and_kind(db: StudyStore) -> None:
    quotes = StudySession(db, TODAY, Clock(), Limits(), CardFilter(kind="quote"))
    assert [i.card.kind for i in quotes.queue] == ["quote"]
    topic = StudySession(db, TODAY, Clock(), Limits(), CardFilter(topic="dangjian"))
    assert {i.card.note_id for i in topic.queue} == {
        "jiangyin",
        "dangjian-duice",
        "zuihou-yigongli",
    }
    other = StudySession(db, TODAY, Clock(), Limits(), CardFilter(deck="no-such-deck"))
    assert other.current is None


def test_a_failed_card_is_redrilled_until_graded_four_without_touching_its_schedule(
    db: StudyStore,
) -> None:
    s = session(db, new=1)
    card = s.current
    assert card is not None
    after = s.answer(2)
    assert after == review(Sm2State(), 2, TODAY)
    assert keys(s) == [("jiangyin", "recall", True)]
    s.answer(3)  # still below 4: once more
    assert keys(s) == [("jiangyin", "recall", True)]
    s.answer(4)
    assert s.current is None
    stored = db.card(card.card.card_pk).state
    assert stored == after, "re-drill answers must not change n, efactor, interval or due"
    assert [(g, d) for _, g, d in review_rows(db)] == [(2, False), (3, True), (4, True)]
    summary = s.summary()
    assert (summary.new, summary.redrilled, summary.answered, summary.correct) == (1, 2, 1, 0)


def test_undo_restores_the_state_and_the_log_exactly_and_the_card_comes_back(
    db: StudyStore,
) -> None:
    s = session(db)
    first = s.current
    assert first is not None
    s.answer(5)
    before_second = s.current
    assert before_second is not None
    s.answer(1)
    assert len(review_rows(db)) == 2
    back = s.undo()
    assert back is not None and back.card.card_pk == before_second.card.card_pk
    assert s.current is back
    assert not any(i.drill for i in s.queue), "the re-drill of the undone answer is gone"
    assert db.card(before_second.card.card_pk).state == Sm2State()
    assert len(review_rows(db)) == 1
    s.undo()
    assert db.card(first.card.card_pk).state == Sm2State()
    assert review_rows(db) == []
    assert s.undo() is None
    assert (s.summary().new, s.summary().answered) == (0, 0)


def test_a_buried_card_is_hidden_until_tomorrow(db: StudyStore) -> None:
    s = session(db)
    buried = s.current
    assert buried is not None
    s.bury()
    assert buried.card.card_pk not in {i.card.card_pk for i in s.queue}
    assert buried.card.card_pk not in {i.card.card_pk for i in session(db).queue}
    tomorrow = session(db, TODAY + timedelta(days=1))
    assert buried.card.card_pk in {i.card.card_pk for i in tomorrow.queue}


def test_a_suspended_card_never_shows_and_undo_brings_it_back(db: StudyStore) -> None:
    s = session(db)
    card = s.current
    assert card is not None
    s.suspend()
    later = session(db, TODAY + timedelta(days=30))
    assert card.card.card_pk not in {i.card.card_pk for i in later.queue}
    s.undo()
    assert s.current is not None and s.current.card.card_pk == card.card.card_pk
    assert card.card.card_pk in {i.card.card_pk for i in session(db).queue}


def test_every_answer_is_committed_before_the_next_card(db: StudyStore) -> None:
    s = session(db)
    s.answer(4)
    fresh = Store(db.store.url)  # another connection sees it at once
    try:
        assert len(review_rows(StudyStore(fresh))) == 1
    finally:
        fresh.close()


def test_the_log_records_time_day_duration_and_both_states(db: StudyStore) -> None:
    from sqlalchemy import select

    from govcards.store.schema import ReviewRow

    clock = Clock()
    s = StudySession(db, TODAY, clock, Limits())
    clock.tick(7)
    s.answer(4, duration_ms=6500)
    with db.store.read() as q:
        row = q.scalars(select(ReviewRow)).one()
    assert row.reviewed_at == NOW + timedelta(seconds=7)
    assert row.reviewed_at.tzinfo is not None
    assert (row.study_day, row.grade, row.drill, row.duration_ms) == (TODAY, 4, False, 6500)
    assert (row.repetitions_before, row.due_before) == (0, None)
    assert (row.repetitions_after, row.interval_after, row.due_after) == (
        1,
        1,
        TODAY + timedelta(days=1),
    )


def test_an_answer_at_one_in_the_morning_counts_for_the_previous_study_day() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    one_am = datetime(2026, 3, 3, 1, 0, tzinfo=shanghai)
    assert study_day(one_am.astimezone(UTC), shanghai, 4) == date(2026, 3, 2)
    five_am = datetime(2026, 3, 3, 5, 0, tzinfo=shanghai)
    assert study_day(five_am, shanghai, 4) == date(2026, 3, 3)
    assert study_day(one_am, shanghai, 0) == date(2026, 3, 3)


def test_the_counter_shows_remaining_due_new_and_redrill(db: StudyStore) -> None:
    s = session(db)
    assert s.counts() == (0, 4, 0)
    s.answer(1)
    assert s.counts() == (0, 3, 1)


def test_typed_answers_are_assessed_the_way_each_card_asks() -> None:
    from govcards.cards import face
    from govcards.decks import parse_deck

    from .conftest import SMALL_DECK

    deck, problems = parse_deck("t.yaml", SMALL_DECK.encode())
    assert deck is not None and not problems
    notes = {n.id: n for n in deck.notes}
    blank = face(notes["zuihou-yigongli"], deck.id, "blank-1")
    assert assess(blank, "最后一公里").suggested == 5
    assert assess(blank, "最后一工里").suggested < 5
    outline = face(notes["dangjian-duice"], deck.id, "outline")
    feedback = assess(outline, "建设骨干队伍\n强化监督力度\n完善党建体系")
    assert feedback.outline is not None and feedback.suggested == 5
    recall = face(notes["jiangyin"], deck.id, "recall")
    coverage = assess(recall, "江阴推行1+10+N党员联户制度")
    assert coverage.keys is not None and coverage.keys.share == 1.0
