"""PostgreSQL for learners on several machines: the same commands on a server as on a file
(run against a real server when GOVCARDS_TEST_PG_URL is set), and URLs normalised to psycopg 3."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from govcards.cli import app
from govcards.model import CardFilter
from govcards.scheduler import review
from govcards.store import Answer, Store, StudyStore, resolve_url

from .conftest import NOW, TODAY


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("given", "url"),
    [
        (
            "postgresql://me:pw@db.example:5432/govcards",
            "postgresql+psycopg://me:pw@db.example:5432/govcards",
        ),
        ("postgres://me@db.example/govcards", "postgresql+psycopg://me@db.example/govcards"),
        (
            "postgresql+psycopg://me@db.example/govcards",
            "postgresql+psycopg://me@db.example/govcards",
        ),
    ],
)
def test_postgresql_urls_are_normalised_to_psycopg_3(given: str, url: str) -> None:
    assert resolve_url(given) == url


def test_govcards_db_may_name_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_DB", "postgresql://me@db.example/govcards")
    assert resolve_url(None) == "postgresql+psycopg://me@db.example/govcards"
    assert resolve_url("elsewhere.db").startswith("sqlite:///")


def test_a_server_that_cannot_be_reached_is_one_line_and_exit_1() -> None:
    result = _cli("decks", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_a_missing_postgresql_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if govcards[postgres] were absent
    result = _cli("decks", "--db", "postgresql://me@db.example/govcards")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "pip install 'govcards[postgres]'" in result.stderr


COMMANDS = [
    ["decks"],
    ["due", "--days", "14"],
    ["config"],
    ["config", "new_per_day", "30"],
    ["stats"],
    ["stats", "--json"],
    ["export", "reviews", "--format", "json"],
    ["export", "cards"],
    ["export", "stats"],
    ["export", "notebook", "--format", "md"],
    ["export", "anki", "-o", "{tmp}/decks.apkg"],
    ["import", "{deck}", "--dry-run"],
]


def test_every_command_works_on_both_kinds_of_collection(
    store: Store, db_url: str, small_deck: Path, tmp_path: Path
) -> None:
    assert _cli("import", str(small_deck), "--db", db_url).exit_code == 0
    study = StudyStore(store)
    card = study.new_cards(TODAY, CardFilter(), 1, set())[0]
    study.record(
        Answer(card.card_pk, NOW, TODAY, 5, False, 900, card.state, review(card.state, 5, TODAY))
    )
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path, deck=small_deck) for a in command]
        result = _cli(*args, "--db", db_url)
        assert result.exit_code == 0, (command, result.stderr)
    assert _cli("config", "new_per_day", "--db", db_url).stdout.strip() == "30"
    assert (tmp_path / "decks.apkg").stat().st_size > 0
    backup = _cli("backup", "-o", str(tmp_path / "copy.db"), "--db", db_url)
    assert backup.exit_code == (0 if db_url.startswith("sqlite") else 2)


@pytest.fixture
def foreign_pg_url(db_url: str) -> str:
    if db_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL-only case")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id serial PRIMARY KEY, name text)"))
        conn.execute(text("INSERT INTO customers (name) VALUES ('another program')"))
    engine.dispose()
    return db_url


def test_a_server_database_of_another_program_is_refused_and_left_alone(
    foreign_pg_url: str,
) -> None:
    result = _cli("import", str(Path(__file__).parent.parent / "decks"), "--db", foreign_pg_url)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "not a govcards collection" in result.stderr
    engine = create_engine(foreign_pg_url)
    assert inspect(engine).get_table_names() == ["customers"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM customers")).scalars().all() == [
            "another program"
        ]
    engine.dispose()


def test_review_starts_and_quits_cleanly_on_both_kinds_of_collection(
    db_url: str, tmp_path: Path
) -> None:
    """The first review imports the bundled decks into the empty collection (in a real terminal)."""
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "LANG": "C.UTF-8"}
    env.pop("GOVCARDS_WIDTH", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "govcards", "review", "--limit", "1", "--db", db_url],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 80),
    )
    child.expect("首次使用")
    child.expect("答 ›")
    child.send("q\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    store = Store(db_url)
    try:
        assert store.deck_count() >= 8
    finally:
        store.close()
