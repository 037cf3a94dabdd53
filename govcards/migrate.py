"""Upgrading an existing collection to the schema of this release (DESIGN.md section 7).

``Store`` calls ``upgrade`` when it opens a collection written by an older govcards. A SQLite
collection is first copied beside itself (``govcards.db.bak-<revision>-<time>``) with the online
backup API; then every pending migration runs in one locked transaction (govcards/migrations),
so an upgrade either completes or leaves the collection as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcards.errors import CollectionError, GovcardsError, InputError
from govcards.store.sqlite_file import backup_file, free_name, sqlite_path, stamp

if TYPE_CHECKING:
    from govcards.store.collection import Store


def _backup_beside(path: Path, name: str) -> Path:
    """A copy of the collection under a free name (two processes may upgrade at once)."""
    for _ in range(20):
        copy = free_name(path.parent, name)
        try:
            backup_file(path, copy)
            return copy
        except InputError:  # another process took that name a moment ago
            continue
    raise CollectionError(f"{path}: cannot find a free name for the backup {name}")


def upgrade(store: Store, revision: str) -> None:
    """Back up a SQLite collection beside itself, then upgrade it to the newest schema."""
    from govcards.migrations.runner import run_migrations
    from govcards.runtime import now

    path = sqlite_path(store.url)
    copy: Path | None = None
    if path is not None:
        copy = _backup_beside(path, f"{path.name}.bak-{revision}-{stamp(now())}")
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
