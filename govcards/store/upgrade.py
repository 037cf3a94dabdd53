"""Upgrading an existing collection to the schema of this release (docs/storage.md).

``Store`` calls ``upgrade`` when it opens a collection written by an older govcards. A SQLite
collection is first copied beside itself (``govcards.db.bak-<revision>[-<time>]``) with the
online backup API; then every pending migration runs in one locked transaction
(``govcards/store/migrations``), so an upgrade either completes or leaves the collection as it
was. The clock comes in as an argument and nothing is printed here: the result says what
happened, and the command line tells the learner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from govcards.errors import CollectionError, GovcardsError
from govcards.i18n import _
from govcards.store.sqlite_file import BackupNameTaken, backup_file, free_name, sqlite_path, stamp


@dataclass(frozen=True)
class Upgraded:
    """What an upgrade did: the revision it started from, and where the old copy is kept."""

    from_revision: str
    backup: Path | None

    def message(self) -> str:
        if self.backup:
            copied = _(
                "govcards: upgraded the collection schema from {revision}; the old collection"
                " was copied to {path}"
            )
            return copied.format(revision=self.from_revision, path=self.backup)
        done = _("govcards: upgraded the collection schema from {revision}")
        return done.format(revision=self.from_revision)


def _backup_beside(path: Path, name: str) -> Path:
    """A copy of the collection under a free name (two processes may upgrade at once)."""
    for _attempt in range(20):
        copy = free_name(path.parent, name)
        try:
            backup_file(path, copy)
            return copy
        except BackupNameTaken:  # another process took that name a moment ago
            continue
    no_name = _("{path}: cannot find a free name for the backup {name}")
    raise CollectionError(no_name.format(path=path, name=name))


def upgrade(
    engine: Any, url: str, where: str, revision: str, clock: Callable[[], datetime] | None
) -> Upgraded:
    """Back up a SQLite collection beside itself, then upgrade it to the newest schema."""
    from govcards.store.migrations.runner import run_migrations

    path = sqlite_path(url)
    copy: Path | None = None
    if path is not None:
        when = f"-{stamp(clock())}" if clock is not None else ""
        copy = _backup_beside(path, f"{path.name}.bak-{revision}{when}")
    try:
        run_migrations(engine)
    except GovcardsError:
        raise
    except Exception as exc:
        reason = (str(exc).splitlines() or [""])[0]
        failed = _(
            "{where}: the schema upgrade from {revision} failed and was rolled back ({error})"
        ).format(where=where, revision=revision, error=f"{type(exc).__name__}: {reason}")
        if copy:
            failed += _("; a copy from before the upgrade is at {path}").format(path=copy)
        raise CollectionError(failed) from exc
    return Upgraded(revision, copy)
