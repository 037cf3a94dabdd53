"""A question deck imported on its own: its ``uses`` may name live notes already in the
collection file it goes into, but never a retired note, a deck the import replaces without that
note, or a note that exists nowhere (still a FILE:LINE:COL error, and nothing is written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcards.decks import bundled_decks_dir
from govcards.errors import InputError
from govcards.runtime import import_paths
from govcards.store import Store, resolve_url

from .collection_tools import count, govcards

HEADER = "deck: 测试牌组\nid: ceshi\nnotes:\n"
CASE_A = "  - id: a\n    kind: case\n    title: 标题甲\n    summary: 摘要甲\n"
CASE_B = "  - id: b\n    kind: case\n    title: 标题乙\n    summary: 摘要乙\n"
QUESTIONS = "deck: 测试题库\nid: wenti\nnotes:\n  - id: q\n    kind: question\n    prompt: 题\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def question_deck(folder: Path, uses: str) -> Path:
    return write(folder / "wenti.yaml", QUESTIONS + f"    uses: [{uses}]\n")


@pytest.fixture
def collection(tmp_path: Path) -> str:
    """A collection file that already holds deck ``ceshi`` with notes a and b."""
    db = str(tmp_path / "collection.db")
    import_paths([write(tmp_path / "ceshi.yaml", HEADER + CASE_A + CASE_B)], db, dry_run=False)
    return db


def test_the_store_lists_live_note_ids_by_deck(collection: str, tmp_path: Path) -> None:
    import_paths([write(tmp_path / "ceshi.yaml", HEADER + CASE_B)], collection, dry_run=False)
    store = Store(resolve_url(collection))
    try:
        assert store.live_note_ids() == {"ceshi": {"b"}}  # a was retired by the re-import
    finally:
        store.close()


def test_a_question_deck_alone_may_use_notes_already_in_the_collection(
    collection: str, tmp_path: Path
) -> None:
    reports = import_paths([question_deck(tmp_path, "ceshi/a, ceshi/b")], collection, False)
    assert [r.deck_id for r in reports] == ["wenti"]
    assert count("sqlite:///" + collection, "decks") == 2


def test_a_missing_id_is_still_an_error_at_its_line_and_nothing_is_written(
    collection: str, tmp_path: Path
) -> None:
    path = question_deck(tmp_path, "ceshi/a, ceshi/zz, meiyou/a")
    with pytest.raises(InputError) as caught:
        import_paths([path], collection, dry_run=False)
    missing_note, missing_deck, summary = caught.value.lines
    assert "nothing imported" in summary
    assert missing_note.startswith(f"{path}:7:21: note 'q': ") and "ceshi/zz" in missing_note
    assert missing_deck.startswith(f"{path}:7:31: note 'q': ") and "meiyou" in missing_deck
    assert count("sqlite:///" + collection, "decks") == 1


def test_a_retired_note_cannot_be_used(collection: str, tmp_path: Path) -> None:
    import_paths([write(tmp_path / "ceshi.yaml", HEADER + CASE_B)], collection, dry_run=False)
    path = question_deck(tmp_path, "ceshi/a")
    with pytest.raises(InputError) as caught:
        import_paths([path], collection, dry_run=False)
    assert caught.value.lines[0].startswith(f"{path}:7:12: note 'q': ")


def test_a_deck_in_the_import_is_judged_by_its_file_not_by_the_collection(
    collection: str, tmp_path: Path
) -> None:
    """The import replaces ceshi without note a, so a question of the same import can't use it."""
    folder = tmp_path / "both"
    folder.mkdir()
    write(folder / "ceshi.yaml", HEADER + CASE_B)
    path = question_deck(folder, "ceshi/a")
    with pytest.raises(InputError) as caught:
        import_paths([folder], collection, dry_run=False)
    assert caught.value.lines[0].startswith(f"{path}:7:12: note 'q': ")


def test_the_bundled_question_bank_imports_alone_into_a_collection_of_the_other_decks(
    tmp_path: Path,
) -> None:
    bundled = bundled_decks_dir()
    others = tmp_path / "others"
    others.mkdir()
    questions = next(bundled.glob("16-*.yaml"))
    for deck in bundled.glob("*.yaml"):
        if deck != questions and deck.name != "themes.yaml":
            shutil.copy(deck, others / deck.name)
    db = str(tmp_path / "bundled.db")
    assert govcards("import", "--db", db, str(others)).returncode == 0
    alone = govcards("import", "--db", db, str(questions))
    assert alone.returncode == 0, alone.stderr
    empty = govcards("import", "--db", str(tmp_path / "empty.db"), str(questions))
    assert empty.returncode == 2 and "16-shenlun-questions.yaml:" in empty.stderr
