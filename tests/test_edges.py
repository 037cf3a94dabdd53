"""Values and situations at the edges (issue 11 items 4–6): the interval cap, the path given is
the file opened, a lock is not corruption, and a clear line instead of "unexpected error"."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.scheduler import MAX_INTERVAL, Sm2State, preview, review
from govcards.store import Store, resolve_url

from .collection_tools import child_env, spawn
from .conftest import NOW, TODAY
from .review_history import History


def test_a_hundred_perfect_passes_cap_the_interval_but_not_the_efactor() -> None:
    state = Sm2State()
    for _ in range(100):
        outcomes = preview(state, TODAY)
        state = review(state, 5, TODAY)
        assert outcomes[5] == state
    assert state.interval == MAX_INTERVAL == 36500
    assert state.efactor == 2500 + 100 * 100
    assert state.due == TODAY + timedelta(days=36500)
    assert review(Sm2State(5, 2500, 30000, 0, TODAY), 4, TODAY).interval == 36500
    assert review(Sm2State(5, 2500, 10000, 0, TODAY), 4, TODAY).interval == 25000


def test_a_hundred_perfect_passes_through_the_store_keep_every_command_working(
    store: Store, small_deck: Path
) -> None:
    store.import_decks(load_decks([small_deck]), NOW)
    history = History(store, "test-dangjian")
    for _ in range(100):
        history.answer("santi-heyi", "front", TODAY, 5)
    card = history.study.card(history.pks[("santi-heyi", "front")])
    assert card.state.interval == 36500 and card.state.due == TODAY + timedelta(days=36500)
    assert preview(card.state, TODAY)[5].interval == 36500
    runner = CliRunner()
    for args in (["due"], ["stats"], ["decks"], ["export", "cards"], ["export", "reviews"]):
        result = runner.invoke(app, [*args, "--db", store.url])
        assert result.exit_code == 0, (args, result.stderr)


# -- the path you give is the file that is opened ---------------------------------------------


@pytest.mark.parametrize("name", ["a%69b.db", "we?ird.db", "x%3Fy.db", "h#ash.db"])
def test_a_plain_path_is_opened_literally(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_deck: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["import", str(small_deck), "--db", name])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(app, ["config", "new_per_day", "7", "--db", name])
    assert result.exit_code == 0, result.stderr
    made = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db" and p.is_file())
    assert made == [name]
    monkeypatch.setenv("GOVCARDS_DB", name)
    assert CliRunner().invoke(app, ["config", "new_per_day"]).stdout.strip() == "7"


def test_only_sqlite_and_postgresql_urls_are_read_as_urls(tmp_path: Path) -> None:
    assert resolve_url("sqlite:///a%69b.db") == "sqlite:///a%69b.db"  # a URL keeps URL rules
    odd = tmp_path / "odd://name.db"
    assert resolve_url(str(odd)).endswith("odd:/name.db")  # a path, normalised as a path
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_collection_in_a_missing_folder_is_refused_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    for args in (["decks"], ["review"], ["config", "new_per_day", "5"]):
        result = CliRunner().invoke(app, [*args, "--db", str(missing / "c.db")])
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"{missing}: no such folder; create it first (nothing was created)"
        ]
    assert not (tmp_path / "no").exists()


def test_the_home_folder_is_made_on_first_import_and_never_by_a_reading_command(
    home: Path, small_deck: Path
) -> None:
    assert not home.exists()
    for args in (["decks"], ["due"], ["stats"], ["config"], ["export", "cards"]):
        assert CliRunner().invoke(app, args).exit_code in (0, 1), args
        assert not home.exists(), args
    assert CliRunner().invoke(app, ["config", "new_per_day", "7"]).exit_code == 1
    assert not home.exists()
    assert CliRunner().invoke(app, ["import", str(small_deck)]).exit_code == 0
    assert (home / "govcards.db").is_file()


def test_a_govcards_home_that_is_a_file_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "home-file"
    file.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOVCARDS_HOME", str(file))
    result = CliRunner().invoke(app, ["decks"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{file} (GOVCARDS_HOME): is a file, not a folder; the collection cannot be made"
    ]


# -- a lock is not corruption -------------------------------------------------------------------

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("SELECT count(*) FROM cards").fetchone()
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.mark.slow
def test_a_collection_locked_by_another_process_is_reported_as_locked(
    tmp_path: Path, small_deck: Path
) -> None:
    db = tmp_path / "locked.db"
    assert CliRunner().invoke(app, ["import", str(small_deck), "--db", str(db)]).exit_code == 0
    holder = spawn("-c", HOLD_LOCK, str(db))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        done = subprocess.run(
            [sys.executable, "-m", "govcards", "decks", "--db", str(db)],
            capture_output=True, text=True, env=child_env(), timeout=120,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        holder.communicate("\n", timeout=30)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked" in lines[0]
    assert "corrupt" not in lines[0] and "not a govcards" not in lines[0]
    again = CliRunner().invoke(app, ["decks", "--db", str(db)])
    assert again.exit_code == 0 and "test-dangjian" in again.stdout


# -- clear lines, quiet pipes -------------------------------------------------------------------


def test_a_reader_that_stops_early_gets_a_quiet_exit(tmp_path: Path, small_deck: Path) -> None:
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(app, ["import", str(small_deck), "--db", db]).exit_code == 0
    for command in (["stats"], ["export", "reviews"], ["decks"]):
        producer = subprocess.Popen(
            [sys.executable, "-m", "govcards", *command, "--db", db],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(),
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert producer.stdout is not None
        producer.stdout.readline()
        producer.stdout.close()  # what `| head -1` does
        assert producer.wait(timeout=60) == 0, command
        assert producer.stderr is not None and producer.stderr.read() == b""


def test_a_terminal_that_cannot_show_chinese_gets_no_traceback(
    tmp_path: Path, small_deck: Path
) -> None:
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(app, ["import", str(small_deck), "--db", db]).exit_code == 0
    for command in (["decks"], ["stats"], ["review", "--deck", "没有"]):
        done = subprocess.run(
            [sys.executable, "-m", "govcards", *command, "--db", db],
            capture_output=True, env={**child_env(), "PYTHONIOENCODING": "ascii"}, timeout=60,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert b"Traceback" not in done.stderr and b"unexpected error" not in done.stderr
        assert done.returncode in (0, 2), (command, done.stderr)
    assert b"\\u6ca1\\u6709" in done.stderr  # the deck name, escaped rather than a crash


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00", "0001-01-02T00:00:00", "soon"])
def test_a_clock_override_out_of_range_is_one_line_exit_2(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVCARDS_NOW", value)
    result = CliRunner().invoke(app, ["due"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("GOVCARDS_NOW")


# -- the same deck on both databases ------------------------------------------------------------


def test_a_value_longer_than_its_column_is_refused_alike_on_both_databases(
    store: Store, tmp_path: Path
) -> None:
    """SQLite would store an 80-character topic that PostgreSQL refuses: both refuse it."""
    deck = tmp_path / "long.yaml"
    deck.write_text(
        "deck: 长主题\nid: long\nnotes:\n  - id: a\n    kind: basic\n"
        f"    topic: {'话' * 80}\n    front: 问\n    back: 答\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["import", str(deck), "--db", store.url])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{deck}: note a: topic is longer than 64 characters"
    ]
    assert store.deck_count() == 0
    fits = deck.read_text(encoding="utf-8").replace("话" * 80, "话" * 64)
    deck.write_text(fits, encoding="utf-8")
    assert CliRunner().invoke(app, ["import", str(deck), "--db", store.url]).exit_code == 0
    assert store.deck_count() == 1
