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
    from govcards.search import Hit
    from govcards.store import ImportReport, Store
    from govcards.store.reports import Reports

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


def import_paths(
    paths: Sequence[str | Path],
    db: str | None,
    dry_run: bool,
    progress: Callable[[int], object] | None = None,
) -> list[ImportReport]:
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
        done = {
            r.deck_id: r
            for r in store.import_decks(changed, now(), dry_run=dry_run, progress=progress)
        }
        return [done.get(item.id) or store.unchanged_report(item.id) for item in items]
    finally:
        store.close()


def open_context(db: str | None) -> Context:
    from govcards.store import Store, resolve_url

    store = Store(resolve_url(db))
    config = Config.from_values(store.settings())
    return Context(store, config, local_zone(config.timezone), now())


@dataclass(frozen=True)
class ReportContext:
    """An open collection for the read-only commands (``decks``, ``due``, ``stats``,
    ``export``): on an up-to-date SQLite file it never imports SQLAlchemy."""

    reports: Reports
    config: Config
    zone: tzinfo
    moment: datetime

    @property
    def today(self) -> date:
        return study_day(self.moment, self.zone, self.config.day_start_hour)


def open_reports(db: str | None) -> ReportContext:
    """The lean stdlib reader when the file allows it, else the full store (which creates,
    upgrades or refuses the collection exactly as every other command does)."""
    from govcards.store.lean import open_lean
    from govcards.store.location import resolve_url
    from govcards.store.readers import EngineRows, Rows
    from govcards.store.reports import Reports

    url = resolve_url(db)
    rows: Rows | None = open_lean(url)
    if rows is None:
        from govcards.store import Store

        rows = EngineRows(Store(url))
    reports = Reports(rows)
    config = Config.from_values(reports.settings())
    return ReportContext(reports, config, local_zone(config.timezone), now())


def find_notes(
    db: str | None, query: str, kind: str | None, theme: str | None, limit: int
) -> list[Hit]:
    """``govcards find``: the stored index (rebuilt first if any note changed), then the query."""
    from govcards.search import IndexCache, search
    from govcards.search.cache import themes_file
    from govcards.store.search_notes import CollectionNotes, search_paths

    ctx = open_context(db)
    try:
        first_run_import(ctx, lambda line: None)
        index_path, jieba_dir = search_paths(ctx.store)
        cache = IndexCache(index_path, jieba_dir, themes_file())
        return search(cache.index(CollectionNotes(ctx.store)), query, kind, theme, limit)
    finally:
        ctx.store.close()
