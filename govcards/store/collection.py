"""Where the collection lives and opening it safely: SQLite (WAL, foreign keys, busy timeout,
``BEGIN IMMEDIATE`` for writes) or PostgreSQL, refusing files that are not govcards collections."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from govcards.errors import CollectionError, InputError
from govcards.i18n import _
from govcards.model import CardFilter, Deck
from govcards.records import DeckSummary as DeckSummary  # re-exported
from govcards.store.importer import ImportReport, import_decks
from govcards.store.location import default_home as default_home
from govcards.store.location import is_url as is_url
from govcards.store.location import resolve_url as resolve_url
from govcards.store.schema import (
    APPLICATION_ID,
    HEAD_REVISION,
    PG_LOCK_KEY,
    SCHEMA_REVISIONS,
    Base,
    CardRow,
    DeckRow,
    NoteRow,
    SchemaVersionRow,
    SettingRow,
)
from govcards.store.sqlite_file import inspect_collection_file as _inspect_sqlite_file
from govcards.store.sqlite_file import is_busy, is_govcards_revision, locked
from govcards.store.sqlite_file import sqlite_path as _sqlite_path
from govcards.store.upgrade import Upgraded

# ---------------------------------------------------------------------------------------------
# Where the collection lives, and opening it safely


def collection_exists(url: str) -> bool:
    """Whether opening ``url`` would find a collection rather than create a file."""
    path = _sqlite_path(url)
    if path is None:
        return url.startswith(("postgresql", "postgres"))  # a server database, or memory (no)
    return path.exists() and path.stat().st_size > 0


def describe(url: str) -> str:
    """A URL fit to print: a file path, or the URL without its password."""
    path = _sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _check_revision(where: str, revision: str) -> bool:
    """True when an upgrade is needed; refuses a collection written by a newer govcards."""
    if revision == HEAD_REVISION:
        return False
    if revision in SCHEMA_REVISIONS:
        return True
    if not is_govcards_revision(revision):  # another application's Alembic history
        untouched = _("{where}: not a govcards collection; it was left untouched")
        raise CollectionError(untouched.format(where=where))
    newer = _(
        "{where}: this collection was written by a newer govcards (schema {revision});"
        " upgrade govcards to open it"
    )
    raise CollectionError(newer.format(where=where, revision=revision))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("govcards_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Store:
    """An open collection. Every write is one short transaction (``with store.write() as s``)."""

    def __init__(self, url: str, clock: Callable[[], datetime] | None = None) -> None:
        """Open (or, when there is none, create) the collection at ``url``.

        An older schema is upgraded on the spot; ``upgraded`` then says what was done (the
        caller tells the learner), and ``clock`` dates the backup taken before it.
        """
        self.url = url
        self.upgraded: Upgraded | None = None
        self.where = describe(url)
        self.is_sqlite = url.startswith("sqlite")
        path = _sqlite_path(url)
        revision = _inspect_sqlite_file(path) if path else None
        if path:
            _ensure_folder(path)
        try:
            self.engine = create_engine(url, future=True)
        except ImportError as exc:
            no_driver = _(
                "{where}: the database driver is not installed ({module});"
                " for PostgreSQL: pip install 'govcards[postgres]'"
            )
            raise CollectionError(no_driver.format(where=self.where, module=exc.name)) from exc
        except (SQLAlchemyError, ValueError) as exc:
            raise CollectionError(_cannot_open(self.where, exc)) from exc
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._writer = self.engine.execution_options(govcards_write=True)
        try:
            if not path:
                revision = self._server_revision()
            if revision is None:
                self._create()
            elif _check_revision(self.where, revision):
                from govcards.store.upgrade import upgrade  # Alembic only when needed

                self.upgraded = upgrade(self.engine, url, self.where, revision, clock)
        except DBAPIError as exc:
            self.engine.dispose()
            if is_busy(exc):
                raise locked(self.where) from exc
            raise CollectionError(_cannot_open(self.where, _short(exc))) from exc

    def _server_revision(self) -> str | None:
        tables = set(inspect(self.engine).get_table_names())
        if not tables:
            return None
        not_ours = _("{where}: this database is not a govcards collection")
        if "alembic_version" not in tables or "cards" not in tables:
            raise CollectionError(not_ours.format(where=self.where))
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        if row is None:
            raise CollectionError(not_ours.format(where=self.where))
        return str(row[0])

    def _create(self) -> None:
        with self._writer.begin() as conn:
            if not self.is_sqlite:
                conn.execute(text(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"))
            if inspect(conn).has_table("alembic_version"):
                return  # another process created the collection while this one waited
            Base.metadata.create_all(conn)
            conn.execute(insert(SchemaVersionRow).values(version_num=HEAD_REVISION))
            if self.is_sqlite:
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, _errors(self.where):
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with (
            Session(self._writer, expire_on_commit=False) as session,
            _errors(self.where),
            session.begin(),
        ):
            if not self.is_sqlite:
                session.execute(text(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"))
            yield session

    # -- settings ---------------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        with self.read() as s:
            return {r.key: r.value for r in s.scalars(select(SettingRow))}

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(SettingRow(key=key, value=value))

    # -- import -----------------------------------------------------------------------------

    def import_decks(
        self,
        decks: Sequence[Deck],
        now: datetime,
        dry_run: bool = False,
        progress: Callable[[int], object] | None = None,
    ) -> list[ImportReport]:
        """Write decks in one transaction; a dry run rolls it back and reports the same."""
        reports: list[ImportReport] = []
        try:
            with self.write() as s:
                reports = import_decks(s, decks, now)
                if progress is not None:
                    progress(len(decks))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return reports

    def check_filter(self, flt: CardFilter) -> None:
        """A --deck, --topic or --theme that names nothing is a usage error, not an empty
        session; so is a bare topic id that several decks use (say ``DECK/TOPIC``)."""
        from govcards.store.filter_check import check_filter

        with self.read() as s:
            check_filter(s, flt)

    def known_files(self) -> dict[str, str]:
        """Digest of each deck file last imported → its deck id (see decks.load_import)."""
        stmt = select(DeckRow.file_digest, DeckRow.deck_id).where(DeckRow.file_digest.is_not(None))
        with self.read() as s:
            return {digest: deck_id for digest, deck_id in s.execute(stmt) if digest}

    def live_note_ids(self) -> dict[str, set[str]]:
        """Deck id → ids of its live notes: what a question's ``uses`` may name beyond the
        decks of one import (see decks.load_import). Two columns, no note content."""
        stmt = (
            select(DeckRow.deck_id, NoteRow.note_id)
            .join(NoteRow, NoteRow.deck_pk == DeckRow.id)
            .where(NoteRow.retired.is_(False))
        )
        out: dict[str, set[str]] = {}
        with self.read() as s:
            for deck_id, note_id in s.execute(stmt):
                out.setdefault(deck_id, set()).add(note_id)
        return out

    def unchanged_report(self, deck_id: str) -> ImportReport:
        """The report of a deck file that was skipped because its bytes did not change."""
        live = (
            select(DeckRow.name, func.count(NoteRow.id))
            .outerjoin(NoteRow, (NoteRow.deck_pk == DeckRow.id) & NoteRow.retired.is_(False))
            .where(DeckRow.deck_id == deck_id)
            .group_by(DeckRow.id, DeckRow.name)
        )
        with self.read() as s:
            name, notes = s.execute(live).one()
        return ImportReport(deck_id, name, unchanged=int(notes), notes=int(notes))

    def unsuspend(self, deck_id: str, note_id: str | None, card_key: str | None) -> int:
        """Bring suspended cards of a deck (or one note, or one card) back; returns how many."""
        with self.write() as s:
            deck_pk = s.scalar(select(DeckRow.id).where(DeckRow.deck_id == deck_id))
            if deck_pk is None:
                raise InputError(
                    _("no deck '{deck}' in the collection (see: govcards decks)").format(
                        deck=deck_id
                    )
                )
            cards = select(CardRow.id).where(CardRow.deck_pk == deck_pk, CardRow.suspended)
            if note_id is not None:
                note_pk = s.scalar(
                    select(NoteRow.id)
                    .where(NoteRow.deck_pk == deck_pk, NoteRow.note_id == note_id)
                    .order_by(NoteRow.retired)  # the live row when the kind changed
                )
                if note_pk is None:  # a typo must not read as "nothing was suspended"
                    raise InputError(
                        _("no note '{note}' in deck '{deck}' (see: govcards list)").format(
                            note=note_id, deck=deck_id
                        )
                    )
                cards = cards.where(CardRow.note_pk == note_pk)
                if card_key is not None:
                    key = select(CardRow.id).where(
                        CardRow.note_pk == note_pk, CardRow.card_key == card_key
                    )
                    if s.scalar(key) is None:
                        raise InputError(
                            _("no card '{card}' in note '{note}' (see: govcards list)").format(
                                card=card_key, note=f"{deck_id}/{note_id}"
                            )
                        )
            if card_key is not None:
                cards = cards.where(CardRow.card_key == card_key)
            ids = list(s.scalars(cards))
            if ids:
                s.execute(update(CardRow).where(CardRow.id.in_(ids)).values(suspended=False))
            return len(ids)

    def deck_count(self) -> int:
        with self.read() as s:
            return int(s.scalar(select(func.count()).select_from(DeckRow)) or 0)


def check_location(url: str) -> None:
    """Refuse a SQLite path whose folder is missing or is a file, creating nothing."""
    path = _sqlite_path(url)
    if path is not None:
        _ensure_folder(path, create=False)


def _ensure_folder(path: Path, create: bool = True) -> None:
    """govcards makes its own home folder on first use, never a folder someone named: a typo in
    ``--db`` must not leave a tree of new folders (docs/storage.md)."""
    folder = path.parent
    if folder.is_dir():
        return
    is_home = os.path.abspath(folder) == os.path.abspath(default_home().expanduser().resolve())
    where = f"{folder} (GOVCARDS_HOME)" if is_home else str(folder)
    if folder.exists():
        a_file = _("{where}: is a file, not a folder; the collection cannot be made")
        raise CollectionError(a_file.format(where=where))
    if not is_home:
        missing = _("{where}: no such folder; create it first (nothing was created)")
        raise CollectionError(missing.format(where=folder))
    if not create:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or str(exc)
        cannot = _("{where}: cannot create the govcards folder: {why}")
        raise CollectionError(cannot.format(where=where, why=why)) from exc


class _DryRun(Exception):
    """Raised inside an import transaction to roll it back."""


def _cannot_open(where: str, why: object) -> str:
    return _("{where}: cannot open the collection: {why}").format(where=where, why=why)


def _database_error(where: str, why: object) -> str:
    return _("{where}: database error: {why}").format(where=where, why=why)


def _short(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc) or exc).splitlines()[0]


@contextmanager
def _errors(where: str) -> Iterator[None]:
    """Database failures become one clear line (exit 1), never a traceback."""
    try:
        yield
    except OperationalError as exc:
        if is_busy(exc):
            raise locked(where) from exc
        raise CollectionError(_database_error(where, _short(exc))) from exc
    except DBAPIError as exc:
        raise CollectionError(_database_error(where, _short(exc))) from exc
