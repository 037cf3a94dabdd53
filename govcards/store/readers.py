"""Two ways to run one report query, chosen once per command (see docs/performance.md).

- ``SqliteRows``: the query's SQL compiled ahead of time (``compiled_sql.py``) on a stdlib
  ``sqlite3`` connection. Used on an up-to-date SQLite file: no SQLAlchemy import at all.
- ``EngineRows``: the SQLAlchemy statement itself (``report_queries.py``) on the store's engine.
  Used on PostgreSQL, and on SQLite whenever the full store was opened anyway.

Both take the same query names and parameters and give the same rows, up to the DB-API's own
types (a date may come back as ISO text): ``govcards.store.reports`` normalises them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from govcards.model import CardFilter
    from govcards.store.collection import Store

Row = tuple[Any, ...]
BATCH = 2000  # rows fetched at a time: flat memory at any size


class Rows(Protocol):
    """Runs the report query ``name`` (a name of ``queries.query_names()``), narrowed to
    ``scope`` (--topic/--kind/--theme/--priority) when there is one."""

    @property
    def scope(self) -> CardFilter | None: ...

    def rows(self, name: str, **params: object) -> Iterator[Row]: ...

    def uses_fsrs(self) -> bool:
        """Whether FSRS is the chosen scheduler (its due date is then the one counted)."""
        ...

    def close(self) -> None: ...


def _sqlite_value(value: object) -> object:
    """What SQLAlchemy's SQLite types bind: dates as ISO text (``Date`` columns store that)."""
    return value.isoformat() if isinstance(value, date) else value


class SqliteRows:
    """Compiled SQL on a plain ``sqlite3`` connection (never scoped: see ``open_reports``)."""

    scope: CardFilter | None = None

    def __init__(self, conn: sqlite3.Connection, where: str) -> None:
        self.conn = conn
        self.where = where

    def uses_fsrs(self) -> bool:
        return any(k == "scheduler" and v == "fsrs" for k, v in self.rows("settings"))

    def rows(self, name: str, **params: object) -> Iterator[Row]:
        from govcards.store.compiled_sql import SQLITE
        from govcards.store.sqlite_file import is_busy, locked

        sql, constants = SQLITE[name]
        bound = dict(constants)
        bound.update((k, _sqlite_value(v)) for k, v in params.items())
        try:
            yield from self.conn.execute(sql, bound)  # the cursor steps through SQLite's rows
        except sqlite3.Error as exc:
            from govcards.errors import CollectionError

            if is_busy(exc):
                raise locked(self.where) from exc
            from govcards.i18n import _

            message = _("{where}: database error: {why}").format(where=self.where, why=exc)
            raise CollectionError(message) from exc

    def close(self) -> None:
        self.conn.close()


class EngineRows:
    """The SQLAlchemy statements on an open ``Store`` (any database it supports)."""

    def __init__(self, store: Store, scope: CardFilter | None = None) -> None:
        self.store = store
        self.scope = scope if scope is not None and scope.narrows else None

    def uses_fsrs(self) -> bool:
        """Computes the FSRS state of cards that have none yet, as the FSRS queue does."""
        from govcards.store.fsrs_state import due_column
        from govcards.store.schema import CardRow

        return due_column(self.store) is CardRow.fsrs_due

    def rows(self, name: str, **params: object) -> Iterator[Row]:
        from govcards.store.queries import statement

        stmt = statement(name, self.scope).execution_options(yield_per=BATCH)
        with self.store.read() as session:
            for row in session.execute(stmt, params):
                yield tuple(row)

    def close(self) -> None:
        self.store.close()
