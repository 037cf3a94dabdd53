"""Progress for long work (import, export, backup, plan, optimize, rebuilding the search
index): a Rich bar on stderr when stderr is a terminal, nothing at all when it is piped or
redirected (and Rich is then never imported). The work itself only ever sees plain callables
(``tick(n)`` to advance, or ``bar.at(done, total)``), so no layer below the CLI depends on Rich.

    with progress(_("exporting (rows)")) as tick:  # total unknown: "n/?" and a spinner
        run_export(..., progress=tick)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

Tick = Callable[[int], None]


class Bar:
    """What the work is handed: ``bar(n)`` advances by ``n``; ``bar.at(done, total)`` sets both,
    for work that learns its size only once it has started (the plan's cards, the fit's stages)."""

    def __init__(self, advance: Tick, update: Callable[[int, int], None]) -> None:
        self._advance = advance
        self._update = update

    def __call__(self, n: int) -> None:
        self._advance(n)

    def at(self, done: int, total: int) -> None:
        self._update(done, total)


def wanted() -> bool:
    """A bar only helps someone watching: stderr must be a terminal."""
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Bar]:
    """A ``Bar`` over ``label`` (rows, notes, pages, cards…); removed when done."""
    if not wanted():
        yield Bar(lambda n: None, lambda done, total: None)
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
        TextColumn("{task.description}", markup=False),  # our own labels, never markup
        BarColumn(),
        MofNCompleteColumn(),  # "n/?" until the total is known
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield Bar(
            lambda n: bar.advance(task, n),
            lambda done, size: bar.update(task, completed=done, total=size),
        )


@contextmanager
def progress_when_reported(label: str) -> Iterator[Bar]:
    """Like ``progress``, but nothing is shown (and Rich is not imported) until the work first
    reports: for work that is usually instant and only sometimes long, such as a ``find`` that
    finds its index stale and builds it again."""
    with ExitStack() as stack:
        shown: list[Bar] = []

        def bar() -> Bar:
            if not shown:
                shown.append(stack.enter_context(progress(label)))
            return shown[0]

        yield Bar(lambda n: bar()(n), lambda done, total: bar().at(done, total))
