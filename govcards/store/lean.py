"""Open an up-to-date SQLite collection for reading with the standard library alone.

The daily commands (``decks``, ``due``, ``stats``, the exports) need a few queries, not an ORM.
When the file is a govcards collection at the code's schema revision (checked from the header
and ``alembic_version`` by ``inspect_collection_file``, read-only) and, under FSRS, every
scheduled card has its FSRS state, they get a ``SqliteRows`` over a plain ``sqlite3``
connection; otherwise (no file yet, an older schema to upgrade, FSRS states to compute, a server
URL) the caller opens the full ``Store``, which creates, migrates or refuses as it always has.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from govcards.store.location import lean_sqlite_file
from govcards.store.readers import SqliteRows
from govcards.store.revisions import HEAD_REVISION
from govcards.store.sqlite_file import inspect_collection_file, is_busy, locked

BUSY_TIMEOUT_S = 10


def open_lean(url: str, snapshot: bool = True) -> SqliteRows | None:
    """Rows from ``url`` without SQLAlchemy, or None when the full store must open it.

    ``snapshot``: every query of the command in one read transaction (a report); without it
    each query is its own (a review session, which must not keep other writers waiting)."""
    path = lean_sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    if inspect_collection_file(path) != HEAD_REVISION:
        return None  # an older schema (the store upgrades it) or a newer one (the store refuses)
    uri = "file:" + quote(str(path.resolve())) + "?mode=rw"  # never creates a file
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        if snapshot:
            conn.execute("BEGIN")  # one consistent snapshot for every query of the command
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise locked(path) from exc
        from govcards.errors import CollectionError
        from govcards.i18n import _

        message = _("{where}: cannot open the collection: {why}").format(where=path, why=exc)
        raise CollectionError(message) from exc
    rows = SqliteRows(conn, str(path))
    if rows.uses_fsrs() and any(rows.rows("fsrs_missing")):
        rows.close()  # FSRS states to compute first: a write, which the full store does
        return None
    return rows
