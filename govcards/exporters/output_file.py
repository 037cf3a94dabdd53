"""Writing an export to ``-o FILE`` without ever destroying something else (docs/errors.md).

``--force`` replaces an earlier export, nothing more. Refused whatever the flags:

- a symbolic link (the link would be replaced, not followed: say so instead of guessing);
- anything that is not a regular file (a directory, a FIFO, a device such as ``/dev/full``);
- an SQLite database (the collection itself, a backup of it, any other program's database) and
  the ``-wal``/``-shm``/``-journal`` file of one, existing or not: a file there becomes part of
  that database the next time it opens;
- the collection's own path and its ``-wal``/``-shm``/``-journal`` names, even before they exist.

The bytes go to a temporary file beside the target (same folder, so the rename is atomic), which
is synced and then renamed over the target: a reader sees the old file or the new one, never half
of one. The temporary name carries the writer's process id; a later export to the same target
removes the ones whose process is gone (a SIGKILL cannot run a ``finally``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govcards.errors import GovcardsError, InputError
from govcards.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm", "-journal")
_TMP_TAG = ".govcards-export-"


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def check_target(target: Path, force: bool, collection: Path | None = None) -> None:
    """Refuse a target that must not be written (see the module docstring); exit 2."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        why = exc.strerror or str(exc)
        message = _("{path}: cannot check the file: {why}").format(path=target, why=why)
        raise GovcardsError(message) from exc
    real = target.parent.resolve() / target.name
    if collection is not None:
        db = collection.parent.resolve() / collection.name
        for name in (db.name, *(db.name + s for s in SIDECARS)):
            if _same(real, db.with_name(name)):
                ours = _("{path}: this is the collection ({name}); export elsewhere")
                raise InputError(ours.format(path=target, name=name))
    for suffix in SIDECARS:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            owner = target.with_name(target.name[: -len(suffix)])
            if _is_sqlite(owner):
                sidecar = _("{path}: belongs to the database {owner}; export elsewhere")
                raise InputError(sidecar.format(path=target, owner=owner))
    if info is None:
        return  # a folder that does not exist fails at the write: exit 1, nothing created
    if stat.S_ISLNK(info.st_mode):
        link = _(
            "{path}: is a symbolic link; govcards does not write through links"
            " (give the real path: {real})"
        )
        raise InputError(link.format(path=target, real=os.path.realpath(target)))
    if stat.S_ISDIR(info.st_mode):
        raise InputError(_("{path}: is a directory").format(path=target))
    if not stat.S_ISREG(info.st_mode):
        special = _("{path}: is not a regular file (a device, FIFO or socket)")
        raise InputError(special.format(path=target))
    if collection is not None and collection.exists() and os.path.samefile(target, collection):
        raise InputError(_("{path}: this is the collection; export elsewhere").format(path=target))
    if _is_sqlite(target):
        database = _(
            "{path}: is an SQLite database (a collection or a backup?); it is never overwritten"
        )
        raise InputError(database.format(path=target))
    if not force:
        exists = _("{path}: already exists (use --force to overwrite it)")
        raise InputError(exists.format(path=target))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def remove_stale(target: Path) -> None:
    """Delete temporary files of earlier exports to ``target`` whose process has gone."""
    prefix = f".{target.name}{_TMP_TAG}"
    try:
        names = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for leftover in names:
        pid = leftover.name[len(prefix) :].removesuffix(".tmp")
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{_TMP_TAG}{os.getpid()}.tmp")


@contextmanager
def replacing(target: Path, collection: Path | None = None) -> Iterator[Path]:
    """A new, empty temporary file beside ``target`` that becomes ``target`` only if the block
    succeeds; it is removed on any error. The target's permissions are kept on overwrite."""
    remove_stale(target)
    tmp = temp_name(target)
    try:
        try:
            old_mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            yield tmp
            with tmp.open("rb+") as handle:
                os.fsync(handle.fileno())
            if old_mode is not None:
                os.chmod(tmp, old_mode)
            check_target(target, force=True, collection=collection)  # nothing changed meanwhile
            os.replace(tmp, target)
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise GovcardsError(
                _("{path}: cannot write: {why}").format(path=target, why=why)
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)
