"""The lean read path (docs/performance.md): one source of truth, the same answers, no ORM.

- the SQL cached in ``compiled_sql.py`` is exactly what SQLAlchemy compiles today;
- the stdlib reader gives exactly the rows the SQLAlchemy reader gives, on SQLite and on
  PostgreSQL (when a server is given), for every report and export;
- ``govcards due`` on an up-to-date collection never imports SQLAlchemy, Alembic or Rich before
  it has its numbers (and Rich only to print them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from govcards.decks import load_decks
from govcards.listing import ListFilter
from govcards.store import Store
from govcards.store.compile_sql import compile_all
from govcards.store.compiled_sql import SQLITE
from govcards.store.fsrs_state import recompute
from govcards.store.lean import open_lean
from govcards.store.listing import deck_topics, list_cards
from govcards.store.location import lean_sqlite_file
from govcards.store.readers import EngineRows, SqliteRows
from govcards.store.reports import Reports
from govcards.store.search_notes import CollectionNotes
from govcards.store.sqlite_file import path_url

from .conftest import NOW, TODAY, ZONE
from .review_history import History
from .test_stats import DECK, record_history

TOPIC = "dangjian"  # a topic of the small deck's notes


def test_the_cached_sql_is_a_fresh_compilation() -> None:
    """Fails after any change to report_queries.py or the schema until the cache is rebuilt:
    python -m govcards.store.compile_sql"""
    assert compile_all() == SQLITE


@pytest.mark.parametrize(
    "name", ["a.db", "a%b.db", "we?ird.db", "sp ace.db", "中文.db", "a%2541.db", "x#y.db"]
)
def test_the_lean_path_reads_a_file_url_as_sqlalchemy_does(tmp_path: Path, name: str) -> None:
    url = path_url(tmp_path / name)
    assert lean_sqlite_file(url) == Path(str(make_url(url).database))
    assert lean_sqlite_file(url) == tmp_path / name


def test_urls_the_lean_path_leaves_to_the_store() -> None:
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///a.db?mode=ro", "postgresql://h/d"):
        assert lean_sqlite_file(url) is None


def _every_report(reports: Reports, deck: str | None) -> dict[str, Any]:
    """Every public read of ``Reports``, materialised (GROUP BY order is the database's own)."""
    stats = reports.stats_rows(TODAY, 90, deck)
    return {
        "settings": reports.settings(),
        "summaries": reports.deck_summaries(TODAY),
        "due": reports.due_by_day(TODAY, 14),
        "stats": replace(stats, card_counts=(), retention=()),
        "card_counts": sorted(map(repr, stats.card_counts)),
        "retention": sorted(map(repr, stats.retention)),
        "days": reports.day_counts(deck),
        "reviews_csv": list(reports.review_rows(deck, csv=True)),
        "reviews_json": list(reports.review_rows(deck, csv=False)),
        "cards_csv": list(reports.card_rows(deck, csv=True)),
        "cards_json": list(reports.card_rows(deck, csv=False)),
        "notes": reports.deck_notes(deck),
        "leeches": reports.leeches(deck, limit=3),
        "listed": list_cards(reports.db, ListFilter(deck=deck), TODAY, 2),
        "listed_topic": list_cards(reports.db, ListFilter(deck=deck, topic=TOPIC), TODAY, 2),
        "topics": deck_topics(reports.db),
        "find_key": CollectionNotes(reports.db).fingerprint(),
        "find_notes": list(CollectionNotes(reports.db).records()),
    }


@pytest.fixture(params=["sm2", "fsrs"])
def scheduler(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def reference(tmp_path: Path, small_deck: Path, scheduler: str) -> SqliteRows:
    """A SQLite file with the same decks and history, opened by the lean path."""
    url = path_url(tmp_path / "reference.db")
    built = Store(url)
    built.set_setting("timezone", ZONE)
    built.set_setting("scheduler", scheduler)
    built.import_decks(load_decks([small_deck]), NOW)
    record_history(History(built, DECK))
    recompute(built)  # every FSRS state computed: nothing left to write before reading
    built.close()
    rows = open_lean(url)
    assert rows is not None, "an up-to-date SQLite file must take the lean path"
    return rows


@pytest.mark.parametrize("deck", [None, DECK])
def test_the_lean_reader_returns_what_the_sqlalchemy_reader_returns(
    store: Store, small_deck: Path, reference: SqliteRows, deck: str | None, scheduler: str
) -> None:
    store.set_setting("scheduler", scheduler)
    store.import_decks(load_decks([small_deck]), NOW)
    record_history(History(store, DECK))
    lean = _every_report(Reports(reference), deck)
    full = _every_report(Reports(EngineRows(store)), deck)
    assert lean["reviews_csv"], "the fixture must have reviews to compare"
    assert lean["retention"] and lean["stats"].study_days
    assert 0 < len(lean["listed_topic"]) < len(lean["listed"])
    assert any(card.due for card in lean["listed"]) and lean["topics"] and lean["find_notes"]
    assert Reports(reference).db.uses_fsrs() == (scheduler == "fsrs")
    for key in lean:
        assert lean[key] == full[key], key
    reference.close()


def test_an_older_schema_is_left_to_the_store_which_upgrades_it(tmp_path: Path) -> None:
    import sqlite3

    url = path_url(tmp_path / "old.db")
    Store(url).close()
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001_baseline'")
    assert open_lean(url) is None


def test_fsrs_states_still_to_compute_are_left_to_the_store(
    tmp_path: Path, small_deck: Path
) -> None:
    """Under FSRS a card without its FSRS state must get one first (a write): the full store."""
    import sqlite3

    url = path_url(tmp_path / "fsrs.db")
    built = Store(url)
    built.set_setting("scheduler", "fsrs")
    built.import_decks(load_decks([small_deck]), NOW)
    record_history(History(built, DECK))
    recompute(built)
    built.close()
    lean = open_lean(url)
    assert lean is not None
    lean.close()
    with sqlite3.connect(tmp_path / "fsrs.db") as conn:
        conn.execute("UPDATE cards SET last_review = NULL WHERE due IS NOT NULL")
    assert open_lean(url) is None
    store = Store(url)
    summaries = Reports.of(store).deck_summaries(TODAY)  # computes the states on the way
    store.close()
    lean = open_lean(url)
    assert lean is not None
    assert Reports(lean).deck_summaries(TODAY) == summaries
    lean.close()


def test_a_scoped_report_runs_through_sqlalchemy_with_the_scope(
    store: Store, small_deck: Path
) -> None:
    """A scope's values are the caller's: its queries are built, never cached."""
    from govcards.model import CardFilter

    store.import_decks(load_decks([small_deck]), NOW)
    record_history(History(store, DECK))
    every = list(Reports.of(store).card_rows(None, csv=False))
    kinds = {row[3] for row in every}
    assert len(kinds) > 1, "the fixture must have several kinds of note"
    kind = sorted(kinds)[0]
    scoped = list(Reports.of(store, CardFilter(kind=kind)).card_rows(None, csv=False))
    assert scoped == [row for row in every if row[3] == kind]


def test_no_file_means_no_lean_reader_and_nothing_created(tmp_path: Path) -> None:
    assert open_lean(path_url(tmp_path / "none.db")) is None
    assert list(tmp_path.iterdir()) == []


PROBE = """
import json, sys
import govcards.store.reports as reports

WATCHED = ("sqlalchemy", "alembic", "rich")
seen = {}

def loaded():
    return sorted({m.split(".")[0] for m in sys.modules if m.startswith(WATCHED)}
                  | {m for m in sys.modules if m == "sqlalchemy.orm"})

original = reports.Reports.due_by_day

def due_by_day(self, *args, **kwargs):
    result = original(self, *args, **kwargs)
    seen["with_the_numbers"] = loaded()
    return result

reports.Reports.due_by_day = due_by_day
sys.argv = ["govcards", "due", "--db", sys.argv[1]]
from govcards.cli import main
try:
    main()
except SystemExit as exc:
    seen["exit"] = exc.code
seen["at_exit"] = loaded()
sys.stderr.write(json.dumps(seen) + "\\n")
"""


@pytest.mark.slow
def test_due_on_an_up_to_date_collection_imports_no_orm_alembic_or_rich_before_output(
    tmp_path: Path, small_deck: Path
) -> None:
    url = path_url(tmp_path / "c.db")
    built = Store(url)
    built.import_decks(load_decks([small_deck]), NOW - timedelta(days=3))
    built.close()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "c.db")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["exit"] in (0, None), done.stderr
    assert "┃" in done.stdout  # the table was printed (its header row)
    assert seen["with_the_numbers"] == []  # nothing heavy until the numbers are known
    assert seen["at_exit"] == ["rich"]  # Rich to print them; never SQLAlchemy or Alembic


EXPORT_PROBE = """
import sys
sys.argv = ["govcards", "export", "reviews", "-o", sys.argv[2], "--db", sys.argv[1]]
from govcards.cli import main
try:
    main()
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
WATCHED = ("sqlalchemy", "alembic", "rich", "json", "govcards.records", "govcards.model")
seen = sorted(m for m in sys.modules if m.startswith(WATCHED))
sys.stderr.write("loaded: " + " ".join(seen) + "\\n")
"""


@pytest.mark.slow
def test_a_csv_export_loads_only_what_it_writes_with(tmp_path: Path, small_deck: Path) -> None:
    """``export reviews`` as CSV: no SQLAlchemy, Alembic or Rich (stderr is not a terminal), and
    neither ``json`` nor every report's record types (issue 14: the start-up is most of what a
    100k-row export costs beyond the floor's)."""
    url = path_url(tmp_path / "c.db")
    built = Store(url)
    built.import_decks(load_decks([small_deck]), NOW - timedelta(days=3))
    built.close()
    out = tmp_path / "reviews.csv"
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_PROBE, str(tmp_path / "c.db"), str(out)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("\ufeffreviewed_at,study_day,deck,")
    assert done.stderr.splitlines()[-1].split() == ["loaded:"]


DAILY_PROBE = """
import sys
sys.argv = ["govcards", *sys.argv[2:], "--db", sys.argv[1]]
from govcards.cli import main
try:
    main()
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
seen = sorted({m.split(".")[0] for m in sys.modules if m.startswith(("sqlalchemy", "alembic"))})
sys.stderr.write("loaded: " + " ".join(seen) + "\\n")
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--topic", "test-dangjian/dangjian", "--json"],
        ["decks", "--topics"],
        ["find", "自治"],
    ],
    ids=["list", "list-topic-json", "decks-topics", "find"],
)
def test_daily_reads_of_an_up_to_date_collection_import_no_sqlalchemy(
    tmp_path: Path, small_deck: Path, args: list[str]
) -> None:
    """``list``, ``decks --topics`` and ``find`` (cold: building its index; then warm) read
    through the lean path: neither SQLAlchemy nor Alembic is ever imported (issue 14)."""
    db = tmp_path / "c.db"
    built = Store(path_url(db))
    built.import_decks(load_decks([small_deck]), NOW - timedelta(days=3))
    built.close()
    for _run in range(2 if args[0] == "find" else 1):
        done = subprocess.run(
            [sys.executable, "-c", DAILY_PROBE, str(db), *args],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "GOVCARDS_HOME": str(tmp_path / "home"), "NO_COLOR": "1"},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "dangjian" in done.stdout or "自治" in done.stdout
        assert done.stderr.splitlines()[-1].split() == ["loaded:"]
