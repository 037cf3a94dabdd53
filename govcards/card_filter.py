"""The filter a session or report is narrowed by, in a module of its own: the daily commands
parse their options into one before they need (or load) the note model of ``model.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardFilter:
    """Which cards a session or report looks at: --deck, --topic (``TOPIC`` or ``DECK/TOPIC``:
    topic ids are per deck, so a bare one may name several), --kind, --theme…, --priority."""

    deck: str | None = None
    topic: str | None = None
    kind: str | None = None
    themes: tuple[str, ...] = ()  # any of these (a note with one of them is in)
    priority: str | None = None

    def topic_parts(self) -> tuple[str | None, str | None]:
        """(deck the topic is qualified with, topic id)."""
        if self.topic and "/" in self.topic:
            deck, _, topic = self.topic.partition("/")
            return deck, topic
        return None, self.topic

    @property
    def narrows(self) -> bool:
        """Whether the filter selects by anything but the deck."""
        return bool(self.topic or self.kind or self.themes or self.priority)
