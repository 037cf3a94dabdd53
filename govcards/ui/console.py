"""Consoles that behave in a terminal, a pipe, NO_COLOR and TERM=dumb alike."""

from __future__ import annotations

import os

from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    width = os.environ.get("GOVCARDS_WIDTH")
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=int(width) if width and width.isdigit() else None,
    )
