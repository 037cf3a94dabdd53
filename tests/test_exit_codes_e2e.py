"""Exit codes and pipes in real processes (issue 13, item 6), and the reading screens in a
real 80×24 pseudo-terminal (item 5): no line wider than the terminal, no cut date header."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from rich.cells import cell_len

from .terminal import environment as terminal_environment

pytestmark = pytest.mark.slow

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def environment(home: Path, **extra: str) -> dict[str, str]:
    return terminal_environment(home, lang="en_US.UTF-8", **extra)


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "govcards", *args],
        env=environment(home),
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
    )


def run(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govcards", *args],
        capture_output=True,
        env=environment(home, **extra),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    home = tmp_path / "govcards-home"
    assert run(["import", "--bundled"], home).returncode == 0
    return home


def test_ctrl_c_in_a_review_prints_the_summary_and_exits_130(bundled: Path) -> None:
    child = spawn(["review"], bundled)
    child.expect("›")  # the first card waits for an answer
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    screen = ANSI.sub("", str(child.before))
    assert "every answer is saved" in screen
    assert "Traceback" not in screen
    assert child.exitstatus == 130


@pytest.mark.parametrize(
    "command", [["list"], ["decks"], ["due"], ["stats"], ["decks", "--topics"]]
)
def test_reading_screens_fit_an_80_column_terminal(bundled: Path, command: list[str]) -> None:
    child = spawn(command, bundled)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    lines = ANSI.sub("", str(child.before)).replace("\r\n", "\n").split("\n")
    assert len(lines) > 3
    wide = [line for line in lines if cell_len(line) > 80]
    assert not wide, wide
    assert "…" not in "\n".join(lines[:6]) or command != ["due"]  # no header is cut
    if command == ["due"]:
        header = next(line for line in lines if "03-02" in line or "3-02" in line)
        assert all(f"03-{d:02d}" in header for d in range(2, 9)), header


def test_a_full_stdout_is_one_clear_line_and_exit_1(bundled: Path) -> None:
    for command in (["stats"], ["decks"], ["list"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "govcards", *command],
                stdout=full, stderr=subprocess.PIPE, env=environment(bundled), timeout=120,
            )  # fmt: skip
        assert done.returncode == 1, command
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("govcards: cannot write the output"), lines


def test_stats_into_head_exits_quietly(bundled: Path) -> None:
    pipeline = subprocess.run(
        f"'{sys.executable}' -m govcards stats | head -1",
        shell=True, capture_output=True, env=environment(bundled), timeout=120,
    )  # fmt: skip
    assert pipeline.returncode == 0
    assert pipeline.stdout.decode().startswith("Study statistics")
    assert pipeline.stderr == b""


def test_an_ascii_terminal_gets_readable_output(bundled: Path) -> None:
    done = run(["decks"], bundled, PYTHONIOENCODING="ascii", LANG="zh_CN.UTF-8")
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr and b"Error" not in done.stderr
    done.stdout.decode("ascii")  # every byte is ASCII: escapes, never a crash
    assert b"jiceng-beijing" in done.stdout


def test_a_govcards_home_that_is_a_file_is_one_clear_line_in_a_real_process(
    tmp_path: Path,
) -> None:
    file = tmp_path / "home-file"
    file.write_text("not a folder", encoding="utf-8")
    for command in (["decks"], ["review"], ["import", "--bundled"]):
        done = run(command, file)
        assert done.returncode == 1, command
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and str(file) in lines[0], (command, lines)
