"""`govcards review` end to end in a real pseudo-terminal, typing Chinese (pexpect)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pexpect
import pytest

from govcards.scheduler import Sm2State, review
from govcards.store import Store

from .conftest import TODAY
from .terminal import spawn_govcards

pytestmark = pytest.mark.slow


def spawn(
    args: list[str], home: Path, columns: int = 80, term: str = "xterm-256color"
) -> pexpect.spawn:
    return spawn_govcards(args, home, rows=40, columns=columns, term=term)


def run_to_end(args: list[str], home: Path) -> str:
    child = spawn(args, home)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def prepare(home: Path, deck: Path) -> Path:
    """A collection with the deck imported and study days in Shanghai time."""
    run_to_end(["import", str(deck)], home)
    run_to_end(["config", "timezone", "Asia/Shanghai"], home)
    return home / "govcards.db"


def states(db: Path) -> dict[tuple[str, str], Sm2State]:
    from sqlalchemy import select

    from govcards.store import StudyStore
    from govcards.store.schema import CardRow, NoteRow

    store = Store("sqlite:///" + str(db))
    try:
        with store.read() as s:
            rows = s.execute(
                select(NoteRow.note_id, CardRow.card_key, CardRow.id).join(
                    NoteRow, NoteRow.id == CardRow.note_pk
                )
            )
            ids = {(n, k): pk for n, k, pk in rows}
        study = StudyStore(store)
        return {key: study.card(pk).state for key, pk in ids.items()}
    finally:
        store.close()


def review_count(db: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        drills = conn.execute("SELECT count(*) FROM reviews WHERE drill").fetchone()[0]
    return int(total), int(drills)


def reveal_and_grade(child: pexpect.spawn, grade: str, shows: str = "") -> None:
    """Enter on an empty answer line shows the answer (with ``shows`` in it); one key grades."""
    child.expect("答 ›")
    child.send("\r")
    if shows:
        child.expect(shows)
    child.expect("评分 0-5")
    child.send(grade)


def test_a_learner_types_chinese_fails_redrills_undoes_and_quits(
    tmp_path: Path, small_deck: Path
) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)

    child = spawn(["review"], home)
    # 1. a case: reveal without typing, grade 4
    child.expect("【案例】江苏江阴")  # the recall prompt; its key phrases are masked
    reveal_and_grade(child, "4", shows="江苏省江阴市")
    # 2. a structure outline: two heads typed one per line, then fail it with 1
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.send("建设骨干队伍\r")
    child.send("强化监督力度\r")
    child.send("\r")
    child.expect("✓ 1. 建设骨干队伍")
    child.expect("✗ 3. 完善党建体系")
    child.expect("评分 0-5")
    child.send("1")
    child.expect("本轮末尾重练")
    # 3. a quote blank: type the missing words in Chinese, accept the suggested grade
    child.expect("＿＿＿＿＿")
    child.expect("答 ›")
    child.send("最后一公里\r")
    child.expect("建议评分：5")
    child.expect("回车=5")
    child.send("\r")
    # 4. a basic card: grade 3, then undo it from the next card's prompt
    child.expect("三治合一")
    reveal_and_grade(child, "3", shows="自治、法治、德治")
    child.expect("重练")  # the failed outline comes back as a re-drill
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.send("u\r")
    child.expect("已撤销上一步")
    child.expect("三治合一")
    reveal_and_grade(child, "5")
    # 5. the re-drill is on screen: quit with q
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.send("q\r")
    child.expect("本次小结")
    child.expect("新卡 4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    got = states(db)
    new = Sm2State()
    assert got[("jiangyin", "recall")] == review(new, 4, TODAY)
    assert got[("dangjian-duice", "outline")] == review(new, 1, TODAY)
    assert got[("zuihou-yigongli", "blank-1")] == review(new, 5, TODAY)
    assert got[("santi-heyi", "front")] == review(new, 5, TODAY), "the undone 3 left no trace"
    untouched = {
        k: v
        for k, v in got.items()
        if k
        not in {
            ("jiangyin", "recall"),
            ("dangjian-duice", "outline"),
            ("zuihou-yigongli", "blank-1"),
            ("santi-heyi", "front"),
        }
    }
    assert untouched and all(v == new for v in untouched.values())
    assert review_count(db) == (4, 0)
    assert got[("dangjian-duice", "outline")].due == TODAY + timedelta(days=1)


def test_ctrl_c_keeps_every_answer_already_given(tmp_path: Path, small_deck: Path) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)
    child = spawn(["review"], home)
    reveal_and_grade(child, "5")
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.sendintr()
    child.expect("作答都已保存")
    child.expect(pexpect.EOF)
    child.close()
    assert review_count(db) == (1, 0)
    assert states(db)[("jiangyin", "recall")] == review(Sm2State(), 5, TODAY)


def test_a_killed_terminal_loses_nothing_already_answered(tmp_path: Path, small_deck: Path) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)
    child = spawn(["review"], home)
    reveal_and_grade(child, "4")
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.close(force=True)  # the terminal goes away (SIGHUP, then SIGKILL)
    assert review_count(db) == (1, 0)


def test_first_run_imports_the_bundled_decks_and_says_so(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    child = spawn(["review", "--limit", "1"], home, columns=40)
    child.expect("首次使用")
    child.expect("答 ›")
    child.send("q\r")
    child.expect("本次小结")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    store = Store("sqlite:///" + str(home / "govcards.db"))
    try:
        assert store.deck_count() >= 5
    finally:
        store.close()


def test_deck_markup_is_shown_literally_at_forty_columns(tmp_path: Path) -> None:
    deck = tmp_path / "markup.yaml"
    deck.write_text(
        "deck: 标记\nid: markup\nnotes:\n"
        "  - id: m1\n    kind: basic\n"
        "    front: '[bold]不是标记[/bold]：全角文字在窄终端里也要正确换行，不能截断也不能错位'\n"
        "    back: 对\n",
        encoding="utf-8",
    )
    home = tmp_path / "markup"
    run_to_end(["import", str(deck)], home)
    child = spawn(["review"], home, columns=40)
    child.expect_exact("[bold]不是标记[/bold]")
    child.expect("答 ›")
    child.send("q\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_dumb_terminal_without_colour_still_reviews(tmp_path: Path, small_deck: Path) -> None:
    home = tmp_path / "dumb"
    db = prepare(home, small_deck)
    assert os.environ["NO_COLOR"] == "1"  # set for every test by conftest
    child = spawn(["review"], home, columns=40, term="dumb")
    child.expect("【案例】江苏江阴")  # the recall prompt; its key phrases are masked
    reveal_and_grade(child, "5")
    child.expect("列出 3 条要点")
    child.expect("答 ›")
    child.send("q\r")
    child.expect("本次小结")
    child.expect(pexpect.EOF)
    output = str(child.before)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[3" not in output, "NO_COLOR: no colour codes"
    assert review_count(db) == (1, 0)
