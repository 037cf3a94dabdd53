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
        from govcards.ui.tables import show_import

        show_import(_console(), import_paths(paths, db, dry_run), dry_run)


@app.command()
def decks(db: DbOption = None) -> None:
    """Decks with card counts: total, new, due today, suspended."""
    with guard():
        from govcards.runtime import open_context
        from govcards.ui.tables import show_decks

        ctx = open_context(db)
        show_decks(_console(), ctx.store.deck_summaries(ctx.today))


@app.command()
def due(
    days: Annotated[int, typer.Option(min=1, max=60, help="How many days ahead.")] = 7,
    db: DbOption = None,
) -> None:
    """Cards due today per deck, and on each of the next days."""
    with guard():
        from govcards.runtime import open_context
        from govcards.ui.tables import show_due

        ctx = open_context(db)
        show_due(_console(), ctx.store.due_by_day(ctx.today, days), ctx.today, days)


class KindChoice(StrEnum):
    case = "case"
    structure = "structure"
    quote = "quote"
    basic = "basic"


class PriorityChoice(StrEnum):
    core = "core"
    extra = "extra"


ThemeOption = Annotated[
    list[str] | None, typer.Option("--theme", help="Only notes of this theme (repeatable).")
]
PriorityOption = Annotated[
    PriorityChoice | None, typer.Option(help="Only core (必背) or extra (了解) notes.")
]
TopicOption = Annotated[
    str | None, typer.Option(help="Only this topic: DECK/TOPIC (or TOPIC if one deck has it).")
]


def _filter(
    deck: str | None,
    topic: str | None = None,
    kind: KindChoice | None = None,
    theme: list[str] | None = None,
    priority: PriorityChoice | None = None,
) -> Any:
    from govcards.model import CardFilter

    level = priority.value if priority else None
    return CardFilter(deck, topic, kind.value if kind else None, tuple(theme or ()), level)


def _scope(
    ctx: Any, topic: str | None, theme: list[str] | None, priority: PriorityChoice | None
) -> Any:
    """The reports' --topic/--theme/--priority, checked against the collection (exit 2)."""
    flt = _filter(None, topic, None, theme, priority)
    ctx.store.check_filter(flt)
    return flt


@app.command()
def review(
    deck: Annotated[str | None, typer.Option(help="Only this deck (its id).")] = None,
    topic: TopicOption = None,
    kind: Annotated[KindChoice | None, typer.Option(help="Only this kind of card.")] = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    new: Annotated[int | None, typer.Option(min=0, help="New cards in this session.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Cards in this session at most.")] = None,
    drill: Annotated[
        bool, typer.Option("--drill", help="With --theme: all its material in exam order.")
    ] = False,
    db: DbOption = None,
) -> None:
    """The daily review session: due cards first, then new ones, then re-drills."""
    with guard():
        from govcards.runtime import start_review
        from govcards.ui.review import ReviewScreen, make_keyboard

        console = _console()
        flt = _filter(deck, topic, kind, theme, priority)
        session = start_review(db, flt, new, limit, drill, console.print)
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

        copy = backup_collection(resolve_url(db), output, now())
        from govcards.literal import safe_line

        typer.echo(safe_line(f"backup written: {copy}"))


DeckOption = Annotated[str | None, typer.Option("--deck", help="Only this deck (its id).")]


@app.command()
def stats(
    deck: DeckOption = None,
    topic: TopicOption = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    days: Annotated[
        int, typer.Option(min=1, max=3650, help="Retention window in study days.")
    ] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="The same numbers as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Progress: today, streak, calendar, forecast, retention, mastery, leeches."""
    with guard():
        from govcards.runtime import open_context
        from govcards.stats import build_dashboard, to_json
        from govcards.store.reports import Reports

        ctx = open_context(db)
        rows = Reports(ctx.store, _scope(ctx, topic, theme, priority)).stats_rows(
            ctx.today, days, deck
        )
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
    topic: TopicOption = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    db: DbOption = None,
) -> None:
    """Export reviews, cards, stats (CSV/JSON), the 素材本 (Markdown) or an Anki package."""
    with guard():
        from govcards.export import plan_export, run_export
        from govcards.runtime import open_context
        from govcards.store import resolve_url
        from govcards.store.reports import Reports
        from govcards.store.sqlite_file import sqlite_path

        collection = sqlite_path(resolve_url(db))
        plan = plan_export(kind, fmt, output, force, bom=not no_bom, collection=collection)
        ctx = open_context(db)
        scope = _scope(ctx, topic, theme, priority)
        run_export(plan, Reports(ctx.store, scope), deck, ctx.moment)


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


@app.command()
def practice(
    theme: ThemeOption = None,
    minutes: Annotated[
        float, typer.Option(min=0.1, max=180, help="Minutes for the round (default 10).")
    ] = 10,
    question: Annotated[
        str | None, typer.Option(help="Practise this question instead of one from the bank.")
    ] = None,
    db: DbOption = None,
) -> None:
    """A timed 申论 question: write the outline and name your material, then see the score."""
    with guard():
        from govcards.practice.session import finish
        from govcards.runtime import now, start_practice
        from govcards.ui.practice import PracticeScreen, make_timer

        console = _console()
        ctx, port, asked = start_practice(db, theme or (), question, console.print)

        def done(outline: str, names: str, ms: int) -> Any:
            return finish(port, asked, outline, names, ms, round(minutes * 60), now, ctx.today)

        PracticeScreen(console, make_timer()).run(asked, minutes, done)


@app.command()
def preview(
    source: Annotated[
        str | None, typer.Argument(help="Deck file, folder or bundled deck id (else all bundled).")
    ] = None,
    note: Annotated[str | None, typer.Argument(help="Only this note (its id).")] = None,
    card: Annotated[str | None, typer.Argument(help="Only this card (its key).")] = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
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
