"""Stats over a fixed review history, every expected number worked out by hand below.

The history (small deck, study days in Asia/Shanghai, today = Monday 2026-03-02):

  card                      answers (day grade; d = re-drill)          state after
  A jiangyin/recall         12-01 5, 12-02 5, 12-08 5, 12-25 5,        interval 140, mature
                            02-11 4 (interval before 48: mature pass)
  B dangjian-duice/outline  as A until 12-25 (interval 48), then       interval 6, due 02-27
                            02-11 2 (mature fail, lapse 1), 02-11 d4,  (overdue), lapses 2
                            02-12 4, 02-13 3, 02-19 1 (lapse 2),
                            02-20 5, 02-21 5
  G jiangyin/identify       02-14 5 (new)                              due 02-15 (overdue)
  C zuihou-yigongli/blank-1 02-28 4 (new), 03-01 5                     interval 6, due 03-07
  D santi-heyi/front        02-28 2 (new: no lapse), d3, d5,           due 03-03, lapses 1
                            03-01 4, 03-02 0 (lapse 1), d4
  E dangjian-duice/point-1  03-02 5 (new)                              due 03-03
  F santi-heyi/back         03-02 3 (new)                              due 03-03
  never answered: point-3, blank-2, source (all topic dangjian).

Retention over 30 days (02-01..03-02), first answer of the day on cards that were not new:
mature A 02-11 ✓, B 02-11 ✗ → 1/2; young B 02-12 ✓ 02-13 ✓ 02-19 ✗ 02-20 ✓ 02-21 ✓,
C 03-01 ✓, D 03-01 ✓ 03-02 ✗ → 6/8.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.scheduler import Sm2State, review
from govcards.stats import (
    Dashboard,
    build_dashboard,
    calendar,
    forecast,
    streak,
    to_json,
)
from govcards.store import Answer, Store
from govcards.store.reports import Reports
from govcards.ui.dashboard import shade

from .conftest import NOW, TODAY
from .review_history import History

DECK = "test-dangjian"
OTHER_DECK = """\
deck: 另一个牌组
id: other
notes:
  - id: q1
    kind: basic
    front: 问
    back: 答
"""


def d(month: int, day: int) -> date:
    return date(2025 if month == 12 else 2026, month, day)


def record_history(h: History) -> None:
    for day in (d(12, 1), d(12, 2), d(12, 8), d(12, 25)):
        h.answer("jiangyin", "recall", day, 5)
        h.answer("dangjian-duice", "outline", day, 5)
    h.answer("jiangyin", "recall", d(2, 11), 4)
    h.answer("dangjian-duice", "outline", d(2, 11), 2)
    h.answer("dangjian-duice", "outline", d(2, 11), 4, drill=True)
    h.answer("dangjian-duice", "outline", d(2, 12), 4)
    h.answer("dangjian-duice", "outline", d(2, 13), 3)
    h.answer("jiangyin", "identify", d(2, 14), 5)
    h.answer("dangjian-duice", "outline", d(2, 19), 1)
    h.answer("dangjian-duice", "outline", d(2, 20), 5)
    h.answer("dangjian-duice", "outline", d(2, 21), 5)
    h.answer("zuihou-yigongli", "blank-1", d(2, 28), 4)
    h.answer("santi-heyi", "front", d(2, 28), 2)
    h.answer("santi-heyi", "front", d(2, 28), 3, drill=True)
    h.answer("santi-heyi", "front", d(2, 28), 5, drill=True)
    h.answer("zuihou-yigongli", "blank-1", d(3, 1), 5)
    h.answer("santi-heyi", "front", d(3, 1), 4)
    h.answer("santi-heyi", "front", TODAY, 0, ms=20_000)
    h.answer("santi-heyi", "front", TODAY, 4, drill=True, ms=10_000)
    h.answer("dangjian-duice", "point-1", TODAY, 5, ms=30_000)
    h.answer("santi-heyi", "back", TODAY, 3, ms=30_000)


@pytest.fixture
def history(store: Store, small_deck: Path) -> Store:
    store.import_decks(load_decks([small_deck]), NOW)
    record_history(History(store, DECK))
    return store


def dashboard(
    store: Store, days: int = 30, deck: str | None = None, leech_lapses: int = 1
) -> Dashboard:
    rows = Reports.of(store).stats_rows(TODAY, days, deck, leech_lapses=leech_lapses)
    return build_dashboard(rows, TODAY, days, deck)


def rate(reviews: int, passed: int) -> dict[str, object]:
    return {"reviews": reviews, "passed": passed, "rate": round(passed / reviews, 4)}


EXPECTED_TODAY = {
    "reviewed": 3,  # D, E, F first-pass; D's re-drill is not a review
    "new": 2,  # E, F
    "correct": 2,  # E 5, F 3 (D 0 failed)
    "accuracy": 0.6667,
    "drills": 1,
    "time_ms": 90_000,  # 20 s + 10 s (drill) + 30 s + 30 s
    "minutes": 1.5,
}
EXPECTED_RETENTION = {
    "days": 30,
    "young": rate(8, 6),
    "mature": rate(2, 1),
    "overall": rate(10, 7),
}
EXPECTED_TOPICS = [
    {
        "deck": DECK,
        "topic": "dangjian",
        "name": "强化基层党建",
        "cards": 8,  # recall, identify, outline, point-1, point-3, blank-1, blank-2, source
        "new": 3,  # point-3, blank-2, source
        "young": 4,  # G identify, B outline, E point-1, C blank-1
        "mature": 1,  # A recall
        "retention": rate(8, 6),  # A ✓, B 02-11 ✗, B young 4 of 5, C ✓
    },
    {
        "deck": DECK,
        "topic": None,
        "name": "（无主题）",
        "cards": 2,
        "new": 0,
        "young": 2,
        "mature": 0,
        "retention": rate(2, 1),  # D 03-01 ✓, 03-02 ✗
    },
]
EXPECTED_KINDS = [
    {"kind": "case", "name": "案例", "cards": 2, "new": 0, "young": 1, "mature": 1},
    {"kind": "structure", "name": "对策", "cards": 3, "new": 1, "young": 2, "mature": 0},
    {"kind": "quote", "name": "金句", "cards": 3, "new": 2, "young": 1, "mature": 0},
    {"kind": "basic", "name": "问答", "cards": 2, "new": 0, "young": 2, "mature": 0},
]
EXPECTED_KIND_RETENTION = [rate(1, 1), rate(6, 4), rate(1, 1), rate(2, 1)]
EXPECTED_CALENDAR = {
    d(12, 1): 2,
    d(12, 2): 2,
    d(12, 8): 2,
    d(12, 25): 2,
    d(2, 11): 3,  # A, B and B's re-drill: the calendar shows all the work done
    d(2, 12): 1,
    d(2, 13): 1,
    d(2, 14): 1,
    d(2, 19): 1,
    d(2, 20): 1,
    d(2, 21): 1,
    d(2, 28): 4,  # C, D and D's two re-drills
    d(3, 1): 2,
    d(3, 2): 4,  # D, D's re-drill, E, F
}


def test_today_counts_first_pass_answers_new_cards_accuracy_and_minutes(history: Store) -> None:
    assert to_json(dashboard(history))["today"] == EXPECTED_TODAY


def test_streak_counts_consecutive_study_days_up_to_today(history: Store) -> None:
    board = to_json(dashboard(history))
    # 02-28, 03-01, 03-02 now; 02-11 to 02-14 was the longest run
    assert board["streak"] == {"current": 3, "longest": 4, "studied_today": True}


def test_calendar_has_26_weeks_from_a_monday_with_the_daily_counts(history: Store) -> None:
    days = dashboard(history).calendar
    assert days[0][0] == date(2025, 9, 8) and days[0][0].weekday() == 0
    assert days[-1][0] == TODAY
    assert len(days) == 25 * 7 + 1  # today is a Monday: the 26th week has one day so far
    assert {day: n for day, n in days if n} == EXPECTED_CALENDAR


def test_forecast_counts_overdue_cards_today_and_each_due_day_after(history: Store) -> None:
    days = dashboard(history).forecast
    assert [day for day, _ in days] == [TODAY + timedelta(days=i) for i in range(14)]
    # today: B (due 02-27) and G (due 02-15) overdue; 03-03: D, E, F; 03-07: C; A is in July
    assert {day: n for day, n in days if n} == {d(3, 2): 2, d(3, 3): 3, d(3, 7): 1}


def test_true_retention_splits_first_answers_on_review_cards_young_and_mature(
    history: Store,
) -> None:
    assert to_json(dashboard(history))["retention"] == EXPECTED_RETENTION


def test_retention_window_is_the_last_days_study_days_including_today(history: Store) -> None:
    last_week = dashboard(history, days=7).retention  # 02-24..03-02: C ✓, D ✓, D ✗
    assert (last_week.young.reviews, last_week.young.passed) == (3, 2)
    assert last_week.mature.reviews == 0 and last_week.mature.rate is None
    assert dashboard(history, days=19).retention.young.reviews == 8  # from 02-12: B's ✓ in
    assert dashboard(history, days=18).retention.young.reviews == 7  # from 02-13: out


@pytest.mark.usefixtures("chinese")  # the names read in the default language
def test_mastery_per_topic_counts_live_cards_by_maturity_with_retention(history: Store) -> None:
    assert to_json(dashboard(history))["mastery"]["topics"] == EXPECTED_TOPICS  # type: ignore[index]


@pytest.mark.usefixtures("chinese")  # the names read in the default language
def test_mastery_per_kind_counts_cards_by_maturity_with_retention(history: Store) -> None:
    kinds = to_json(dashboard(history))["mastery"]["kinds"]  # type: ignore[index]
    assert [{k: v for k, v in row.items() if k != "retention"} for row in kinds] == EXPECTED_KINDS
    assert [row["retention"] for row in kinds] == EXPECTED_KIND_RETENTION


def test_leeches_are_the_cards_with_the_most_lapses(history: Store) -> None:
    leeches = dashboard(history).leeches
    assert [(x.note, x.card, x.lapses) for x in leeches] == [
        ("dangjian-duice", "outline", 2),  # 02-11 and 02-19
        ("santi-heyi", "front", 1),  # 03-02 only: failing a new card is no lapse
    ]
    assert leeches[0].label == "强化基层党建的对策"


def test_leeches_start_at_the_configured_number_of_lapses(history: Store) -> None:
    assert [x.lapses for x in dashboard(history, leech_lapses=2).leeches] == [2]
    assert dashboard(history, leech_lapses=3).leeches == ()
    assert Reports.of(history).stats_rows(TODAY, 30, None).leeches == ()  # the default is 8


def test_a_card_is_mature_from_an_interval_of_21_days(store: Store, small_deck: Path) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    h = History(store, DECK)
    pks = {key: h.pks[("santi-heyi", key)] for key in ("front", "back")}
    for key, interval, grade in (("front", 20, 4), ("back", 21, 2)):
        before = Sm2State(repetitions=3, interval=interval, due=TODAY)
        after = review(before, grade, TODAY)
        at = NOW + timedelta(seconds=interval)
        h.place(pks[key], before)
        h.study.record(Answer(pks[key], at, TODAY, grade, False, 0, before, after))
    board = dashboard(store)
    assert (board.retention.young.reviews, board.retention.young.passed) == (1, 1)
    assert (board.retention.mature.reviews, board.retention.mature.passed) == (1, 0)
    basic = next(m for m in board.kinds if m.key == "basic")
    assert (basic.young, basic.mature) == (1, 1)  # front: 20 → 50 days; back: failed → 1 day
    assert review(Sm2State(repetitions=3, interval=20, due=TODAY), 4, TODAY).interval == 50


@pytest.mark.usefixtures("chinese")  # the names read in the default language
def test_stats_json_command_prints_the_same_numbers(history: Store) -> None:
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == to_json(dashboard(history, leech_lapses=8))
    assert printed["today"] == EXPECTED_TODAY
    assert printed["retention"] == EXPECTED_RETENTION
    assert printed["mastery"]["topics"] == EXPECTED_TOPICS
    assert printed["streak"]["current"] == 3
    assert {f["day"]: f["due"] for f in printed["forecast"] if f["due"]} == {
        "2026-03-02": 2,
        "2026-03-03": 3,
        "2026-03-07": 1,
    }


def test_stats_days_option_narrows_the_retention_window(history: Store) -> None:
    result = CliRunner().invoke(app, ["stats", "--json", "--days", "7"])
    assert result.exit_code == 0, result.stderr
    retention = json.loads(result.stdout)["retention"]
    assert retention["days"] == 7
    assert retention["young"] == rate(3, 2)
    assert retention["mature"] == {"reviews": 0, "passed": 0, "rate": None}


@pytest.mark.usefixtures("chinese")  # the names read in the default language
def test_deck_option_leaves_other_decks_out(history: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(OTHER_DECK, encoding="utf-8")
    history.import_decks(load_decks([other]), NOW)
    History(history, "other").answer("q1", "front", TODAY, 5)
    assert dashboard(history).today.reviewed == 4
    assert to_json(dashboard(history, deck=DECK))["today"] == EXPECTED_TODAY
    only = dashboard(history, deck="other")
    assert (only.today.reviewed, only.today.new) == (1, 1)
    assert (only.streak.current, only.streak.longest) == (1, 1)
    assert {day: n for day, n in only.forecast if n} == {d(3, 3): 1}
    assert [m.name for m in only.kinds] == ["问答"]
    result = CliRunner().invoke(app, ["stats", "--json", "--deck", DECK])
    assert json.loads(result.stdout)["today"] == EXPECTED_TODAY


def test_an_unknown_deck_is_bad_input_on_one_line(history: Store) -> None:
    result = CliRunner().invoke(app, ["stats", "--deck", "nope"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["unknown deck 'nope' (see 'govcards decks')"]


def test_dashboard_draws_every_section_within_80_columns_without_colour(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVCARDS_WIDTH", "80")
    assert CliRunner().invoke(app, ["config", "leech_lapses", "2"]).exit_code == 0
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert "\x1b[" not in out
    assert max(cell_len(line) for line in lines) <= 80
    assert "Today: 3 reviewed · 2 new · 1 re-drilled\n" in out
    assert "Accuracy: 66.7% · 1.5 min\n" in out
    assert "Streak: 3 day(s) (longest 4)\n" in out
    assert (
        lines[lines.index(next(ln for ln in lines if ln.startswith("Mo "))) - 1]
        .rstrip()
        .endswith("Mar")
    )  # the current month is labelled, though only two of its days have passed
    mondays = next(line for line in lines if line.startswith("Mo "))
    assert mondays.rstrip().endswith("█")  # today, one of the two busiest days (4 answers)
    cells = mondays.split()[1:]
    assert len(cells) == 26 and cells.count("▒") == 2  # 12-01 and 12-08: 2 of the top 4
    assert next(line for line in lines if line.startswith("03-03 Tu")).endswith("█" * 40 + " 3")
    assert "75.0% (6/8)" in out and "50.0% (1/2)" in out
    assert "强化基层党建" in out and "(no topic)" in out
    assert "test-dangjian/dangjian-duice/outline" in out


def test_empty_collection_has_zero_numbers_and_no_rates(store: Store) -> None:
    board = dashboard(store)
    assert to_json(board)["today"] == {
        "reviewed": 0,
        "new": 0,
        "correct": 0,
        "accuracy": None,
        "drills": 0,
        "time_ms": 0,
        "minutes": 0.0,
    }
    assert board.streak.current == 0 and board.retention.overall.rate is None
    assert not board.topics and not board.leeches
    assert all(n == 0 for _, n in board.forecast + board.calendar)


def test_streak_is_still_alive_before_todays_session() -> None:
    days = [TODAY - timedelta(days=i) for i in (1, 2, 5)]
    alive = streak(days, TODAY)
    assert (alive.current, alive.longest, alive.studied_today) == (2, 2, False)
    assert streak([TODAY - timedelta(days=2)], TODAY).current == 0


def test_forecast_adds_every_overdue_day_to_today() -> None:
    due = {TODAY - timedelta(days=30): 4, TODAY - timedelta(days=1): 1, TODAY: 2, d(3, 15): 7}
    days = forecast(due, TODAY)
    assert days[0] == (TODAY, 7)
    assert days[13] == (d(3, 15), 7)
    assert len(days) == 14


def test_calendar_on_a_sunday_fills_the_last_week() -> None:
    sunday = date(2026, 3, 8)
    days = calendar({sunday: 5, sunday - timedelta(weeks=26): 9}, sunday)
    assert len(days) == 26 * 7 and days[0][0].weekday() == 0 and days[-1] == (sunday, 5)


def test_shading_reads_without_colour_by_quarters_of_the_busiest_day() -> None:
    assert [shade(n, 8) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == list("·░░▒▒▓▓██")
    assert shade(0, 0) == "·"
