"""Schema migrations: the baseline builds today's schema, and an older collection opens in a newer
release (upgraded in one transaction, after a backup), while a newer one is refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.model import CardFilter
from govcards.scheduler import review
from govcards.store import Answer, Store, StudyStore
from govcards.store import collection as collection_module
from govcards.store import lean as lean_module
from govcards.store.collection import _configure_sqlite
from govcards.store.migrations import runner
from govcards.store.schema import HEAD_REVISION, SCHEMA_REVISIONS, Base

from .collection_tools import child_env, dump, fingerprint, integrity, sqlite_file
from .conftest import NOW, TODAY

NEXT = "9999_test"
MIGRATION_NEXT = f'''
"""A test revision: a new column on decks, the parent of notes and cards."""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade():
    column = sa.Column("color", sa.String(16), nullable=True)
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("decks", recreate="always") as batch:  # copy, drop, rename
            batch.add_column(column)
    else:
        op.add_column("decks", column)
    op.execute("UPDATE decks SET color = 'red'")
'''


def _engine(url: str) -> Any:
    engine = create_engine(url)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


def _schema(url: str) -> dict[str, Any]:
    """Tables, columns, keys and indexes as the database itself reports them."""
    engine = create_engine(url)
    found = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(found.get_table_names()):
        out[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in found.get_columns(table)
            ],
            "pk": found.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (
                    f["constrained_columns"],
                    f["referred_table"],
                    f["referred_columns"],
                    f["options"].get("ondelete"),
                )
                for f in found.get_foreign_keys(table)
            ),
            "unique": sorted(u["column_names"] for u in found.get_unique_constraints(table)),
            "indexes": sorted(
                (i["name"], i["column_names"], bool(i["unique"])) for i in found.get_indexes(table)
            ),
        }
    engine.dispose()
    return out


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _answer_one_card(store: Store) -> None:
    study = StudyStore(store)
    card = study.new_cards(TODAY, CardFilter(), 1, set())[0]
    after = review(card.state, 4, TODAY)
    study.record(Answer(card.card_pk, NOW, TODAY, 4, False, 1500, card.state, after))


@pytest.fixture
def old_collection(store: Store, small_deck: Path) -> str:
    """A collection made by the current release, with a deck and an answer in it."""
    store.import_decks(load_decks([small_deck]), NOW)
    _answer_one_card(store)
    store.close()
    return store.url


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Turn this process into a release whose newest revision is ``0002_test`` (given its body)."""

    def install(body: str) -> Path:
        location = tmp_path / "next-migrations"
        shutil.copytree(runner.SCRIPT_LOCATION, location, ignore=shutil.ignore_patterns("__py*"))
        (location / "versions" / f"{NEXT}.py").write_text(body, encoding="utf-8")
        monkeypatch.setattr(runner, "SCRIPT_LOCATION", location)
        monkeypatch.setattr(collection_module, "HEAD_REVISION", NEXT)
        monkeypatch.setattr(lean_module, "HEAD_REVISION", NEXT)  # the daily read path's check
        monkeypatch.setattr(collection_module, "SCHEMA_REVISIONS", (*SCHEMA_REVISIONS, NEXT))
        return location

    return install


def test_the_shipped_migrations_are_the_schema_revisions_in_order() -> None:
    assert runner.revisions() == list(SCHEMA_REVISIONS)
    assert SCHEMA_REVISIONS[-1] == HEAD_REVISION


def test_the_migrations_build_the_same_schema_as_a_new_collection(db_url: str) -> None:
    engine = _engine(db_url)
    runner.run_migrations(engine, "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    migrated = _schema(db_url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
    engine.dispose()
    assert _schema(db_url) == {}
    Store(db_url).close()
    assert _schema(db_url) == migrated
    assert set(migrated) == {
        "alembic_version",
        "cards",
        "decks",
        "notes",
        "note_themes",
        "practice_rounds",
        "reviews",
        "settings",
    }


def test_an_older_collection_opens_in_the_next_release_with_its_data_and_a_backup(
    old_collection: str, next_release: Callable[[str], Path], tmp_path: Path
) -> None:
    before = dump(old_collection)
    next_release(MIGRATION_NEXT)
    result = _cli("decks")
    assert result.exit_code == 0, result.stderr
    assert "test-dangjian" in result.stdout
    assert f"upgraded the collection schema from {HEAD_REVISION}" in result.stderr
    after = dump(old_collection)
    assert after["alembic_version"] == [(NEXT,)]
    assert after["decks"] == [(*row, "red") for row in before["decks"]]
    for table in ("notes", "cards", "reviews", "settings"):
        assert after[table] == before[table], table
    if old_collection.startswith("sqlite"):
        path = sqlite_file(old_collection)
        assert integrity(path) == "ok"
        copy = path.with_name(f"{path.name}.bak-{HEAD_REVISION}-20260302T010000Z")
        assert dump("sqlite:///" + str(copy)) == before
        again = _cli("decks")
        assert again.exit_code == 0 and "upgraded" not in again.stderr
        assert len(list(path.parent.glob("*.bak-*"))) == 1


def test_a_failed_upgrade_is_rolled_back_and_reported_in_one_line(
    old_collection: str, next_release: Callable[[str], Path]
) -> None:
    before = dump(old_collection)
    next_release(MIGRATION_NEXT + "    raise RuntimeError('half way')\n")
    result = _cli("decks")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert f"upgrade from {HEAD_REVISION} failed and was rolled back" in result.stderr
    assert "half way" in result.stderr
    assert dump(old_collection) == before
    columns = inspect(create_engine(old_collection)).get_columns("decks")
    assert "color" not in {c["name"] for c in columns}


def test_two_processes_opening_an_older_collection_upgrade_it_once(
    old_collection: str, next_release: Callable[[str], Path]
) -> None:
    location = next_release(MIGRATION_NEXT)
    child = (
        "import sys\n"
        "from pathlib import Path\n"
        "from govcards.store.migrations import runner\n"
        "from govcards.store import collection, Store\n"
        f"runner.SCRIPT_LOCATION = Path({str(location)!r})\n"
        f"collection.HEAD_REVISION = {NEXT!r}\n"
        f"collection.SCHEMA_REVISIONS = {(*SCHEMA_REVISIONS, NEXT)!r}\n"
        "Store(sys.argv[1]).close()\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", child, old_collection],
            env=child_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    after = dump(old_collection)
    assert after["alembic_version"] == [(NEXT,)]
    assert all(row[-1] == "red" for row in after["decks"])


def test_a_collection_from_a_newer_govcards_is_refused_and_left_alone(
    old_collection: str,
) -> None:
    engine = create_engine(old_collection)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    sqlite = old_collection.startswith("sqlite")
    before = fingerprint(sqlite_file(old_collection)) if sqlite else None
    result = _cli("decks")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "newer govcards (schema 0099_from_the_future)" in result.stderr
    assert "upgrade govcards" in result.stderr
    if sqlite:
        assert fingerprint(sqlite_file(old_collection)) == before


def test_opening_a_current_collection_never_imports_alembic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from govcards.store import Store\n"
        "Store(sys.argv[1]).close(); Store(sys.argv[1]).close()\n"
        "assert 'alembic' not in sys.modules, 'alembic was imported'\n"
    )
    url = "sqlite:///" + str(tmp_path / "c.db")
    done = subprocess.run(
        [sys.executable, "-c", code, url],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_deck_identity_upgrade_keeps_every_row_of_a_0004_collection(old_collection: str) -> None:
    """0005 rebuilds the notes table on SQLite: its cards and reviews must survive untouched."""
    from alembic import command

    engine = _engine(old_collection)
    command.downgrade(runner.alembic_config(engine), "0004_themes_practice")
    before = dump(old_collection)
    assert before["alembic_version"] == [("0004_themes_practice",)]
    assert before["reviews"] and before["cards"] and before["notes"]
    runner.run_migrations(engine)
    engine.dispose()
    after = dump(old_collection)
    assert after["alembic_version"] == [(HEAD_REVISION,)]
    for table in ("notes", "cards", "reviews", "settings"):
        assert after[table] == before[table], table
    assert [row[:-1] for row in after["decks"]] == before["decks"]
    assert {row[-1] for row in after["decks"]} <= {"0", "False"}  # no deck retired
    unique = inspect(create_engine(old_collection)).get_unique_constraints("notes")
    assert [u["column_names"] for u in unique] == [["deck_pk", "note_id", "kind"]]
    if old_collection.startswith("sqlite"):
        assert integrity(sqlite_file(old_collection)) == "ok"


def _card_indexes(url: str) -> set[tuple[str, tuple[str, ...]]]:
    found = inspect(create_engine(url)).get_indexes("cards")
    return {(i["name"], tuple(i["column_names"])) for i in found}


def test_card_indexes_upgrade_changes_indexes_only_and_downgrades(old_collection: str) -> None:
    """0006 swaps the one-column due indexes for the queue's orders and adds the counts index;
    every row stays as it was, and the downgrade restores the 0005 indexes."""
    from alembic import command

    engine = _engine(old_collection)
    config = runner.alembic_config(engine)
    command.downgrade(config, "0005_deck_identity")
    before = dump(old_collection)
    old = _card_indexes(old_collection)
    assert {("ix_cards_due", ("due",)), ("ix_cards_fsrs_due", ("fsrs_due",))} <= old
    runner.run_migrations(engine, "0006_card_indexes")
    after = dump(old_collection)
    assert after["alembic_version"] == [("0006_card_indexes",)]
    for table in ("decks", "notes", "cards", "reviews", "settings"):
        assert after[table] == before[table], table
    new = _card_indexes(old_collection)
    assert new - old == {
        ("ix_cards_queue", ("due", "deck_pk", "position")),
        ("ix_cards_fsrs_queue", ("fsrs_due", "deck_pk", "position")),
        (
            "ix_cards_counts",
            ("deck_pk", "retired", "suspended", "due", "fsrs_due", "buried_until"),
        ),
    }
    assert old - new == {("ix_cards_due", ("due",)), ("ix_cards_fsrs_due", ("fsrs_due",))}
    command.downgrade(config, "0005_deck_identity")
    engine.dispose()
    assert _card_indexes(old_collection) == old
    assert dump(old_collection)["cards"] == before["cards"]
