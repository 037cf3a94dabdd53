"""The SQLite file itself: checked read-only before anything writes to it, and copied safely.

A file that is not a govcards collection, or is damaged, must be refused without a byte of it
(or a ``-wal``/``-shm`` file beside it) changing. So the 100-byte header is read by hand first,
and SQLite only ever opens the file read-only. Copies use SQLite's online backup API: one read
transaction, so the copy is consistent even while a review is writing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from govcards.errors import CollectionError, InputError
from govcards.i18n import _
from govcards.store.revisions import APPLICATION_ID, SQLITE_MAGIC

HEADER_BYTES = 100
BACKUP_PAGES = 4096  # pages copied per step of the online backup: progress between steps
_REVISION = re.compile(r"\d{4}_\w+")  # govcards names its schema revisions 0001_baseline, …


def is_govcards_revision(revision: str) -> bool:
    """Whether an ``alembic_version`` is govcards' own, not another Alembic application's."""
    return _REVISION.fullmatch(revision) is not None


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL, read as SQLAlchemy reads it (``%XX`` decoded, ``?``
    starts the options); None for a server URL or an in-memory database."""
    if not url.startswith("sqlite:///"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    return None if database in (None, "", ":memory:") else Path(database)


def path_url(path: Path) -> str:
    """The ``sqlite:///`` URL that opens exactly ``path``: the two characters SQLAlchemy would
    read as URL syntax in a file name (``%``, ``?``) are escaped, nothing else."""
    text = str(path).replace("%", "%25").replace("?", "%3F")
    return "sqlite:///" + text


SQLITE_BUSY, SQLITE_LOCKED = 5, 6


def is_busy(exc: BaseException) -> bool:
    """Whether an sqlite3 error (or SQLAlchemy's wrapper of one) means "another connection holds
    a lock", told by SQLite's result code, not by the wording of the message."""
    code = getattr(getattr(exc, "orig", exc), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)


def locked(where: object) -> CollectionError:
    """A lock is not damage: say so, so that nobody deletes a healthy collection."""
    message = _(
        "{where}: the collection is locked by another program (another govcards, a backup, a"
        " database browser); it is not damaged. Close that program or try again in a moment"
    )
    return CollectionError(message.format(where=where))


def _untouched(path: Path, why: str) -> CollectionError:
    return CollectionError(
        _("{path}: {why}; the file was left untouched").format(path=path, why=why)
    )


def _check_header(path: Path, header: bytes, size: int) -> bool:
    """Refuse what the header alone shows; True when the file is in WAL mode."""
    if len(header) < len(SQLITE_MAGIC) or header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise _untouched(path, _("not a govcards collection (not an SQLite database)"))
    if len(header) < HEADER_BYTES:
        raise _untouched(path, _("the collection is corrupt (truncated)"))
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or header[18] not in (1, 2):
        raise _untouched(path, _("the collection is corrupt (damaged header)"))
    (app_id,) = struct.unpack(">I", header[68:72])
    if app_id not in (0, APPLICATION_ID):
        raise _untouched(path, _("not a govcards collection (another program's database)"))
    (pages,) = struct.unpack(">I", header[28:32])
    size_valid = pages > 0 and header[24:28] == header[92:96]
    journals = [path.with_name(path.name + s) for s in ("-wal", "-journal")]
    if size_valid and not any(j.exists() for j in journals) and size < pages * page_size:
        expected = pages * page_size
        why = _("the collection is corrupt (truncated: {size} of {expected} bytes)")
        raise _untouched(path, why.format(size=size, expected=expected))
    return header[18] == 2


def _read_only_uri(path: Path, wal_mode: bool) -> str:
    """Read-only; a WAL file with no ``-wal`` beside it is opened immutable so none is created."""
    uri = "file:" + quote(str(path.resolve()))
    idle_wal = wal_mode and not path.with_name(path.name + "-wal").exists()
    return uri + ("?immutable=1" if idle_wal else "?mode=ro")


MIN_SQLITE = (3, 35, 0)  # RETURNING (answers), MATERIALIZED CTEs (exports, the dashboard)


def require_sqlite() -> None:
    """Refuse, in one line, an SQLite library too old for govcards' SQL, before any file is
    opened or created: its own syntax error would come mid-command and name no version."""
    have = sqlite3.sqlite_version_info
    if have < MIN_SQLITE:
        message = _(
            "this Python's SQLite is {have}; govcards needs SQLite {need} or newer"
            " (use a Python built with a newer SQLite)"
        )
        need = ".".join(map(str, MIN_SQLITE))
        raise CollectionError(message.format(have=".".join(map(str, have)), need=need))


def inspect_collection_file(path: Path) -> str | None:
    """The schema revision of an existing file (None when new), without writing a byte to it;
    first of all, whether this SQLite can run govcards at all."""
    require_sqlite()
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_BYTES)
    except OSError as exc:
        why = exc.strerror or str(exc)
        message = _("{path}: cannot read the collection: {why}").format(path=path, why=why)
        raise CollectionError(message) from exc
    wal_mode = _check_header(path, header, size)
    try:
        conn = sqlite3.connect(_read_only_uri(path, wal_mode), uri=True, timeout=10)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if not {"cards", "alembic_version"} <= tables:
                raise _untouched(path, _("not a govcards collection"))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise locked(path) from exc
        why = _("the collection is corrupt or not a govcards collection ({error})").format(
            error=exc
        )
        raise _untouched(path, why) from exc
    if row is None or not is_govcards_revision(str(row[0])):
        raise _untouched(path, _("not a govcards collection (no govcards schema revision)"))
    return str(row[0])


def free_name(folder: Path, stem: str, suffix: str = "") -> Path:
    """``folder/stem+suffix``, or ``stem-2``, ``stem-3``… when that name is taken."""
    candidate, number = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


class BackupNameTaken(InputError):
    """The backup's name exists already (another process may have taken it a moment ago)."""


def backup_file(source: Path, dest: Path, progress: Callable[[int], object] | None = None) -> None:
    """Copy a collection with the online backup API into ``dest`` (which must not exist).

    The copy is written under a temporary name, checked, switched to a plain rollback journal
    (one self-contained file), and only then given its name.
    """
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        if dest.exists():
            raise BackupNameTaken(
                _("{path}: already exists; choose another name").format(path=dest)
            )
        src = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=rw", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                copied = 0

                def _told(_status: int, remaining: int, total: int) -> None:
                    nonlocal copied
                    if progress is not None:
                        progress(total - remaining - copied)
                    copied = total - remaining

                src.backup(dst, pages=BACKUP_PAGES, progress=_told)
                dst.execute("PRAGMA journal_mode = DELETE")
                check = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            failed = _("{path}: the copy failed its check ({check}); no backup made")
            raise CollectionError(failed.format(path=source, check=check))
        _place(partial, dest)
    except sqlite3.Error as exc:
        raise CollectionError(
            _("{path}: backup failed: {error}").format(path=source, error=exc)
        ) from exc
    except OSError as exc:
        why = exc.strerror or str(exc)
        message = _("{path}: cannot write the backup: {why}").format(path=dest, why=why)
        raise CollectionError(message) from exc
    finally:
        partial.unlink(missing_ok=True)
        for suffix in ("-journal", "-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _place(partial: Path, dest: Path) -> None:
    """Give the finished copy its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(partial, dest)  # fails if dest exists, even when another process just made it
    except FileExistsError:
        raise BackupNameTaken(
            _("{path}: already exists; choose another name").format(path=dest)
        ) from None
    except OSError:  # a file system without hard links
        if dest.exists():
            taken = _("{path}: already exists; choose another name").format(path=dest)
            raise BackupNameTaken(taken) from None
        os.replace(partial, dest)


def stamp(moment: datetime) -> str:
    """A UTC time for file names: 20260302T010000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_collection(
    url: str, dest: Path | None, now: datetime, progress: Callable[[int], object] | None = None
) -> Path:
    """``govcards backup``: copy a SQLite collection to ``dest`` (default: beside it, stamped)."""
    path = sqlite_path(url)
    if path is None:
        raise InputError(
            _(
                "govcards backup copies SQLite collections; back up a PostgreSQL collection with"
                " pg_dump (for example: pg_dump -Fc -f govcards.dump DBNAME)"
            )
        )
    if inspect_collection_file(path) is None:
        empty = _("{path}: there is no collection here yet; nothing to back up")
        raise CollectionError(empty.format(path=path))
    if dest is None or dest.is_dir():
        dest = free_name(dest or path.parent, f"{path.stem}-backup-{stamp(now)}", ".db")
    elif not dest.parent.is_dir():
        raise InputError(_("{path}: no such folder for the backup").format(path=dest.parent))
    backup_file(path, dest, progress)
    return dest
