"""Keeping the index beside the collection, rebuilt only when the notes (or themes) change.

The file starts with a key: a digest of the source's fingerprint (its notes' digests), of the
theme catalog and of the index format. A warm ``find`` reads the key, sees it match and loads
the stored postings; nothing is segmented again.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from govcards.search.documents import NoteSource, iter_docs
from govcards.search.index import SearchIndex, build_index
from govcards.search.index_file import FORMAT, dump, load


def themes_file() -> Path | None:
    """The bundled theme catalog (id → name, scope), where this version of govcards has one."""
    from govcards.decks import bundled_decks_dir

    path = bundled_decks_dir() / "themes.yaml"
    return path if path.is_file() else None


def theme_catalog(path: Path | None) -> dict[str, tuple[str, str]]:
    if path is None:
        return {}
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    themes = data.get("themes", {}) if isinstance(data, dict) else {}
    out: dict[str, tuple[str, str]] = {}
    for tid, entry in themes.items() if isinstance(themes, dict) else ():
        if isinstance(entry, dict):
            out[str(tid)] = (str(entry.get("name", tid)), str(entry.get("scope", "")))
    return out


class IndexCache:
    """Where one collection's index lives. ``path`` None keeps it in memory only."""

    def __init__(
        self,
        path: Path | None,
        themes: Path | None = None,
    ) -> None:
        self.path = path
        self.themes = themes
        self.builds = 0  # how many times this cache segmented the collection
        self._memo: tuple[str, SearchIndex] | None = None

    def key(self, source: NoteSource) -> str:
        from govcards import __version__  # the note model (and so each note's texts) may change

        head = f"govcards {__version__} find v{FORMAT} py{sys.version_info[:2]}\n"
        h = hashlib.sha256(head.encode())
        h.update(source.fingerprint().encode())
        if self.themes is not None:
            h.update(self.themes.read_bytes())
        return h.hexdigest()

    def index(
        self, source: NoteSource, progress: Callable[[int, int], object] | None = None
    ) -> SearchIndex:
        """The index of ``source``'s notes; ``progress(done, total)`` hears of a build's
        stages, and is never called when the stored index is current."""
        key = self.key(source)
        if self._memo and self._memo[0] == key:
            return self._memo[1]
        found = self._read(key)
        if found is None:
            # a stream: the notes go straight into the index's table, no list of them is held
            docs = iter_docs(source.records(), theme_catalog(self.themes))
            found = build_index(docs, progress)
            self.builds += 1
            if self._write(key, found):
                # the built arrays let go for the mapped file: the query after a build then
                # answers from exactly what a warm ``find`` reads, in the same memory
                found = self._read(key) or found
        self._memo = (key, found)
        return found

    def _read(self, key: str) -> SearchIndex | None:
        """The stored index, mapped read-only: its pages are read as a query touches them."""
        if self.path is None:
            return None
        try:
            with self.path.open("rb") as stored:
                mapped = mmap.mmap(stored.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
            return None
        found = load(mapped, key)
        if found is None:
            with contextlib.suppress(BufferError):
                mapped.close()
        return found

    def _write(self, key: str, index: SearchIndex) -> bool:
        """Atomically, and quietly skipped where the folder is read-only: the index is a cache.
        True when the file now holds ``index``."""
        if self.path is None:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".find-", dir=self.path.parent)
            with os.fdopen(fd, "wb") as out:
                dump(index, key, out)
            os.replace(tmp, self.path)
        except OSError:
            return False
        return True
