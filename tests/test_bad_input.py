"""docs/errors.md, the rows that are not about a deck's contents: bad paths and files get
exit 2 and one line with the collection unchanged; a database that is not a govcards collection,
or is damaged, gets exit 1 and one line, and not one byte of it (or beside it) changes."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import MAX_DECK_BYTES, load_decks
from govcards.store import Store

from .collection_tools import dump, fingerprint
from .conftest import NOW, SMALL_DECK


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def collection(tmp_path: Path, small_deck: Path) -> Path:
    """A closed govcards collection with the small deck (no -wal beside it)."""
    path = tmp_path / "collection.db"
    store = Store("sqlite:///" + str(path))
    store.import_decks(load_decks([small_deck]), NOW)
    store.close()
    return path


# --- bad paths and files for `govcards import`: exit 2, one line, nothing imported -------------


def _not_utf8(folder: Path) -> Path:
    path = folder / "gbk.yaml"
    path.write_bytes(SMALL_DECK.encode("gbk"))
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.yaml"
    path.write_bytes(b"")
    return path


def _folder_without_decks(folder: Path) -> Path:
    path = folder / "notes"
    path.mkdir()
    (path / "readme.txt").write_text("素材", encoding="utf-8")
    return path


def _missing(folder: Path) -> Path:
    return folder / "no-such-deck.yaml"


def _too_big(folder: Path) -> Path:
    path = folder / "huge.yaml"
    path.write_bytes(b"#" * (MAX_DECK_BYTES + 1))
    return path


BAD_PATHS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not UTF-8": (_not_utf8, "not UTF-8 text"),
    "empty file": (_empty, "empty file"),
    "folder with no decks": (_folder_without_decks, "no deck files"),
    "path that does not exist": (_missing, "no such file or directory"),
    "file over the size limit": (_too_big, "larger than 20 MB"),
}


@pytest.mark.parametrize("case", BAD_PATHS)
def test_a_bad_deck_path_exits_2_with_one_line_and_imports_nothing(
    case: str, collection: Path, tmp_path: Path
) -> None:
    make, message = BAD_PATHS[case]
    path = make(tmp_path)
    before = dump("sqlite:///" + str(collection))
    result = _cli("import", str(path), "--db", str(collection))
    assert result.exit_code == 2
    problem, *summary = result.stderr.splitlines()
    assert problem.startswith(str(path)) and message in problem
    if path.is_file():  # a file was read: its problem, then the summary line
        assert summary == ["nothing imported: 1 file(s) checked, 1 with errors"]
    else:  # nothing to check: the one line says why
        assert summary == []
    assert dump("sqlite:///" + str(collection)) == before


def test_the_same_deck_id_in_two_files_names_both_and_imports_nothing(
    collection: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "twice"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text(SMALL_DECK.replace("test-dangjian", "same-id"), "utf-8")
    before = dump("sqlite:///" + str(collection))
    result = _cli("import", str(folder), "--db", str(collection))
    assert result.exit_code == 2
    problem, summary = result.stderr.splitlines()
    assert str(folder / "a.yaml") in problem and str(folder / "b.yaml") in problem
    assert summary == "nothing imported: 2 file(s) checked, 1 with errors"
    assert dump("sqlite:///" + str(collection)) == before


def test_a_bad_deck_never_creates_a_collection(tmp_path: Path) -> None:
    result = _cli("import", str(_empty(tmp_path)), "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 2
    assert not (tmp_path / "new.db").exists()


# --- databases that are not govcards collections, or are damaged: exit 1, untouched ------------


def _text_file(path: Path, good: Path) -> None:
    path.write_text("这不是数据库\n", encoding="utf-8")


def _foreign_sqlite_in_wal_mode(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE cards (id INTEGER PRIMARY KEY, front TEXT)")
    conn.execute("INSERT INTO cards (front) VALUES ('another program')")
    conn.commit()
    conn.close()


def _sqlite_of_another_application(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _sqlite_of_another_alembic_application(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cards (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    conn.commit()
    conn.close()


def _garbage_after_the_header(path: Path, good: Path) -> None:
    data = good.read_bytes()
    noise = random.Random(6).randbytes(len(data) - 100)
    path.write_bytes(data[:100] + noise)


def _truncated_on_a_page(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_mid_page(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) - 1000])


def _header_only(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:60])


BAD_DATABASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "text file": (_text_file, "not a govcards collection"),
    "foreign SQLite database in WAL mode": (_foreign_sqlite_in_wal_mode, "not a govcards"),
    "SQLite database of another application": (_sqlite_of_another_application, "not a govcards"),
    "SQLite database of another Alembic application": (
        _sqlite_of_another_alembic_application,
        "not a govcards",
    ),
    "garbage after the header": (_garbage_after_the_header, "corrupt"),
    "truncated on a page boundary": (_truncated_on_a_page, "corrupt"),
    "truncated mid-page": (_truncated_mid_page, "corrupt"),
    "header cut short": (_header_only, "corrupt"),
}
COMMANDS = {
    "decks": ["decks"],
    "due": ["due"],
    "import": ["import", "{deck}"],
    "config": ["config", "new_per_day", "30"],
    "backup": ["backup", "-o", "{folder}/copy.db"],
    "stats": ["stats", "--json"],
    "export": ["export", "cards"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD_DATABASES)
def test_a_database_that_is_not_a_sound_collection_is_refused_and_left_untouched(
    case: str, command: str, collection: Path, small_deck: Path, tmp_path: Path
) -> None:
    make, message = BAD_DATABASES[case]
    bad = tmp_path / "bad" / "govcards.db"
    bad.parent.mkdir()
    make(bad, collection)
    before = fingerprint(bad)
    args = [a.format(deck=small_deck, folder=tmp_path) for a in COMMANDS[command]]
    result = _cli(*args, "--db", str(bad))
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(str(bad)) and message in result.stderr
    assert "untouched" in result.stderr
    assert fingerprint(bad) == before
    assert sorted(p.name for p in bad.parent.iterdir()) == ["govcards.db"]


def test_damage_beyond_the_schema_page_is_one_line_when_first_read(
    collection: Path, tmp_path: Path
) -> None:
    """Page 1 (header and schema) intact, every other page scrambled: the header check passes,
    and SQLite's own verdict reaches the learner as one line, exit 1, not a traceback."""
    bad = tmp_path / "bad.db"
    data = collection.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    scrambled = b"".join(
        bytes(reversed(data[at : at + page])) for at in range(page, len(data), page)
    )
    bad.write_bytes(data[:page] + scrambled)
    result = _cli("decks", "--db", str(bad))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(str(bad)) and "malformed" in result.stderr


@pytest.mark.parametrize(
    ("command", "creates"),
    [(["due"], False), (["stats"], False), (["review"], True), (["import", "--bundled"], True)],
)
def test_too_old_an_sqlite_is_one_line_before_any_file_is_touched(
    command: list[str],
    creates: bool,
    collection: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    before = fingerprint(collection)
    fresh = tmp_path / "fresh.db"  # the commands that create a collection must not create it
    for where in (collection, fresh) if creates else (collection,):
        result = _cli(*command, "--db", str(where))
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1, result.stderr
        assert "3.34.1" in result.stderr and "3.35.0" in result.stderr
    assert fingerprint(collection) == before
    assert not fresh.exists()


def test_sqlite_3_35_is_enough(collection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 35, 0))
    assert _cli("due", "--db", str(collection)).exit_code == 0
