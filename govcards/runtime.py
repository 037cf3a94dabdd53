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
from govcards.errors import InputError
from govcards.settings import Config

if TYPE_CHECKING:
    from govcards.model import CardFilter
    from govcards.practice.session import Question
    from govcards.search import Hit
    from govcards.store import ImportReport, Store
    from govcards.store.practice_store import PracticeStore
    from govcards.study import StudySession

MIN_YEAR, MAX_YEAR = 1970, 9800


def now() -> datetime:
    pinned = os.environ.get("GOVCARDS_NOW")
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError as exc:
        raise InputError(f"GOVCARDS_NOW: not an ISO 8601 time: {pinned!r}") from exc
    if not MIN_YEAR <= moment.year <= MAX_YEAR:  # 100 years of intervals must still be a date
        raise InputError(f"GOVCARDS_NOW: {pinned!r} is outside the years {MIN_YEAR}–{MAX_YEAR}")
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
    say(f"首次使用：已导入内置牌组 {len(reports)} 个，共 {cards} 张卡片（govcards decks 查看）。")


def import_paths(paths: Sequence[str | Path], db: str | None, dry_run: bool) -> list[ImportReport]:
    """Load and import deck files: every deck is checked before anything is written, and a
    collection that does not exist yet is created only once the decks are known to be valid.
    """
    from govcards.decks import load_import
    from govcards.model import Deck
    from govcards.store import Store, collection_exists, resolve_url

    url = resolve_url(db)
    exists = collection_exists(url)
    if dry_run and not exists:
        url = "sqlite://"  # a dry run checks against an empty collection in memory: no file
    store = Store(url) if exists else None
    items = load_import(paths, store.known_files() if store else {})
    store = store or Store(url)
    try:
        changed = [item for item in items if isinstance(item, Deck)]
        done = {r.deck_id: r for r in store.import_decks(changed, now(), dry_run=dry_run)}
        return [done.get(item.id) or store.unchanged_report(item.id) for item in items]
    finally:
        store.close()


def open_context(db: str | None) -> Context:
    from govcards.store import Store, resolve_url

    store = Store(resolve_url(db))
    config = Config.from_values(store.settings())
    return Context(store, config, local_zone(config.timezone), now())


def find_notes(
    db: str | None, query: str, kind: str | None, theme: str | None, limit: int
) -> list[Hit]:
    """``govcards find``: the stored index (rebuilt first if any note changed), then the query."""
    ctx = open_context(db)
    try:
        first_run_import(ctx, lambda line: None)
        return _search(ctx, query, kind, theme, limit)
    finally:
        ctx.store.close()


def _search(ctx: Context, query: str, kind: str | None, theme: str | None, limit: int) -> list[Hit]:
    from govcards.search import IndexCache, search
    from govcards.search.cache import themes_file
    from govcards.store.search_notes import CollectionNotes, search_paths

    index_path, jieba_dir = search_paths(ctx.store)
    cache = IndexCache(index_path, jieba_dir, themes_file())
    return search(cache.index(CollectionNotes(ctx.store)), query, kind, theme, limit)


def start_review(
    db: str | None,
    flt: CardFilter,
    new: int | None,
    limit: int | None,
    drill: bool,
    say: Callable[[str], object],
) -> StudySession:
    """``govcards review``: the collection opened, the filter checked, the session's queue built.

    ``--drill`` needs ``--theme``: a drill goes over one theme's material, not the collection."""
    from govcards.store import StudyStore
    from govcards.study import Limits, StudySession

    if drill and not flt.themes:
        raise InputError("--drill needs --theme ID (a drill goes over one theme's material)")
    ctx = open_context(db)
    first_run_import(ctx, say)
    ctx.store.check_filter(flt)
    c = ctx.config
    limits = Limits(c.new_per_day, c.reviews_per_day, new=new, limit=limit, drill=drill)
    return StudySession(StudyStore(ctx.store), ctx.today, now, limits, flt)


# How many notes of each kind a typed question is answered with, from the find index.
SUGGESTIONS = {"structure": 2, "case": 3, "quote": 3}


def start_practice(
    db: str | None, themes: Sequence[str], typed: str | None, say: Callable[[str], object]
) -> tuple[Context, PracticeStore, Question]:
    """``govcards practice``: the collection, and the round's question with its material:
    the least recently practised bank question (of ``themes``), or the question typed with
    the structures, cases and quotes that ``find`` ranks highest for it."""
    from govcards.model import CardFilter
    from govcards.practice.session import Question, choose
    from govcards.store.practice_store import PracticeStore

    ctx = open_context(db)
    first_run_import(ctx, say)
    if themes:
        ctx.store.check_filter(CardFilter(themes=tuple(themes)))
    port = PracticeStore(ctx.store)
    if typed is not None:
        if not typed.strip():
            raise InputError("--question: the question is empty")
        theme = themes[0] if len(themes) == 1 else None
        refs = [
            f"{hit.deck}/{hit.note}"
            for kind, count in SUGGESTIONS.items()
            for hit in _search(ctx, typed, kind, theme, count)
        ]
        return ctx, port, Question(typed.strip(), None, tuple(themes), tuple(port.material(refs)))
    q = choose(port.questions(themes), themes)
    linked = tuple(port.material(q.note.uses))
    return ctx, port, Question(q.note.prompt, q.note.frame, q.note.themes, linked, ref=q.ref)
