"""The collection: SQLAlchemy 2.0 typed ORM, engine set-up and every query, behind one module.

SQLite by default (WAL, foreign keys, a busy timeout, ``BEGIN IMMEDIATE`` for writes so that two
processes never deadlock on a lock upgrade); the same code runs on PostgreSQL. Rows are mapped to
and from the domain values of ``govcards.model`` here and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from govcards.cards import card_keys
from govcards.errors import CollectionError
from govcards.model import CardFilter, Deck, Note, note_from_dict, note_to_dict
from govcards.scheduler import Sm2State

SCHEMA_REVISIONS = ("0001_baseline",)
HEAD_REVISION = SCHEMA_REVISIONS[-1]
APPLICATION_ID = 0x67766364  # "gvcd": marks a SQLite file as a govcards collection
SQLITE_MAGIC = b"SQLite format 3\x00"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on SQLite (which has no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: govcards stores UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class DeckRow(Base):
    __tablename__ = "decks"
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    path: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("deck_pk", "note_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_pk: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    note_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]]
    digest: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("deck_pk", "note_pk", "card_key"),
        Index("ix_cards_due", "due"),
        Index("ix_cards_order", "deck_pk", "position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    deck_pk: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    note_pk: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    card_key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    repetitions: Mapped[int] = mapped_column(Integer, default=0)
    efactor: Mapped[int] = mapped_column(Integer, default=2500)
    interval: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    due: Mapped[date | None] = mapped_column(Date)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[date | None] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_day", "study_day"), Index("ix_reviews_card", "card_pk"))
    id: Mapped[int] = mapped_column(primary_key=True)
    card_pk: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)
    grade: Mapped[int] = mapped_column(Integer)
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    repetitions_before: Mapped[int] = mapped_column(Integer)
    efactor_before: Mapped[int] = mapped_column(Integer)
    interval_before: Mapped[int] = mapped_column(Integer)
    lapses_before: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date | None] = mapped_column(Date)
    repetitions_after: Mapped[int] = mapped_column(Integer)
    efactor_after: Mapped[int] = mapped_column(Integer)
    interval_after: Mapped[int] = mapped_column(Integer)
    lapses_after: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[date | None] = mapped_column(Date)


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SchemaVersionRow(Base):
    """Alembic's own bookkeeping table, declared so a new collection is stamped in one step."""

    __tablename__ = "alembic_version"
    version_num: Mapped[str] = mapped_column(String(32), primary_key=True)


GOVCARDS_TABLES = {"decks", "notes", "cards", "reviews", "settings", "alembic_version"}


# ---------------------------------------------------------------------------------------------
# Where the collection lives, and opening it safely


def default_home() -> Path:
    home = os.environ.get("GOVCARDS_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("govcards", appauthor=False))


def resolve_url(db: str | None = None) -> str:
    """``--db``, else ``GOVCARDS_DB``, else ``govcards.db`` in the home folder; a path or a URL."""
    location = db or os.environ.get("GOVCARDS_DB") or str(default_home() / "govcards.db")
    if "://" not in location:
        return "sqlite:///" + str(Path(location).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if location.startswith(plain):
            return "postgresql+psycopg://" + location[len(plain) :]
    return location


def describe(url: str) -> str:
    """A URL fit to print: a file path, or the URL without its password."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    raw = url[len("sqlite:///") :].split("?")[0]
    return None if raw in ("", ":memory:") else Path(raw)


def _inspect_sqlite_file(path: Path) -> str | None:
    """The schema revision of an existing file (None when new), without writing a byte to it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise CollectionError(f"{path}: not a govcards collection (not an SQLite database)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if app_id not in (0, APPLICATION_ID) or not {"cards", "alembic_version"} <= tables:
                raise CollectionError(f"{path}: not a govcards collection; it was left untouched")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CollectionError(
            f"{path}: the collection is corrupt or not a govcards collection ({exc});"
            " it was left untouched"
        ) from exc
    if row is None:
        raise CollectionError(f"{path}: not a govcards collection; it was left untouched")
    return str(row[0])


def _check_revision(where: str, revision: str) -> bool:
    """True when an upgrade is needed; refuses a collection written by a newer govcards."""
    if revision == HEAD_REVISION:
        return False
    if revision in SCHEMA_REVISIONS:
        return True
    raise CollectionError(
        f"{where}: this collection was written by a newer govcards (schema {revision});"
        " upgrade govcards to open it"
    )


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

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = describe(url)
        self.is_sqlite = url.startswith("sqlite")
        path = _sqlite_path(url)
        revision = _inspect_sqlite_file(path) if path else None
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise CollectionError(f"{self.where}: cannot open the collection: {exc}") from exc
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._writer = self.engine.execution_options(govcards_write=True)
        try:
            if not path:
                revision = self._server_revision()
            if revision is None:
                self._create()
            elif _check_revision(self.where, revision):
                from govcards.migrate import upgrade

                upgrade(self, revision)
        except DBAPIError as exc:
            self.engine.dispose()
            raise CollectionError(f"{self.where}: cannot open the collection: {_short(exc)}") from exc

    def _server_revision(self) -> str | None:
        tables = set(inspect(self.engine).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables or "cards" not in tables:
            raise CollectionError(f"{self.where}: this database is not a govcards collection")
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        if row is None:
            raise CollectionError(f"{self.where}: this database is not a govcards collection")
        return str(row[0])

    def _create(self) -> None:
        with self._writer.begin() as conn:
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
        with Session(self._writer, expire_on_commit=False) as session, _errors(self.where):
            with session.begin():
                if not self.is_sqlite:
                    session.execute(text("SELECT pg_advisory_xact_lock(7463)"))
                yield session

    # -- settings ---------------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        with self.read() as s:
            return {r.key: r.value for r in s.scalars(select(SettingRow))}

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(SettingRow(key=key, value=value))

    # -- import -----------------------------------------------------------------------------

    def import_decks(self, decks: Sequence[Deck], now: datetime, dry_run: bool = False) -> list[ImportReport]:
        """Write decks in one transaction; progress is keyed by (deck, note, card key) only."""
        reports: list[ImportReport] = []
        with Session(self._writer, expire_on_commit=False) as s, _errors(self.where):
            with s.begin():
                if not self.is_sqlite:
                    s.execute(text("SELECT pg_advisory_xact_lock(7463)"))
                for deck in decks:
                    reports.append(_import_deck(s, deck, now))
                if dry_run:
                    s.rollback()
        return reports

    def deck_count(self) -> int:
        with self.read() as s:
            return int(s.scalar(select(func.count()).select_from(DeckRow)) or 0)

    # -- reports ----------------------------------------------------------------------------

    def deck_summaries(self, today: date) -> list[DeckSummary]:
        live = (CardRow.retired.is_(False),)
        visible = or_(CardRow.buried_until.is_(None), CardRow.buried_until <= today)
        active = (CardRow.suspended.is_(False), visible)
        stmt = (
            select(
                DeckRow.deck_id,
                DeckRow.name,
                func.count(CardRow.id),
                func.count(case((CardRow.due.is_(None) & CardRow.suspended.is_(False), 1))),
                func.count(case(((CardRow.due <= today) & active[0] & active[1], 1))),
                func.count(case((CardRow.suspended.is_(True), 1))),
            )
            .select_from(DeckRow)
            .outerjoin(CardRow, (CardRow.deck_pk == DeckRow.id) & live[0])
            .group_by(DeckRow.id, DeckRow.deck_id, DeckRow.name)
            .order_by(DeckRow.deck_id)
        )
        with self.read() as s:
            return [DeckSummary(*row) for row in s.execute(stmt)]

    def due_by_day(self, today: date, days: int) -> dict[str, dict[date, int]]:
        """Due counts per deck: everything overdue counts for today, then each later day."""
        day = case((CardRow.due < today, today), else_=CardRow.due)
        stmt = (
            select(DeckRow.deck_id, day, func.count())
            .select_from(CardRow)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(
                CardRow.retired.is_(False),
                CardRow.suspended.is_(False),
                CardRow.due.is_not(None),
                CardRow.due <= today + timedelta(days=days),
            )
            .group_by(DeckRow.deck_id, day)
        )
        out: dict[str, dict[date, int]] = {}
        with self.read() as s:
            for deck_id, when, count in s.execute(stmt):
                when = _as_date(when)
                out.setdefault(deck_id, {})[when] = out.get(deck_id, {}).get(when, 0) + int(count)
        return out


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _short(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc) or exc).splitlines()[0]


@contextmanager
def _errors(where: str) -> Iterator[None]:
    """Database failures become one clear line (exit 1), never a traceback."""
    try:
        yield
    except OperationalError as exc:
        raise CollectionError(f"{where}: database error: {_short(exc)}") from exc
    except DBAPIError as exc:
        raise CollectionError(f"{where}: database error: {_short(exc)}") from exc


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportReport:
    deck_id: str
    name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    cards_added: int = 0
    cards_retired: int = 0
    cards_restored: int = 0
    new_deck: bool = False
    notes: int = field(default=0)


def _digest(content: dict[str, Any], position: int) -> str:
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True) + f"#{position}"
    return hashlib.sha256(blob.encode()).hexdigest()


def _import_deck(s: Session, deck: Deck, now: datetime) -> ImportReport:
    report = ImportReport(deck.id, deck.name, notes=len(deck.notes))
    row = s.scalar(select(DeckRow).where(DeckRow.deck_id == deck.id))
    meta = {
        "name": deck.name,
        "description": deck.description,
        "source": deck.source,
        "topics": dict(deck.topics),
        "path": deck.path,
        "imported_at": now,
    }
    if row is None:
        row = DeckRow(deck_id=deck.id, **meta)
        s.add(row)
        s.flush()
        report.new_deck = True
    else:
        for key, value in meta.items():
            setattr(row, key, value)
    deck_pk = row.id

    existing = {
        r.note_id: r
        for r in s.execute(
            select(NoteRow.id, NoteRow.note_id, NoteRow.digest, NoteRow.retired).where(
                NoteRow.deck_pk == deck_pk
            )
        )
    }
    contents = [note_to_dict(n) for n in deck.notes]
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for position, (note, content) in enumerate(zip(deck.notes, contents, strict=True)):
        digest = _digest(content, position)
        values = {
            "kind": note.kind,
            "topic": note.topic,
            "position": position,
            "content": content,
            "digest": digest,
            "retired": False,
        }
        old = existing.get(note.id)
        if old is None:
            inserts.append({"deck_pk": deck_pk, "note_id": note.id, **values})
            report.added += 1
        elif old.retired:
            updates.append({"id": old.id, **values})
            report.restored += 1
        elif old.digest != digest:
            updates.append({"id": old.id, **values})
            report.updated += 1
        else:
            report.unchanged += 1
    present = {n.id for n in deck.notes}
    retire = [r.id for note_id, r in existing.items() if note_id not in present and not r.retired]
    report.retired = len(retire)
    if inserts:
        s.execute(insert(NoteRow), inserts)
    if updates:
        s.execute(update(NoteRow), updates)
    if retire:
        s.execute(update(NoteRow).where(NoteRow.id.in_(retire)).values(retired=True))

    note_pk: dict[str, int] = {
        note_id: pk
        for note_id, pk in s.execute(
            select(NoteRow.note_id, NoteRow.id).where(NoteRow.deck_pk == deck_pk)
        )
    }
    cards = {
        (r.note_pk, r.card_key): r
        for r in s.execute(
            select(CardRow.id, CardRow.note_pk, CardRow.card_key, CardRow.retired, CardRow.position)
            .where(CardRow.deck_pk == deck_pk)
        )
    }
    wanted: dict[tuple[int, str], int] = {}
    for position, note in enumerate(deck.notes):
        for index, key in enumerate(card_keys(note)):
            wanted[(note_pk[note.id], key)] = position * 100 + index
    card_inserts: list[dict[str, Any]] = []
    card_updates: list[dict[str, Any]] = []
    for (npk, key), position in wanted.items():
        old = cards.get((npk, key))
        if old is None:
            card_inserts.append(
                {"deck_pk": deck_pk, "note_pk": npk, "card_key": key, "position": position}
            )
            report.cards_added += 1
        elif old.retired or old.position != position:
            card_updates.append({"id": old.id, "retired": False, "position": position})
            report.cards_restored += int(old.retired)
    for ident, old in cards.items():
        if ident not in wanted and not old.retired:
            card_updates.append({"id": old.id, "retired": True, "position": old.position})
            report.cards_retired += 1
    if card_inserts:
        s.execute(insert(CardRow), card_inserts)
    if card_updates:
        s.execute(update(CardRow), card_updates)
    return report


# ---------------------------------------------------------------------------------------------
# Reports and study support


@dataclass(frozen=True)
class DeckSummary:
    deck_id: str
    name: str
    total: int
    new: int
    due: int
    suspended: int


@dataclass(frozen=True)
class CardInfo:
    """A card with what a session needs to show and schedule it."""

    card_pk: int
    deck_id: str
    deck_name: str
    note_pk: int
    note_id: str
    kind: str
    topic: str | None
    topic_name: str | None
    key: str
    state: Sm2State
    note: Note


def _filtered(stmt: Any, flt: CardFilter) -> Any:
    if flt.deck:
        stmt = stmt.where(DeckRow.deck_id == flt.deck)
    if flt.topic:
        stmt = stmt.where(NoteRow.topic == flt.topic)
    if flt.kind:
        stmt = stmt.where(NoteRow.kind == flt.kind)
    return stmt


def _card_select() -> Any:
    return (
        select(CardRow, NoteRow, DeckRow)
        .join(NoteRow, NoteRow.id == CardRow.note_pk)
        .join(DeckRow, DeckRow.id == CardRow.deck_pk)
        .where(CardRow.retired.is_(False), CardRow.suspended.is_(False), NoteRow.retired.is_(False))
    )


def _info(card: CardRow, note: NoteRow, deck: DeckRow) -> CardInfo:
    topics = deck.topics or {}
    return CardInfo(
        card_pk=card.id,
        deck_id=deck.deck_id,
        deck_name=deck.name,
        note_pk=note.id,
        note_id=note.note_id,
        kind=note.kind,
        topic=note.topic,
        topic_name=topics.get(note.topic) if note.topic else None,
        key=card.card_key,
        state=Sm2State(card.repetitions, card.efactor, card.interval, card.lapses, card.due),
        note=note_from_dict(note.content),
    )


def state_values(state: Sm2State, suffix: str = "") -> dict[str, Any]:
    return {
        f"repetitions{suffix}": state.repetitions,
        f"efactor{suffix}": state.efactor,
        f"interval{suffix}": state.interval,
        f"lapses{suffix}": state.lapses,
        f"due{suffix}": state.due,
    }


class StudyStore:
    """The queries and writes a review session makes, each write its own transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _visible(self, today: date) -> Any:
        return or_(CardRow.buried_until.is_(None), CardRow.buried_until <= today)

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        """Due cards, oldest due first, then in deck order."""
        stmt = (
            _filtered(_card_select(), flt)
            .where(CardRow.due <= today, self._visible(today))
            .order_by(CardRow.due, DeckRow.id, CardRow.position)
            .limit(max(0, limit))
        )
        with self.store.read() as s:
            return [_info(*row) for row in s.execute(stmt).tuples()]

    def new_cards(self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]) -> list[CardInfo]:
        """New cards in deck file order, at most one per note, none of the notes in skip_notes."""
        if limit <= 0:
            return []
        stmt = (
            _filtered(_card_select(), flt)
            .where(CardRow.due.is_(None), self._visible(today))
            .order_by(DeckRow.id, CardRow.position)
        )
        picked: list[CardInfo] = []
        seen = set(skip_notes)
        with self.store.read() as s:
            for card, note, deck in s.execute(stmt.execution_options(yield_per=500)).tuples():
                if note.id in seen:
                    continue
                seen.add(note.id)
                picked.append(_info(card, note, deck))
                if len(picked) >= limit:
                    break
        return picked

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        """(new cards introduced today, reviews of old cards today, notes introduced today)."""
        stmt = (
            select(ReviewRow.card_pk, CardRow.note_pk, ReviewRow.due_before)
            .join(CardRow, CardRow.id == ReviewRow.card_pk)
            .where(ReviewRow.study_day == today, ReviewRow.drill.is_(False))
        )
        new_cards: set[int] = set()
        notes: set[int] = set()
        reviewed = 0
        with self.store.read() as s:
            for card_pk, note_pk, due_before in s.execute(stmt):
                if due_before is None:
                    new_cards.add(card_pk)
                    notes.add(note_pk)
                else:
                    reviewed += 1
        return len(new_cards), reviewed, notes

    def card(self, card_pk: int) -> CardInfo:
        stmt = (
            select(CardRow, NoteRow, DeckRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(CardRow.id == card_pk)
        )
        with self.store.read() as s:
            return _info(*s.execute(stmt).tuples().one())

    def record(self, answer: Answer) -> int:
        """Log one answer and (unless a re-drill) move the card to its new state, atomically."""
        with self.store.write() as s:
            review_pk = s.scalar(
                insert(ReviewRow)
                .values(
                    card_pk=answer.card_pk,
                    reviewed_at=answer.reviewed_at,
                    study_day=answer.study_day,
                    grade=answer.grade,
                    drill=answer.drill,
                    duration_ms=answer.duration_ms,
                    **state_values(answer.before, "_before"),
                    **state_values(answer.after, "_after"),
                )
                .returning(ReviewRow.id)
            )
            if not answer.drill:
                s.execute(
                    update(CardRow)
                    .where(CardRow.id == answer.card_pk)
                    .values(**state_values(answer.after))
                )
        return int(review_pk or 0)

    def undo(self, review_pk: int, card_pk: int, before: Sm2State, drill: bool) -> None:
        """Remove one logged answer and put the card back exactly as it was."""
        with self.store.write() as s:
            s.execute(delete(ReviewRow).where(ReviewRow.id == review_pk))
            if not drill:
                s.execute(update(CardRow).where(CardRow.id == card_pk).values(**state_values(before)))

    def set_suspended(self, card_pk: int, suspended: bool) -> None:
        with self.store.write() as s:
            s.execute(update(CardRow).where(CardRow.id == card_pk).values(suspended=suspended))

    def set_buried(self, card_pk: int, until: date | None) -> None:
        with self.store.write() as s:
            s.execute(update(CardRow).where(CardRow.id == card_pk).values(buried_until=until))

    def due_on(self, day: date, flt: CardFilter) -> int:
        stmt = _filtered(
            select(func.count())
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk),
            flt,
        ).where(
            CardRow.retired.is_(False),
            CardRow.suspended.is_(False),
            NoteRow.retired.is_(False),
            CardRow.due <= day,
        )
        with self.store.read() as s:
            return int(s.scalar(stmt) or 0)


@dataclass(frozen=True)
class Answer:
    """One graded answer, as logged: times in UTC, the study day, the state before and after."""

    card_pk: int
    reviewed_at: datetime
    study_day: date
    grade: int
    drill: bool
    duration_ms: int
    before: Sm2State
    after: Sm2State
