"""The lean start of ``govcards review`` (store/lean_study.py, docs/performance.md):

- the queue read through the compiled SQL equals ``StudyStore``'s, on SQLite and PostgreSQL;
- the first write opens the full store, keeping its optimistic-concurrency check;
- collections the lean path can't serve go to the full store;
- ``govcards review`` has its first card before SQLAlchemy is imported at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from govcards.decks import load_decks
from govcards.errors import CardChanged, InputError
from govcards.model import Answer, CardFilter
from govcards.runtime import start_review
from govcards.scheduler import review
from govcards.store import Store, StudyStore
from govcards.store.fsrs_state import recompute
from govcards.store.lean import open_lean
from govcards.store.lean_study import LeanStudyStore
from govcards.store.queue_reads import QueueReads
from govcards.store.sqlite_file import path_url
from govcards.study_port import StudyPort

from .conftest import NOW, TODAY, ZONE
from .review_history import History
from .test_stats import DECK, record_history


def _fill(store: Store, deck_dir: Path, scheduler: str) -> None:
    store.set_setting("timezone", ZONE)
    store.set_setting("scheduler", scheduler)
    store.import_decks(load_decks([deck_dir]), NOW)
    history = History(store, DECK)
    record_history(history)
    history.answer("jiangyin", "identify", TODAY, 1)  # below the re-drill line: back today
    recompute(store)


def _queue(port: Any, flt: CardFilter) -> dict[str, Any]:
    """Every read of the queue, materialised."""
    due = port.due_cards(TODAY, flt, 50)
    return {
        "settings": port.fsrs_settings(),
        "today": port.today_counts(TODAY),
        "due": due,
        "due_limited": port.due_cards(TODAY, flt, 1),
        "new": port.new_cards(TODAY, flt, 3, set()),
        "new_skipping": port.new_cards(TODAY, flt, 50, {due[0].note_pk} if due else set()),
        "new_none": port.new_cards(TODAY, flt, 0, set()),
        "waiting": port.new_waiting(TODAY, flt),
        "redrills": port.pending_redrills(TODAY, flt),
        "due_tomorrow": port.due_on(TODAY + timedelta(days=1), flt),
        "cards": [port.card(c.card_pk) for c in due],
    }


@pytest.mark.parametrize("scheduler", ["sm2", "fsrs"])
@pytest.mark.parametrize("deck", [None, DECK])
def test_the_lean_queue_is_the_study_stores_queue(
    store: Store, small_deck: Path, tmp_path: Path, scheduler: str, deck: str | None
) -> None:
    url = path_url(tmp_path / "reference.db")
    reference = Store(url)
    _fill(reference, small_deck, scheduler)
    reference.close()
    _fill(store, small_deck, scheduler)
    rows = open_lean(url, snapshot=False)
    assert rows is not None, "an up-to-date SQLite file must take the lean path"
    flt = CardFilter(deck=deck)
    lean = _queue(QueueReads(lambda _flt: rows), flt)
    full = _queue(StudyStore(store), flt)
    assert lean["due"] and lean["new"] and lean["redrills"], "the fixture must fill the queue"
    assert lean["settings"].scheduler == scheduler
    for key in lean:
        assert lean[key] == full[key], key
    rows.close()


def _lean_port(tmp_path: Path, small_deck: Path) -> tuple[LeanStudyStore, str, list[str]]:
    url = path_url(tmp_path / "c.db")
    built = Store(url)
    _fill(built, small_deck, "sm2")
    built.close()
    rows = open_lean(url, snapshot=False)
    assert rows is not None
    opened: list[str] = []

    def open_full(settings: Any) -> StudyPort:
        opened.append(url)
        return StudyStore(Store(url), settings)

    return LeanStudyStore(rows, open_full), url, opened


def test_the_first_write_opens_the_full_store_and_keeps_its_concurrency_check(
    tmp_path: Path, small_deck: Path
) -> None:
    port, url, opened = _lean_port(tmp_path, small_deck)
    (first,) = port.due_cards(TODAY, CardFilter(), 1)
    (second,) = port.new_cards(TODAY, CardFilter(), 1, set())
    assert not port.opened and opened == []  # reading never opens the full store
    other = StudyStore(Store(url))  # another session answers the first card meanwhile
    at = NOW + timedelta(days=1)
    other.record(
        Answer(first.card_pk, at, TODAY, 5, False, 1, first.state, review(first.state, 5, TODAY))
    )
    with pytest.raises(CardChanged):
        port.record(
            Answer(
                first.card_pk, at, TODAY, 4, False, 1, first.state, review(first.state, 4, TODAY)
            )
        )
    assert port.opened and opened == [url]
    after = review(second.state, 4, TODAY)
    port.record(Answer(second.card_pk, at, TODAY, 4, False, 1, second.state, after))
    assert port.card(second.card_pk).state == after  # reads now see the write
    assert opened == [url]  # opened once
    other.store.close()


def test_collections_the_lean_path_cant_serve_go_to_the_full_store(
    tmp_path: Path, small_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVCARDS_NOW", (NOW + timedelta(days=1)).isoformat())
    db = str(tmp_path / "c.db")
    built = Store(path_url(Path(db)))
    _fill(built, small_deck, "sm2")
    built.close()
    say: list[str] = []
    assert isinstance(
        start_review(db, CardFilter(), None, None, False, say.append).port, LeanStudyStore
    )
    scoped = start_review(db, CardFilter(kind="case"), None, None, False, say.append)
    assert isinstance(scoped.port, StudyStore)  # a filter beyond a deck is built per value
    with pytest.raises(InputError):  # an unknown deck: the full store's check refuses it
        start_review(db, CardFilter(deck="no-such-deck"), None, None, False, say.append)
    empty = str(tmp_path / "empty.db")
    Store(path_url(Path(empty))).close()  # no decks yet: the first run imports the bundled ones
    assert isinstance(
        start_review(empty, CardFilter(), None, None, False, say.append).port, StudyStore
    )
    assert say, "the first run says what it imported"


PROBE = """
import json, sys
import govcards.ui.review as screen

def loaded():
    return sorted({m.split(".")[0] for m in sys.modules if m.startswith(("sqlalchemy", "alembic"))}
                  | {m for m in sys.modules if m == "sqlalchemy.orm"})

def run(self, session):
    item = session.current
    seen["prompt"] = session.face(item).prompt if item else None
    seen["at_first_card"] = loaded()

seen = {}
screen.ReviewScreen.run = run
sys.argv = ["govcards", "review", "--db", sys.argv[1]]
from govcards.cli import main
try:
    main()
except SystemExit as exc:
    seen["exit"] = exc.code
sys.stderr.write(json.dumps(seen) + "\\n")
"""


def _probe(script: str, tmp_path: Path, small_deck: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run in a fresh interpreter on a filled SM-2 collection (its path is argv[1])."""
    db = tmp_path / "c.db"
    built = Store(path_url(db))
    _fill(built, small_deck, "sm2")
    built.close()
    return subprocess.run(
        [sys.executable, "-c", script, str(db)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
def test_review_has_its_first_card_without_importing_sqlalchemy(
    tmp_path: Path, small_deck: Path
) -> None:
    done = _probe(PROBE, tmp_path, small_deck)
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["exit"] in (0, None), done.stderr
    assert seen["prompt"], "a first card was drawn"
    assert seen["at_first_card"] == []


WARM = """
import json, sys
from govcards.card_filter import CardFilter
from govcards.runtime import start_review
session = start_review(sys.argv[1], CardFilter(), None, None, False, print)
before = "sqlalchemy.orm" in sys.modules
session.port.prepare_writes().join(timeout=60)
sys.stderr.write(json.dumps([before, "sqlalchemy.orm" in sys.modules, session.port.opened]) + "\\n")
"""


@pytest.mark.slow
def test_the_store_is_imported_in_the_background_but_opened_only_at_the_first_write(
    tmp_path: Path, small_deck: Path
) -> None:
    done = _probe(WARM, tmp_path, small_deck)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == [False, True, False], done.stderr
