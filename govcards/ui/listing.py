"""``govcards list`` and ``decks --topics`` as tables: ids a learner can paste into other
commands (``unsuspend DECK NOTE CARD``, ``review --topic DECK/TOPIC``), then kind, title, state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from govcards.cards import kind_label
from govcards.i18n import _
from govcards.listing import ListedCard

STATE_NAMES = {
    "new": "new",
    "due": "due",
    "review": "scheduled",
    "suspended": "suspended",
    "buried": "buried",
}


def kind_name(kind: str) -> str:
    """A note kind in the reader's language (one table: ``cards.KIND_NAMES``)."""
    return kind_label(kind)


def state_name(card: ListedCard, today: date) -> str:
    state = card.state(today)
    if state == "review" and card.due is not None:
        return _("due {date}").format(date=card.due.isoformat())
    return _(STATE_NAMES[state])


def show_cards(console: Console, cards: Sequence[ListedCard], today: date) -> None:
    if not cards:
        console.print(Text(_("No cards match.")))
        return
    table = Table(title=_("Cards"), title_justify="left")
    table.add_column(_("deck/note/card"), overflow="fold", min_width=12)
    table.add_column(_("kind"), no_wrap=True)
    table.add_column(_("title"), overflow="ellipsis", min_width=8)
    table.add_column(_("state"), no_wrap=True)
    for c in cards:
        title = Text(c.title.replace("\n", " "), no_wrap=True, overflow="ellipsis")
        ident = Text(f"{c.deck}/{c.note}/{c.card}")
        table.add_row(ident, kind_name(c.kind), title, state_name(c, today))
    console.print(table)
    console.print(Text(_("{n} card(s)").format(n=len(cards))))


def show_topics(console: Console, topics: Mapping[str, Mapping[str, str]]) -> None:
    table = Table(title=_("Topics (review --topic DECK/TOPIC)"), title_justify="left")
    table.add_column(_("deck/topic"), overflow="fold")
    table.add_column(_("name"), overflow="fold")
    for deck, names in topics.items():
        for topic, name in names.items():
            table.add_row(Text(f"{deck}/{topic}"), Text(name))
    console.print(table)
