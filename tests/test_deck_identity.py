"""Deck identity (issue 11, item 5): a renamed deck id retires the old deck, and a note whose
kind changed keeps its old reviews under the old kind (docs/storage.md, "Deck identity").

Every test uses the ``store`` fixture, so it runs on PostgreSQL too when a server is given.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.errors import InputError
from govcards.model import CardFilter
from govcards.store import ImportReport, Store, StudyStore
from govcards.store.listing import deck_topics
from govcards.store.readers import EngineRows
from govcards.store.reports import Reports
from govcards.store.schema import CardRow, NoteRow, ReviewRow

from .conftest import NOW, SMALL_DECK, TODAY
from .test_import import give_progress

OLD = "test-dangjian"
NEW = "dangjian-v2"
RENAMED = SMALL_DECK.replace(f"id: {OLD}", f"id: {NEW}")
SMALL_CARDS = 10
NOTES = 4
ALL = CardFilter()

BASIC = """\
deck: 种类测试
id: kinds
notes:
  - id: n1
    kind: basic
    front: '"最后一公里"出自哪句话？'
    back: 基层党组织是贯彻落实党中央决策部署的“最后一公里”
"""
QUOTE = """\
deck: 种类测试
id: kinds
notes:
  - id: n1
    kind: quote
    text: 基层党组织是贯彻落实党中央决策部署的“最后一公里”
    blanks: [最后一公里]
"""


def import_file(store: Store, path: Path, text: str, dry_run: bool = False) -> ImportReport:
    path.write_text(text, encoding="utf-8")
    [report] = store.import_decks(load_decks([path]), NOW, dry_run=dry_run)
    return report


def live_card(store: Store, deck: str, note: str, key: str) -> int:
    """The live card of a note (a note whose kind changed also has retired rows)."""
    stmt = (
        select(CardRow.id)
        .join(NoteRow, NoteRow.id == CardRow.note_pk)
        .where(NoteRow.note_id == note, CardRow.card_key == key, CardRow.retired.is_(False))
    )
    with store.read() as s:
        found = list(s.scalars(stmt))
    assert len(found) == 1, (deck, note, key, found)
    return found[0]


def queue(store: Store) -> list[tuple[str, str, str]]:
    study = StudyStore(store)
    cards = study.due_cards(TODAY, ALL, 1000) + study.new_cards(TODAY, ALL, 1000, set())
    return sorted((c.deck_id, c.note_id, c.key) for c in cards)


def review_total(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(ReviewRow)) or 0)


# --- a renamed deck id ---------------------------------------------------------------------


def test_renaming_a_deck_id_retires_the_old_deck_and_keeps_its_history(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "dangjian.yaml"
    import_file(store, path, SMALL_DECK)
    give_progress(store, live_card(store, OLD, "santi-heyi", "front"))
    reviews = review_total(store)

    report = import_file(store, path, RENAMED)

    assert report.renamed_from == [OLD] and report.new_deck
    assert [(d.deck_id, d.total) for d in Reports.of(store).deck_summaries(TODAY)] == [
        (NEW, SMALL_CARDS)
    ]
    assert {deck for deck, _, _ in queue(store)} == {NEW}
    assert len(queue(store)) == NOTES  # one new card per note (siblings wait), not two
    assert review_total(store) == reviews  # history kept
    assert {row[2] for row in Reports.of(store).review_rows(None, csv=False)} == {OLD}
    assert [d.deck for d in Reports.of(store).deck_notes(None)] == [NEW]
    assert list(deck_topics(EngineRows(store))) == [NEW]
    with pytest.raises(InputError):
        store.check_filter(CardFilter(deck=OLD))
    with pytest.raises(InputError):
        Reports.of(store).require_deck(OLD)
    store.check_filter(CardFilter(topic="dangjian"))  # one live deck has it: not ambiguous


def test_importing_the_old_id_again_restores_the_deck_with_its_progress(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "dangjian.yaml"
    import_file(store, path, SMALL_DECK)
    pk = live_card(store, OLD, "santi-heyi", "front")
    progress = give_progress(store, pk)
    import_file(store, path, RENAMED)

    report = import_file(store, path, SMALL_DECK)

    assert report.renamed_from == [NEW] and report.deck_restored and not report.new_deck
    assert report.restored == 4 and report.cards_restored == SMALL_CARDS
    assert [d.deck_id for d in Reports.of(store).deck_summaries(TODAY)] == [OLD]
    assert StudyStore(store).card(pk).state == progress
    assert {deck for deck, _, _ in queue(store)} == {OLD}


def test_the_import_report_says_which_deck_was_retired(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dangjian.yaml"
    path.write_text(SMALL_DECK, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    path.write_text(RENAMED, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"retired deck {OLD} (renamed to {NEW})" in result.stdout
    decks = runner.invoke(app, ["decks"])
    assert NEW in decks.stdout and OLD not in decks.stdout


def test_a_dry_run_reports_the_rename_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dangjian.yaml"
    import_file(store, path, SMALL_DECK)
    report = import_file(store, path, RENAMED, dry_run=True)
    assert report.renamed_from == [OLD]
    assert [(d.deck_id, d.total) for d in Reports.of(store).deck_summaries(TODAY)] == [
        (OLD, SMALL_CARDS)
    ]
    assert {deck for deck, _, _ in queue(store)} == {OLD}


def test_a_moved_and_renamed_file_is_matched_by_source_and_name(
    store: Store, tmp_path: Path
) -> None:
    first = tmp_path / "a.yaml"
    import_file(store, first, SMALL_DECK)
    first.unlink()
    report = import_file(store, tmp_path / "b.yaml", RENAMED)
    assert report.renamed_from == [OLD]
    assert [d.deck_id for d in Reports.of(store).deck_summaries(TODAY)] == [NEW]


def test_two_files_with_the_same_source_and_name_stay_two_decks(
    store: Store, tmp_path: Path
) -> None:
    import_file(store, tmp_path / "a.yaml", SMALL_DECK)
    report = import_file(store, tmp_path / "b.yaml", RENAMED)  # a.yaml is still there
    assert report.renamed_from == []
    assert [d.deck_id for d in Reports.of(store).deck_summaries(TODAY)] == [NEW, OLD]


def test_decks_of_one_import_never_retire_each_other(store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "1.yaml", tmp_path / "2.yaml"
    import_file(store, first, SMALL_DECK)
    first.write_text(RENAMED, encoding="utf-8")  # the old deck moved to the second file
    second.write_text(SMALL_DECK, encoding="utf-8")
    reports = store.import_decks(load_decks([first, second]), NOW)
    assert [r.renamed_from for r in reports] == [[], []]
    assert [d.deck_id for d in Reports.of(store).deck_summaries(TODAY)] == [NEW, OLD]


# --- a changed note kind -------------------------------------------------------------------


def review_kinds(store: Store) -> list[tuple[str, str]]:
    return [(row[4], row[5]) for row in Reports.of(store).review_rows(None, csv=False)]


def test_old_reviews_keep_the_kind_they_were_answered_under(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    import_file(store, path, BASIC)
    give_progress(store, live_card(store, "kinds", "n1", "front"), grades=(5,))

    report = import_file(store, path, QUOTE)

    assert (report.updated, report.added, report.retired) == (1, 0, 0)
    assert review_kinds(store) == [("front", "basic")]
    assert {key for _, _, key in queue(store)} == {"blank-1"}
    give_progress(store, live_card(store, "kinds", "n1", "blank-1"), grades=(4,))
    assert sorted(review_kinds(store)) == [("blank-1", "quote"), ("front", "basic")]


def test_changing_the_kind_back_restores_the_old_note_with_its_progress(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "kinds.yaml"
    import_file(store, path, BASIC)
    pk = live_card(store, "kinds", "n1", "front")
    progress = give_progress(store, pk, grades=(5,))
    import_file(store, path, QUOTE)

    report = import_file(store, path, BASIC)

    assert (report.updated, report.added, report.restored) == (1, 0, 0)
    assert live_card(store, "kinds", "n1", "front") == pk
    assert StudyStore(store).card(pk).state == progress
    with store.read() as s:
        rows = s.execute(select(NoteRow.kind, NoteRow.retired).order_by(NoteRow.kind)).all()
    assert [tuple(r) for r in rows] == [("basic", False), ("quote", True)]
    assert store.unsuspend("kinds", "n1", None) == 0  # the live row is found, not an error


def test_export_reviews_shows_the_old_kind_for_old_reviews(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    import_file(store, path, BASIC)
    give_progress(store, live_card(store, "kinds", "n1", "front"), grades=(5,))
    import_file(store, path, QUOTE)
    result = CliRunner().invoke(app, ["export", "reviews", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(line["note"], line["card"], line["kind"]) for line in lines] == [
        ("n1", "front", "basic")
    ]
