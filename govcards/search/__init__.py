"""Ranked search over the learner's notes (``govcards find``): jieba segmentation, BM25 ranking.

Pure of the database and of Rich: notes come in through ``NoteSource`` (see documents.py) and
hits go out as plain values with highlight spans for whichever screen shows them.
"""

from govcards.search.cache import IndexCache
from govcards.search.documents import NoteRecord, NoteSource
from govcards.search.query import Hit, search

__all__ = ["Hit", "IndexCache", "NoteRecord", "NoteSource", "search"]
