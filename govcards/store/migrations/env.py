"""Alembic's entry point: every pending migration runs in one locked transaction.

govcards runs this from ``govcards.store.upgrade`` with an engine in ``config.attributes``;
there is no alembic.ini. On SQLite the transaction is ``BEGIN IMMEDIATE`` (other writers
wait) with foreign keys off, so that a batch rebuild of a parent table cannot cascade-delete
its children; they are checked before the commit. On PostgreSQL the same advisory lock as
every write is taken.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine, text

from govcards.store.schema import PG_LOCK_KEY as WRITE_LOCK  # the lock of Store.write()
from govcards.store.schema import Base


def _driver_execute(conn: Connection, sql: str) -> None:
    """A PRAGMA outside any transaction (SQLAlchemy would otherwise begin one first)."""
    driver: Any = conn.connection.driver_connection
    driver.execute(sql)


def _migrate(conn: Connection) -> None:
    sqlite = conn.dialect.name == "sqlite"
    with conn.begin():
        if not sqlite:
            conn.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=sqlite)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the upgrade would break {len(broken)} foreign key(s)")


def run() -> None:
    if context.is_offline_mode():
        raise RuntimeError("govcards migrations run against a live collection only")
    engine: Engine = context.config.attributes["engine"]
    with engine.execution_options(govcards_write=True).connect() as conn:
        if conn.dialect.name != "sqlite":
            _migrate(conn)
            return
        _driver_execute(conn, "PRAGMA foreign_keys = OFF")
        try:
            _migrate(conn)
        finally:
            _driver_execute(conn, "PRAGMA foreign_keys = ON")


run()
