"""The collection, behind one package: only ``govcards.store`` imports SQLAlchemy.

Names are imported on first use (PEP 562), so that ``govcards.store.lean`` (the daily read
path) can be imported without loading SQLAlchemy through this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govcards.model import Answer, CardInfo
    from govcards.records import DeckSummary
    from govcards.store.collection import Store, check_location, collection_exists, describe
    from govcards.store.importer import ImportReport
    from govcards.store.location import default_home, resolve_url
    from govcards.store.sqlite_file import backup_collection
    from govcards.store.study_store import StudyStore

_HOMES = {
    "Answer": "govcards.model",
    "CardInfo": "govcards.model",
    "DeckSummary": "govcards.records",
    "ImportReport": "govcards.store.importer",
    "Store": "govcards.store.collection",
    "StudyStore": "govcards.store.study_store",
    "backup_collection": "govcards.store.sqlite_file",
    "check_location": "govcards.store.collection",
    "collection_exists": "govcards.store.collection",
    "default_home": "govcards.store.location",
    "describe": "govcards.store.collection",
    "resolve_url": "govcards.store.location",
}

__all__ = [
    "Answer",
    "CardInfo",
    "DeckSummary",
    "ImportReport",
    "Store",
    "StudyStore",
    "backup_collection",
    "check_location",
    "collection_exists",
    "default_home",
    "describe",
    "resolve_url",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
