"""plan: both schedulers to the exam day, pinned JSON, monotone in retention, new-card advice."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from govcards import fsrs_scheduler as fsrs
from govcards.cli import app
from govcards.decks import load_decks
from govcards.plan import PlanCard, maturity_days, recommend_new, simulate
from govcards.scheduler import Sm2State
from govcards.store import Store

from .conftest import NOW, TODAY

KINDS = ("case", "structure", "quote", "basic")


def new_cards(count: int, themes: tuple[str, ...] = ()) -> list[PlanCard]:
    return [PlanCard(KINDS[i % 4], f"deck-{i % 3}", themes) for i in range(count)]


def total_reviews(plan_days: list[object]) -> int:
    return sum(d.reviews for d in plan_days)  # type: ignore[attr-defined]


def test_a_higher_retention_target_means_more_fsrs_reviews_and_better_recall() -> None:
    cards = new_cards(400)
    exam = TODAY + timedelta(days=120)
    low = simulate(cards, TODAY, exam, retention=0.80, new_per_day=10)
    high = simulate(cards, TODAY, exam, retention=0.95, new_per_day=10)
    assert total_reviews(high.outcomes["fsrs"].days) > total_reviews(low.outcomes["fsrs"].days)
    assert high.outcomes["fsrs"].exam_recall > low.outcomes["fsrs"].exam_recall
    # SM-2 ignores the target: the same draws give the same schedule
    assert total_reviews(high.outcomes["sm2"].days) == total_reviews(low.outcomes["sm2"].days)


def test_every_day_to_the_eve_of_the_exam_is_planned_for_both_schedulers() -> None:
    exam = TODAY + timedelta(days=30)
    plan = simulate(new_cards(50), TODAY, exam, new_per_day=5)
    for outcome in plan.outcomes.values():
        assert [d.date for d in outcome.days] == [TODAY + timedelta(days=i) for i in range(30)]
        assert sum(d.new for d in outcome.days) == 50
        assert outcome.days[0].reviews == 0 and outcome.days[1].reviews > 0
        assert all(d.minutes >= 0 for d in outcome.days)
        assert 0 < outcome.exam_recall <= 1
        assert set(outcome.by_kind) == set(KINDS)
        assert set(outcome.by_deck) == {"deck-0", "deck-1", "deck-2"}


def test_the_advised_pace_introduces_every_card_in_time_to_mature() -> None:
    exam = TODAY + timedelta(days=90)
    lead = maturity_days(fsrs.DEFAULT_PARAMS, 0.9)
    assert 10 < lead < 60
    plan = simulate(new_cards(500), TODAY, exam)
    assert plan.new_per_day == plan.recommended_new == recommend_new(500, TODAY, exam, lead)
    last_new = max(d.date for d in plan.outcomes["fsrs"].days if d.new)
    assert (exam - last_new).days >= lead
    assert plan.unintroduced == 0


def test_too_slow_a_pace_leaves_cards_unlearned_and_lowers_recall() -> None:
    exam = TODAY + timedelta(days=40)
    slow = simulate(new_cards(300), TODAY, exam, new_per_day=2)
    advised = simulate(new_cards(300), TODAY, exam)
    assert slow.unintroduced == 300 - 2 * 40
    assert slow.outcomes["fsrs"].exam_recall < advised.outcomes["fsrs"].exam_recall
    assert recommend_new(300, TODAY, TODAY + timedelta(days=5), 20) == 300  # too late: all now


def test_recall_is_reported_per_theme_when_notes_have_themes() -> None:
    plan = simulate(new_cards(20, ("jiceng",)), TODAY, TODAY + timedelta(days=20), new_per_day=5)
    assert set(plan.outcomes["sm2"].by_theme) == {"jiceng"}


def test_a_well_known_card_is_predicted_to_be_remembered_better_than_a_new_one() -> None:
    exam = TODAY + timedelta(days=10)
    known = PlanCard(
        "case",
        "d",
        sm2=Sm2State(5, 2600, 60, 0, TODAY + timedelta(days=30)),
        memory=fsrs.FsrsState(120.0, 3.0, TODAY - timedelta(days=30), TODAY + timedelta(days=90)),
    )
    plan = simulate([known, PlanCard("case", "d")], TODAY, exam, new_per_day=0)
    assert plan.outcomes["fsrs"].exam_recall == pytest.approx(
        fsrs.retrievability(known.memory, exam) / 2
    )


def test_plan_json_has_the_pinned_shape(store: Store, small_deck: Path) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    result = CliRunner().invoke(app, ["plan", "--exam", "2026-04-01", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["exam", "retention", "schedulers"]
    assert (data["exam"], data["retention"]) == ("2026-04-01", 0.9)
    assert list(data["schedulers"]) == ["sm2", "fsrs"]
    for outcome in data["schedulers"].values():
        assert list(outcome) == ["days", "exam_recall"]
        assert 0 <= outcome["exam_recall"] <= 1
        assert len(outcome["days"]) == (date(2026, 4, 1) - TODAY).days
        assert all(list(d) == ["date", "reviews", "new", "minutes"] for d in outcome["days"])
        assert outcome["days"][0]["date"] == TODAY.isoformat()


def test_plan_reads_the_exam_date_from_config_and_refuses_without_one(
    chinese: None, store: Store, small_deck: Path
) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    runner = CliRunner()
    missing = runner.invoke(app, ["plan"])
    assert missing.exit_code == 2 and "exam_date" in missing.stderr
    assert runner.invoke(app, ["config", "exam_date", "2026-05-01"]).exit_code == 0
    shown = runner.invoke(app, ["plan"], env={"GOVCARDS_WIDTH": "80"})
    assert shown.exit_code == 0, shown.stderr
    assert max(cell_len(line) for line in shown.stdout.splitlines()) <= 80
    assert "FSRS" in shown.stdout and "考试日记忆率" in shown.stdout
    stats = runner.invoke(app, ["stats"])
    assert "距考试（2026-05-01）还有 60 天" in stats.stdout.replace("\n", "")


def test_stats_json_gives_the_exam_countdown_once_a_date_is_set(
    store: Store, small_deck: Path
) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    runner = CliRunner()
    before = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert before["exam"] is None
    assert runner.invoke(app, ["config", "exam_date", "2026-05-01"]).exit_code == 0
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.stderr
    exam = json.loads(result.stdout)["exam"]
    assert list(exam) == ["date", "days_left", "scheduler", "exam_recall"]
    assert exam["date"] == "2026-05-01" and exam["days_left"] == 60
    assert exam["scheduler"] == "sm2"
    daily = ["plan", "--json", "--new", "20"]  # stats plans at the daily new-card setting
    plan = json.loads(runner.invoke(app, daily).stdout)
    assert exam["exam_recall"] == plan["schedulers"]["sm2"]["exam_recall"]  # same simulation
    assert runner.invoke(app, ["config", "scheduler", "fsrs"]).exit_code == 0
    switched = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["exam"]
    assert switched["scheduler"] == "fsrs"
    assert switched["exam_recall"] == plan["schedulers"]["fsrs"]["exam_recall"]


@pytest.mark.parametrize("count", [0, 7, 500, 1234])
def test_the_plan_reports_its_progress_up_to_every_card_of_both_schedulers(count: int) -> None:
    told: list[tuple[int, int]] = []
    simulate(new_cards(count), TODAY, TODAY + timedelta(days=40), new_per_day=20,
             progress=lambda done, total: told.append((done, total)))  # fmt: skip
    work = 2 * count  # each card is walked once per scheduler
    assert all(total == work for _, total in told)
    done = [d for d, _ in told]
    assert done == sorted(set(done))  # only forward
    assert done[-1:] == ([work] if count else [])  # ends complete (nothing to tell for none)
    assert len(told) <= work // 500 + 1  # told in steps, not per card
