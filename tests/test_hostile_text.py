"""Deck text never drives the terminal (docs/errors.md, issue 11 item 2).

The hostile deck is written straight into the collection, past the deck loader, so that these
tests prove the display side on its own: whatever reaches the store, the escape sequences never
reach the terminal, in a real pseudo-terminal with colours on and through pipes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from govcards.literal import json_safe, safe_line, strip_controls
from govcards.model import BasicNote, Deck
from govcards.store import Store

from .collection_tools import child_env
from .conftest import NOW, ZONE

CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
TITLE = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;https://evil.example\x1b\\点我\x1b]8;;\x1b\\"
HIDDEN = "\x1b[8m"
C1_CSI = "\x9b31m"
HOSTILE = (CLIPBOARD, TITLE, LINK, HIDDEN, C1_CSI)
# What must never appear in the bytes written: the introducers of each sequence above.
FORBIDDEN = (b"\x1b]52", b"\x1b]0;", b"\x1b]8;", b"\x1b[8m", "\x9b".encode(), b"\x07")


def hostile_deck() -> Deck:
    front = f"问{CLIPBOARD}题{TITLE}正面{HIDDEN}隐藏"
    back = f"答案{LINK}{C1_CSI}红\n第二行\t制表"
    return Deck(
        id="evil",
        name=f"恶意{TITLE}牌组{C1_CSI}",
        description=CLIPBOARD,
        topics={"t": f"主题{HIDDEN}"},
        notes=(BasicNote(id="n1", topic="t", front=front, back=back),),
    )


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    url = "sqlite:///" + str(tmp_path / "hostile.db")
    store = Store(url)
    try:
        store.set_setting("timezone", ZONE)
        store.import_decks([hostile_deck()], NOW)
    finally:
        store.close()
    return url


def assert_clean(output: bytes) -> None:
    for bad in FORBIDDEN:
        assert bad not in output, f"{bad!r} reached the terminal"


def test_the_helpers_remove_or_show_every_c0_and_c1_character() -> None:
    everything = "".join(map(chr, range(0xA0)))
    kept = strip_controls(everything)
    assert kept == "\t\n" + "".join(map(chr, range(0x20, 0x7F)))
    line = safe_line(f"key {TITLE}\n")
    assert line == "key \\x1b]0;pwned\\x07\\x0a"
    assert json_safe('"a\x9bb\x7f"') == '"a\\u009bb\\u007f"'


@pytest.mark.parametrize("command", [["decks"], ["due"], ["stats"], ["stats", "--json"]])
def test_listings_through_a_pipe_carry_no_escape_sequence(
    hostile_db: str, command: list[str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govcards", *command, "--db", hostile_db],
        capture_output=True,
        env={**child_env(), "FORCE_COLOR": "1"},
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    if command == ["decks"]:
        assert "恶意]0;pwned牌组".encode() in done.stdout  # the text is shown, the ESC is not


def test_a_review_in_a_real_terminal_never_sends_the_deck_escapes(hostile_db: str) -> None:
    env = {**os.environ, **child_env(), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    env.pop("GOVCARDS_WIDTH", None)
    log = io.BytesIO()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "govcards", "review", "--db", hostile_db],
        env=env,
        timeout=30,
        dimensions=(40, 100),
    )
    child.logfile_read = log
    child.expect("Answer ›".encode())  # the suite runs under an English locale
    child.send("\r")  # reveal without typing
    child.expect("第二行".encode())
    child.send("5")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, log.getvalue().decode(errors="replace")
    shown = log.getvalue()
    assert "问".encode() in shown and "答案".encode() in shown
    assert_clean(shown)


def test_error_lines_that_echo_deck_text_show_the_escapes_as_text(hostile_db: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govcards", "review", "--deck", f"x{TITLE}", "--db", hostile_db],
        capture_output=True,
        env=child_env(),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert_clean(done.stderr)
    assert b"x\\x1b]0;pwned\\x07" in done.stderr


def test_an_import_error_that_echoes_a_key_sends_no_escape(tmp_path: Path) -> None:
    deck = tmp_path / "bad.yaml"
    deck.write_text(f"deck: 坏\nid: bad\nnotes: []\nodd{TITLE}key: 1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "govcards", "import", str(deck), "--db", str(tmp_path / "c.db")],
        capture_output=True,
        env=child_env(),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.strip()
    assert_clean(done.stderr + done.stdout)
