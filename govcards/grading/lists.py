"""basic cards whose back is a short list: items compared one by one, in any order.

自治 德治 法治 is right for 自治、法治、德治. A back is a list when it splits at 、，,;；/ (or at 和
in a short back) into two or more short items; anything else is prose and is compared as text.
"""

from __future__ import annotations

import re

from govcards.grading.fold import keys
from govcards.grading.outline import OutlineScore, match_pieces, split_heads

ITEM_MAX = 8
"""A list item is at most this many units; longer parts make the back prose."""

_SEPARATORS = re.compile("[、，,;；/／\n]+")
_AND = re.compile("[和与及]")


def _items(text: str, spaces: bool) -> list[str]:
    parts = [p for p in _SEPARATORS.split(text) if keys(p)]
    if spaces:
        parts = [q for p in parts for q in split_heads(p)]
    out: list[str] = []
    for part in parts:
        pieces = [p for p in _AND.split(part) if keys(p)]
        short = len(pieces) > 1 and all(2 <= len(keys(p)) <= ITEM_MAX - 2 for p in pieces)
        out.extend(pieces if short else [part])
    return out


def list_items(back: str) -> list[str] | None:
    """The items of a list-like back, or None when the back is prose."""
    items = _items(back, spaces=False)
    if len(items) < 2 or any(len(keys(i)) > ITEM_MAX for i in items):
        return None
    return items


def score_list(typed: str, items: list[str]) -> OutlineScore:
    """Each expected item matched to a typed one by content, order free."""
    return match_pieces(_items(typed, spaces=True), items, ordered=False)
