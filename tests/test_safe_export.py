"""Exports never destroy anything and carry nothing a spreadsheet or Anki would execute
(docs/errors.md, issue 11 item 3)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcards.cli import app
from govcards.exporters.anki import build_decks, cloze_text, note_guid
from govcards.exporters.notebook import chinese_ordinal, notebook_lines
from govcards.model import BasicNote, Deck, Point, QuoteNote, StructureNote
from govcards.records import DeckNotes
from govcards.store import Store

from .collection_tools import child_env, fingerprint, spawn
from .conftest import NOW


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "self.db"
    store = Store("sqlite:///" + str(path))
    try:
        note = BasicNote(id="n1", front='=HYPERLINK("http://evil")', back="@SUM(1+1)")
        other = BasicNote(id="n2", front="+1", back="-2")
        store.import_decks([Deck(id="-d", name="\tname", notes=(note, other))], NOW)
    finally:
        store.close()
    return path


def export(db: Path, *args: str) -> object:
    return CliRunner().invoke(app, ["export", *args, "--db", str(db)])


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_force_never_overwrites_the_collection_or_its_journal_files(db: Path, suffix: str) -> None:
    target = db.with_name(db.name + suffix)
    before = fingerprint(db)
    existed = target.exists()
    result = export(db, "reviews", "-o", str(target), "--force")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "collection" in result.stderr  # type: ignore[attr-defined]
    assert fingerprint(db) == before
    assert target.exists() == existed
    store = Store("sqlite:///" + str(db))
    try:
        assert store.deck_count() == 1
    finally:
        store.close()


def test_force_never_overwrites_a_backup_or_any_other_database(db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "self-backup-20260302T010000Z.db"
    assert CliRunner().invoke(app, ["backup", "-o", str(backup), "--db", str(db)]).exit_code == 0
    digest = fingerprint(backup)
    refused = export(db, "cards", "-o", str(backup), "--force")
    assert refused.exit_code == 2  # type: ignore[attr-defined]
    assert fingerprint(backup) == digest
    # the -wal of a database that is not the collection is refused too, existing or not
    wal = backup.with_name(backup.name + "-wal")
    assert export(db, "cards", "-o", str(wal), "--force").exit_code == 2  # type: ignore[attr-defined]
    assert not wal.exists()


def test_devices_fifos_directories_and_links_are_refused(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    real = tmp_path / "real.csv"
    real.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    for target in (Path("/dev/full"), Path("/dev/null"), fifo, folder, link):
        result = export(db, "cards", "-o", str(target), "--force")
        assert result.exit_code == 2, target  # type: ignore[attr-defined]
        assert str(target) in result.stderr  # type: ignore[attr-defined]
    assert real.read_text(encoding="utf-8") == "mine"
    assert link.is_symlink() and fifo.exists() and folder.is_dir()
    link_line = export(db, "cards", "-o", str(link), "--force").stderr  # type: ignore[attr-defined]
    assert "symbolic link" in link_line and str(real) in link_line


def test_an_overwrite_is_atomic_keeps_the_mode_and_leaves_no_temporary_file(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cards.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    inode = target.stat().st_ino
    assert export(db, "cards", "-o", str(target), "--force").exit_code == 0  # type: ignore[attr-defined]
    assert target.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


KILLED_MID_EXPORT = """
import sys, time
import govcards.exporters.tables as export
from govcards.cli import main

def _slow(stream, header, rows, bom, progress=None):
    stream.write("partial")
    stream.flush()
    print("writing", flush=True)
    time.sleep(120)

export.write_csv = _slow
sys.argv = ["govcards", "export", "cards", "-o", sys.argv[1], "--force", "--db", sys.argv[2]]
main()
"""


@pytest.mark.slow
def test_a_killed_export_leaves_the_old_file_and_the_next_run_removes_its_temporary(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cards.csv"
    target.write_text("old", encoding="utf-8")
    proc = spawn("-c", KILLED_MID_EXPORT, str(target), str(db))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing", proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert target.read_text(encoding="utf-8") == "old"
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".cards.csv")]
    assert len(leftovers) == 1  # SIGKILL runs no cleanup; the next export does
    done = subprocess.run(
        [sys.executable, "-m", "govcards", "export", "cards", "-o", str(target), "--force",
         "--db", str(db)],
        capture_output=True, text=True, env=child_env(), timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("deck,note,card")
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_full_disk_on_stdout_is_one_line_and_exit_1(db: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "govcards", "export", "cards", "--db", str(db)],
            stdout=full, stderr=subprocess.PIPE, text=True, env=child_env(), timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "standard output" in done.stderr and "Traceback" not in done.stderr


def test_csv_cells_that_would_be_formulas_are_neutralised_and_json_is_verbatim(db: Path) -> None:
    # the card export holds deck and note ids; the notebook-free path to deck text in a table
    result = export(db, "cards")
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert {row[0] for row in rows[1:]} == {"'-d"}
    as_json = json.loads(export(db, "cards", "--format", "json").stdout)  # type: ignore[attr-defined]
    assert {row["deck"] for row in as_json} == {"-d"}


def test_every_formula_start_is_neutralised_by_the_export_query(tmp_path: Path) -> None:
    """The neutralisation is written once, in the export's SQL: prove it on every start."""
    from govcards.store import Store
    from govcards.store.lean import open_lean
    from govcards.store.reports import Reports
    from govcards.store.sqlite_file import path_url

    url = path_url(tmp_path / "formula.db")
    Store(url).close()
    starts = ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "普通", "a=b"]
    with sqlite3.connect(tmp_path / "formula.db") as conn:
        for i, value in enumerate(starts):
            conn.execute(
                "INSERT INTO decks (id, deck_id, name, description, topics, path, imported_at)"
                " VALUES (?, ?, 'd', '', '{}', '', '2026-03-02 01:00:00.000000')",
                (i + 1, value),
            )
            conn.execute(
                "INSERT INTO notes (id, deck_pk, note_id, kind, position, content, digest, retired)"
                " VALUES (?, ?, 'n', 'basic', 0, '{}', '', 0)",
                (i + 1, i + 1),
            )
            conn.execute(
                "INSERT INTO cards (deck_pk, note_pk, card_key, position, repetitions, efactor,"
                " interval, lapses, suspended, retired, version)"
                " VALUES (?, ?, 'front', 0, 0, 2500, 0, 0, 0, 0, 0)",
                (i + 1, i + 1),
            )
    rows = open_lean(url)
    assert rows is not None
    cells = sorted(row[0] for row in Reports(rows).card_rows(None, csv=True))
    assert cells == sorted(["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "普通", "a=b"])
    verbatim = sorted(row[0] for row in Reports(rows).card_rows(None, csv=False))
    assert verbatim == sorted(starts)
    rows.close()


def test_anki_fields_cannot_open_close_or_hint_a_cloze() -> None:
    quote = QuoteNote(id="q", text="甲{{c9::乙}}丙::丁}}戊", blanks=("乙",))
    text = cloze_text(quote)
    assert text.count("{{c") == 1 and text.count("}}") == 1 and text.count("::") == 1
    assert "{{c1::" in text
    deck = DeckNotes("d", "名::字", "", {}, (quote,))
    (anki,) = build_decks([deck])
    assert anki.name.count("::") == 1  # no sub-deck from the name
    fields = anki.notes[0].fields
    assert "{{c9" not in fields[0] and "&#123;&#123;c9&#58;&#58;" in fields[0]


def test_note_guids_never_collide_and_unambiguous_ones_keep_their_old_value() -> None:
    import genanki

    pairs = [("x", "y__z"), ("x__y", "z"), ("x_", "y"), ("x", "_y"), ("x", "y_z"), ("x_y", "z")]
    guids = {note_guid(d, n) for d, n in pairs}
    assert len(guids) == len(pairs)
    assert note_guid("test-dangjian", "jiangyin") == genanki.guid_for("test-dangjian", "jiangyin")
    assert note_guid("x", "y_z") == genanki.guid_for("x", "y_z")


def test_a_hundred_sub_points_export_to_the_notebook_and_to_anki(tmp_path: Path) -> None:
    assert [chinese_ordinal(n) for n in (99, 100, 101, 110, 1000, 1010)] == [
        "九十九", "一百", "一百零一", "一百一十", "一千", "一千零一十",
    ]  # fmt: skip
    details = tuple(f"细节{i}" for i in range(1, 121))
    note = StructureNote(id="s", title="很多", points=(Point("要点", details), Point("二")))
    deck = DeckNotes("d", "牌组", "", {}, (note,))
    book = "".join(notebook_lines([deck]))
    assert "一百二十是细节120" in book
    from govcards.exporters.anki import write_apkg

    path = tmp_path / "big.apkg"
    write_apkg([deck], path, NOW)
    with zipfile.ZipFile(path) as package:
        package.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        (flds,) = conn.execute("SELECT flds FROM notes").fetchone()
    finally:
        conn.close()
    assert "一百二十是细节120" in flds
