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
    from govcards.store.collection import Store

Row = tuple[Any, ...]
BATCH = 2000  # rows fetched at a time: flat memory at any size


class Rows(Protocol):
    """Runs the report query ``name`` (a name of ``report_queries.query_names()``)."""

    def rows(self, name: str, **params: object) -> Iterator[Row]: ...


def _sqlite_value(value: object) -> object:
    """What SQLAlchemy's SQLite types bind: dates as ISO text (``Date`` columns store that)."""
    return value.isoformat() if isinstance(value, date) else value


class SqliteRows:
    """Compiled SQL on a plain ``sqlite3`` connection."""

    def __init__(self, conn: sqlite3.Connection, where: str) -> None:
        self.conn = conn
        self.where = where

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
            raise CollectionError(f"{self.where}: database error: {exc}") from exc

    def close(self) -> None:
        self.conn.close()


class EngineRows:
    """The SQLAlchemy statements on an open ``Store`` (any database it supports)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def rows(self, name: str, **params: object) -> Iterator[Row]:
        from govcards.store.report_queries import statement

        stmt = statement(name).execution_options(yield_per=BATCH)
        with self.store.read() as session:
            for row in session.execute(stmt, params):
                yield tuple(row)

    def close(self) -> None:
        self.store.close()
