"""The review queue's reads (``StudyPort``'s read half) over any ``Rows``: one implementation
for the lean start of ``govcards review`` (compiled SQL on ``sqlite3``) and for ``StudyStore``
(the same statements through SQLAlchemy), so the two can only give the same queue.

Standard library only: the lean start imports no SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from govcards.fsrs_scheduler import FsrsSettings, FsrsState, settings_from
from govcards.model import CardFilter, CardInfo, note_from_dict
from govcards.scheduler import Sm2State
from govcards.store.cache_names import query_name
from govcards.store.readers import Row, Rows


def _json(value: Any) -> Any:
    """A JSON column: text from ``sqlite3``, already decoded by SQLAlchemy."""
    return json.loads(value) if isinstance(value, str) else value


def _day(value: Any) -> date | None:
    """A Date column: ISO text from ``sqlite3``, a date from SQLAlchemy."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def card_info(row: Row) -> CardInfo:
    """A card from the columns of ``study_queries.CARD_COLUMNS``."""
    (card_pk, deck_id, deck_name, topics, note_pk, note_id, kind, topic, content, key) = row[:10]
    reps, efactor, interval, lapses, due, version, stability, difficulty, last, fsrs_due = row[10:]
    names = _json(topics) or {}
    return CardInfo(
        card_pk=card_pk,
        deck_id=deck_id,
        deck_name=deck_name,
        note_pk=note_pk,
        note_id=note_id,
        kind=kind,
        topic=topic,
        topic_name=names.get(topic) if topic else None,
        key=key,
        state=Sm2State(reps, efactor, interval, lapses, _day(due)),
        note=note_from_dict(_json(content)),
        version=version,
        fsrs=FsrsState(stability, difficulty, _day(last), _day(fsrs_due)),
    )


class QueueReads:
    """``StudyPort``'s reads, each one named query. ``rows_for(flt)`` gives the reader for a
    filter (the lean reader only serves filters that at most pick a deck)."""

    def __init__(self, rows_for: Callable[[CardFilter], Rows]) -> None:
        self.rows_for = rows_for

    def _run(
        self, base: str, flt: CardFilter, fsrs: bool = False, **params: object
    ) -> Iterator[Row]:
        rows = self.rows_for(flt)
        if flt.deck:
            params["deck"] = flt.deck
        return rows.rows(query_name(base, bool(flt.deck), fsrs), **params)

    def _fsrs(self, flt: CardFilter) -> bool:
        return self.rows_for(flt).uses_fsrs()

    def fsrs_settings(self) -> FsrsSettings:
        return settings_from(dict(self.rows_for(CardFilter()).rows("settings")))

    def due_cards(self, today: date, flt: CardFilter, limit: int) -> list[CardInfo]:
        rows = self._run("queue_due", flt, self._fsrs(flt), today=today, limit=max(0, limit))
        return [card_info(row) for row in rows]

    def new_cards(
        self, today: date, flt: CardFilter, limit: int, skip_notes: set[int]
    ) -> list[CardInfo]:
        if limit <= 0:
            return []
        picked: list[CardInfo] = []
        seen = set(skip_notes)
        for rank in (0, 1):  # 必背 first, then the rest
            if len(picked) < limit:
                picked += self._new_of_rank(rank, today, flt, limit - len(picked), seen)
        return picked

    def _new_of_rank(
        self, rank: int, today: date, flt: CardFilter, limit: int, seen: set[int]
    ) -> list[CardInfo]:
        """Up to ``limit`` new cards of one rank, one per note not yet ``seen`` (which grows)."""
        picked: list[CardInfo] = []
        rows = self._run("queue_new", flt, today=today, rank=rank)
        for row in rows:
            if row[4] in seen:  # the note's key: one new card per note
                continue
            seen.add(row[4])
            picked.append(card_info(row))
            if len(picked) >= limit:
                break
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # stop the cursor (and its read) now, not when collected
        return picked

    def new_waiting(self, today: date, flt: CardFilter) -> int:
        return int(next(iter(self._run("queue_new_waiting", flt, today=today)))[0] or 0)

    def pending_redrills(self, today: date, flt: CardFilter) -> list[CardInfo]:
        return [card_info(row) for row in self._run("queue_redrills", flt, today=today)]

    def today_counts(self, today: date) -> tuple[int, int, set[int]]:
        new_cards: set[int] = set()
        notes: set[int] = set()
        reviewed = 0
        for card_pk, note_pk, due_before in self.rows_for(CardFilter()).rows(
            "queue_today", today=today
        ):
            if due_before is None:
                new_cards.add(card_pk)
                notes.add(note_pk)
            else:
                reviewed += 1
        return len(new_cards), reviewed, notes

    def card(self, card_pk: int) -> CardInfo:
        found = list(self.rows_for(CardFilter()).rows("queue_card", card_pk=card_pk))
        if len(found) != 1:
            raise LookupError(card_pk)
        return card_info(found[0])

    def due_on(self, day: date, flt: CardFilter) -> int:
        rows = self._run("queue_due_on", flt, self._fsrs(flt), until=day)
        return int(next(iter(rows))[0] or 0)

    def deck_count(self) -> int:
        return int(next(iter(self.rows_for(CardFilter()).rows("deck_count")))[0] or 0)
