"""Progress bars: on stderr for a person watching a terminal, silent in a pipe."""

from __future__ import annotations

import io

import pytest

from govcards.ui.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_stderr_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress("export reviews") as tick:
        tick(10_000)
    assert err.getvalue() == ""


def test_a_terminal_sees_the_bar_and_its_count(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm")
    with progress("export reviews") as tick:
        tick(12_345)
    assert "export reviews" in err.getvalue()
    assert "12345" in err.getvalue()
