"""The edge where the outside world comes in: the clock, the local time zone, the open collection.

Domain code never calls ``datetime.now()``; commands ask this module once and pass values down.
``GOVCARDS_NOW`` (an ISO 8601 time) pins the clock for tests and demonstrations.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from govcards.clock import study_day, zone_named
from govcards.errors import CollectionError, InputError
from govcards.i18n import _
from govcards.settings import Config

if TYPE_CHECKING:
    from govcards.fsrs_scheduler import FsrsSettings, Params
    from govcards.listing import ListedCard, ListFilter
    from govcards.model import CardFilter
    from govcards.optimize import Fit
    from govcards.practice.session import Question, RoundResult
    from govcards.records import DeckSummary
    from govcards.search import Hit
    from govcards.store import ImportReport, Store
    from govcards.store.practice_store import PracticeStore
    from govcards.store.readers import Rows
    from govcards.store.reports import Reports
    from govcards.study import StudySession
    from govcards.study_port import StudyPort

MIN_YEAR, MAX_YEAR = 1970, 9800


def now() -> datetime:
    pinned = os.environ.get("GOVCARDS_NOW")
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError as exc:
        raise InputError(
            _("GOVCARDS_NOW: not an ISO 8601 time: {value}").format(value=repr(pinned))
        ) from exc
    if not MIN_YEAR <= moment.year <= MAX_YEAR:  # 100 years of intervals must still be a date
        raise InputError(
            _("GOVCARDS_NOW: {value} is outside the years {low}–{high}").format(
                value=repr(pinned), low=MIN_YEAR, high=MAX_YEAR
            )
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_zone(name: str) -> tzinfo:
    if name == "local":
        return datetime.now().astimezone().tzinfo or UTC
    return zone_named(name)


@dataclass(frozen=True)
class Context:
    store: Store
    config: Config
    zone: tzinfo
    moment: datetime

    @property
    def today(self) -> date:
        return study_day(self.moment, self.zone, self.config.day_start_hour)


def first_run_import(ctx: Context, say: Callable[[str], object]) -> None:
    """A new learner starts with one command: an empty collection gets the bundled decks."""
    if ctx.store.deck_count():
        return
    from govcards.decks import bundled_decks_dir, load_decks

    reports = ctx.store.import_decks(load_decks([bundled_decks_dir()]), ctx.moment)
    cards = sum(r.cards_added for r in reports)
    say(
        _("First run: imported {decks} bundled decks, {cards} cards (see: govcards decks).").format(
            decks=len(reports), cards=cards
        )
    )


def import_sources(paths: Sequence[Path], bundled: bool) -> list[Path]:
    """What ``govcards import`` reads: the given paths, and the bundled decks with --bundled."""
    if bundled:
        from govcards.decks import bundled_decks_dir

        return [*paths, bundled_decks_dir()]
    if not paths:
        raise InputError(_("govcards import: give deck files or folders, or --bundled"))
    return list(paths)


def import_paths(
    paths: Sequence[str | Path],
    location: str | None,
    dry_run: bool,
    progress: Callable[[int], object] | None = None,
) -> list[ImportReport]:
    """Load and import deck files: every deck is checked before anything is written, and a
    collection that does not exist yet is created only once the decks are known to be valid.
    """
    from govcards.decks import load_import
    from govcards.model import Deck
    from govcards.store import collection_exists, resolve_url

    url = resolve_url(location)
    exists = collection_exists(url)
    if dry_run and not exists:
        url = "sqlite://"  # a dry run checks against an empty collection in memory: no file
    store = _opened(url) if exists else None
    known, live = (store.known_files(), store.live_note_ids()) if store else ({}, {})
    items = load_import(paths, known, live)  # a question may use notes already in the collection
    store = store or _opened(url)
    try:
        changed = [item for item in items if isinstance(item, Deck)]
        done = {
            r.deck_id: r
            for r in store.import_decks(changed, now(), dry_run=dry_run, progress=progress)
        }
        return [done.get(item.id) or store.unchanged_report(item.id) for item in items]
    finally:
        store.close()


def _stderr_line(line: str) -> None:
    import sys

    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def no_collection(where: str) -> CollectionError:
    """Reading commands never create a collection: they say how to start one instead."""
    return CollectionError(
        _(
            "govcards: no collection at {where} yet: start with 'govcards review' (the first"
            " run imports the bundled decks) or 'govcards import --bundled'"
        ).format(where=where)
    )


def collection_missing(location: str | None) -> bool:
    """Whether there is no collection yet where ``location`` points (nothing is created)."""
    from govcards.store import check_location, collection_exists, resolve_url

    url = resolve_url(location)
    check_location(url)
    return not collection_exists(url)


def open_store(
    location: str | None, create: bool, notify: Callable[[str], object] = _stderr_line
) -> Store:
    """The collection at ``--db``/``GOVCARDS_DB``/the home folder, opened with the real clock.

    Only ``create=True`` (import, the first review) may create one; any other command on a
    missing collection is refused with a hint and leaves no file or folder behind. A schema
    upgrade done on the way is reported through ``notify``.
    """
    from govcards.store import check_location, collection_exists, describe, resolve_url

    now()  # a bad GOVCARDS_NOW is bad input (exit 2), whatever else is wrong
    url = resolve_url(location)
    check_location(url)
    if not create and not collection_exists(url):
        raise no_collection(describe(url))
    return _opened(url, notify)


def _opened(url: str, notify: Callable[[str], object] = _stderr_line) -> Store:
    """The ``Store`` at ``url``; a schema upgrade done on the way is reported through ``notify``
    and followed by the FSRS memory states it leaves to compute."""
    from govcards.store import Store

    store = Store(url, clock=now)
    if store.upgraded is not None:
        notify(store.upgraded.message())
        _compute_memory_states(store)
    return store


def _compute_memory_states(store: Store) -> None:
    """A collection from before FSRS has answered cards with no FSRS memory state. They are
    replayed once, here, under a progress bar, rather than one by one in the next reviews,
    where each would cost its answer a replay of the card's whole log (docs/performance.md)."""
    from govcards.store.fsrs_state import recompute
    from govcards.ui.progress import progress

    try:
        with progress(_("computing memory states (cards)")) as bar:
            recompute(store, progress=bar.at)
    except BaseException:
        store.close()
        raise


def open_context(location: str | None, create: bool = False) -> Context:
    store = open_store(location, create)
    config = Config.from_values(store.settings())
    return Context(store, config, local_zone(config.timezone), now())


def stored_settings(location: str | None) -> dict[str, str]:
    """The settings saved in the collection; none (all defaults) when there is no collection."""
    from govcards.store import collection_exists, resolve_url

    if not collection_exists(resolve_url(location)):
        return {}
    store = open_store(location, create=False)
    try:
        return store.settings()
    finally:
        store.close()


def save_setting(location: str | None, key: str, value: str) -> None:
    store = open_store(location, create=False)
    try:
        store.set_setting(key, value)
    finally:
        store.close()


@dataclass(frozen=True)
class ConfigAnswer:
    """What ``govcards config`` shows: every setting, one setting's value, or the value just
    saved (``changed``)."""

    key: str | None
    value: str
    changed: bool = False
    saved: dict[str, str] | None = None


def configure(location: str | None, key: str | None, value: str | None) -> ConfigAnswer:
    """``govcards config [KEY [VALUE]]``: the value is checked before anything is opened, and
    reading creates no collection."""
    from govcards.settings import SETTINGS, validate

    if key is None:
        return ConfigAnswer(None, "", saved=stored_settings(location))
    if value is None:
        if key not in SETTINGS:
            validate(key, "")  # refused: an unknown key is bad input (exit 2)
        return ConfigAnswer(key, stored_settings(location).get(key, SETTINGS[key].default))
    clean = validate(key, value)
    save_setting(location, key, clean)
    return ConfigAnswer(key, clean, changed=True)


def deck_topics(location: str | None) -> dict[str, dict[str, str]] | None:
    """``govcards decks --topics``: each deck's topic ids; None when there is no collection
    (no decks is an answer here, and nothing is created)."""
    from govcards.store.listing import deck_topics as read_topics

    ctx = reports_if_any(location)
    return None if ctx is None else read_topics(ctx.reports.db)


def deck_summaries(location: str | None) -> list[DeckSummary]:
    """``govcards decks``: card counts per deck; none when there is no collection yet."""
    ctx = reports_if_any(location)
    return [] if ctx is None else list(ctx.reports.deck_summaries(ctx.today))


def due_counts(location: str | None, days: int) -> tuple[dict[str, dict[date, int]], date]:
    """``govcards due``: cards due per deck on each of the next ``days`` days, and today."""
    ctx = open_reports(location)
    return ctx.reports.due_by_day(ctx.today, days), ctx.today


def unsuspend(location: str | None, deck: str, note: str | None, card: str | None) -> int:
    """``govcards unsuspend``: how many cards are back in the queue (an unknown deck, note or
    card is refused by the store)."""
    ctx = open_context(location)
    try:
        return ctx.store.unsuspend(deck, note, card)
    finally:
        ctx.store.close()


def backup(
    location: str | None, output: Path | None, progress: Callable[[int], object] | None = None
) -> Path:
    """``govcards backup``: a safe copy of a SQLite collection; where it was written."""
    from govcards.store import backup_collection, resolve_url

    return backup_collection(resolve_url(location), output, now(), progress)


@dataclass(frozen=True)
class ExportRequest:
    """The options of ``govcards export`` that say what to write and where."""

    kind: str
    fmt: str | None
    output: Path | None
    force: bool
    bom: bool
    deck: str | None


def export(
    location: str | None,
    request: ExportRequest,
    scope: CardFilter,
    progress: Callable[[int], object] | None = None,
) -> None:
    """``govcards export``: the plan is checked (format, output file) before the collection is
    opened, then the rows are streamed to the output."""
    from govcards.exporters import plan_export, run_export
    from govcards.store.location import lean_sqlite_file
    from govcards.store.sqlite_file import sqlite_path

    url = resolve_location(location)  # a URL with options is read by SQLAlchemy's own parser
    collection = lean_sqlite_file(url) or (sqlite_path(url) if "?" in url else None)
    r = request
    plan = plan_export(r.kind, r.fmt, r.output, r.force, bom=r.bom, collection=collection)
    ctx = open_reports(location, scope)
    run_export(plan, ctx.reports, r.deck, ctx.moment, progress=progress)


def resolve_location(location: str | None) -> str:
    """The collection's URL for ``--db``/``GOVCARDS_DB``/the home folder."""
    from govcards.store.location import resolve_url

    return resolve_url(location)


def fit_parameters(
    location: str | None, progress: Callable[[int, int], object] | None = None
) -> Fit:
    """``govcards optimize``, first half: FSRS parameters fitted to the review log.
    ``progress(done, total)``: the fit's stages."""
    from govcards.optimize import fit
    from govcards.store.fsrs_state import current_settings, histories

    ctx = open_context(location)
    try:
        return fit(histories(ctx.store), current_settings(ctx.store).params, progress)
    finally:
        ctx.store.close()


def save_parameters(
    location: str | None, params: Params, progress: Callable[[int, int], object] | None = None
) -> int:
    """``govcards optimize``, second half: the fitted parameters saved, and every card's memory
    state recomputed with them; how many cards. ``progress(done, total)``: the cards."""
    from govcards.store.fsrs_state import save_params

    ctx = open_context(location)
    try:
        return save_params(ctx.store, params, progress)
    finally:
        ctx.store.close()


def list_cards(location: str | None, flt: ListFilter) -> tuple[list[ListedCard], date]:
    """``govcards list``: the cards that pass the filters, and the study day their state is of."""
    from govcards.store.listing import list_cards as read_cards

    ctx = open_reports(location)  # lean on an up-to-date SQLite file
    return read_cards(ctx.reports.db, flt, ctx.today, ctx.config.leech_lapses), ctx.today


@dataclass(frozen=True)
class ReportContext:
    """An open collection for the read-only reports (``decks``, ``due``, ``stats``,
    ``export``): on an up-to-date SQLite file it never imports SQLAlchemy."""

    reports: Reports
    config: Config
    zone: tzinfo
    moment: datetime
    location: str | None = None

    @property
    def today(self) -> date:
        return study_day(self.moment, self.zone, self.config.day_start_hour)

    def context(self) -> Context:
        """The full store, for what the reports don't cover (the exam countdown's plan)."""
        from govcards.store.readers import EngineRows

        rows = self.reports.db
        if isinstance(rows, EngineRows):
            return Context(rows.store, self.config, self.zone, self.moment)
        store = open_store(self.location, create=False)
        return Context(store, self.config, self.zone, self.moment)


def _report_context(rows: Rows, location: str | None) -> ReportContext:
    from govcards.store.reports import Reports

    reports = Reports(rows)
    config = Config.from_values(reports.settings())
    return ReportContext(reports, config, local_zone(config.timezone), now(), location)


def _lean_reports(location: str | None) -> ReportContext | None:
    """The stdlib reader when the file allows it (see ``govcards.store.lean``), else None."""
    from govcards.store.lean import open_lean
    from govcards.store.location import resolve_url

    now()  # a bad GOVCARDS_NOW is bad input (exit 2), whatever else is wrong
    rows = open_lean(resolve_url(location))
    return None if rows is None else _report_context(rows, location)


def open_reports(
    location: str | None, scope: CardFilter | None = None, lean: bool = True
) -> ReportContext:
    """The lean reader when the file allows it and no scope narrows the reports (a scoped
    query is built for its values: docs/performance.md), else the full store, which upgrades
    or refuses the collection exactly as every other reading command does (never creating it).
    """
    narrowed = scope is not None and scope.narrows
    if lean and not narrowed:
        ctx = _lean_reports(location)
        if ctx is not None:
            return ctx
    from govcards.store.readers import EngineRows

    store = open_store(location, create=False)
    try:
        if narrowed and scope is not None:
            store.check_filter(scope)  # an unknown topic or theme is exit 2
        return _report_context(EngineRows(store, scope), location)
    except BaseException:
        store.close()
        raise


def reports_if_any(location: str | None) -> ReportContext | None:
    """Like ``open_reports``, but None when there is no collection yet (nothing is created)."""
    ctx = _lean_reports(location)
    if ctx is not None:
        return ctx
    if collection_missing(location):
        return None
    return open_reports(location, lean=False)


def find_notes(
    location: str | None,
    query: str,
    kind: str | None,
    theme: str | None,
    limit: int,
    progress: Callable[[int, int], object] | None = None,
) -> list[Hit]:
    """``govcards find``: the stored index (rebuilt first if any note changed, its stages told
    to ``progress(done, total)``), then the query."""
    from govcards.store.location import resolve_url

    ctx = open_reports(location)  # lean on an up-to-date SQLite file
    url = resolve_url(location)
    return _search(ctx.reports.db, url, query, kind, theme, limit, progress)


def _search(
    rows: Rows,
    url: str,
    query: str,
    kind: str | None,
    theme: str | None,
    limit: int,
    progress: Callable[[int, int], object] | None = None,
) -> list[Hit]:
    from govcards.search import IndexCache, search
    from govcards.search.cache import themes_file
    from govcards.store.search_notes import CollectionNotes, search_path

    cache = IndexCache(search_path(url), themes_file())
    return search(cache.index(CollectionNotes(rows), progress), query, kind, theme, limit)


def start_review(
    location: str | None,
    flt: CardFilter,
    new: int | None,
    limit: int | None,
    drill: bool,
    say: Callable[[str], object],
    cram: bool = False,
    port: Callable[[Context], StudyPort] | None = None,
) -> StudySession:
    """``govcards review``: the collection opened, the filter checked, the session's queue built.

    ``--drill`` needs ``--theme``: a drill goes over one theme's material, not the collection.
    The queue is read lean when the collection allows it (``_lean_review``: never with ``cram``
    or in the exam run-up), else through the full store: ``port`` picks the queue there (the
    exam run-up's, say), else the ordinary one.
    """
    from govcards.study import Limits, StudySession

    if drill and not flt.themes:
        raise InputError(_("--drill needs --theme ID (a drill goes over one theme's material)"))
    lean = _lean_review(location, flt, cram)
    if lean is not None:
        queue, config, today = lean
    else:
        from govcards.store import StudyStore

        ctx = open_context(location, create=True)
        first_run_import(ctx, say)
        ctx.store.check_filter(flt)
        queue = port(ctx) if port is not None else StudyStore(ctx.store)
        config, today = ctx.config, ctx.today
    c = config
    limits = Limits(c.new_per_day, c.reviews_per_day, new=new, limit=limit, drill=drill)
    return StudySession(queue, today, now, limits, flt)


def _lean_review(
    location: str | None, flt: CardFilter, cram: bool
) -> tuple[StudyPort, Config, date] | None:
    """The review's port reading without SQLAlchemy (``store/lean_study.py``), its settings and
    study day; None whenever the full store must serve: no file or an empty collection (the
    first run imports), a schema to upgrade, FSRS states to compute, a filter beyond a deck
    (checked and built per value), an unknown deck (the store says why), the exam run-up."""
    from govcards.store.lean import open_lean
    from govcards.store.location import resolve_url

    if flt.narrows or cram:
        return None
    now()  # a bad GOVCARDS_NOW is bad input (exit 2), whatever else is wrong
    rows = open_lean(resolve_url(location), snapshot=False)
    if rows is None:
        return None
    from govcards.cram import in_run_up
    from govcards.store.lean_study import LeanStudyStore
    from govcards.store.queue_reads import QueueReads

    config = Config.from_values(dict(rows.rows("settings")))
    today = study_day(now(), local_zone(config.timezone), config.day_start_hour)
    exam = config.exam_date
    empty = QueueReads(lambda _flt: rows).deck_count() == 0
    unknown_deck = flt.deck is not None and not any(rows.rows("deck_pk@deck", deck=flt.deck))
    run_up = exam is not None and exam >= today and in_run_up(today, exam, config.cram_days)
    if empty or unknown_deck or run_up:
        rows.close()
        return None
    return LeanStudyStore(rows, lambda settings: _full_study(location, settings)), config, today


def _full_study(location: str | None, settings: FsrsSettings) -> StudyPort:
    """The full ``StudyStore`` a lean review opens at its first write, with the session's
    FSRS settings (one session answers with one set of them)."""
    from govcards.store import StudyStore

    return StudyStore(open_store(location, create=False), settings)


# How many notes of each kind a typed question is answered with, from the find index.
SUGGESTIONS = {"structure": 2, "case": 3, "quote": 3}


def start_practice(
    location: str | None,
    themes: Sequence[str],
    typed: str | None,
    say: Callable[[str], object],
    progress: Callable[[int, int], object] | None = None,
) -> tuple[Context, PracticeStore, Question]:
    """``govcards practice``: the collection, and the round's question with its material:
    the least recently practised bank question (of ``themes``), or the question typed with
    the structures, cases and quotes that ``find`` ranks highest for it."""
    from govcards.model import CardFilter
    from govcards.practice.session import Question, choose
    from govcards.store.practice_store import PracticeStore
    from govcards.store.readers import EngineRows

    ctx = open_context(location)
    first_run_import(ctx, say)
    if themes:
        ctx.store.check_filter(CardFilter(themes=tuple(themes)))
    port = PracticeStore(ctx.store)
    if typed is not None:
        if not typed.strip():
            raise InputError(_("--question: the question is empty"))
        theme = themes[0] if len(themes) == 1 else None
        rows = EngineRows(ctx.store)  # the index is built (and ``progress`` told) at most once
        refs = [
            f"{hit.deck}/{hit.note}"
            for kind, count in SUGGESTIONS.items()
            for hit in _search(rows, ctx.store.url, typed, kind, theme, count, progress)
        ]
        return ctx, port, Question(typed.strip(), None, tuple(themes), tuple(port.material(refs)))
    q = choose(port.questions(themes), themes)
    linked = tuple(port.material(q.note.uses))
    return ctx, port, Question(q.note.prompt, q.note.frame, q.note.themes, linked, ref=q.ref)


def practice_round(
    location: str | None,
    themes: Sequence[str],
    typed: str | None,
    minutes: float,
    say: Callable[[str], object],
    progress: Callable[[int, int], object] | None = None,
) -> tuple[Question, Callable[[str, str, int], RoundResult]]:
    """``govcards practice``: the round's question, and what scores and saves the learner's
    outline and named material (given the time they took, in milliseconds). ``progress``
    hears of the search index's build, when a typed question finds it stale."""
    from govcards.practice.session import finish

    ctx, port, asked = start_practice(location, themes, typed, say, progress)

    def done(outline: str, names: str, ms: int) -> RoundResult:
        return finish(port, asked, outline, names, ms, round(minutes * 60), now, ctx.today)

    return asked, done
