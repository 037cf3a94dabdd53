"""The collection, behind one package: only ``govcards.store`` imports SQLAlchemy."""

from govcards.model import Answer, CardInfo
from govcards.store.collection import (
    DeckSummary,
    Store,
    check_location,
    collection_exists,
    default_home,
    describe,
    resolve_url,
)
from govcards.store.importer import ImportReport
from govcards.store.sqlite_file import backup_collection
from govcards.store.study_store import StudyStore

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
