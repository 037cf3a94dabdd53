"""optimize: fitted parameters beat the defaults on a learner simulated from known parameters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from govcards import fsrs_scheduler as fsrs
from govcards.cli import app
from govcards.decks import load_decks
from govcards.optimize import MIN_REVIEWS, NotEnoughReviews, fit, score, training_items
from govcards.store import Store, StudyStore
from govcards.store.fsrs_state import current_settings, histories, save_params
from govcards.store.schema import CardRow
from govcards.study import Limits, StudySession

from .conftest import NOW, TODAY
from .synthetic_learner import TRUE_PARAMS, simulate


def test_fitted_parameters_predict_a_simulated_learner_better_than_the_defaults() -> None:
    log = simulate(cards=300, days=200)
    told: list[tuple[int, int]] = []
    result = fit(log, progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 4), (2, 4), (3, 4), (4, 4)]  # each stage, in order, once
    assert result.reviews >= MIN_REVIEWS
    assert result.after.log_loss < result.before.log_loss
    assert result.after.rmse < result.before.rmse
    fresh = training_items(simulate(cards=300, days=200, seed=99))  # the same learner, new cards
    assert score(result.params, fresh).log_loss < score(fsrs.DEFAULT_PARAMS, fresh).log_loss
    assert result.params[0] < fsrs.DEFAULT_PARAMS[0] * 1.5  # learns the faster forgetting
    assert result.params != TRUE_PARAMS  # fitted, not copied


def test_too_short_a_log_is_refused_with_the_number_needed() -> None:
    log = simulate(cards=10, days=60)
    told: list[tuple[int, int]] = []
    with pytest.raises(NotEnoughReviews) as caught:
        fit(log, progress=lambda done, total: told.append((done, total)))
    assert told == []  # refused before any stage
    assert caught.value.need == MIN_REVIEWS
    assert caught.value.have == len(training_items(log)) < MIN_REVIEWS


def test_the_command_refuses_politely_on_a_new_collection(store: Store, small_deck: Path) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    result = CliRunner().invoke(app, ["optimize"])
    assert result.exit_code == 1
    assert str(MIN_REVIEWS) in result.stderr
    assert "Traceback" not in result.stderr
    assert current_settings(store).params == fsrs.DEFAULT_PARAMS


def test_stored_parameters_recompute_every_card_as_a_fresh_replay(
    store: Store, small_deck: Path
) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    db = StudyStore(store)
    for day in range(6):
        s = StudySession(db, TODAY + timedelta(days=day), lambda: NOW, Limits())
        while s.current:
            s.answer(4 if day % 2 or s.current.drill else 3)
    assert save_params(store, TRUE_PARAMS) > 0
    assert current_settings(store).params == TRUE_PARAMS
    replays = sorted(fsrs.replay(h, TRUE_PARAMS).stability or 0 for h in histories(store))
    with store.read() as s:
        stored = sorted(s.scalars(select(CardRow.stability).where(CardRow.due.is_not(None))))
    assert stored == replays
