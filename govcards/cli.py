"""The command line: thin Typer glue over the domain modules.

Heavy modules (SQLAlchemy, the store, the UI) are imported inside the commands so that
``govcards --help`` stays fast. Every GovcardsError becomes its lines on stderr and its exit code;
nothing else ever shows a traceback to a learner.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

app = typer.Typer(
    name="govcards",
    help="申论素材的间隔重复: daily spaced-repetition review of cases, structures and quotes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Collection: a file path or a SQLAlchemy URL (else $GOVCARDS_DB)."),
]
F = TypeVar("F", bound=Callable[..., Any])


def _err(line: str) -> None:
    """One line on stderr; control characters from a deck or a path are shown, never sent."""
    from govcards.literal import safe_line

    sys.stderr.write(safe_line(line) + "\n")
    sys.stderr.flush()


@contextmanager
def guard() -> Iterator[None]:
    """Translate failures into one clear line each and the pinned exit code."""
    from govcards.errors import GovcardsError

    try:
        yield
    except GovcardsError as exc:
        for line in exc.lines:
            _err(line)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("govcards: interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except BrokenPipeError:  # `govcards stats | head`: the reader has all it wants
        _quiet_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:  # the file system said no: permission, a full disk, a lost device
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"govcards: {where}{exc.strerror or exc}")
        raise typer.Exit(1) from None
    except Exception as exc:  # the last line of defence: a learner never sees a traceback
        if os.environ.get("GOVCARDS_DEBUG"):
            raise
        _err(
            f"govcards: unexpected error: {type(exc).__name__}: {exc} (GOVCARDS_DEBUG=1 shows more)"
        )
        raise typer.Exit(1) from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (a test's stdout): nothing to flush
        pass


def _tolerant_streams() -> None:
    """A terminal that cannot show Chinese (PYTHONIOENCODING=ascii, LANG=C) gets ``\\uXXXX``
    escapes instead of a UnicodeEncodeError in the middle of a table."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _console() -> Any:
    from govcards.ui.console import make_console

    return make_console()


@app.command("import")
def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="Deck files or folders (searched recursively).")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Import deck files: prints added / updated / unchanged / retired notes per deck."""
    with guard():
        from govcards.runtime import import_paths
        from govcards.ui.progress import progress
        from govcards.ui.tables import show_import

        with progress("import (decks)") as tick:
            reports = import_paths(paths, db, dry_run, tick)
        show_import(_console(), reports, dry_run)


@app.command()
def decks(db: DbOption = None) -> None:
    """Decks with card counts: total, new, due today, suspended."""
    with guard():
        from govcards.runtime import open_reports

        ctx = open_reports(db)
        summaries = ctx.reports.deck_summaries(ctx.today)
        from govcards.ui.tables import show_decks  # Rich: only once there is output

        show_decks(_console(), summaries)


@app.command()
def due(
    days: Annotated[int, typer.Option(min=1, max=60, help="How many days ahead.")] = 7,
    db: DbOption = None,
) -> None:
    """Cards due today per deck, and on each of the next days."""
    with guard():
        from govcards.runtime import open_reports

        ctx = open_reports(db)
        counts = ctx.reports.due_by_day(ctx.today, days)
        from govcards.ui.tables import show_due  # Rich: only once there is output

        show_due(_console(), counts, ctx.today, days)


class KindChoice(StrEnum):
    case = "case"
    structure = "structure"
    quote = "quote"
    basic = "basic"


@app.command()
def review(
    deck: Annotated[str | None, typer.Option(help="Only this deck (its id).")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic (its id).")] = None,
    kind: Annotated[KindChoice | None, typer.Option(help="Only this kind of card.")] = None,
    new: Annotated[int | None, typer.Option(min=0, help="New cards in this session.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Cards in this session at most.")] = None,
    db: DbOption = None,
) -> None:
    """The daily review session: due cards first, then new ones, then re-drills."""
    with guard():
        from govcards.model import CardFilter
        from govcards.runtime import first_run_import, now, open_context
        from govcards.store import StudyStore
        from govcards.study import Limits, StudySession
        from govcards.ui.review import ReviewScreen, make_keyboard

        ctx = open_context(db)
        console = _console()
        first_run_import(ctx, console.print)
        flt = CardFilter(deck, topic, kind.value if kind else None)
        ctx.store.check_filter(flt)
        c = ctx.config
        limits = Limits(c.new_per_day, c.reviews_per_day, new=new, limit=limit)
        session = StudySession(StudyStore(ctx.store), ctx.today, now, limits, flt)
        ReviewScreen(console, make_keyboard()).run(session)


@app.command()
def unsuspend(
    deck: Annotated[str, typer.Argument(help="The deck id.")],
    note: Annotated[str | None, typer.Argument(help="Only this note (its id).")] = None,
    card: Annotated[str | None, typer.Argument(help="Only this card (its key).")] = None,
    db: DbOption = None,
) -> None:
    """Bring back cards suspended with `s` in a review (a deck, a note, or one card)."""
    with guard():
        from govcards.runtime import open_context

        count = open_context(db).store.unsuspend(deck, note, card)
        typer.echo(f"{count} card(s) back in the queue")


@app.command()
def config(
    key: Annotated[str | None, typer.Argument(help="A setting name.")] = None,
    value: Annotated[str | None, typer.Argument(help="A new value.")] = None,
    db: DbOption = None,
) -> None:
    """Show or change settings: new_per_day, reviews_per_day, day_start_hour, timezone."""
    with guard():
        from govcards.settings import SETTINGS, validate
        from govcards.store import Store, resolve_url
        from govcards.ui.tables import show_config

        if key is not None and key not in SETTINGS:
            validate(key, value or "")
        clean = validate(key, value) if key is not None and value is not None else None
        store = Store(resolve_url(db))
        if key is None:
            show_config(_console(), store.settings())
        elif clean is None:
            from govcards.literal import safe_line

            typer.echo(safe_line(store.settings().get(key, SETTINGS[key].default)))
        else:
            store.set_setting(key, clean)
            typer.echo(f"{key} = {clean}")


@app.command()
def backup(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The copy (a new file or a folder); else beside it."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Copy a SQLite collection safely, even during a review (PostgreSQL: use pg_dump)."""
    with guard():
        from govcards.runtime import now
        from govcards.store import backup_collection, resolve_url
        from govcards.ui.progress import progress

        with progress("backup (pages)") as tick:
            copy = backup_collection(resolve_url(db), output, now(), tick)
        from govcards.literal import safe_line

        typer.echo(safe_line(f"backup written: {copy}"))


DeckOption = Annotated[str | None, typer.Option("--deck", help="Only this deck (its id).")]


@app.command()
def stats(
    deck: DeckOption = None,
    days: Annotated[
        int, typer.Option(min=1, max=3650, help="Retention window in study days.")
    ] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="The same numbers as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Progress: today, streak, calendar, forecast, retention, mastery, leeches."""
    with guard():
        from govcards.runtime import open_reports
        from govcards.stats import build_dashboard, to_json

        ctx = open_reports(db)
        rows = ctx.reports.stats_rows(ctx.today, days, deck)
        board = build_dashboard(rows, ctx.today, days, deck)
        if as_json:
            import json

            from govcards.literal import json_safe

            typer.echo(json_safe(json.dumps(to_json(board), ensure_ascii=False, indent=2)))
        else:
            from govcards.ui.dashboard import show_dashboard

            show_dashboard(_console(), board)


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help="reviews, cards, stats, notebook or anki.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or json (tables); md (notebook).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write FILE instead of stdout.")
    ] = None,
    no_bom: Annotated[bool, typer.Option("--no-bom", help="CSV without the BOM.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing FILE.")] = False,
    deck: DeckOption = None,
    db: DbOption = None,
) -> None:
    """Export reviews, cards, stats (CSV/JSON), the 素材本 (Markdown) or an Anki package."""
    with guard():
        from govcards.export import plan_export, run_export
        from govcards.runtime import open_reports
        from govcards.store.location import lean_sqlite_file, resolve_url
        from govcards.store.sqlite_file import sqlite_path
        from govcards.ui.progress import progress

        url = resolve_url(db)  # a URL with options is read by SQLAlchemy's own parser
        collection = lean_sqlite_file(url) or (sqlite_path(url) if "?" in url else None)
        plan = plan_export(kind, fmt, output, force, bom=not no_bom, collection=collection)
        ctx = open_reports(db)
        with progress(f"export {kind}") as tick:
            run_export(plan, ctx.reports, deck, ctx.moment, progress=tick)


@app.command()
def find(
    query: Annotated[str, typer.Argument(help="Keywords or a whole 申论 question.")],
    kind: Annotated[KindChoice | None, typer.Option(help="Only this kind of note.")] = None,
    theme: Annotated[str | None, typer.Option(help="Only notes of this theme (its id).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="The results as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Ranked search over every note (jieba + BM25), matched words highlighted."""
    with guard():
        from govcards.runtime import find_notes

        hits = find_notes(db, query, kind.value if kind else None, theme, limit)
        if as_json:
            import json

            typer.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            from govcards.ui.search import show_hits

            show_hits(_console(), query, hits)


class PriorityChoice(StrEnum):
    core = "core"
    extra = "extra"


@app.command()
def preview(
    source: Annotated[
        str | None, typer.Argument(help="Deck file, folder or bundled deck id (else all bundled).")
    ] = None,
    note: Annotated[str | None, typer.Argument(help="Only this note (its id).")] = None,
    card: Annotated[str | None, typer.Argument(help="Only this card (its key).")] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="Only notes of this theme (repeatable).")
    ] = None,
    priority: Annotated[
        PriorityChoice | None, typer.Option(help="Only core (必背) or extra (了解) notes.")
    ] = None,
    answer: Annotated[
        str | None, typer.Option(help="Grade this typed answer (needs NOTE and CARD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list, plain text.")] = False,
) -> None:
    """Cards exactly as a review shows them, from deck files; no collection is opened."""
    with guard():
        from govcards.preview import Selection, select, to_json

        level = priority.value if priority else None
        cards = select(Selection(source, note, card, theme or (), level, answer))
        if as_json:
            import json

            typer.echo(json.dumps(to_json(cards), ensure_ascii=False, indent=2))
        else:
            from govcards.ui.preview import show_preview

            show_preview(_console(), cards)


def main() -> None:
    _tolerant_streams()
    app()
