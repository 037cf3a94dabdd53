"""`govcards preview` on the terminal: each card's prompt panel, then its answer panel,
drawn by the review screen's own functions so that a preview looks exactly like a review."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from govcards.i18n import N_, _
from govcards.preview import PreviewCard
from govcards.ui.review import answer_panel, card_panel, deck_and_topic

PRIORITY_NAMES = {"core": N_("core"), "extra": N_("extra")}


def priority_name(priority: str) -> str:
    return _(PRIORITY_NAMES[priority]) if priority in PRIORITY_NAMES else priority


def show_preview(console: Console, cards: Sequence[PreviewCard]) -> None:
    if not cards:
        console.print(Text(_("No card matches.")))
        return
    for card in cards:
        ids = f"{card.deck.id}/{card.note.id}/{card.face.key}"
        status = " · ".join([ids, priority_name(card.note.priority)])
        if card.theme_names:
            status += " · " + "、".join(card.theme_names)
        where = deck_and_topic(card.deck.name, card.topic)
        console.print(card_panel(card.face, where, Text(status, style="cyan")))
        if card.typed is not None:
            console.print(Text(_("Answer › ") + card.typed))
        console.print(answer_panel(card.face, card.feedback))
