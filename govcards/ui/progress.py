"""Progress for long work (import, export, backup, plan, optimize): a Rich bar on stderr when
stderr is a terminal, nothing at all when it is piped or redirected (and Rich is then never
imported). The work itself only ever sees a ``tick(n)`` callable, so no layer below the CLI
depends on Rich.

    with progress("导出", total=None) as tick:   # total unknown: a counter with a spinner
        run_export(..., progress=tick)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Tick = Callable[[int], None]


def _nothing(_n: int) -> None:
    return None


def wanted() -> bool:
    """A bar only helps someone watching: stderr must be a terminal."""
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Tick]:
    """A ``tick(n)`` that advances a bar by ``n`` (rows, notes, pages…); removed when done."""
    if not wanted():
        yield _nothing
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from govcards.ui.console import make_console

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total is not None else TextColumn("{task.completed}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
