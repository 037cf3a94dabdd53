"""Progress bars: on stderr for a person watching a terminal, silent in a pipe."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govcards.ui.progress import progress, progress_when_reported

from .terminal import environment


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _tty_stderr(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as a terminal that keeps what is drawn on it (patched in the test itself: pytest's
    capture replaces sys.stderr again between a fixture's set-up and the test)."""
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm")
    return err


def test_piped_stderr_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress("export reviews") as tick:
        tick(10_000)
    assert err.getvalue() == ""


def test_a_terminal_sees_the_bar_and_its_count(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _tty_stderr(monkeypatch)
    with progress("export reviews") as tick:
        tick(12_345)
    assert "export reviews" in err.getvalue()
    assert "12345" in err.getvalue()


def test_work_that_learns_its_size_sets_done_and_total(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _tty_stderr(monkeypatch)
    with progress("simulating") as bar:
        bar.at(3, 4)
    assert "3/4" in err.getvalue()


def test_a_label_is_shown_as_written_never_as_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _tty_stderr(monkeypatch)
    with progress("[bold]导出[/bold]") as tick:
        tick(1)
    assert "[bold]导出[/bold]" in err.getvalue()


def test_piped_stderr_gets_nothing_from_a_sized_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress("simulating") as bar:
        bar.at(3, 4)
        bar(1)
    assert err.getvalue() == ""


def test_a_bar_when_reported_shows_nothing_until_the_work_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    err = _tty_stderr(monkeypatch)
    with progress_when_reported("建立索引"):
        pass  # the stored index was current: nothing to report
    assert err.getvalue() == ""
    with progress_when_reported("建立索引") as bar:
        bar.at(2, 5)
    assert "建立索引" in err.getvalue() and "2/5" in err.getvalue()


def _in_terminal(args: list[str], home: Path) -> str:
    """What a successful command drew on a real 80×24 pseudo-terminal."""
    import pexpect

    from .terminal import spawn_govcards

    child = spawn_govcards(args, home, rows=24, columns=80)
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    return screen.getvalue()


def test_a_learner_at_a_terminal_sees_chinese_bars_and_a_pipe_sees_none(
    tmp_path: Path, small_deck: Path
) -> None:
    """Import and plan in a real pseudo-terminal (stderr a terminal), then the same plan piped."""
    home = tmp_path / "home"
    assert "正在导入牌组" in _in_terminal(["import", str(small_deck)], home)
    shown = _in_terminal(["plan", "--exam", "2026-06-01"], home)
    assert "正在模拟到考试日（卡片）" in shown
    cards = int(re.findall(r"(\d+)/(\d+)", shown)[-1][1])  # the bar's last "done/total"
    assert cards > 0 and cards % 2 == 0  # each card once per scheduler
    piped = subprocess.run(
        [sys.executable, "-m", "govcards", "plan", "--exam", "2026-06-01"],
        env=environment(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert "正在模拟" not in piped.stdout + piped.stderr


def test_a_find_that_builds_its_index_shows_a_bar_and_a_warm_one_does_not(
    tmp_path: Path, small_deck: Path
) -> None:
    home = tmp_path / "home"
    _in_terminal(["import", str(small_deck)], home)
    assert "正在建立搜索索引（阶段）" in _in_terminal(["find", "网格"], home)
    assert "正在建立搜索索引" not in _in_terminal(["find", "网格"], home)
