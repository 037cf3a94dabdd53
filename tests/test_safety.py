"""Crashes and concurrency with real processes on a real collection (docs/storage.md).

Months of review history must survive a killed import, a killed review, and two sessions at
once. Every wait here is bounded by a timeout; nothing sleeps longer than it must.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .collection_tools import (
    TESTS,
    count,
    dump,
    each_review_starts_where_the_last_ended,
    govcards,
    integrity,
    spawn,
    sqlite_file,
    states_match_last_reviews,
    write_deck,
)

pytestmark = pytest.mark.slow

IMPORT_UNTIL_COMMIT = """
import sys, time
from sqlalchemy import event
from sqlalchemy.orm import Session
from govcards.cli import main

@event.listens_for(Session, "before_commit")
def _pause(session):
    session.flush()
    print("in flight", flush=True)
    time.sleep(120)

sys.argv = ["govcards", "import", sys.argv[1], "--db", sys.argv[2]]
main()
"""


def _sqlite_url(tmp_path: Path) -> str:
    return "sqlite:///" + str(tmp_path / "collection.db")


def _expect_line(proc: subprocess.Popen[str], wanted: str) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == wanted, proc.stderr.read() if proc.stderr else line


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


def _write_locked(path: Path) -> bool:
    """Whether a writer holds the collection's write lock right now (never waits for it)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


@pytest.fixture
def filled(tmp_path: Path, small_deck: Path) -> str:
    """A SQLite collection with the small deck imported."""
    url = _sqlite_url(tmp_path)
    assert govcards("import", str(small_deck), "--db", url).returncode == 0
    return url


def test_an_import_killed_before_its_commit_leaves_the_collection_exactly_as_before(
    filled: str, tmp_path: Path
) -> None:
    big = write_deck(tmp_path / "big.yaml", "big", 20_000)
    before = dump(filled)
    proc = spawn("-c", IMPORT_UNTIL_COMMIT, str(big), filled)
    _expect_line(proc, "in flight")
    path = sqlite_file(filled)
    assert path.with_name(path.name + "-wal").stat().st_size > 1_000_000  # the rows were written
    _kill(proc)
    assert integrity(path) == "ok"
    assert dump(filled) == before
    assert govcards("decks", "--db", filled).returncode == 0


def test_an_import_killed_at_any_moment_lands_whole_or_not_at_all(
    filled: str, tmp_path: Path
) -> None:
    big = write_deck(tmp_path / "big.yaml", "big", 20_000)
    before = dump(filled)
    path = sqlite_file(filled)
    proc = spawn("-m", "govcards", "import", str(big), "--db", filled)
    deadline = time.monotonic() + 60
    while not _write_locked(path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    _kill(proc)
    assert integrity(path) == "ok"
    after = dump(filled)
    assert after == before or (count(filled, "notes") == len(before["notes"]) + 20_000)


@pytest.mark.parametrize("first", ["fresh", "existing"])
def test_two_imports_at_once_both_land_intact(db_url: str, tmp_path: Path, first: str) -> None:
    if first == "existing":
        seed = write_deck(tmp_path / "seed.yaml", "seed", 1)
        assert govcards("import", str(seed), "--db", db_url).returncode == 0
    decks = [write_deck(tmp_path / f"d{i}.yaml", f"deck-{i}", 3000) for i in (1, 2)]
    procs = [spawn("-m", "govcards", "import", str(d), "--db", db_url) for d in decks]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    rows = dump(db_url)
    seeded = 1 if first == "existing" else 0
    assert sorted(r[1] for r in rows["decks"]) == ["deck-1", "deck-2", "seed"][: 2 + seeded]
    assert len(rows["notes"]) == len(rows["cards"]) == 6000 + seeded
    if db_url.startswith("sqlite"):
        assert integrity(sqlite_file(db_url)) == "ok"


def test_two_review_sessions_at_once_never_corrupt_or_lose_an_answer(
    db_url: str, tmp_path: Path
) -> None:
    deck = write_deck(tmp_path / "d.yaml", "d", 50)
    assert govcards("import", str(deck), "--db", db_url).returncode == 0
    script = str(TESTS / "answer_cards.py")
    sessions = [spawn(script, db_url, "80", "--wait-for-go") for _ in range(2)]
    for proc in sessions:
        _expect_line(proc, "ready")
    for proc in sessions:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=120) for proc in sessions]
    assert [p.returncode for p in sessions] == [0, 0], outputs
    printed = {
        int(line.split()[1])
        for out, _ in outputs
        for line in out.splitlines()
        if line.startswith("review ")
    }
    stored = {int(row[0]) for row in dump(db_url)["reviews"]}
    assert len(printed) == 160
    assert stored == printed
    assert states_match_last_reviews(db_url)
    assert each_review_starts_where_the_last_ended(db_url)
    if db_url.startswith("sqlite"):
        assert integrity(sqlite_file(db_url)) == "ok"


def test_a_killed_review_loses_only_the_answer_in_flight(db_url: str, tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "d.yaml", "d", 20)
    assert govcards("import", str(deck), "--db", db_url).returncode == 0
    session = spawn(str(TESTS / "answer_cards.py"), db_url, "30", "--hang-before-commit", "6")
    committed = [_read_review(session) for _ in range(5)]
    _expect_line(session, "in flight")
    _kill(session)
    stored = [int(row[0]) for row in dump(db_url)["reviews"]]
    assert sorted(stored) == sorted(committed)
    assert states_match_last_reviews(db_url)
    if db_url.startswith("sqlite"):
        assert integrity(sqlite_file(db_url)) == "ok"
    follow_up = spawn(str(TESTS / "answer_cards.py"), db_url, "1")
    assert follow_up.communicate(timeout=60)[0].startswith("review ")
    assert count(db_url, "reviews") == 6


def _read_review(proc: subprocess.Popen[str]) -> int:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("review "), line
    return int(line.split()[1])
