"""`govcards` in a real pseudo-terminal, the way every end-to-end test starts it: a fixed clock,
its own home, a real terminal type, and one language chosen by the test (Chinese by default)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from .conftest import NOW

CHINESE = "C.UTF-8"  # no English locale named: govcards speaks Chinese, its default
_DROPPED = ("GOVCARDS_WIDTH", "GOVCARDS_DB", "NO_COLOR", "LANGUAGE", "LC_ALL", "LC_MESSAGES")


def environment(
    home: Path, lang: str = CHINESE, term: str = "xterm-256color", **extra: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(
        GOVCARDS_HOME=str(home),
        GOVCARDS_NOW=NOW.isoformat(),
        TERM=term,
        PROMPT_TOOLKIT_NO_CPR="1",
        LANG=lang,
    )
    env.update(extra)
    return env


def spawn_govcards(
    args: list[str],
    home: Path,
    rows: int = 24,
    columns: int = 80,
    lang: str = CHINESE,
    term: str = "xterm-256color",
    **extra: str,
) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "govcards", *args],
        env=environment(home, lang, term, **extra),
        encoding="utf-8",
        timeout=20,
        dimensions=(rows, columns),
    )
