"""The review queue's reads (the ``StudyPort`` read methods), defined once in SQLAlchemy Core.

Compiled for SQLite into ``compiled_sql.py`` with the report queries (``queries.py`` names both),
so ``govcards review`` builds its first card's queue through stdlib ``sqlite3``
(``store/lean_study.py``), and runs through SQLAlchemy on PostgreSQL (``EngineRows``) from the
very same statements. Each card row has the columns of ``CARD_COLUMNS``, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Integer, and_, bindparam, case, func, or_, select

from govcards.scheduler import REDRILL_BELOW
from govcards.store.joins import card_note_deck
from govcards.store.report_queries import LIMIT, TODAY, UNTIL, Query, Variant, narrow
from govcards.store.schema import CardRow, DeckRow, NoteRow, ReviewRow

CARD_PK = bindparam("card_pk", type_=CardRow.id.type)
RANK = bindparam("rank", type_=Integer())  # new cards: 0 the 必背 ones, then 1 the rest

CARD_COLUMNS = (
    CardRow.id,
    DeckRow.deck_id,
    DeckRow.name,
    DeckRow.topics,
    NoteRow.id,
    NoteRow.note_id,
    NoteRow.kind,
    NoteRow.topic,
    NoteRow.content,
    CardRow.card_key,
    CardRow.repetitions,
    CardRow.efactor,
    CardRow.interval,
    CardRow.lapses,
    CardRow.due,
    CardRow.version,
    CardRow.stability,
    CardRow.difficulty,
    CardRow.last_review,
    CardRow.fsrs_due,
)
_CORE_FIRST = case((NoteRow.priority == "core", 0), else_=1)  # 必背 before 了解 among new cards


def _joined(*columns: Any) -> Query:
    return select(*columns).select_from(card_note_deck())


def _live(v: Variant, *columns: Any) -> Query:
    """Live, unsuspended cards not buried past ``:today``, of ``:deck`` and the scope."""
    stmt = _joined(*columns).where(
        CardRow.retired.is_(False),
        CardRow.suspended.is_(False),
        NoteRow.retired.is_(False),
        or_(CardRow.buried_until.is_(None), CardRow.buried_until <= TODAY),
    )
    return narrow(stmt, v)


def queue_due(v: Variant) -> Query:
    """Due cards, oldest due first, then in deck order, at most ``:limit``."""
    due = v.due()
    return (
        _live(v, *CARD_COLUMNS)
        .where(due <= TODAY)
        .order_by(due, CardRow.deck_pk, CardRow.position)
        .limit(LIMIT)
    )


def queue_new(v: Variant) -> Query:
    """Never-reviewed cards of one ``:rank`` (必背 first) in deck order; the reader keeps one per
    note. One rank at a time, so that SQLite walks ``ix_cards_queue`` in order (no due date,
    then deck and position) and stops at the day's few instead of sorting every new card."""
    return (
        _live(v, *CARD_COLUMNS)
        .where(CardRow.due.is_(None), _CORE_FIRST == RANK)
        .order_by(CardRow.deck_pk, CardRow.position)
    )


def queue_new_waiting(v: Variant) -> Query:
    return _live(v, func.count()).where(CardRow.due.is_(None))


def queue_redrills(v: Variant) -> Query:
    """Cards whose last answer of ``:today`` is below the re-drill line, in failing order."""
    last = (
        select(ReviewRow.card_pk, func.max(ReviewRow.id).label("last_pk"))
        .where(ReviewRow.study_day == TODAY)
        .group_by(ReviewRow.card_pk)
        .subquery()
    )
    return (
        _live(v, *CARD_COLUMNS)
        .join(last, last.c.card_pk == CardRow.id)
        .join(ReviewRow, ReviewRow.id == last.c.last_pk)
        .where(ReviewRow.grade < REDRILL_BELOW)
        .order_by(ReviewRow.id)
    )


def queue_today(v: Variant) -> Query:
    """Today's non-drill answers: (card, note, due before), for the daily limits."""
    return (
        select(ReviewRow.card_pk, CardRow.note_pk, ReviewRow.due_before)
        .join(CardRow, CardRow.id == ReviewRow.card_pk)
        .where(ReviewRow.study_day == TODAY, ReviewRow.drill.is_(False))
    )


def queue_card(v: Variant) -> Query:
    return _joined(*CARD_COLUMNS).where(CardRow.id == CARD_PK)


def queue_due_on(v: Variant) -> Query:
    """Cards due on or before ``:until`` (buried or not), for "due tomorrow"."""
    stmt = _joined(func.count()).where(
        and_(
            CardRow.retired.is_(False),
            CardRow.suspended.is_(False),
            NoteRow.retired.is_(False),
            v.due() <= UNTIL,
        )
    )
    return narrow(stmt, v)


def deck_count(v: Variant) -> Query:
    """Any deck at all (retired ones too): an empty collection gets the bundled decks first."""
    return select(func.count()).select_from(DeckRow)


BUILDERS: tuple[Callable[[Variant], Query], ...] = (
    queue_due,
    queue_new,
    queue_new_waiting,
    queue_redrills,
    queue_today,
    queue_card,
    queue_due_on,
    deck_count,
)
UNNARROWED = {"queue_today", "queue_card", "deck_count"}
BY_SCHEDULER = {"queue_due", "queue_due_on"}
