"""``govcards list``: what a learner asks for (filters) and what each card row says (state).

Pure: the store hands back ``ListedCard`` rows; this module decides which rows a filter keeps
and names each card's state, so the rules are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

LEECH_LAPSES = 8  # Anki's default leech threshold; `govcards config leech_lapses` changes it


@dataclass(frozen=True)
class ListFilter:
    """The options of ``govcards list``; every one given must hold (they combine with AND)."""

    deck: str | None = None
    topic: str | None = None
    theme: str | None = None
    kind: str | None = None
    suspended: bool = False
    buried: bool = False
    leeches: bool = False
    due: bool = False

    @classmethod
    def parse_topic(cls, deck: str | None, topic: str | None) -> tuple[str | None, str | None]:
        """``--topic DECK/TOPIC`` names the deck too; a plain ``--topic`` keeps ``--deck``."""
        if topic and "/" in topic:
            topic_deck, _, topic = topic.partition("/")
            return deck or topic_deck, topic
        return deck, topic


@dataclass(frozen=True)
class ListedCard:
    """One live card with what identifies it (deck, note, card key) and its schedule."""

    deck: str
    note: str
    card: str
    kind: str
    topic: str | None
    themes: tuple[str, ...]
    title: str
    due: date | None
    interval: int
    lapses: int
    suspended: bool
    buried_until: date | None

    def state(self, today: date) -> str:
        """One word: suspended, buried, new, due, or review (scheduled later)."""
        if self.suspended:
            return "suspended"
        if self.buried_until is not None and self.buried_until > today:
            return "buried"
        if self.due is None:
            return "new"
        return "due" if self.due <= today else "review"

    def as_json(self, today: date) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "note": self.note,
            "card": self.card,
            "kind": self.kind,
            "topic": self.topic,
            "themes": list(self.themes),
            "title": self.title,
            "state": self.state(today),
            "due": self.due.isoformat() if self.due else None,
            "interval": self.interval,
            "lapses": self.lapses,
        }


def keep(card: ListedCard, flt: ListFilter, today: date, leech_lapses: int) -> bool:
    """Whether a card passes the filters (the store narrows to ``--deck`` in SQL already)."""
    state = card.state(today)
    checks = (
        flt.topic is None or card.topic == flt.topic,
        flt.kind is None or card.kind == flt.kind,
        flt.theme is None or flt.theme in card.themes,
        not flt.suspended or state == "suspended",
        not flt.buried or state == "buried",
        not flt.due or state == "due",
        not flt.leeches or card.lapses >= leech_lapses,
    )
    return all(checks)
