"""Every read-only report of the collection in one place: ``decks``, ``due``, ``stats`` and the
exports.

Counting happens in SQL (GROUP BY study day, deck/topic/kind) so that a dashboard over a million
reviews moves a few hundred rows into Python, not a million; the exports stream rows whose cells
SQL has already formatted. The queries themselves are in ``report_queries.py``; this module only
names them, binds their parameters and turns rows into the plain records of
``govcards.records``. It imports no SQLAlchemy: the same code serves the lean SQLite path and
the full store (``readers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from govcards.errors import InputError
from govcards.i18n import _
from govcards.store.cache_names import query_name
from govcards.store.readers import Row, Rows

if TYPE_CHECKING:  # imported on first use below: `due` needs none of them (~50 ms of dataclasses)
    from govcards.model import CardFilter, Note
    from govcards.records import (
        CardCount,
        DayCount,
        DeckNotes,
        DeckSummary,
        Leech,
        PracticeLine,
        RetentionCount,
        StatsRows,
    )
    from govcards.store.collection import Store

LEECH_LIMIT = 10
FIRST_DAY, LAST_DAY = date(1, 1, 1), date(9999, 12, 31)


def as_date(value: Any) -> date:
    """A DATE value: SQLite hands dates back as ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _json(value: Any) -> Any:
    """A JSON column: decoded by SQLAlchemy, plain text from ``sqlite3``. (``json`` is imported
    here: the CSV exports and ``due`` never decode one.)"""
    import json

    return json.loads(value) if isinstance(value, str | bytes) else value


class Reports:
    """The queries of the overview, the dashboard and the exports; ``deck`` narrows each, and
    the reader's scope (--topic/--kind/--theme/--priority) narrows them further."""

    def __init__(self, rows: Rows) -> None:
        self.db = rows
        self.scope = rows.scope
        self._fsrs: bool | None = None

    @classmethod
    def of(cls, store: Store, scope: CardFilter | None = None) -> Reports:
        """The reports of an open ``Store`` (through SQLAlchemy, on any database)."""
        from govcards.store.readers import EngineRows

        return cls(EngineRows(store, scope))

    def _by_fsrs(self) -> bool:
        if self._fsrs is None:
            self._fsrs = self.db.uses_fsrs()
        return self._fsrs

    def _run(
        self, name: str, deck: str | None = None, fsrs: bool = False, **params: object
    ) -> Iterator[Row]:
        extra: dict[str, object] = {} if deck is None else {"deck": deck}
        return self.db.rows(query_name(name, deck is not None, fsrs), **extra, **params)

    # -- the collection overview ------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        return {str(key): str(value) for key, value in self._run("settings")}

    def require_deck(self, deck: str | None) -> None:
        """An unknown ``--deck`` is bad input (exit 2), not an empty report."""
        if deck is not None and not list(self.db.rows("deck_pk@deck", deck=deck)):
            raise InputError(_("unknown deck '{deck}' (see 'govcards decks')").format(deck=deck))

    def deck_summaries(self, today: date) -> list[DeckSummary]:
        """``govcards decks``: per deck, live cards: total, new, due today, suspended."""
        from govcards.records import DeckSummary

        return [
            DeckSummary(str(d), str(name), int(total), int(new), int(due), int(susp))
            for d, name, total, new, due, susp in self._run(
                "deck_summaries", fsrs=self._by_fsrs(), today=today
            )
        ]

    def due_by_day(self, today: date, days: int) -> dict[str, dict[date, int]]:
        """Due counts per deck: everything overdue counts for today, then each later day."""
        out: dict[str, dict[date, int]] = {}
        until = today + timedelta(days=days)
        rows = self._run("due_by_day", fsrs=self._by_fsrs(), today=today, until=until)
        for deck_id, when, count in rows:
            per_deck = out.setdefault(deck_id, {})
            day = as_date(when)
            per_deck[day] = per_deck.get(day, 0) + int(count)
        return out

    # -- the dashboard ------------------------------------------------------------------------

    def stats_rows(
        self, today: date, days: int, deck: str | None, leech_lapses: int = 8
    ) -> StatsRows:
        """All the dashboard needs, in a handful of aggregate queries; retention over ``days``;
        leeches are cards with ``leech_lapses`` lapses or more (``config leech_lapses``)."""
        from govcards.records import StatsRows
        from govcards.stats import FORECAST_DAYS, calendar_start

        self.require_deck(deck)
        start = calendar_start(today)
        if deck is None and self.scope is None:  # index-only reads: the weeks, a skip scan
            answers = self.answers_per_day(None, since=start, until=today)
            studied = self.study_days(None, until=today)
        else:  # one pass over the deck's reviews serves both
            every = self.answers_per_day(deck, since=None, until=today)
            answers = {day: n for day, n in every.items() if day >= start}
            studied = sorted(every)
        retention, theme_retention = self.retention_counts(
            today - timedelta(days=days - 1), today, deck
        )
        return StatsRows(
            today=tuple(self.day_counts(deck, since=today, until=today)),
            answers=answers,
            study_days=tuple(studied),
            due=self.due_forecast(today, FORECAST_DAYS, deck),
            card_counts=tuple(self.card_counts(deck)),
            retention=tuple(retention),
            leeches=tuple(self.leeches(deck, min_lapses=leech_lapses)),
            topic_names=self.topic_names(deck),
            theme_counts=tuple(self.theme_counts(deck)),
            theme_retention=tuple(theme_retention),
            theme_names=theme_names(),
            practice=tuple(self.practice_lines()),
        )

    def day_counts(
        self, deck: str | None, since: date | None = None, until: date | None = None
    ) -> list[DayCount]:
        """Totals per study day (``export stats``, and today's numbers), oldest first."""
        from govcards.records import DayCount

        rows = self._run("day_counts", deck, since=since or FIRST_DAY, until=until or LAST_DAY)
        return [
            DayCount(as_date(day), int(n), int(new), int(ok), int(drills), int(ms))
            for day, n, new, ok, drills, ms in rows
        ]

    def answers_per_day(self, deck: str | None, since: date | None, until: date) -> dict[date, int]:
        """All answers per study day: without ``deck``, a scan of the study-day index only."""
        rows = self._run("answers_per_day", deck, since=since or FIRST_DAY, until=until)
        return {as_date(day): int(n) for day, n in rows}

    def study_days(self, deck: str | None, until: date | None = None) -> list[date]:
        """Every study day with at least one answer, oldest first."""
        if deck is not None:
            return sorted(self.answers_per_day(deck, None, until or LAST_DAY))
        return sorted(as_date(day) for (day,) in self._run("study_days", until=until or LAST_DAY))

    def due_forecast(self, today: date, days: int, deck: str | None) -> dict[date, int]:
        """Live, unsuspended cards due on each of ``days`` days from today (overdue → today)."""
        out: dict[date, int] = {}
        until = today + timedelta(days=days)
        rows = self._run("due_forecast", deck, self._by_fsrs(), today=today, until=until)
        for when, count in rows:
            out[as_date(when)] = out.get(as_date(when), 0) + int(count)
        return out

    def card_counts(self, deck: str | None) -> list[CardCount]:
        """Live cards (retired ones excluded, suspended ones included) by maturity."""
        from govcards.records import CardCount

        return [
            CardCount(d, topic, kind, int(n), int(new), int(young), int(mature))
            for d, topic, kind, n, new, young, mature in self._run("card_counts", deck)
        ]

    def theme_counts(self, deck: str | None) -> list[CardCount]:
        """Live cards by theme and maturity (``topic`` holds the theme id)."""
        from govcards.records import CardCount

        return [
            CardCount("", theme, kind, int(n), int(new), int(young), int(mature))
            for theme, kind, n, new, young, mature in self._run("theme_counts", deck)
        ]

    def practice_lines(self) -> Iterator[PracticeLine]:
        """Every practice round, oldest first (of the scope's themes when it names any)."""
        from govcards.records import PracticeLine

        wanted = set(self.scope.themes) if self.scope is not None else set()
        for day, themes, score in self._run("practice_rounds"):
            ids = tuple(str(themes).split())
            if not wanted or wanted & set(ids):
                yield PracticeLine(as_date(day), ids, float(score))

    def retention_counts(
        self, since: date, until: date, deck: str | None
    ) -> tuple[list[RetentionCount], list[RetentionCount]]:
        """True retention: the first non-drill answer of each card on each day, when the card
        was not new; young/mature by the interval it had before. By (deck, topic, kind,
        maturity), and by theme (``topic`` is the theme id), from one pass over the answers."""
        from govcards.records import RetentionCount

        groups: list[RetentionCount] = []
        themes: list[RetentionCount] = []
        for theme, d, topic, kind, m, n, ok in self._run(
            "retention", deck, since=since, until=until
        ):
            if theme is None:
                groups.append(RetentionCount(d, topic, kind, bool(m), int(n), int(ok or 0)))
            else:
                themes.append(RetentionCount("", theme, "", False, int(n), int(ok or 0)))
        return groups, themes

    def leeches(
        self, deck: str | None, limit: int = LEECH_LIMIT, min_lapses: int = 8
    ) -> list[Leech]:
        """Live cards with the most lapses (``min_lapses`` or more, at least one)."""
        from govcards.records import Leech

        return [
            Leech(d, note, key, kind, int(lapses), _label(_json(content), note), bool(suspended))
            for d, note, key, kind, lapses, suspended, content in self._run(
                "leeches", deck, limit=limit, min_lapses=max(1, min_lapses)
            )
        ]

    def topic_names(self, deck: str | None) -> dict[tuple[str, str], str]:
        return {
            (deck_id, topic): str(name)
            for deck_id, topics in self._run("topic_names", deck)
            for topic, name in (_json(topics) or {}).items()
        }

    # -- the exports --------------------------------------------------------------------------

    def review_rows(self, deck: str | None, csv: bool) -> Iterator[Row]:
        """The review log, oldest first, streamed in the pinned columns of ``ReviewLine``:
        the values as JSON keeps them; with ``csv``, one cell per row, the whole CSV record
        (cells as CSV writes them, formula neutralised, quoted, CRLF-terminated)."""
        if csv:
            return self._run("export_reviews_csv", deck)
        return ((*r[:7], bool(r[7]), *r[8:]) for r in self._run("export_reviews_json", deck))

    def card_rows(self, deck: str | None, csv: bool) -> Iterator[Row]:
        """Every card (retired ones flagged) in deck file order, in the columns of ``CardLine``."""
        fsrs = self._by_fsrs()
        if csv:
            return self._run("export_cards_csv", deck, fsrs)
        return (
            (*r[:10], bool(r[10]), bool(r[11]), int(r[12]), *r[13:])
            for r in self._run("export_cards_json", deck, fsrs)
        )

    def deck_notes(self, deck: str | None) -> list[DeckNotes]:
        """Decks (by id) with their live notes in file order."""
        from govcards.model import note_from_dict
        from govcards.records import DeckNotes

        meta = list(self._run("deck_meta", deck))
        by_deck: dict[int, list[Note]] = {pk: [] for pk, *_ in meta}
        for deck_pk, content in self._run("live_notes", deck):
            by_deck[deck_pk].append(note_from_dict(_json(content)))
        return [
            DeckNotes(
                deck_id, name, description or "", dict(_json(topics) or {}), tuple(by_deck[pk])
            )
            for pk, deck_id, name, description, topics in meta
        ]


def theme_names() -> dict[str, str]:
    """Theme id → name from the bundled catalog, for the per-theme mastery table."""
    from govcards.decks import bundled_themes

    return {t.id: t.name for t in bundled_themes().values()}


def _label(content: dict[str, Any] | None, fallback: str) -> str:
    """What a learner recognises a note by: its title, its text or its question."""
    for field in ("title", "text", "front"):
        value = (content or {}).get(field)
        if value:
            return str(value)
    return fallback
