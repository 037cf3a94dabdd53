"""The command line: thin Typer glue over the domain modules.

Heavy modules (SQLAlchemy, the store, the UI) are imported inside the commands so that
``govcards --help`` stays fast. Every GovcardsError becomes its lines on stderr and its exit code;
nothing else ever shows a traceback to a learner.

No ``from __future__ import annotations`` here, unlike the rest of the package: Typer reads
every command's annotations at each run, and evaluated ones save it ~6 ms of ``eval``.
"""

import copy
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.core
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup
from typer.models import TyperInfo

from govcards.i18n import _

# typer's own words (Options, Arguments, Commands, default, required) through our catalogs
typer.core._ = _  # type: ignore[attr-defined]


def _show_version(ctx: Any, _param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from govcards import __version__

        typer.echo(f"govcards {__version__}")
        raise typer.Exit(0)


def _version_option() -> Any:
    return typer.core.TyperOption(
        param_decls=["--version"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_show_version,
        help=_("Show the version and exit."),
    )


class _Formatter(HelpFormatter):
    """Help pages whose usage line is in the reader's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class _Context(Context):
    formatter_class = _Formatter


def _conventions(command: Any, ctx: Any) -> Any:
    """-h/--help worded in the reader's language, and --version, on a command or the app."""
    command.context_class = _Context
    if not any(p.name == "version" for p in command.params):
        command.params.append(_version_option())
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = _("Show this message and exit.")
    return command


class _Group(TyperGroup):
    """Every command gets the conventions here, so a command added later cannot forget them;
    usage errors are worded here too, in the reader's language, with exit code 2."""

    context_class = _Context

    def get_params(self, ctx: Any) -> list[Any]:
        if not any(p.name == "version" for p in self.params):
            self.params.append(_version_option())
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        completion = {
            "install_completion": _("Install completion for the current shell."),
            "show_completion": _(
                "Show completion for the current shell, to copy it or customize the installation."
            ),
        }
        for param in self.params:
            if param.name in completion:
                param.help = completion[param.name]  # type: ignore[attr-defined]
        return super().get_params(ctx)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        return None if command is None else _conventions(command, ctx)

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click.exceptions import UsageError
        from typer.exceptions import Abort

        try:
            code = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except UsageError as exc:
            from govcards.usage import usage_lines

            for line in usage_lines(exc):
                _err(line)
            code = 2
        except Abort:
            _err(_("govcards: interrupted"))
            code = 130
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="govcards",
    cls=_Group,
    help=_("Spaced repetition for the shenlun exam: daily review of cases, structures and quotes."),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help=_("Collection: a file path or a SQLAlchemy URL (else $GOVCARDS_DB).")
    ),
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
        _err(_("govcards: interrupted"))
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except BrokenPipeError:  # `govcards stats | head`: the reader has all it wants
        _quiet_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:  # the file system said no: permission, a full disk, a lost device
        import errno

        reason = exc.strerror or str(exc)
        if exc.filename:
            _err(f"govcards: {exc.filename}: {reason}")
        elif exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT):
            # no file named: what failed is writing the screen's output (`> /dev/full`)
            _err(_("govcards: cannot write the output: {reason}").format(reason=reason))
        else:
            _err(f"govcards: {reason}")
        _quiet_stdout()  # the interpreter's last flush must not fail a second time
        raise typer.Exit(1) from None
    except Exception as exc:  # the last line of defence: a learner never sees a traceback
        if os.environ.get("GOVCARDS_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"
        _err(
            _("govcards: unexpected error: {detail} (GOVCARDS_DEBUG=1 shows more)").format(
                detail=detail
            )
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


@app.command(
    "import", help=_("Import deck files: prints added / updated / unchanged / retired per deck.")
)
def import_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help=_("Deck files or folders (searched recursively).")),
    ] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help=_("Import the decks that come with govcards."))
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Check and report; write nothing."))
    ] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import import_paths, import_sources
        from govcards.ui.progress import progress
        from govcards.ui.tables import show_import

        sources = import_sources(paths or [], bundled)
        with progress(_("importing decks")) as tick:
            reports = import_paths(sources, location, dry_run, tick)
        show_import(_console(), reports, dry_run)


@app.command(help=_("Decks with card counts: total, new, due today, suspended."))
def decks(
    topics: Annotated[
        bool, typer.Option("--topics", help=_("List each deck's topic ids (for --topic)."))
    ] = False,
    location: DbOption = None,
) -> None:
    with guard():
        if topics:
            from govcards.runtime import deck_topics

            by_deck = deck_topics(location)
            from govcards.ui.listing import show_topics
            from govcards.ui.tables import show_decks

            if by_deck is None:  # no collection: no decks is the answer
                show_decks(_console(), [])
            else:
                show_topics(_console(), by_deck)
            return
        from govcards.runtime import deck_summaries

        summaries = deck_summaries(location)
        from govcards.ui.tables import show_decks  # Rich: only once there is output

        show_decks(_console(), summaries)


@app.command(help=_("Cards due today per deck, and on each of the next days."))
def due(
    days: Annotated[int, typer.Option(min=1, max=60, help=_("How many days ahead."))] = 7,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import due_counts

        counts, today = due_counts(location, days)
        from govcards.ui.tables import show_due  # Rich: only once there is output

        show_due(_console(), counts, today, days)


class KindChoice(StrEnum):
    case = "case"
    structure = "structure"
    quote = "quote"
    basic = "basic"


class PriorityChoice(StrEnum):
    core = "core"
    extra = "extra"


ThemeOption = Annotated[
    list[str] | None, typer.Option("--theme", help=_("Only notes of this theme (repeatable)."))
]
PriorityOption = Annotated[PriorityChoice | None, typer.Option(help=_("Only core or extra notes."))]
TopicOption = Annotated[str | None, typer.Option(help=_("Only this topic: TOPIC or DECK/TOPIC."))]


def _filter(
    deck: str | None,
    topic: str | None = None,
    kind: KindChoice | None = None,
    theme: list[str] | None = None,
    priority: PriorityChoice | None = None,
) -> Any:
    from govcards.card_filter import CardFilter

    level = priority.value if priority else None
    return CardFilter(deck, topic, kind.value if kind else None, tuple(theme or ()), level)


def _run_up(cram: bool) -> Any:
    """The queue of a review that opens the full store: the exam run-up's when due."""

    def port(ctx: Any) -> Any:
        from govcards.exam_runtime import study_store

        return study_store(ctx, cram)

    return port


@app.command(help=_("The daily review session: due cards first, then new ones, then re-drills."))
def review(
    deck: Annotated[str | None, typer.Option(help=_("Only this deck (its id)."))] = None,
    topic: TopicOption = None,
    kind: Annotated[KindChoice | None, typer.Option(help=_("Only this kind of card."))] = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    new: Annotated[int | None, typer.Option(min=0, help=_("New cards in this session."))] = None,
    limit: Annotated[
        int | None, typer.Option(min=0, help=_("Cards in this session at most."))
    ] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help=_("Exam run-up: weakest cards on exam day first."))
    ] = False,
    drill: Annotated[
        bool, typer.Option("--drill", help=_("With --theme: all its material in exam order."))
    ] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import start_review
        from govcards.ui.review import ReviewScreen, make_keyboard

        console = _console()
        flt = _filter(deck, topic, kind, theme, priority)
        session = start_review(location, flt, new, limit, drill, console.print, cram, _run_up(cram))
        screen = ReviewScreen(console, make_keyboard())
        prepare = getattr(session.port, "prepare_writes", None)  # a lean start (lean_study.py)
        if prepare is not None:
            prepare()
        screen.run(session)
        if screen.interrupted:
            raise typer.Exit(130)  # Ctrl-C, as a shell expects, after the summary


@app.command(help=_("Bring back cards suspended with s in a review (a deck, a note, or a card)."))
def unsuspend(
    deck: Annotated[str, typer.Argument(help=_("The deck id."))],
    note: Annotated[str | None, typer.Argument(help=_("Only this note (its id)."))] = None,
    card: Annotated[str | None, typer.Argument(help=_("Only this card (its key)."))] = None,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import unsuspend as bring_back

        count = bring_back(location, deck, note, card)
        typer.echo(_("{count} card(s) back in the queue").format(count=count))


@app.command(
    help=_("Show or change settings (govcards config lists them)."),
    context_settings={"ignore_unknown_options": True},  # `config new_per_day -5` is a value
)
def config(
    key: Annotated[str | None, typer.Argument(help=_("A setting name."))] = None,
    value: Annotated[str | None, typer.Argument(help=_("A new value."))] = None,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.literal import safe_line
        from govcards.runtime import configure

        answer = configure(location, key, value)
        if answer.saved is not None:
            from govcards.ui.tables import show_config

            show_config(_console(), answer.saved)
        elif answer.changed:
            typer.echo(f"{answer.key} = {answer.value}")
        else:
            typer.echo(safe_line(answer.value))


@app.command(help=_("Copy a SQLite collection safely, even during a review (PostgreSQL: pg_dump)."))
def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help=_("The copy (a new file or a folder); else beside it.")
        ),
    ] = None,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import backup as copy_collection
        from govcards.ui.progress import progress

        with progress(_("backing up (pages)")) as tick:
            copy = copy_collection(location, output, tick)
        from govcards.literal import safe_line

        typer.echo(safe_line(_("backup written: {path}").format(path=copy)))


DeckOption = Annotated[str | None, typer.Option("--deck", help=_("Only this deck (its id)."))]


@app.command(help=_("Progress: today, streak, calendar, forecast, retention, mastery, leeches."))
def stats(
    deck: DeckOption = None,
    topic: TopicOption = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    days: Annotated[
        int, typer.Option(min=1, max=3650, help=_("Retention window in study days."))
    ] = 30,
    as_json: Annotated[bool, typer.Option("--json", help=_("The same numbers as JSON."))] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.exam_runtime import countdown_json
        from govcards.exam_runtime import stats as read_stats

        scope = _filter(None, topic, None, theme, priority)
        board, exam = read_stats(location, scope, days, deck)
        if as_json:
            import json

            from govcards.literal import json_safe
            from govcards.stats import to_json

            data = to_json(board, countdown_json(exam))
            typer.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
        else:
            from govcards.ui.dashboard import show_dashboard
            from govcards.ui.fsrs_views import show_countdown

            show_dashboard(_console(), board)
            if exam is not None:
                show_countdown(_console(), exam)


@app.command(help=_("Export reviews, cards, stats (CSV/JSON), the notebook (Markdown) or Anki."))
def export(
    kind: Annotated[str, typer.Argument(help=_("reviews, cards, stats, notebook or anki."))],
    fmt: Annotated[
        str | None, typer.Option("--format", help=_("csv or json (tables); md (notebook)."))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=_("Write FILE instead of stdout."))
    ] = None,
    no_bom: Annotated[bool, typer.Option("--no-bom", help=_("CSV without the BOM."))] = False,
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing FILE."))] = False,
    deck: DeckOption = None,
    topic: TopicOption = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import ExportRequest
        from govcards.runtime import export as write_export
        from govcards.ui.progress import progress

        request = ExportRequest(kind, fmt, output, force, bom=not no_bom, deck=deck)
        with progress(_("exporting (rows)")) as tick:
            write_export(location, request, _filter(None, topic, None, theme, priority), tick)


@app.command(help=_("Ranked search over every note (jieba + BM25), matched words highlighted."))
def find(
    words: Annotated[list[str], typer.Argument(help=_("Keywords or a whole exam question."))],
    kind: Annotated[KindChoice | None, typer.Option(help=_("Only this kind of note."))] = None,
    theme: Annotated[str | None, typer.Option(help=_("Only notes of this theme (its id)."))] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help=_("How many results."))] = 10,
    as_json: Annotated[bool, typer.Option("--json", help=_("The results as JSON."))] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import find_notes
        from govcards.ui.progress import progress_when_reported

        query = " ".join(words)  # `govcards find 网格 减负` needs no quotes
        with progress_when_reported(_("building the search index (stages)")) as bar:
            hits = find_notes(location, query, kind.value if kind else None, theme, limit, bar.at)
        if as_json:
            import json

            typer.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            from govcards.ui.search import show_hits

            show_hits(_console(), query, hits)


@app.command("list", help=_("Notes and cards with their ids, kind, title and state."))
def list_(
    deck: DeckOption = None,
    topic: Annotated[
        str | None, typer.Option(help=_("Only this topic: TOPIC or DECK/TOPIC."))
    ] = None,
    theme: Annotated[str | None, typer.Option(help=_("Only notes of this theme (its id)."))] = None,
    kind: Annotated[KindChoice | None, typer.Option(help=_("Only this kind of card."))] = None,
    suspended: Annotated[
        bool, typer.Option("--suspended", help=_("Only suspended cards."))
    ] = False,
    buried: Annotated[
        bool, typer.Option("--buried", help=_("Only cards buried until later."))
    ] = False,
    leeches: Annotated[
        bool,
        typer.Option("--leeches", help=_("Only leeches (config leech_lapses lapses or more).")),
    ] = False,
    due: Annotated[bool, typer.Option("--due", help=_("Only cards due today."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("A JSON list, plain text."))] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.listing import ListFilter
        from govcards.runtime import list_cards

        deck, topic = ListFilter.parse_topic(deck, topic)
        k = kind.value if kind else None
        flt = ListFilter(deck, topic, theme, k, suspended, buried, leeches, due)
        cards, today = list_cards(location, flt)
        if as_json:
            import json

            from govcards.literal import json_safe

            rows = [c.as_json(today) for c in cards]
            typer.echo(json_safe(json.dumps(rows, ensure_ascii=False, indent=2)))
        else:
            from govcards.ui.listing import show_cards

            show_cards(_console(), cards, today)


@app.command(help=_("A timed exam question: write the outline, name your material, see the score."))
def practice(
    theme: ThemeOption = None,
    minutes: Annotated[
        float, typer.Option(min=0.1, max=180, help=_("Minutes for the round (default 10)."))
    ] = 10,
    question: Annotated[
        str | None, typer.Option(help=_("Practise this question instead of one from the bank."))
    ] = None,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.runtime import practice_round
        from govcards.ui.practice import PracticeScreen, make_timer
        from govcards.ui.progress import progress_when_reported

        console = _console()
        with progress_when_reported(_("building the search index (stages)")) as bar:
            asked, done = practice_round(
                location, theme or (), question, minutes, console.print, bar.at
            )
        screen = PracticeScreen(console, make_timer())
        screen.run(asked, minutes, done)
        if screen.interrupted:
            raise typer.Exit(130)  # Ctrl-C, as a shell expects, after the summary


@app.command(help=_("Cards exactly as a review shows them, from deck files; no collection."))
def preview(
    source: Annotated[
        str | None,
        typer.Argument(help=_("Deck file, folder or bundled deck id (else all bundled).")),
    ] = None,
    note: Annotated[str | None, typer.Argument(help=_("Only this note (its id)."))] = None,
    card: Annotated[str | None, typer.Argument(help=_("Only this card (its key)."))] = None,
    theme: ThemeOption = None,
    priority: PriorityOption = None,
    topic: TopicOption = None,
    answer: Annotated[
        str | None, typer.Option(help=_("Grade this typed answer (needs NOTE and CARD)."))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("A JSON list, plain text."))] = False,
) -> None:
    with guard():
        from govcards.preview import Selection, select, to_json

        level = priority.value if priority else None
        cards = select(Selection(source, note, card, theme or (), level, answer, topic))
        if as_json:
            import json

            typer.echo(json.dumps(to_json(cards), ensure_ascii=False, indent=2))
        else:
            from govcards.ui.preview import show_preview

            show_preview(_console(), cards)


@app.command(help=_("Fit FSRS parameters to your own review log, and use them from now on."))
def optimize(location: DbOption = None) -> None:
    with guard():
        from govcards.runtime import fit_parameters, save_parameters
        from govcards.ui.fsrs_views import show_fit
        from govcards.ui.progress import progress

        with progress(_("fitting FSRS parameters (stages)")) as bar:
            result = fit_parameters(location, bar.at)
        with progress(_("computing memory states (cards)")) as bar:
            cards = save_parameters(location, result.params, bar.at)
        show_fit(_console(), result, cards)


@app.command(
    help=_("Day-by-day workload to the exam and predicted exam-day recall, SM-2 beside FSRS.")
)
def plan(
    exam: Annotated[
        str | None, typer.Option(help=_("Exam day YYYY-MM-DD (else exam_date)."))
    ] = None,
    retention: Annotated[float | None, typer.Option(help=_("Target recall, 0.70-0.99."))] = None,
    new: Annotated[
        int | None, typer.Option(min=0, help=_("New cards a day (else advised)."))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("The plan as JSON."))] = False,
    location: DbOption = None,
) -> None:
    with guard():
        from govcards.exam_runtime import plan as plan_to_exam
        from govcards.plan import to_json
        from govcards.ui.fsrs_views import show_plan
        from govcards.ui.progress import progress

        with progress(_("simulating to the exam (cards)")) as bar:
            result = plan_to_exam(location, exam, retention, new, bar.at)
        if as_json:
            import json

            typer.echo(json.dumps(to_json(result), ensure_ascii=False))
        else:
            show_plan(_console(), result)


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _just(argv: list[str]) -> typer.Typer:
    """The app with only the command ``argv`` names (when it names one): Typer builds a Click
    command from every function signature it holds, which costs start-up on every run while a
    run uses one. Everything else (``--help``, ``--version``, a typo) gets the whole app."""
    if not argv or argv[0].startswith("-"):
        return app
    chosen = [c for c in app.registered_commands if _command_name(c) == argv[0]]
    if not chosen:
        return app
    only = copy.copy(app)
    only.registered_commands = chosen
    only.registered_callback = TyperInfo(callback=_stay_a_group)  # one command is still a group
    return only


def _stay_a_group() -> None:
    """A no-op group callback: Typer turns an app of one command into that command alone."""


def main() -> None:
    _tolerant_streams()
    _just(sys.argv[1:])()
