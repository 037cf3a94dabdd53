"""Every export parsed back: pinned columns and keys in order, the BOM, Chinese intact, files
never overwritten by accident, the 素材本 with each kind, and the Anki package as Anki reads it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import genanki
import pytest
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.store import Store

from .conftest import NOW, SMALL_DECK, TODAY
from .review_history import History

BOM = b"\xef\xbb\xbf"
REVIEW_COLUMNS = [
    "reviewed_at",
    "study_day",
    "deck",
    "note",
    "card",
    "kind",
    "grade",
    "drill",
    "duration_ms",
    "interval_before",
    "interval_after",
    "efactor_after",
]
CARD_COLUMNS = [
    "deck",
    "note",
    "card",
    "kind",
    "topic",
    "repetitions",
    "efactor",
    "interval",
    "due",
    "lapses",
    "suspended",
    "retired",
    "reviews",
    "stability",
    "difficulty",
]
STATS_COLUMNS = ["study_day", "reviews", "new", "correct", "drills", "time_ms"]
CHINESE_DECK = """\
deck: 金句 · 测试
id: 金句-测试
notes:
  - id: 三治合一
    kind: basic
    front: “三治”指什么？
    back: 自治、法治、德治
"""
SMALL = "test-dangjian"
CN = "金句-测试"


@pytest.fixture
def collection(store: Store, small_deck: Path) -> Store:
    """The small deck and a deck with Chinese ids; four answers on two study days."""
    chinese = small_deck.parent / "chinese.yaml"
    chinese.write_text(CHINESE_DECK, encoding="utf-8")
    store.import_decks(load_decks([small_deck, chinese]), NOW)
    small = History(store, SMALL)
    small.answer("jiangyin", "recall", TODAY.replace(day=1), 4, ms=12_000)
    small.answer("jiangyin", "recall", TODAY, 2, ms=8_000)
    small.answer("jiangyin", "recall", TODAY, 5, drill=True, ms=4_000)
    History(store, CN).answer("三治合一", "front", TODAY, 5, ms=5_000)
    return store


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["export", *args])


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_reviews_csv_starts_with_the_bom_and_has_the_pinned_columns(collection: Store) -> None:
    result = run("reviews")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(BOM + b"reviewed_at,")
    header, *rows = csv_rows(result.stdout_bytes)
    assert header == REVIEW_COLUMNS
    assert rows[0] == [
        "2026-03-01T01:00:01Z",
        "2026-03-01",
        SMALL,
        "jiangyin",
        "recall",
        "case",
        "4",
        "false",
        "12000",
        "0",
        "1",
        "2500",
    ]
    assert [r[6:8] for r in rows] == [["4", "false"], ["2", "false"], ["5", "true"], ["5", "false"]]
    assert rows[3][2:5] == [CN, "三治合一", "front"]  # Chinese intact


def test_no_bom_leaves_the_byte_order_mark_out(collection: Store) -> None:
    result = run("reviews", "--no-bom")
    assert result.stdout_bytes.startswith(b"reviewed_at,")
    assert csv_rows(result.stdout_bytes)[0] == REVIEW_COLUMNS


def test_reviews_json_is_a_list_of_objects_with_the_pinned_keys_in_order(
    collection: Store,
) -> None:
    result = run("reviews", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "三治合一".encode() in result.stdout_bytes  # not \\u escapes
    rows = json.loads(result.stdout_bytes)
    assert len(rows) == 4
    assert all(list(row) == REVIEW_COLUMNS for row in rows)
    assert rows[2]["drill"] is True and rows[2]["grade"] == 5
    assert rows[1]["interval_before"] == 1 and rows[1]["efactor_after"] == 2180
    assert rows[3]["deck"] == CN and rows[3]["reviewed_at"].endswith("Z")


def test_cards_export_has_every_card_with_its_state_and_review_count(collection: Store) -> None:
    header, *rows = csv_rows(run("cards").stdout_bytes)
    assert header == CARD_COLUMNS
    assert len(rows) == 11  # 10 cards of the small deck + 1
    by_card = {(r[0], r[1], r[2]): dict(zip(header, r, strict=True)) for r in rows}
    recall = by_card[(SMALL, "jiangyin", "recall")]
    assert recall == {
        "deck": SMALL,
        "note": "jiangyin",
        "card": "recall",
        "kind": "case",
        "topic": "dangjian",
        "repetitions": "0",
        "efactor": "2180",
        "interval": "1",
        "due": "2026-03-03",
        "lapses": "1",
        "suspended": "false",
        "retired": "false",
        "reviews": "3",  # the re-drill is a logged answer too
        "stability": recall["stability"],
        "difficulty": recall["difficulty"],
    }
    assert 0 < float(recall["stability"]) < 1  # failed on its first review: Again's stability
    assert by_card[(SMALL, "santi-heyi", "back")]["topic"] == ""
    assert by_card[(SMALL, "santi-heyi", "back")]["due"] == ""
    assert by_card[(CN, "三治合一", "front")]["reviews"] == "1"


def test_cards_json_has_typed_values_and_the_pinned_keys(collection: Store) -> None:
    rows = json.loads(run("cards", "--format", "json").stdout_bytes)
    assert all(list(row) == CARD_COLUMNS for row in rows)
    first = rows[0]
    assert (first["suspended"], first["retired"], first["topic"]) == (False, False, "dangjian")
    assert next(r for r in rows if r["note"] == "santi-heyi")["due"] is None


def test_retired_cards_are_exported_flagged_and_left_out_of_notebook_and_anki(
    collection: Store, small_deck: Path, tmp_path: Path
) -> None:
    without_basic = SMALL_DECK[: SMALL_DECK.index("  - id: santi-heyi")]
    small_deck.write_text(without_basic, encoding="utf-8")
    collection.import_decks(load_decks([small_deck]), NOW)
    rows = json.loads(run("cards", "--format", "json", "--deck", SMALL).stdout_bytes)
    retired = {r["card"] for r in rows if r["retired"]}
    assert retired == {"front", "back"} and len(rows) == 10
    assert "指哪三治" not in run("notebook").stdout
    assert run("anki", "-o", str(tmp_path / "a.apkg")).exit_code == 0
    notes = anki_rows(tmp_path / "a.apkg", "SELECT flds FROM notes")
    assert len(notes) == 4 and not any("指哪三治" in n[0] for n in notes)


def test_stats_export_has_one_row_per_study_day(collection: Store) -> None:
    header, *rows = csv_rows(run("stats").stdout_bytes)
    assert header == STATS_COLUMNS
    assert rows == [
        ["2026-03-01", "1", "1", "1", "0", "12000"],
        ["2026-03-02", "2", "1", "1", "1", "17000"],  # recall failed, 三治合一 new ✓, a drill
    ]
    days = json.loads(run("stats", "--format", "json").stdout_bytes)
    assert [list(day) for day in days] == [STATS_COLUMNS, STATS_COLUMNS]
    assert days[1] == dict(zip(STATS_COLUMNS, ["2026-03-02", 2, 1, 1, 1, 17000], strict=True))


def test_deck_option_narrows_an_export(collection: Store) -> None:
    rows = json.loads(run("reviews", "--format", "json", "--deck", CN).stdout_bytes)
    assert [(r["deck"], r["note"]) for r in rows] == [(CN, "三治合一")]


def test_output_file_is_written_and_never_overwritten_without_force(
    collection: Store, tmp_path: Path
) -> None:
    target = tmp_path / "reviews.csv"
    assert run("reviews", "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(BOM) and len(csv_rows(target.read_bytes())) == 5
    target.write_text("mine", encoding="utf-8")
    refused = run("cards", "-o", str(target))
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"{target}: already exists (use --force to overwrite it)"
    ]
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("cards", "-o", str(target), "--force").exit_code == 0
    assert csv_rows(target.read_bytes())[0] == CARD_COLUMNS
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unwritable_output_exits_1_with_one_line_and_leaves_nothing(
    collection: Store, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "reviews.csv"
    result = run("reviews", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{target}: cannot write: No such file or directory"
    ]
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bogus"], "unknown export 'bogus' (one of: reviews, cards, stats, notebook, anki)"),
        (["notebook", "--format", "csv"], "export notebook: --format csv is not available"),
        (["reviews", "--format", "md"], "export reviews: --format md is not available"),
        (["anki"], "export anki writes a package file: give -o FILE.apkg"),
        (["cards", "--deck", "nope"], "unknown deck 'nope' (see 'govcards decks')"),
    ],
)
def test_bad_export_requests_exit_2_with_one_line(
    collection: Store, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert result.stdout == ""


def test_notebook_groups_by_deck_topic_and_kind_with_each_kind_in_full(
    collection: Store,
) -> None:
    result = run("notebook", "--format", "md")
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md.startswith("# 申论素材本\n")
    order = ["## 测试 · 党建引领", "### 强化基层党建", "#### 案例", "#### 分析框架", "#### 金句"]
    order += ["### 其他", "#### 问答", "## 金句 · 测试"]
    positions = [md.index(heading + "\n") for heading in order]
    assert positions == sorted(positions)
    for line in (
        "**1. 江苏江阴党员联户“1+10+N”制度**",
        "- 地点：江苏省江阴市",
        "  2. 党员联系服务群众",
        "- 关键词：1+10+N、党员联户",
        "**1. 【对策】强化基层党建的对策**",
        "1. **建设骨干队伍**",
        "   - 一是优选党组织书记",
        "   - 三是做好基层党员管理工作",
        "2. **强化监督力度**",
        "3. **完善党建体系**",
        "> 基层党组织是贯彻落实党中央决策部署的“**最后一公里**”，不能出现“**断头路**”",
        "> —— 习近平",
        '**问：** "三治合一"指哪三治？',
        "**答：** 自治、法治、德治",
    ):
        assert line + "\n" in md


def test_notebook_of_one_deck_has_only_that_deck(collection: Store, tmp_path: Path) -> None:
    target = tmp_path / "素材本.md"
    assert run("notebook", "--deck", CN, "-o", str(target)).exit_code == 0
    md = target.read_text(encoding="utf-8")
    assert "## 金句 · 测试" in md and "党建" not in md
    assert "**问：** “三治”指什么？" in md


def anki_rows(package: Path, sql: str) -> list[tuple[Any, ...]]:
    """Open the .apkg as Anki does: a zip holding an SQLite collection."""
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in archive.namelist())
        database = package.with_suffix(".sqlite")
        database.write_bytes(archive.read(name))
    conn = sqlite3.connect(database)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_anki_package_has_one_note_per_deck_note_with_stable_guids(
    collection: Store, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert run("anki", "-o", str(first)).exit_code == 0
    assert run("anki", "-o", str(second)).exit_code == 0
    assert zipfile.is_zipfile(first)
    sql = "SELECT guid, flds FROM notes ORDER BY guid"
    notes = anki_rows(first, sql)
    expected = [(SMALL, n) for n in ("jiangyin", "dangjian-duice", "zuihou-yigongli")]
    expected += [(SMALL, "santi-heyi"), (CN, "三治合一")]
    assert sorted(g for g, _ in notes) == sorted(genanki.guid_for(d, n) for d, n in expected)
    assert anki_rows(second, sql) == notes  # a re-export matches, so Anki updates in place
    fields = {g: f.split("\x1f") for g, f in notes}
    assert fields[genanki.guid_for(CN, "三治合一")][:2] == ["“三治”指什么？", "自治、法治、德治"]


def test_anki_quotes_are_cloze_notes_with_one_cloze_per_blank(
    collection: Store, tmp_path: Path
) -> None:
    package = tmp_path / "decks.apkg"
    assert run("anki", "-o", str(package)).exit_code == 0
    (models_json, decks_json), *_ = anki_rows(package, "SELECT models, decks FROM col")
    models = {int(k): m for k, m in json.loads(models_json).items()}
    quote_guid = genanki.guid_for(SMALL, "zuihou-yigongli")
    (mid, text), *_ = anki_rows(package, f"SELECT mid, flds FROM notes WHERE guid='{quote_guid}'")
    assert models[mid]["type"] == 1  # cloze
    assert text.split("\x1f")[:2] == [
        "基层党组织是贯彻落实党中央决策部署的“{{c1::最后一公里}}”，不能出现“{{c2::断头路}}”",
        "习近平",
    ]
    assert {m["type"] for m in models.values() if m["name"].startswith("govcards")} == {0, 1}
    join = f"cards c JOIN notes n ON n.id = c.nid AND n.guid = '{quote_guid}'"
    cards = anki_rows(package, f"SELECT c.ord FROM {join}")
    assert sorted(o for (o,) in cards) == [0, 1]
    assert len(anki_rows(package, "SELECT id FROM cards")) == 7  # 1 + 1 + 2 + 2 (reversed) + 1
    names = {d["name"] for d in json.loads(decks_json).values()}
    assert {"申论素材::测试 · 党建引领", "申论素材::金句 · 测试"} <= names
