"""`govcards practice` end to end in a real 80×24 pseudo-terminal: the countdown in the
toolbar, a Chinese outline and material names typed, the score and the model material."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pexpect
import pytest

from .practice_decks import write_decks
from .terminal import spawn_govcards

pytestmark = pytest.mark.slow


def _spawn(args: list[str], home: Path) -> pexpect.spawn:
    return spawn_govcards(args, home)


def _run(args: list[str], home: Path) -> None:
    child = _spawn(args, home)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_a_practice_round_in_a_terminal(tmp_path: Path) -> None:
    home = tmp_path / "e2e"
    _run(["import", str(write_decks(tmp_path / "decks"))], home)
    child = _spawn(["practice", "--theme", "dangjian", "--minutes", "5"], home)
    child.expect("申论练习")
    child.expect("党建引领基层治理提出对策")
    child.expect(r"提纲［0[45]:\d\d］›")  # the countdown, redrawn as it runs
    child.send("建强骨干队伍\r")
    child.send("压实监督责任\r")
    child.send("\r")
    child.expect("案例/金句［")
    child.send("江阴党员联户、最后一公里\r")  # a one-line list: one Enter ends it
    child.expect("得分")
    child.expect("✓ 1. 建强骨干队伍")
    child.expect("✗ 3. 完善党建体系")
    child.expect("范文素材")
    child.expect("把党员联系群众落到每一户")  # the case's exam line
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(home / "govcards.db") as conn:
        rounds = conn.execute("SELECT note_id, uses_score FROM practice_rounds").fetchall()
        drills = conn.execute("SELECT count(*) FROM reviews WHERE drill").fetchone()[0]
    assert rounds == [("q-dangjian", 1.0)]
    assert drills == 3  # structure, case and quote: new cards, logged as drills


def test_when_time_runs_out_the_typed_outline_is_scored(tmp_path: Path) -> None:
    home = tmp_path / "e2e"
    _run(["import", str(write_decks(tmp_path / "decks"))], home)
    child = _spawn(["practice", "--theme", "shuzi", "--minutes", "0.1"], home)
    child.expect("提纲［")
    child.send("打通数据壁垒")  # no Enter: the clock ends the round
    child.expect("时间到", timeout=15)
    child.expect("✓ 1. 打通数据壁垒", timeout=10)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_typed_question_first_builds_the_search_index_under_a_bar(tmp_path: Path) -> None:
    """The material for a typed question comes from `find`'s index, stale after the import."""
    home = tmp_path / "e2e"
    _run(["import", str(write_decks(tmp_path / "decks"))], home)
    asked = "如何推进党建引领基层治理？"
    child = _spawn(["practice", "--question", asked, "--minutes", "0.1"], home)
    child.expect("正在建立搜索索引（阶段）")
    child.expect("提纲［")
    child.expect("时间到", timeout=15)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
