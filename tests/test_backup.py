"""``govcards backup``: a consistent, self-contained copy of a SQLite collection, even while a
review is writing to it; PostgreSQL collections are pointed to pg_dump."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govcards.cli import app

from .collection_tools import (
    TESTS,
    dump,
    fingerprint,
    govcards,
    integrity,
    spawn,
    states_match_last_reviews,
    write_deck,
)

STAMP = "20260302T010000Z"  # the pinned clock of conftest.NOW


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def collection(tmp_path: Path, small_deck: Path) -> Path:
    path = tmp_path / "collection.db"
    assert _cli("import", str(small_deck), "--db", str(path)).exit_code == 0
    return path


def _url(path: Path) -> str:
    return "sqlite:///" + str(path)


def test_a_backup_is_a_standalone_copy_beside_the_collection(collection: Path) -> None:
    result = _cli("backup", "--db", str(collection))
    copy = collection.with_name(f"collection-backup-{STAMP}.db")
    assert result.exit_code == 0, result.stderr
    assert str(copy) in result.stdout
    assert dump(_url(copy)) == dump(_url(collection))
    assert copy.read_bytes()[18] == 1  # rollback journal: one file, no -wal needed
    assert fingerprint(copy)[1] == []
    assert _cli("decks", "--db", str(copy)).exit_code == 0


def test_a_second_backup_in_the_same_second_gets_its_own_name(collection: Path) -> None:
    assert _cli("backup", "--db", str(collection)).exit_code == 0
    assert _cli("backup", "--db", str(collection)).exit_code == 0
    assert collection.with_name(f"collection-backup-{STAMP}-2.db").exists()


def test_a_backup_into_a_folder_takes_the_default_name(collection: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert _cli("backup", "-o", str(folder), "--db", str(collection)).exit_code == 0
    assert [p.name for p in folder.iterdir()] == [f"collection-backup-{STAMP}.db"]


def test_a_backup_never_overwrites_a_file(collection: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.db"
    taken.write_text("keep me", encoding="utf-8")
    result = _cli("backup", "-o", str(taken), "--db", str(collection))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{taken}: already exists; choose another name"
    assert taken.read_text(encoding="utf-8") == "keep me"


def test_a_backup_of_no_collection_fails_in_one_line_and_creates_nothing(tmp_path: Path) -> None:
    result = _cli("backup", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_postgresql_collection_is_pointed_to_pg_dump() -> None:
    result = _cli("backup", "--db", "postgresql://learner@127.0.0.1:1/govcards")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "pg_dump" in result.stderr


def test_a_backup_taken_during_a_review_holds_exactly_the_committed_answers(
    tmp_path: Path,
) -> None:
    """The review is stopped inside its 6th answer's transaction, holding the write lock."""
    path = tmp_path / "collection.db"
    deck = write_deck(tmp_path / "d.yaml", "d", 10)
    assert govcards("import", str(deck), "--db", str(path)).returncode == 0
    session = spawn(str(TESTS / "answer_cards.py"), _url(path), "9", "--hang-before-commit", "6")
    assert session.stdout is not None
    committed = [int(session.stdout.readline().split()[1]) for _ in range(5)]
    assert session.stdout.readline().strip() == "in flight"
    try:
        result = _cli("backup", "-o", str(tmp_path / "copy.db"), "--db", str(path))
    finally:
        session.send_signal(signal.SIGKILL)
        session.communicate(timeout=30)
    assert result.exit_code == 0, result.stderr
    copy = tmp_path / "copy.db"
    assert integrity(copy) == "ok"
    assert sorted(int(row[0]) for row in dump(_url(copy))["reviews"]) == sorted(committed)
    assert states_match_last_reviews(_url(copy))
