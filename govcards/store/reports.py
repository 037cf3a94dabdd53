"""Read-only aggregate queries behind ``govcards stats`` and ``govcards export``.

Counting happens in SQL (GROUP BY study day, deck/topic/kind) so that a dashboard over a million
reviews moves a few hundred rows into Python, not a million; the exports stream with
``yield_per``. Everything returned is a plain row from ``govcards.records``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from govcards.errors import InputError
from govcards.model import CardFilter, Note, note_from_dict
from govcards.records import (
    CardCount,
    CardLine,
    DayCount,
    DeckNotes,
    Leech,
    RetentionCount,
    ReviewLine,
    StatsRows,
)
from govcards.stats import FORECAST_DAYS, MATURE_DAYS, calendar_start
from govcards.store import fsrs_state
from govcards.store.collection import Store
from govcards.store.filters import cards_in, filter_clauses
from govcards.store.practice_store import practice_lines
from govcards.store.schema import (
    CardRow,
    DeckRow,
    NoteRow,
    NoteThemeRow,
    ReviewRow,
    as_date,
    due_day,
)

LEECH_LIMIT = 10
_BATCH = 2000


class Reports:
    """The queries of the stats dashboard and the exports; ``deck`` (a deck id) narrows each."""

    def __init__(self, store: Store, scope: CardFilter | None = None) -> None:
        """``scope`` narrows every report further (--topic, --kind, --theme, --priority)."""
        self.store = store
        self.scope = scope if scope is not None and scope.narrows else None

    def _scoped(self, stmt: Any) -> Any:
        """``stmt`` (joining NoteRow and DeckRow) narrowed to the scope."""
        return stmt if self.scope is None else stmt.where(*filter_clauses(self.scope))

    def require_deck(self, deck: str | None) -> None:
        """An unknown ``--deck`` is bad input (exit 2), not an empty report."""
        if deck is None:
            return
        with self.store.read() as s:
            if s.scalar(select(DeckRow.id).where(DeckRow.deck_id == deck)) is None:
                raise InputError(f"unknown deck '{deck}' (see 'govcards decks')")

    def _deck_reviews(self, stmt: Any, deck: str | None) -> Any:
        """Only the reviews of one deck's cards. ``card_pk + 0`` keeps SQLite on the study-day
        index for a range of days, instead of reading every review of the deck's cards."""
        if self.scope is not None:
            scope = CardFilter(deck, *_rest(self.scope))
            return stmt.where((ReviewRow.card_pk + 0).in_(cards_in(scope)))
        if deck is None:
            return stmt
        cards = select(CardRow.id).join(DeckRow, DeckRow.id == CardRow.deck_pk)
        return stmt.where((ReviewRow.card_pk + 0).in_(cards.where(DeckRow.deck_id == deck)))

    # -- the dashboard ------------------------------------------------------------------------

    def stats_rows(
        self, today: date, days: int, deck: str | None, leech_lapses: int = 8
    ) -> StatsRows:
        """All the dashboard needs, in a handful of aggregate queries; retention over ``days``;
        leeches are cards with ``leech_lapses`` lapses or more (``config leech_lapses``)."""
        self.require_deck(deck)
        start = calendar_start(today)
        if deck is None and self.scope is None:  # two index-only reads, then a skip scan
            answers = self.answers_per_day(None, since=start, until=today)
            studied = self.study_days(None, until=today)
        else:  # one pass over the deck's reviews serves both
            every = self.answers_per_day(deck, since=None, until=today)
            answers = {day: n for day, n in every.items() if day >= start}
            studied = sorted(every)
        return StatsRows(
            today=tuple(self.day_counts(deck, since=today, until=today)),
            answers=answers,
            study_days=tuple(studied),
            due=self.due_forecast(today, FORECAST_DAYS, deck),
            card_counts=tuple(self.card_counts(deck)),
            retention=tuple(self.retention_counts(today - timedelta(days=days - 1), today, deck)),
            leeches=tuple(self.leeches(deck, min_lapses=leech_lapses)),
            topic_names=self.topic_names(deck),
            theme_counts=tuple(self.theme_counts(deck)),
            theme_retention=tuple(
                self.theme_retention(today - timedelta(days=days - 1), today, deck)
            ),
            theme_names=theme_names(),
            practice=tuple(practice_lines(self.store, self.scope)),
        )

    def day_counts(
        self, deck: str | None, since: date | None = None, until: date | None = None
    ) -> list[DayCount]:
        """Totals per study day (``export stats``, and today's numbers), oldest first."""
        first_pass = ReviewRow.drill.is_(False)
        stmt = select(
            ReviewRow.study_day,
            func.count(case((first_pass, 1))),
            func.count(case((first_pass & ReviewRow.due_before.is_(None), 1))),
            func.count(case((first_pass & (ReviewRow.grade >= 3), 1))),
            func.count(case((ReviewRow.drill.is_(True), 1))),
            func.coalesce(func.sum(ReviewRow.duration_ms), 0),
        )
        if since is not None:
            stmt = stmt.where(ReviewRow.study_day >= since)
        if until is not None:
            stmt = stmt.where(ReviewRow.study_day <= until)
        stmt = self._deck_reviews(stmt, deck).group_by(ReviewRow.study_day)
        with self.store.read() as s:
            rows = [
                DayCount(as_date(day), int(n), int(new), int(ok), int(drills), int(ms))
                for day, n, new, ok, drills, ms in s.execute(stmt.order_by(ReviewRow.study_day))
            ]
        return rows

    def answers_per_day(self, deck: str | None, since: date | None, until: date) -> dict[date, int]:
        """All answers per study day: without ``deck``, a scan of the study-day index only."""
        stmt = select(ReviewRow.study_day, func.count()).where(ReviewRow.study_day <= until)
        if since is not None:
            stmt = stmt.where(ReviewRow.study_day >= since)
        stmt = stmt.group_by(ReviewRow.study_day)
        with self.store.read() as s:
            return {as_date(day): int(n) for day, n in s.execute(self._deck_reviews(stmt, deck))}

    def study_days(self, deck: str | None, until: date | None = None) -> list[date]:
        """Every study day with at least one answer, oldest first."""
        if deck is not None:
            return sorted(self.answers_per_day(deck, None, until or date.max))
        with self.store.read() as s:
            return sorted(as_date(day) for day in s.scalars(_distinct_days(until)))

    def due_forecast(self, today: date, days: int, deck: str | None) -> dict[date, int]:
        """Live, unsuspended cards due on each of ``days`` days from today (overdue → today).
        A retired note's cards are retired with it, so the cards table alone answers."""
        due = fsrs_state.due_column(self.store)  # the chosen scheduler's
        day = due_day(today, due)
        stmt = (
            select(day, func.count())
            .where(
                CardRow.retired.is_(False),
                CardRow.suspended.is_(False),
                due.is_not(None),
                day < today + timedelta(days=days),
            )
            .group_by(day)
        )
        if deck is not None:
            deck_pk = select(DeckRow.id).where(DeckRow.deck_id == deck).scalar_subquery()
            stmt = stmt.where(CardRow.deck_pk == deck_pk)
        if self.scope is not None:
            stmt = stmt.where(CardRow.id.in_(cards_in(self.scope)))
        out: dict[date, int] = {}
        with self.store.read() as s:
            for when, count in s.execute(stmt):
                out[as_date(when)] = out.get(as_date(when), 0) + int(count)
        return out

    def card_counts(self, deck: str | None) -> list[CardCount]:
        """Live cards (retired ones excluded, suspended ones included) by maturity."""
        seen = CardRow.due.is_not(None)
        stmt = (
            select(
                DeckRow.deck_id,
                NoteRow.topic,
                NoteRow.kind,
                func.count(),
                func.count(case((CardRow.due.is_(None), 1))),
                func.count(case((seen & (CardRow.interval < MATURE_DAYS), 1))),
                func.count(case((seen & (CardRow.interval >= MATURE_DAYS), 1))),
            )
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(CardRow.retired.is_(False), NoteRow.retired.is_(False))
            .group_by(DeckRow.deck_id, NoteRow.topic, NoteRow.kind)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            return [
                CardCount(d, topic, kind, int(n), int(new), int(young), int(mature))
                for d, topic, kind, n, new, young, mature in s.execute(stmt)
            ]

    def retention_counts(self, since: date, until: date, deck: str | None) -> list[RetentionCount]:
        """True retention: the first non-drill answer of each card on each day, when the card
        was not new (``due_before`` set); young/mature by the interval it had before."""
        first = (
            select(func.min(ReviewRow.id).label("id"))
            .where(
                ReviewRow.drill.is_(False),
                ReviewRow.study_day >= since,
                ReviewRow.study_day <= until,
            )
            .group_by(ReviewRow.card_pk, ReviewRow.study_day)
            .subquery()
        )
        mature = case((ReviewRow.interval_before >= MATURE_DAYS, 1), else_=0)
        stmt = (
            select(
                DeckRow.deck_id,
                NoteRow.topic,
                NoteRow.kind,
                mature,
                func.count(),
                func.count(case((ReviewRow.grade >= 3, 1))),
            )
            .select_from(first)
            .join(ReviewRow, ReviewRow.id == first.c.id)
            .join(CardRow, CardRow.id == ReviewRow.card_pk)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(ReviewRow.due_before.is_not(None))
            .group_by(DeckRow.deck_id, NoteRow.topic, NoteRow.kind, mature)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            return [
                RetentionCount(d, topic, kind, bool(m), int(n), int(ok))
                for d, topic, kind, m, n, ok in s.execute(stmt)
            ]

    def leeches(
        self, deck: str | None, limit: int = LEECH_LIMIT, min_lapses: int = 8
    ) -> list[Leech]:
        """Live cards with the most lapses (``min_lapses`` or more, at least one)."""
        stmt = (
            select(
                DeckRow.deck_id,
                NoteRow.note_id,
                CardRow.card_key,
                NoteRow.kind,
                CardRow.lapses,
                CardRow.suspended,
                NoteRow.content,
            )
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .where(
                CardRow.retired.is_(False),
                NoteRow.retired.is_(False),
                CardRow.lapses >= max(1, min_lapses),
            )
            .order_by(CardRow.lapses.desc(), DeckRow.deck_id, CardRow.position)
            .limit(limit)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            return [
                Leech(d, note, key, kind, int(lapses), _label(content, note), bool(suspended))
                for d, note, key, kind, lapses, suspended, content in s.execute(stmt)
            ]

    def theme_counts(self, deck: str | None) -> list[CardCount]:
        """Live cards by theme and maturity (``topic`` holds the theme id); a card of a note
        with two themes counts under both."""
        seen = CardRow.due.is_not(None)
        stmt = (
            select(
                NoteThemeRow.theme,
                NoteRow.kind,
                func.count(),
                func.count(case((CardRow.due.is_(None), 1))),
                func.count(case((seen & (CardRow.interval < MATURE_DAYS), 1))),
                func.count(case((seen & (CardRow.interval >= MATURE_DAYS), 1))),
            )
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .join(NoteThemeRow, NoteThemeRow.note_pk == NoteRow.id)
            .where(CardRow.retired.is_(False), NoteRow.retired.is_(False))
            .group_by(NoteThemeRow.theme, NoteRow.kind)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            return [
                CardCount("", theme, kind, int(n), int(new), int(young), int(mature))
                for theme, kind, n, new, young, mature in s.execute(stmt)
            ]

    def theme_retention(self, since: date, until: date, deck: str | None) -> list[RetentionCount]:
        """True retention per theme, counted as ``retention_counts`` counts it."""
        first = (
            select(func.min(ReviewRow.id).label("id"))
            .where(
                ReviewRow.drill.is_(False),
                ReviewRow.study_day >= since,
                ReviewRow.study_day <= until,
            )
            .group_by(ReviewRow.card_pk, ReviewRow.study_day)
            .subquery()
        )
        stmt = (
            select(NoteThemeRow.theme, func.count(), func.count(case((ReviewRow.grade >= 3, 1))))
            .select_from(first)
            .join(ReviewRow, ReviewRow.id == first.c.id)
            .join(CardRow, CardRow.id == ReviewRow.card_pk)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .join(NoteThemeRow, NoteThemeRow.note_pk == NoteRow.id)
            .where(ReviewRow.due_before.is_not(None))
            .group_by(NoteThemeRow.theme)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            return [
                RetentionCount("", theme, "", False, int(n), int(ok))
                for theme, n, ok in s.execute(stmt)
            ]

    def topic_names(self, deck: str | None) -> dict[tuple[str, str], str]:
        stmt = select(DeckRow.deck_id, DeckRow.topics)
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        with self.store.read() as s:
            return {
                (deck_id, topic): str(name)
                for deck_id, topics in s.execute(stmt)
                for topic, name in (topics or {}).items()
            }

    # -- the exports --------------------------------------------------------------------------

    def review_lines(self, deck: str | None) -> Iterator[ReviewLine]:
        """The whole review log, oldest first, streamed."""
        stmt = (
            select(
                ReviewRow.reviewed_at,
                ReviewRow.study_day,
                DeckRow.deck_id,
                NoteRow.note_id,
                CardRow.card_key,
                NoteRow.kind,
                ReviewRow.grade,
                ReviewRow.drill,
                ReviewRow.duration_ms,
                ReviewRow.interval_before,
                ReviewRow.interval_after,
                ReviewRow.efactor_after,
            )
            .join(CardRow, CardRow.id == ReviewRow.card_pk)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .order_by(ReviewRow.id)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            for row in s.execute(stmt.execution_options(yield_per=_BATCH)):
                at, day, d, note, key, kind, grade, drill, ms, before, after, ef = row
                yield ReviewLine(
                    at, as_date(day), d, note, key, kind, grade, bool(drill), ms, before, after, ef
                )

    def card_lines(self, deck: str | None) -> Iterator[CardLine]:
        """Every card, retired ones included (flagged), in deck file order, streamed."""
        counts = (
            select(ReviewRow.card_pk, func.count().label("n"))
            .group_by(ReviewRow.card_pk)
            .subquery()
        )
        stmt = (
            select(
                DeckRow.deck_id,
                NoteRow.note_id,
                CardRow.card_key,
                NoteRow.kind,
                NoteRow.topic,
                CardRow.repetitions,
                CardRow.efactor,
                CardRow.interval,
                fsrs_state.due_column(self.store),
                CardRow.lapses,
                CardRow.suspended,
                CardRow.retired,
                NoteRow.retired,
                func.coalesce(counts.c.n, 0),
                CardRow.stability,
                CardRow.difficulty,
            )
            .select_from(CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_pk)
            .join(DeckRow, DeckRow.id == CardRow.deck_pk)
            .outerjoin(counts, counts.c.card_pk == CardRow.id)
            .order_by(DeckRow.deck_id, CardRow.position, CardRow.id)
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.deck_id == deck)
        stmt = self._scoped(stmt)
        with self.store.read() as s:
            for row in s.execute(stmt.execution_options(yield_per=_BATCH)):
                d, note, key, kind, topic, reps, ef, ivl, due, lapses, susp, c_ret, n_ret, n = row[
                    :14
                ]
                yield CardLine(
                    d,
                    note,
                    key,
                    kind,
                    topic,
                    reps,
                    ef,
                    ivl,
                    None if due is None else as_date(due),
                    lapses,
                    bool(susp),
                    bool(c_ret or n_ret),
                    int(n),
                    *row[14:],
                )

    def deck_notes(self, deck: str | None) -> list[DeckNotes]:
        """Decks (by id) with their live notes in file order."""
        decks = select(
            DeckRow.id, DeckRow.deck_id, DeckRow.name, DeckRow.description, DeckRow.topics
        )
        if deck is not None:
            decks = decks.where(DeckRow.deck_id == deck)
        notes = (
            select(NoteRow.deck_pk, NoteRow.content)
            .where(NoteRow.retired.is_(False))
            .order_by(NoteRow.deck_pk, NoteRow.position)
        )
        with self.store.read() as s:
            meta = list(s.execute(decks.order_by(DeckRow.deck_id)))
            by_deck: dict[int, list[Note]] = {pk: [] for pk, *_ in meta}
            if deck is not None:
                notes = notes.where(NoteRow.deck_pk.in_(list(by_deck)))
            if self.scope is not None:
                chosen = select(NoteRow.id).join(DeckRow, DeckRow.id == NoteRow.deck_pk)
                notes = notes.where(NoteRow.id.in_(self._scoped(chosen)))
            for deck_pk, content in s.execute(notes.execution_options(yield_per=_BATCH)):
                by_deck[deck_pk].append(note_from_dict(content))
        return [
            DeckNotes(deck_id, name, description or "", dict(topics or {}), tuple(by_deck[pk]))
            for pk, deck_id, name, description, topics in meta
        ]


def _rest(scope: CardFilter) -> tuple[str | None, str | None, tuple[str, ...], str | None]:
    """A scope's fields after the deck, to rebuild it for one deck."""
    return scope.topic, scope.kind, scope.themes, scope.priority


def theme_names() -> dict[str, str]:
    """Theme id → name from the bundled catalog, for the per-theme mastery table."""
    from govcards.decks import bundled_themes

    return {t.id: t.name for t in bundled_themes().values()}


def _distinct_days(until: date | None) -> Any:
    """The distinct study days by a skip scan: one index seek per day (a recursive query),
    instead of reading a million index entries to find two years of days."""
    earlier = aliased(ReviewRow)
    first = select(func.max(ReviewRow.study_day).label("day"))
    if until is not None:
        first = first.where(ReviewRow.study_day <= until)
    days = first.cte("days", recursive=True)
    previous = select(func.max(earlier.study_day)).where(earlier.study_day < days.c.day)
    days = days.union_all(select(previous.scalar_subquery()).where(days.c.day.is_not(None)))
    return select(days.c.day).where(days.c.day.is_not(None))


def _label(content: dict[str, Any] | None, fallback: str) -> str:
    """What a learner recognises a note by: its title, its text or its question."""
    for field in ("title", "text", "front"):
        value = (content or {}).get(field)
        if value:
            return str(value)
    return fallback
