"""A review session as a candidate meets it (issue 17): real pseudo-terminals at 80×24 and
120×40, Chinese typed input, and what is actually on screen read back through a VT emulator.

Strings the screen prints are matched by their Chinese text, loosely: the screen's fixed strings
are being moved into gettext catalogs, so a test checks the facts (counts, card text, `--new`)
rather than whole sentences.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from .terminal import spawn_govcards

pytestmark = pytest.mark.slow

SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((40, 120), id="120x40")]
CLEAR = "\x1b[2J"  # erase the whole screen: Rich's console.clear()
GRADE = r"评分 0-5[^›]*›"  # the whole grade prompt, however it wraps


class Terminal:
    """`govcards` in a pseudo-terminal of a given size, with a VT screen fed everything it
    prints, so a test can ask what the learner sees now, not only what scrolled past."""

    def __init__(self, args: list[str], home: Path, size: tuple[int, int]) -> None:
        rows, columns = size
        self.child = spawn_govcards(args, home, rows=rows, columns=columns)
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.Stream(self.screen)
        self.printed = ""  # everything printed so far, escape codes included

    def expect(self, pattern: str) -> str:
        """Wait for ``pattern`` (a regular expression); returns what was printed up to it."""
        try:
            self.child.expect(pattern)
        except pexpect.TIMEOUT:
            self._stream.feed(str(self.child.before))
            raise AssertionError(f"no {pattern!r} on screen:\n{self.shown()}") from None
        chunk = str(self.child.before) + str(self.child.after)
        self._stream.feed(chunk)
        self.printed += chunk
        return chunk

    def send(self, text: str) -> None:
        self.child.send(text)

    def shown(self) -> str:
        """The screen as the learner sees it now, one line per row."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def end(self, status: int = 0) -> str:
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self._stream.feed(rest)
        self.printed += rest
        self.child.close()
        assert self.child.exitstatus == status, self.printed[-2000:]
        return rest


def prepare(home: Path, deck: Path, *settings: tuple[str, str]) -> Path:
    """The collection, set up in-process (quicker than a terminal each): the deck imported,
    study days in Shanghai time, and ``settings``."""
    from typer.testing import CliRunner

    from govcards.cli import app

    env = {"GOVCARDS_HOME": str(home)}
    commands = [["import", str(deck)], ["config", "timezone", "Asia/Shanghai"]]
    for args in [*commands, *(["config", key, value] for key, value in settings)]:
        result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    return home / "govcards.db"


def reviews(db: Path) -> list[tuple[str, str, int, bool]]:
    """The review log as (note, card key, grade, drill), in answer order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT notes.note_id, cards.card_key, reviews.grade, reviews.drill FROM reviews "
            "JOIN cards ON cards.id = reviews.card_pk JOIN notes ON notes.id = cards.note_pk "
            "ORDER BY reviews.id"
        ).fetchall()
    return [(n, k, int(g), bool(d)) for n, k, g, d in rows]


def squeeze(text: str) -> str:
    """Screen text without the spaces and box lines that wrapping puts between characters."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", text)


# -- 1. re-drills survive a quit ----------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("leave", ["q", "ctrl-c"])
def test_failed_cards_come_back_as_redrills_after_a_quit(
    tmp_path: Path, small_deck: Path, size: tuple[int, int], leave: str
) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)
    term = Terminal(["review"], home, size)
    term.expect("江苏江阴")
    term.expect("答 ›")
    term.send("江阴 党员联系群众\r")  # a case, answered in Chinese, failed
    term.expect(GRADE)
    term.send("1")
    term.expect("列出 3 条要点")
    term.expect("答 ›")
    term.send("建设骨干队伍、加强监督\r")  # the outline, failed too
    term.expect(GRADE)
    term.send("2")
    term.expect("＿＿")  # the third card is on screen: leave now
    term.expect("答 ›")
    if leave == "q":
        term.send("q\r")
    else:
        term.child.sendintr()
    ending = term.end(0 if leave == "q" else 130)  # Ctrl-C: 130, after the summary
    assert "明天到期" in ending
    assert [(n, g, d) for n, _, g, d in reviews(db)] == [
        ("jiangyin", 1, False),
        ("dangjian-duice", 2, False),
    ]

    again = Terminal(["review"], home, size)  # the same study day
    again.expect("答 ›")
    assert re.search(r"重练\s*2", again.shown()), again.shown()
    for _ in range(2):  # the two notes not yet studied come first
        again.send("\r")
        again.expect(GRADE)
        again.send("5")
        again.expect("答 ›")
    assert "↻ 重练" in again.shown() and "江苏江阴" in squeeze(again.shown())
    again.send("\r")
    again.expect(GRADE)
    assert "重练不改变排期" in squeeze(again.shown())
    again.send("4")
    again.expect("答 ›")
    assert "↻ 重练" in again.shown() and "列出3条要点" in squeeze(again.shown())
    again.send("建设骨干队伍\r")
    again.send("强化监督力度\r")
    again.send("完善党建体系\r")
    again.send("\r")
    again.expect(GRADE)
    again.send("5")
    again.expect("本次小结")
    again.end()
    log = reviews(db)
    assert [(n, g, d) for n, _, g, d in log[-2:]] == [
        ("jiangyin", 4, True),
        ("dangjian-duice", 5, True),
    ]
    assert sum(d for *_, d in log) == 2, "the re-drills are logged as drills"

    third = Terminal(["review"], home, size)  # passed since: nothing left to re-drill today
    third.end()
    assert "重练" not in squeeze(third.printed).replace("重练0", "")


# -- 2. a fresh screen for every card ----------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_the_next_card_does_not_show_the_previous_answer(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> None:
    home = tmp_path / "e2e"
    prepare(home, small_deck)
    term = Terminal(["review"], home, size)
    term.expect("答 ›")
    term.send("江阴市 党员联户\r")
    term.expect(GRADE)
    assert "江苏省江阴市" in squeeze(term.shown()), "card 1's answer is on screen first"
    term.send("4")
    between = term.expect("答 ›")  # card 2's prompt
    assert CLEAR in between, "the screen is cleared before the next card"
    after_clear = between.rsplit(CLEAR, 1)[1]
    assert "列出 3 条要点" in after_clear
    assert "江阴" not in after_clear and "先锋党员" not in after_clear
    assert "江阴" not in term.shown(), term.shown()

    term.send("建设骨干队伍\r\r")  # card 2's answer, then card 3
    term.expect(GRADE)
    assert "强化监督力度" in term.shown()
    term.send("2")
    between = term.expect("答 ›")
    after_clear = between.rsplit(CLEAR, 1)[1]
    assert "＿＿" in after_clear
    assert "强化监督力度" not in after_clear and "骨干队伍" not in term.shown()
    term.send("q\r")
    term.end()


# -- 3. the daily new-card limit is explained -------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_nothing_due_says_how_many_new_cards_the_limit_holds_back(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck, ("new_per_day", "2"))
    term = Terminal(["review"], home, size)
    for _ in range(2):
        term.expect("答 ›")
        term.send("\r")
        term.expect(GRADE)
        term.send("5")
    term.expect("本次小结")
    term.end()
    with sqlite3.connect(db) as conn:
        unseen = conn.execute("SELECT count(*) FROM cards WHERE due IS NULL").fetchone()[0]
    assert unseen > 0

    again = Terminal(["review", "--deck", "test-dangjian"], home, size)
    again.end()
    said = squeeze(again.shown())
    assert f"{unseen}张新卡" in said, said
    assert re.search(r"--new\d+", said) and "new_per_day" in said
    assert "本次小结" in said
    assert len(reviews(db)) == 2

    studied = Terminal(["review", "--deck", "test-dangjian", "--new", "1"], home, size)
    studied.expect("答 ›")  # the hint works: one more new card
    studied.send("q\r")
    studied.end()


# -- 4. outline input ------------------------------------------------------------------------


def at_the_outline(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> tuple[Terminal, Path]:
    """A review whose first card (a case) is graded 5: the structure's outline card is asked."""
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)
    term = Terminal(["review"], home, size)
    term.expect("答 ›")
    term.send("\r")
    term.expect(GRADE)
    term.send("5")
    term.expect("列出 3 条要点")
    term.expect("答 ›")
    return term, db


@pytest.mark.parametrize("size", SIZES)
def test_a_one_line_outline_ends_with_one_enter(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> None:
    term, db = at_the_outline(tmp_path, small_deck, size)
    term.send("甲、乙、丙\r")  # ONE Enter
    shown = term.expect(GRADE)
    assert "空行结束" not in shown, "no continuation line was asked for"
    assert "建议评分" in squeeze(term.shown())
    assert "✗ 1. 建设骨干队伍" in term.shown()
    term.send("1")
    term.expect("答 ›")
    term.send("q\r")
    term.end()
    assert [(n, g) for n, _, g, _ in reviews(db)] == [("jiangyin", 5), ("dangjian-duice", 1)]


@pytest.mark.parametrize("size", SIZES)
def test_outline_lines_say_how_to_finish_and_take_commands(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> None:
    term, db = at_the_outline(tmp_path, small_deck, size)
    term.send("建设骨干队伍\r")  # one head: Enter opens a continuation line
    term.expect("空行结束")
    term.send("q\r")  # a command on a continuation line quits; it is no head
    term.expect("本次小结")
    term.end()
    assert [n for n, *_ in reviews(db)] == ["jiangyin"]


# -- 5. a long answer is paged --------------------------------------------------------------

LONG_SUMMARY = "".join(
    f"第{n}步，{what}，由社区党委牵头，联合物业公司、业委会和辖区单位共同推进，"
    "每月召开一次居民议事会，把群众意见逐条登记、逐条回复、逐条销号。"
    for n, what in enumerate(
        [
            "摸清底数建立台账",
            "划分网格配强力量",
            "搭建平台汇聚资源",
            "完善机制压实责任",
            "积分兑换激发活力",
            "数字赋能提升效率",
            "考核评议形成闭环",
        ],
        1,
    )
)
LONG_DECK = f"""\
deck: 测试 · 长案例
id: test-long
notes:
  - id: changan
    kind: case
    title: 北京长安街道“七步工作法”
    place: 北京市东城区
    summary: {LONG_SUMMARY}
    measures: [居民议事会每月召开, 意见逐条销号]
    keys: [七步工作法, 居民议事会]
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_long_case_answer_is_paged_below_the_prompt_and_the_typed_answer(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    assert len(LONG_SUMMARY) > 500
    deck = tmp_path / "long.yaml"
    deck.write_text(LONG_DECK, encoding="utf-8")
    home = tmp_path / "e2e"
    db = prepare(home, deck)
    term = Terminal(["review"], home, size)
    term.expect("说出做法与成效")
    term.expect("答 ›")
    typed = "社区议事会 逐条销号"
    term.send(typed + "\r")
    seen, pages = "", []
    for _ in range(10):
        term.expect(GRADE)
        screen = squeeze(term.shown())
        assert "说出做法与成效" in screen, "the card's prompt stays on screen"
        assert squeeze(typed) in screen, "the typed answer stays on screen"
        assert "评分0-5" in screen, "the grade prompt is on screen"
        seen += screen
        page = re.search(r"第(\d+)/(\d+)页", screen)
        pages.append(page.group(1) if page else "1")
        if not page or page.group(1) == page.group(2):
            break
        term.send(" ")  # the next page, drawn on a cleared screen
        term.expect(re.escape(CLEAR))
    assert "第1步" in seen and "第7步" in seen and "考核评议形成闭环" in seen
    if size == (24, 80):
        assert pages == ["1", "2"], "80×24 needs two pages"
        term.send(" ")  # Space on the last page goes back to the first; it never grades
        term.expect(re.escape(CLEAR))
        term.expect(GRADE)
        assert "第1/2页" in squeeze(term.shown()) and reviews(db) == []
    else:
        term.send(" ")  # one page: Space does nothing, and grades nothing
        time.sleep(0.5)
        assert reviews(db) == []
    term.send("4")
    term.expect("本次小结")
    term.end()
    assert [(n, g) for n, _, g, _ in reviews(db)] == [("changan", 4)]


# -- 6. a pasted block never grades ----------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_a_multi_line_paste_grades_nothing(
    tmp_path: Path, small_deck: Path, size: tuple[int, int]
) -> None:
    home = tmp_path / "e2e"
    db = prepare(home, small_deck)
    term = Terminal(["review"], home, size)
    term.expect("答 ›")
    term.send("江阴 党员联户\r5\r\r4\r")  # one write: no bracketed paste, keys arrive at once
    term.expect(GRADE)
    time.sleep(1.0)
    assert reviews(db) == [], "the pasted 5, Enter and 4 were not taken as grades"
    term.send("3")  # a key pressed at the prompt grades
    term.expect("列出 3 条要点")
    term.expect("答 ›")
    term.send("建设骨干队伍\r强化监督力度\r\r5\r\r")  # an outline pasted with grades after it
    term.expect(GRADE)
    time.sleep(1.0)
    assert [(n, g) for n, _, g, _ in reviews(db)] == [("jiangyin", 3)]
    assert "✓ 2. 强化监督力度" in term.shown()
    term.send("q")
    term.expect("本次小结")
    term.end()
    assert [(n, g) for n, _, g, _ in reviews(db)] == [("jiangyin", 3)]
