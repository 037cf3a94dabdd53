"""Ranked search over the learner's notes (``govcards find``): jieba segmentation, BM25 ranking.

Pure of the database and of Rich: notes come in through ``NoteSource`` (see documents.py) and
hits go out as plain values with highlight spans for whichever screen shows them.

Names are imported on first use (PEP 562): the review screen needs only ``documents`` (a note's
title), not the index, its cache and the segmenter (~30 ms of start-up before the first card).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govcards.search.cache import IndexCache
    from govcards.search.documents import NoteRecord, NoteSource
    from govcards.search.query import Hit, search

_HOMES = {
    "Hit": "govcards.search.query",
    "IndexCache": "govcards.search.cache",
    "NoteRecord": "govcards.search.documents",
    "NoteSource": "govcards.search.documents",
    "search": "govcards.search.query",
}

__all__ = ["Hit", "IndexCache", "NoteRecord", "NoteSource", "search"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
