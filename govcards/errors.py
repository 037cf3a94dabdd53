"""One exception family, translated to a message and an exit code at the CLI edge."""

from __future__ import annotations


class GovcardsError(Exception):
    """A failure a learner can act on; ``lines`` are printed to stderr one by one."""

    exit_code = 1

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines: tuple[str, ...] = lines


class InputError(GovcardsError):
    """Bad input or usage (an invalid deck, a bad setting): exit 2."""

    exit_code = 2


class CollectionError(GovcardsError):
    """The collection cannot be opened or written (not govcards, corrupt, newer schema): exit 1."""

    exit_code = 1


class CardChanged(GovcardsError):
    """Another session answered or undid this card since it was read: nothing was written."""

    exit_code = 1

    def __init__(self, card_pk: int) -> None:
        super().__init__(f"card {card_pk} changed in another session")
        self.card_pk = card_pk
