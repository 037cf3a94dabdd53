"""Every named query: the reports' (``report_queries.py``) and the review queue's
(``study_queries.py``), by the cache names of ``cache_names.py``.

``compile_sql`` compiles each name for SQLite; ``EngineRows`` runs the statement behind a name
through SQLAlchemy. One registry, so both readers always know the same names.
"""

from __future__ import annotations

from collections.abc import Iterator

from govcards.model import CardFilter
from govcards.store import report_queries, study_queries
from govcards.store.cache_names import query_name
from govcards.store.report_queries import Statement, Variant

BUILDERS = report_queries.BUILDERS + study_queries.BUILDERS
DECK_ONLY = report_queries.DECK_ONLY
UNNARROWED = report_queries.UNNARROWED | study_queries.UNNARROWED
BY_SCHEDULER = report_queries.BY_SCHEDULER | study_queries.BY_SCHEDULER


def _variants(base: str) -> Iterator[tuple[bool, bool]]:
    for deck in (False, True):
        if (deck and base in UNNARROWED) or (not deck and base in DECK_ONLY):
            continue
        yield deck, False
        if base in BY_SCHEDULER:
            yield deck, True


def query_names() -> list[str]:
    """Every scope-free query by its cache name."""
    return [query_name(b.__name__, d, f) for b in BUILDERS for d, f in _variants(b.__name__)]


def statement(name: str, scope: CardFilter | None = None) -> Statement:
    """The statement behind a cache name, narrowed to ``scope`` when one is given."""
    rest, _, fsrs = name.partition("#")
    base, _, narrowed = rest.partition("@")
    for build in BUILDERS:
        if build.__name__ == base:
            return build(Variant(narrowed == "deck", fsrs == "fsrs", scope))
    raise KeyError(name)
