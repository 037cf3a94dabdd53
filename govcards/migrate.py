"""Schema upgrades of an existing collection, with Alembic (imported only here, only when needed).

``Store`` calls ``upgrade`` when it opens a collection written by an older govcards. A SQLite
collection is first copied beside itself (``govcards.db.bak-<revision>-<time>``) with the online
backup API; then every pending migration runs in one locked transaction (see migrations/env.py),
so an upgrade either completes or leaves the collection as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcards.errors import CollectionError, GovcardsError
from govcards.store.sqlite_file import backup_file, free_name, sqlite_path, stamp

if TYPE_CHECKING:
    from alembic.config import Config

    from govcards.store.collection import Store

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Any, script_location: Path | None = None) -> Config:
    """An Alembic configuration in code: no alembic.ini, the migrations shipped in the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or SCRIPT_LOCATION))
    config.attributes["engine"] = engine
    return config


def run_migrations(engine: Any, target: str = "head", script_location: Path | None = None) -> None:
    """Bring the database behind ``engine`` to ``target`` (an empty database gets the baseline)."""
    from alembic import command

    command.upgrade(alembic_config(engine, script_location), target)


def revisions(script_location: Path | None = None) -> list[str]:
    """The shipped revisions, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(None, script_location))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


def upgrade(store: Store, revision: str) -> None:
    """Back up a SQLite collection beside itself, then upgrade it to the newest schema."""
    path = sqlite_path(store.url)
    copy: Path | None = None
    if path is not None:
        from govcards.runtime import now

        copy = free_name(path.parent, f"{path.name}.bak-{revision}-{stamp(now())}")
        backup_file(path, copy)
    try:
        run_migrations(store.engine)
    except GovcardsError:
        raise
    except Exception as exc:
        reason = (str(exc).splitlines() or [""])[0]
        kept = f"; a copy from before the upgrade is at {copy}" if copy else ""
        raise CollectionError(
            f"{store.where}: the schema upgrade from {revision} failed and was rolled back"
            f" ({type(exc).__name__}: {reason}){kept}"
        ) from exc
    kept = f"; the old collection was copied to {copy}" if copy else ""
    sys.stderr.write(f"govcards: upgraded the collection schema from {revision}{kept}\n")
