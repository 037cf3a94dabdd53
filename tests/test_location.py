"""Where the collection lives: --db, then GOVCARDS_DB, then GOVCARDS_HOME, then platformdirs."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from govcards.store import default_home, describe, resolve_url


def sqlite_url(path: Path) -> str:
    return "sqlite:///" + str(path.resolve())


def test_govcards_home_holds_the_default_collection(home: Path) -> None:
    assert default_home() == home
    assert resolve_url(None) == sqlite_url(home / "govcards.db")


def test_platformdirs_default_when_no_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVCARDS_HOME")
    expected = Path(platformdirs.user_data_dir("govcards", appauthor=False))
    assert default_home() == expected
    assert resolve_url(None) == sqlite_url(expected / "govcards.db")


def test_govcards_db_beats_govcards_home(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "环境" / "集合.db"
    monkeypatch.setenv("GOVCARDS_DB", str(chosen))
    assert resolve_url(None) == sqlite_url(chosen)
    assert str(home) not in resolve_url(None)


def test_db_option_beats_govcards_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_DB", str(tmp_path / "环境.db"))
    assert resolve_url(str(tmp_path / "选项.db")) == sqlite_url(tmp_path / "选项.db")


def test_db_option_beats_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_DB", "postgresql://user@server/govcards")
    assert resolve_url("sqlite:///" + str(tmp_path / "a.db")) == "sqlite:///" + str(
        tmp_path / "a.db"
    )


def test_an_empty_govcards_db_is_ignored(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_DB", "")
    assert resolve_url(None) == sqlite_url(home / "govcards.db")


def test_a_relative_path_is_resolved_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("数据/集合.db") == sqlite_url(tmp_path / "数据" / "集合.db")
    assert resolve_url("集合.db").startswith("sqlite:////")


def test_a_home_relative_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_url("~/govcards.db") == sqlite_url(tmp_path / "govcards.db")


def test_a_sqlite_url_is_kept_as_it_is() -> None:
    assert resolve_url("sqlite:///relative.db") == "sqlite:///relative.db"
    assert resolve_url("sqlite:////abs/集合.db") == "sqlite:////abs/集合.db"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://me:pw@db.example/govcards",
            "postgresql+psycopg://me:pw@db.example/govcards",
        ),
        (
            "postgres://me@db.example:5433/govcards",
            "postgresql+psycopg://me@db.example:5433/govcards",
        ),
        ("postgresql+psycopg://me@db/govcards", "postgresql+psycopg://me@db/govcards"),
    ],
)
def test_postgresql_urls_are_normalised_to_psycopg(given: str, expected: str) -> None:
    assert resolve_url(given) == expected


def test_govcards_db_may_be_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_DB", "postgresql://me@db.example/govcards")
    assert resolve_url(None) == "postgresql+psycopg://me@db.example/govcards"


def test_describe_shows_a_path_or_a_url_without_its_password(tmp_path: Path) -> None:
    assert describe(sqlite_url(tmp_path / "集合.db")) == str((tmp_path / "集合.db").resolve())
    shown = describe("postgresql+psycopg://me:秘密@db.example/govcards")
    assert "秘密" not in shown
    assert "db.example" in shown


def test_only_a_non_empty_file_or_a_server_counts_as_an_existing_collection(tmp_path: Path) -> None:
    from govcards.store import collection_exists

    file = tmp_path / "学习.db"
    assert not collection_exists("sqlite:///" + str(file))
    file.write_bytes(b"")
    assert not collection_exists("sqlite:///" + str(file)), "an empty file is a new collection"
    file.write_bytes(b"SQLite format 3\x00")
    assert collection_exists("sqlite:///" + str(file))
    assert not collection_exists("sqlite://")
    assert collection_exists("postgresql+psycopg://u@127.0.0.1/govcards")
