"""Where the collection lives, worked out without SQLAlchemy (the lean path needs it too)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from govcards.store.sqlite_file import path_url as _path_url


def default_home() -> Path:
    home = os.environ.get("GOVCARDS_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("govcards", appauthor=False))


_URL = re.compile(r"(sqlite|postgresql|postgres)(\+\w+)?://")


def is_url(location: str) -> bool:
    """Only ``sqlite://…`` and ``postgresql…://`` are URLs; anything else is a file path, taken
    literally (``a%69b.db`` is the file ``a%69b.db``, ``we?ird.db`` the file ``we?ird.db``)."""
    return _URL.match(location) is not None


def resolve_url(db: str | None = None) -> str:
    """``--db``, else ``GOVCARDS_DB``, else ``govcards.db`` in the home folder; a path or a URL."""
    location = db or os.environ.get("GOVCARDS_DB") or str(default_home() / "govcards.db")
    if not is_url(location):
        return _path_url(Path(location).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if location.startswith(plain):
            return "postgresql+psycopg://" + location[len(plain) :]
    return location


def lean_sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL, read as SQLAlchemy reads it (``%XX``
    decoded); None for anything else (a server, memory, URL options), which the full store
    opens. ``tests/test_lean_reads.py`` checks this against SQLAlchemy's own parser."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    database = unquote(url[len("sqlite:///") :])
    return Path(database) if database and database != ":memory:" else None
