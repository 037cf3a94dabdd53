"""SM-2 as docs/scheduling.md pins it: reference sequences, failures, the floor, invariants."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from govcards.clock import study_day, zone_named
from govcards.scheduler import MAX_INTERVAL, MIN_EFACTOR, NEW_EFACTOR, Sm2State, preview, review

from .conftest import NOW, TODAY, ZONE

DAY = date(2026, 3, 2)


def run(grades: list[int], start: Sm2State | None = None) -> list[Sm2State]:
    """Grade a card on its due day each time; the states after each answer."""
    state, today, out = start or Sm2State(), DAY, []
    for grade in grades:
        state = review(state, grade, today)
        out.append(state)
        assert state.due is not None
        today = state.due
    return out


def test_grades_4_4_3_3_4_give_intervals_1_6_15_36_80() -> None:
    states = run([4, 4, 3, 3, 4])
    assert [s.interval for s in states] == [1, 6, 15, 36, 80]
    assert [s.repetitions for s in states] == [1, 2, 3, 4, 5]
    assert [s.efactor for s in states] == [2500, 2500, 2360, 2220, 2220]


def test_five_perfect_grades_give_intervals_1_6_17_48_140_and_efactor_3000() -> None:
    states = run([5, 5, 5, 5, 5])
    assert [s.interval for s in states] == [1, 6, 17, 48, 140]
    assert states[-1].efactor == 3000
    assert states[-1].lapses == 0


def test_reference_sequence_dues_follow_the_intervals() -> None:
    states = run([4, 4, 3, 3, 4])
    assert states[0].due == DAY + timedelta(days=1)
    assert states[1].due == DAY + timedelta(days=7)
    assert states[-1].due == DAY + timedelta(days=1 + 6 + 15 + 36 + 80)


def test_new_card_starts_with_efactor_2500_and_no_due() -> None:
    fresh = Sm2State()
    assert (fresh.repetitions, fresh.efactor, fresh.interval, fresh.lapses) == (0, 2500, 0, 0)
    assert fresh.due is None
    assert NEW_EFACTOR == 2500 and MIN_EFACTOR == 1300


@pytest.mark.parametrize("grade", [0, 1, 2])
def test_failed_card_restarts_at_one_day(grade: int) -> None:
    mature = run([5, 5, 5, 5])[-1]
    assert mature.interval == 48
    failed = review(mature, grade, DAY)
    assert failed.repetitions == 0
    assert failed.interval == 1
    assert failed.due == DAY + timedelta(days=1)


def test_after_a_failure_the_card_climbs_again_from_one_and_six_days() -> None:
    states = run([5, 5, 5, 1, 4, 4, 4])
    assert [s.interval for s in states] == [1, 6, 17, 1, 1, 6, 14]
    # 17 × 2.80 → failure (2.26) → 1, 6, then ceil(6 × 2.26) = 14
    assert states[3].efactor == 2260


def test_efactor_never_falls_below_1300() -> None:
    states = run([0] * 6)
    assert [s.efactor for s in states] == [1700, 1300, 1300, 1300, 1300, 1300]
    low = Sm2State(repetitions=3, efactor=1300, interval=10, due=DAY)
    assert review(low, 3, DAY).efactor == 1300
    assert review(low, 3, DAY).interval == 13


def test_efactor_has_no_ceiling() -> None:
    states = run([5] * 12)
    assert states[-1].efactor == 2500 + 12 * 100


@pytest.mark.parametrize(
    ("grade", "change"), [(5, 100), (4, 0), (3, -140), (2, -320), (1, -540), (0, -800)]
)
def test_efactor_changes_by_the_pinned_table_for_each_grade(grade: int, change: int) -> None:
    before = Sm2State(repetitions=4, efactor=2500, interval=30, due=DAY)
    assert review(before, grade, DAY).efactor == 2500 + change


def test_efactor_updates_on_a_failure_too() -> None:
    failed = review(Sm2State(repetitions=3, efactor=2000, interval=20, due=DAY), 2, DAY)
    assert failed.efactor == 1680


def test_interval_uses_the_efactor_from_before_this_review() -> None:
    state = Sm2State(repetitions=2, efactor=2500, interval=6, due=DAY)
    # q5: the old efactor 2.5 gives 6 × 2.5 = 15; the new one (2.6) would give 16
    assert review(state, 5, DAY).interval == 15
    assert review(state, 5, DAY).efactor == 2600


def test_interval_is_rounded_up() -> None:
    state = Sm2State(repetitions=2, efactor=2360, interval=15, due=DAY)
    assert review(state, 4, DAY).interval == 36  # 35.4 → 36


def test_first_failure_of_a_brand_new_card_is_not_a_lapse() -> None:
    first = review(Sm2State(), 1, DAY)
    assert first.lapses == 0
    assert first.repetitions == 0 and first.interval == 1


def test_failure_of_a_card_reviewed_before_counts_a_lapse() -> None:
    first = review(Sm2State(), 1, DAY)
    second = review(first, 0, first.due or DAY)
    assert second.lapses == 1
    learned = run([5, 5, 2, 4, 1])
    assert [s.lapses for s in learned] == [0, 0, 1, 1, 2]


def test_passing_grades_never_count_a_lapse() -> None:
    assert run([3, 4, 5, 3])[-1].lapses == 0


@pytest.mark.parametrize("bad", [-1, 6, 10, -100])
def test_quality_outside_0_to_5_raises_value_error(bad: int) -> None:
    with pytest.raises(ValueError, match="0 to 5"):
        review(Sm2State(), bad, DAY)


@pytest.mark.parametrize("bad", [True, False, 3.0, 4.5, "4", None])
def test_quality_that_is_not_a_plain_integer_raises_value_error(bad: object) -> None:
    with pytest.raises(ValueError):
        review(Sm2State(), bad, DAY)  # type: ignore[arg-type]


def test_review_never_mutates_its_input() -> None:
    before = Sm2State(repetitions=2, efactor=2400, interval=6, lapses=1, due=DAY)
    copy = dataclasses.replace(before)
    after = review(before, 5, DAY)
    assert before == copy
    assert after is not before
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.interval = 99  # type: ignore[misc]


def test_preview_gives_every_grade_and_leaves_the_state_alone() -> None:
    state = Sm2State(repetitions=2, efactor=2500, interval=6, due=DAY)
    outcomes = preview(state, DAY)
    assert sorted(outcomes) == [0, 1, 2, 3, 4, 5]
    assert {q: s.interval for q, s in outcomes.items()} == {0: 1, 1: 1, 2: 1, 3: 15, 4: 15, 5: 15}
    assert state == Sm2State(repetitions=2, efactor=2500, interval=6, due=DAY)


# --- study days ------------------------------------------------------------------------------

SHANGHAI = zone_named(ZONE)


def test_the_pinned_clock_falls_on_the_pinned_study_day() -> None:
    assert study_day(NOW, SHANGHAI, 4) == TODAY


def test_a_review_at_one_in_the_morning_counts_for_the_previous_day() -> None:
    one_am = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 03-03 01:00 in Shanghai
    assert study_day(one_am, SHANGHAI, 4) == date(2026, 3, 2)
    assert study_day(one_am, SHANGHAI, 0) == date(2026, 3, 3)


def test_the_study_day_turns_at_the_day_start_hour() -> None:
    before = datetime(2026, 3, 2, 19, 59, tzinfo=UTC)  # 03:59 in Shanghai
    at = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # 04:00 in Shanghai
    assert study_day(before, SHANGHAI, 4) == date(2026, 3, 2)
    assert study_day(at, SHANGHAI, 4) == date(2026, 3, 3)


def test_study_day_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(datetime(2026, 3, 2, 9, 0), SHANGHAI, 4)


def test_time_zones_are_found_by_iana_name() -> None:
    assert zone_named("UTC") is UTC
    assert study_day(NOW, zone_named("utc"), 0) == date(2026, 3, 2)
    with pytest.raises(ValueError, match="unknown time zone"):
        zone_named("中国/北京")


# --- Hypothesis invariants ------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
grades = st.integers(min_value=0, max_value=5)
states = st.builds(
    Sm2State,
    repetitions=st.integers(min_value=0, max_value=50),
    efactor=st.integers(min_value=MIN_EFACTOR, max_value=6000),
    interval=st.integers(min_value=0, max_value=MAX_INTERVAL),
    lapses=st.integers(min_value=0, max_value=100),
    due=st.none() | days,
)


@given(states, grades, days)
def test_efactor_stays_at_least_1300_after_any_review(
    state: Sm2State, grade: int, today: date
) -> None:
    assert review(state, grade, today).efactor >= 1300


@given(states, grades, days)
@example(Sm2State(repetitions=2, interval=0), 4, DAY)  # a state with no interval yet
def test_interval_is_at_least_one_day_after_any_review(
    state: Sm2State, grade: int, today: date
) -> None:
    assert review(state, grade, today).interval >= 1


@given(states, grades, days)
@example(Sm2State(repetitions=12, efactor=6000, interval=MAX_INTERVAL, due=DAY), 5, DAY)
def test_no_interval_ever_passes_the_36500_day_cap(
    state: Sm2State, grade: int, today: date
) -> None:
    assert review(state, grade, today).interval <= MAX_INTERVAL


@given(states, grades, days)
def test_due_is_today_plus_the_interval(state: Sm2State, grade: int, today: date) -> None:
    after = review(state, grade, today)
    assert after.due == today + timedelta(days=after.interval)


@given(states, days)
def test_preview_agrees_with_review(state: Sm2State, today: date) -> None:
    outcomes = preview(state, today)
    assert outcomes == {q: review(state, q, today) for q in range(6)}


@given(states, grades, days)
def test_review_is_a_pure_function(state: Sm2State, grade: int, today: date) -> None:
    snapshot = dataclasses.astuple(state)
    assert review(state, grade, today) == review(state, grade, today)
    assert dataclasses.astuple(state) == snapshot


@given(states, grades, days)
def test_pass_or_fail_decides_repetitions_and_lapses(
    state: Sm2State, grade: int, today: date
) -> None:
    after = review(state, grade, today)
    if grade >= 3:
        assert after.repetitions == state.repetitions + 1
        assert after.lapses == state.lapses
    else:
        assert after.repetitions == 0 and after.interval == 1
        assert after.lapses == state.lapses + (1 if state.due is not None else 0)


@given(st.lists(grades, min_size=1, max_size=12))
def test_any_sequence_of_grades_keeps_every_invariant(sequence: list[int]) -> None:
    state, today = Sm2State(), DAY
    lapses = 0
    for grade in sequence:
        before = state
        state = review(state, grade, today)
        assert state.efactor >= 1300
        assert state.interval >= 1
        assert state.due == today + timedelta(days=state.interval)
        if grade < 3 and before.due is not None:
            lapses += 1
        assert state.lapses == lapses
        assert state.due is not None
        today = state.due
    failures = [i for i, g in enumerate(sequence) if g < 3]
    passes_since_failure = len(sequence) - (failures[-1] + 1 if failures else 0)
    assert state.repetitions == passes_since_failure


@given(st.lists(st.integers(min_value=3, max_value=5), min_size=3, max_size=12))
def test_passing_sequences_never_shrink_the_interval(sequence: list[int]) -> None:
    intervals = [s.interval for s in run(sequence)]
    assert intervals[:2] == [1, 6]
    assert intervals == sorted(intervals)
