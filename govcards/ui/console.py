"""Consoles that behave in a terminal, a pipe, NO_COLOR and TERM=dumb alike, and that never let
deck text drive the terminal.

Rich removes only a few control characters (BEL, BS, VT, FF, CR); an ESC or a C1 CSI (``\\x9b``)
in a deck would pass through and could set the window title, write the clipboard (OSC 52), make
a link (OSC 8) or hide text. So every console made here carries one render hook that removes
every C0/C1 control character (and DEL) from the *text* of what is printed, after layout and
before the bytes are written. Rich's own styling arrives as styles and control segments, never as
text, so colours survive. The removed characters are zero cells wide, so tables and panels keep
their shape. ``\\n`` and ``\\t`` stay (they belong in multi-line answers).

Lines that bypass Rich (error lines on stderr) go through ``govcards.literal.safe_line``, which
shows each control character as ``\\x1b`` so that a learner can find it in the deck file.
"""

from __future__ import annotations

import os
import sys

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.segment import Segment

from govcards.literal import has_controls, strip_controls


class _Literal:
    """A renderable rendered as usual, with control characters removed from its text."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.inner, options):
            if segment.control or not has_controls(segment.text):
                yield segment
            else:
                yield Segment(strip_controls(segment.text), segment.style)


class _NoControlCharacters(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Literal(r) for r in renderables]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """``govcards stats | head``: the reader has all it wants; stop quietly, exit 0."""
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise SystemExit(0)


def make_console(stderr: bool = False) -> Console:
    width = os.environ.get("GOVCARDS_WIDTH")
    console = _Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=int(width) if width and width.isdigit() else None,
    )
    console.push_render_hook(_NoControlCharacters())
    return console
