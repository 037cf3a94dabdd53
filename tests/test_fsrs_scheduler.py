"""The FSRS wrapper: pinned grade mapping, day granularity, the shared 36,500-day cap, replay."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcards import fsrs_scheduler as fsrs
from govcards.scheduler import MAX_INTERVAL, Sm2State
from govcards.scheduler import review as sm2_review

DAY = date(2026, 3, 1)


@pytest.mark.parametrize(("grade", "expected"), [(0, 1), (1, 1), (2, 1), (3, 2), (4, 3), (5, 4)])
def test_grades_map_to_again_hard_good_easy(grade: int, expected: int) -> None:
    assert fsrs.rating(grade) == expected


@pytest.mark.parametrize("grade", [-1, 6, True, 4.0])
def test_a_grade_outside_zero_to_five_is_refused(grade: object) -> None:
    with pytest.raises(ValueError):
        fsrs.review(fsrs.FsrsState(), grade, DAY)  # type: ignore[arg-type]


def test_grades_zero_one_and_two_give_the_same_state() -> None:
    state = fsrs.review(fsrs.FsrsState(), 4, DAY)
    later = state.due
    assert later is not None
    outcomes = {fsrs.review(state, q, later) for q in (0, 1, 2)}
    assert len(outcomes) == 1


def test_a_first_good_answer_starts_from_the_initial_stability_without_learning_steps() -> None:
    state = fsrs.review(fsrs.FsrsState(), 4, DAY)
    assert state.stability == pytest.approx(fsrs.DEFAULT_PARAMS[2])
    assert state.last_review == DAY
    assert state.due is not None and state.due > DAY  # straight to whole days: no 10-minute step


def test_better_grades_never_give_shorter_intervals() -> None:
    state = fsrs.review(fsrs.FsrsState(), 4, DAY)
    assert state.due is not None
    dues = [fsrs.review(state, q, state.due).due for q in (2, 3, 4, 5)]
    assert dues == sorted(dues)
    assert dues[0] != dues[-1]


def test_the_review_leaves_its_input_untouched_and_is_deterministic() -> None:
    start = fsrs.review(fsrs.FsrsState(), 3, DAY)
    copy = replace(start)
    first = fsrs.review(start, 4, DAY + timedelta(days=5))
    second = fsrs.review(start, 4, DAY + timedelta(days=5))
    assert start == copy
    assert first == second  # no fuzz


def test_higher_retention_gives_shorter_intervals() -> None:
    state = fsrs.review(fsrs.FsrsState(), 4, DAY)
    assert state.due is not None
    low = fsrs.review(state, 4, state.due, retention=0.80).due
    high = fsrs.review(state, 4, state.due, retention=0.95).due
    assert low is not None and high is not None and high < low


def test_retrievability_is_ninety_percent_after_one_stability_and_falls_with_time() -> None:
    state = fsrs.FsrsState(10.0, 5.0, DAY, DAY + timedelta(days=10))
    assert fsrs.retrievability(state, DAY + timedelta(days=10)) == pytest.approx(0.9)
    assert fsrs.retrievability(state, DAY) == pytest.approx(1.0)
    assert fsrs.retrievability(state, DAY + timedelta(days=40)) < 0.8
    assert fsrs.retrievability(fsrs.FsrsState(), DAY) == 0.0


def test_a_hundred_perfect_passes_stay_within_the_cap_on_both_schedulers() -> None:
    stability, difficulty, interval = None, None, 0
    for _ in range(100):
        stability, difficulty, interval = fsrs.step(
            stability, difficulty, interval, 4, fsrs.DEFAULT_PARAMS, 0.9
        )
        assert 1 <= interval <= MAX_INTERVAL
        assert stability <= MAX_INTERVAL
    assert interval == MAX_INTERVAL and stability == MAX_INTERVAL
    sm2 = Sm2State()
    for _ in range(100):
        sm2 = sm2_review(replace(sm2, due=DAY if sm2.due else None), 5, DAY)
        assert sm2.interval <= MAX_INTERVAL
    assert sm2.interval == MAX_INTERVAL


def test_a_card_near_the_cap_is_clamped_in_stability_and_interval() -> None:
    state = fsrs.FsrsState(30_000.0, 1.0, DAY, DAY + timedelta(days=30_000))
    after = fsrs.review(state, 5, DAY + timedelta(days=30_000))
    assert after.stability == MAX_INTERVAL
    assert after.due == DAY + timedelta(days=30_000 + MAX_INTERVAL)


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 400)), min_size=1, max_size=25),
    st.floats(0.75, 0.97),
)
def test_replay_equals_the_live_updates_exactly(
    answers: list[tuple[int, int]], retention: float
) -> None:
    live = fsrs.FsrsState()
    log: list[tuple[int, date]] = []
    day = DAY
    for grade, gap in answers:
        day += timedelta(days=gap)
        live = fsrs.review(live, grade, day, retention=retention)
        log.append((grade, day))
        assert live.stability is not None and 0 < live.stability <= MAX_INTERVAL
        assert live.due is not None and 1 <= (live.due - day).days <= MAX_INTERVAL
    fsrs.step.cache_clear()
    assert fsrs.replay(log, retention=retention) == live


def test_stored_parameters_round_trip_and_bad_text_falls_back_to_the_defaults() -> None:
    params = tuple(p * 1.01 for p in fsrs.DEFAULT_PARAMS)
    assert fsrs.parse_params(fsrs.format_params(params)) == params
    assert fsrs.parse_params("") == fsrs.DEFAULT_PARAMS
    assert fsrs.parse_params("1,2,x") == fsrs.DEFAULT_PARAMS
    assert fsrs.parse_params("1,2,3") == fsrs.DEFAULT_PARAMS


def test_an_sm2_card_without_history_converts_to_a_memory_state() -> None:
    state = fsrs.from_sm2(2500, 20, DAY, DAY + timedelta(days=20), fsrs.DEFAULT_PARAMS)
    assert state.stability is not None and state.stability > 5
    assert state.difficulty is not None and 1 <= state.difficulty <= 10
    assert state.due == DAY + timedelta(days=20)
