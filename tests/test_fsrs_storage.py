"""Dual state in the collection: every answer moves SM-2 and FSRS together, losslessly."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from govcards import fsrs_scheduler as fsrs
from govcards.cli import app
from govcards.decks import load_decks
from govcards.model import CardFilter
from govcards.scheduler import review as sm2_review
from govcards.store import Store, StudyStore, fsrs_state
from govcards.store.schema import CardRow
from govcards.study import Limits, StudySession

from .conftest import NOW, TODAY


@pytest.fixture
def db(store: Store, small_deck: Path) -> StudyStore:
    store.import_decks(load_decks([small_deck]), NOW)
    return StudyStore(store)


def session(db: StudyStore, days: int = 0) -> StudySession:
    return StudySession(db, TODAY + timedelta(days=days), lambda: NOW, Limits())


def cards(db: StudyStore) -> dict[int, tuple[Any, ...]]:
    """Each card's SM-2 and FSRS columns, as stored."""
    with db.store.read() as s:
        rows = s.execute(
            select(
                CardRow.id,
                CardRow.repetitions,
                CardRow.efactor,
                CardRow.interval,
                CardRow.due,
                CardRow.stability,
                CardRow.difficulty,
                CardRow.fsrs_due,
                CardRow.last_review,
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}


def study_days(db: StudyStore, days: int, grades: tuple[int, ...] = (4, 3, 5, 2)) -> None:
    """A learner who reviews every day, grading in a repeating pattern, re-drills included."""
    n = 0
    for day in range(days):
        s = session(db, day)
        while s.current:
            grade = 4 if s.current.drill else grades[n % len(grades)]
            s.answer(grade)
            n += 1


def test_an_answer_moves_both_states_and_a_redrill_moves_neither(db: StudyStore) -> None:
    s = session(db)
    card = s.current
    assert card is not None
    s.answer(2)
    first = cards(db)[card.card.card_pk]
    expected_sm2 = sm2_review(card.card.state, 2, TODAY)
    expected_fsrs = fsrs.review(fsrs.FsrsState(), 2, TODAY)
    assert first[:4] == (0, expected_sm2.efactor, 1, expected_sm2.due)
    assert first[4:] == (
        expected_fsrs.stability,
        expected_fsrs.difficulty,
        expected_fsrs.due,
        TODAY,
    )
    while s.current and not s.current.drill:
        s.answer(4)
    assert s.current is not None and s.current.card.card_pk == card.card.card_pk
    s.answer(5)  # the re-drill: logged, schedule untouched
    assert cards(db)[card.card.card_pk] == first


def test_undo_restores_the_fsrs_state_exactly(db: StudyStore) -> None:
    study_days(db, 3)
    start = before = cards(db)
    s = session(db, 7)
    assert s.current is not None
    while s.current:
        s.answer(3)
        assert cards(db) != before
        assert s.undo() is not None
        assert cards(db) == before
        s.answer(4)
        before = cards(db)
    assert before != start


def test_switching_scheduler_back_and_forth_loses_nothing(db: StudyStore) -> None:
    study_days(db, 4)
    before = cards(db)
    fsrs_due = {pk: row[6] for pk, row in before.items()}
    sm2_due = {pk: row[3] for pk, row in before.items()}
    assert fsrs_due != sm2_due, "the two schedules must differ for this test to mean anything"
    day = TODAY + timedelta(days=6)
    for scheduler, column in (("fsrs", fsrs_due), ("sm2", sm2_due), ("fsrs", fsrs_due)):
        db.store.set_setting("scheduler", scheduler)
        queued = {c.card_pk for c in db.due_cards(day, CardFilter(), 1000)}
        assert queued == {pk for pk, due in column.items() if due is not None and due <= day}
        assert cards(db) == before


def test_replaying_the_log_equals_the_live_updates(db: StudyStore) -> None:
    study_days(db, 12)
    live = cards(db)
    with db.store.write() as s:  # as a collection from before FSRS: no memory state anywhere
        s.execute(update(CardRow).values(stability=None, difficulty=None, fsrs_due=None))
        s.execute(update(CardRow).values(last_review=None))
    assert fsrs_state.recompute(db.store) == sum(1 for row in live.values() if row[3])
    assert cards(db) == live


@pytest.mark.parametrize("only_missing", [True, False], ids=["missing", "every card"])
def test_replaying_in_chunks_equals_the_live_updates_and_tells_progress(
    db: StudyStore, monkeypatch: pytest.MonkeyPatch, only_missing: bool
) -> None:
    study_days(db, 12)
    live = cards(db)
    answered = sum(1 for row in live.values() if row[3])
    with db.store.write() as s:
        s.execute(update(CardRow).values(stability=None, difficulty=None, fsrs_due=None))
        s.execute(update(CardRow).values(last_review=None))
    monkeypatch.setattr(fsrs_state, "RECOMPUTE_CHUNK", 3)
    told: list[tuple[int, int]] = []
    done = fsrs_state.recompute(db.store, only_missing, lambda n, total: told.append((n, total)))
    assert done == answered
    assert cards(db) == live
    assert [done for done, _total in told] == [*range(3, answered, 3), answered]
    assert {total for _done, total in told} == {answered}


def test_an_upgrade_from_before_fsrs_computes_every_memory_state_once(db: StudyStore) -> None:
    """A collection at 0002 (no FSRS columns) is upgraded by the next command, which then
    replays every answered card's log: the same states as the live updates, none missing."""
    from alembic import command

    from govcards.store.migrations import runner

    study_days(db, 6)
    live = cards(db)
    db.store.close()
    command.downgrade(runner.alembic_config(db.store.engine), "0002_card_version")
    db.store.engine.dispose()
    result = CliRunner().invoke(app, ["due"])
    assert result.exit_code == 0, result.output
    assert "0002_card_version" in result.stderr
    reopened = StudyStore(Store(db.store.url))
    assert cards(reopened) == live
    with reopened.store.read() as s:
        missing = CardRow.due.is_not(None) & CardRow.last_review.is_(None)
        assert s.scalar(select(CardRow.id).where(missing)) is None
    reopened.store.close()


def test_a_card_from_before_fsrs_is_replayed_before_its_next_answer(db: StudyStore) -> None:
    study_days(db, 3)
    with db.store.write() as s:
        s.execute(update(CardRow).values(stability=None, difficulty=None, fsrs_due=None))
        s.execute(update(CardRow).values(last_review=None))
    study_days_after = session(db, 9)
    while study_days_after.current:
        study_days_after.answer(4)
    lazily = cards(db)
    with db.store.write() as s:
        s.execute(update(CardRow).values(last_review=None))
    fsrs_state.recompute(db.store)
    assert cards(db) == lazily


def test_export_cards_gives_the_fsrs_due_when_fsrs_is_chosen(db: StudyStore) -> None:
    study_days(db, 2)
    runner = CliRunner()
    sm2 = json.loads(runner.invoke(app, ["export", "cards", "--format", "json"]).stdout)
    db.store.set_setting("scheduler", "fsrs")
    chosen = json.loads(runner.invoke(app, ["export", "cards", "--format", "json"]).stdout)
    sm2_dues = sorted(r["due"] for r in sm2 if r["due"])
    fsrs_dues = sorted(r["due"] for r in chosen if r["due"])
    assert sm2_dues == sorted(str(row[3]) for row in cards(db).values() if row[3])
    assert fsrs_dues == sorted(str(row[6]) for row in cards(db).values() if row[6])
    assert all(isinstance(r["stability"], float) for r in chosen if r["due"])
    assert all(1 <= r["difficulty"] <= 10 for r in chosen if r["due"])


def test_decks_due_and_the_forecast_count_the_chosen_schedule(db: StudyStore) -> None:
    from govcards.store.reports import Reports

    study_days(db, 4)
    day = TODAY + timedelta(days=6)
    counts = {}
    for scheduler in ("sm2", "fsrs"):
        db.store.set_setting("scheduler", scheduler)
        queued = len(db.due_cards(day, CardFilter(), 1000))
        reports = Reports.of(db.store)
        summary = sum(d.due for d in reports.deck_summaries(day))
        by_day = sum(n for deck in reports.due_by_day(day, 0).values() for n in deck.values())
        forecast = reports.due_forecast(day, 1, None)
        assert summary == by_day == forecast.get(day, 0) == queued, scheduler
        counts[scheduler] = queued
    assert counts["sm2"] != counts["fsrs"]
