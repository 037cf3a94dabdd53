"""The exam run-up: weakest cards on exam day first, no new card too late to mature."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from govcards import cram
from govcards import fsrs_scheduler as fsrs
from govcards.cli import app
from govcards.decks import load_decks
from govcards.exam_runtime import study_store
from govcards.model import CardFilter
from govcards.plan import maturity_days
from govcards.runtime import open_context
from govcards.store import Store, StudyStore
from govcards.store.cram import CramStudyStore
from govcards.store.schema import CardRow, ReviewRow
from govcards.study import Limits, StudySession

from .conftest import NOW, TODAY

EXAM = TODAY + timedelta(days=40)


@pytest.fixture
def studied(store: Store, small_deck: Path) -> Store:
    """Two weeks of daily study on the small deck, mixed grades."""
    store.import_decks(load_decks([small_deck]), NOW)
    db = StudyStore(store)
    n = 0
    for day in range(14):
        s = StudySession(db, TODAY + timedelta(days=day), lambda: NOW, Limits())
        while s.current:
            s.answer(4 if s.current.drill else (5, 4, 3, 2)[n % 4])
            n += 1
    return store


def test_the_run_up_is_the_last_cram_days_before_the_exam() -> None:
    assert cram.in_run_up(EXAM - timedelta(days=14), EXAM, 14)
    assert cram.in_run_up(EXAM, EXAM, 14)
    assert not cram.in_run_up(EXAM - timedelta(days=15), EXAM, 14)
    assert not cram.in_run_up(EXAM + timedelta(days=1), EXAM, 14)
    assert not cram.in_run_up(EXAM, None, 14)


def test_new_cards_stop_once_they_could_no_longer_mature() -> None:
    lead = maturity_days(fsrs.DEFAULT_PARAMS, 0.9)
    params = fsrs.DEFAULT_PARAMS
    assert cram.new_cards_allowed(EXAM - timedelta(days=lead), EXAM, params, 0.9)
    assert not cram.new_cards_allowed(EXAM - timedelta(days=lead - 1), EXAM, params, 0.9)


def test_the_cram_queue_pulls_forward_the_weakest_cards_lowest_first(studied: Store) -> None:
    day = TODAY + timedelta(days=20)
    exam = day + timedelta(days=10)
    queue = CramStudyStore(studied, exam).due_cards(day, CardFilter(), 1000)
    with studied.read() as s:
        rows = s.execute(
            select(CardRow.id, CardRow.stability, CardRow.difficulty, CardRow.last_review).where(
                CardRow.due.is_not(None)
            )
        ).all()
    recall = {
        pk: fsrs.retrievability(fsrs.FsrsState(st, df, last), exam) for pk, st, df, last in rows
    }
    picked = [c.card_pk for c in queue]
    assert picked, "two weeks of study must leave something weak 10 days before the exam"
    assert [recall[pk] for pk in picked] == sorted(recall[pk] for pk in picked)
    assert {pk for pk, r in recall.items() if r < 0.9} <= set(picked)
    ordinary = {c.card_pk for c in StudyStore(studied).due_cards(day, CardFilter(), 1000)}
    assert ordinary <= set(picked)
    assert set(picked) - ordinary, "cards not yet due must be pulled forward"


def test_cram_answers_are_ordinary_reviews_that_move_both_schedules(studied: Store) -> None:
    day = TODAY + timedelta(days=20)
    db = CramStudyStore(studied, day + timedelta(days=5))
    session = StudySession(db, day, lambda: NOW, Limits())
    item = session.current
    assert item is not None and session.counts()[1] == 0  # too late for new cards
    session.answer(5)
    with studied.read() as s:
        drill, grade = s.execute(
            select(ReviewRow.drill, ReviewRow.grade).order_by(ReviewRow.id.desc()).limit(1)
        ).one()
        card = s.get_one(CardRow, item.card.card_pk)
    assert (drill, grade) == (False, 5)
    assert card.last_review == day and card.due is not None and card.due > day


def test_review_crams_by_itself_in_the_run_up_and_on_request(studied: Store) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["review", "--cram"], input="q\n")
    assert refused.exit_code == 2 and "exam_date" in refused.stderr
    studied.set_setting("exam_date", (TODAY + timedelta(days=10)).isoformat())
    assert isinstance(study_store(open_context(None), cram=False), CramStudyStore)
    studied.set_setting("exam_date", (TODAY + timedelta(days=100)).isoformat())
    assert not isinstance(study_store(open_context(None), cram=False), CramStudyStore)
    assert isinstance(study_store(open_context(None), cram=True), CramStudyStore)
