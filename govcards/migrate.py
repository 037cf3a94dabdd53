"""Schema upgrades of an existing collection (filled in by the migrations work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcards.errors import CollectionError

if TYPE_CHECKING:
    from govcards.store.collection import Store


def upgrade(store: Store, revision: str) -> None:
    raise CollectionError(f"{store.where}: schema {revision} needs an upgrade that is not available")
