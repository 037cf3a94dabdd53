"""What a practice round earns each linked card, and how it is logged.

The rule (docs/practice.md): every linked note's first card gets the grade the round earned
for it: a structure's ``outline`` card the outline grader's grade against that structure; a
case's or a quote's first card 4 when the learner named it, 2 when they did not (it was
needed and did not come to mind). A card **due today or overdue** takes the grade as an
ordinary review, so practice feeds the schedule; any other card (new, or not yet due) logs it
as a drill: it shows in the history and a weak one comes back at the end of today's review,
but an early or first answer never moves the schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from govcards.grading import score_outline
from govcards.model import CardInfo, StructureNote
from govcards.practice.scoring import RoundScore

NAMED_GRADE = 4
MISSED_GRADE = 2


@dataclass(frozen=True)
class CardGrade:
    card: CardInfo
    grade: int
    drill: bool


def card_grades(
    score: RoundScore,
    outline: str,
    linked: Sequence[tuple[str, Sequence[CardInfo]]],
    today: date,
) -> list[CardGrade]:
    """One grade per linked note (``ref`` → its cards in deck order), on its first card."""
    named = {m.ref: m.typed is not None for m in score.names}
    out: list[CardGrade] = []
    for ref, cards in linked:
        if not cards:
            continue
        card = cards[0]
        note = card.note
        if isinstance(note, StructureNote):
            outline_cards = [c for c in cards if c.key == "outline"]
            card = outline_cards[0] if outline_cards else card
            grade = score_outline(outline, [p.head for p in note.points]).suggested
        elif ref in named:
            grade = NAMED_GRADE if named[ref] else MISSED_GRADE
        else:
            continue
        due = card.state.due is not None and card.state.due <= today
        out.append(CardGrade(card, grade, drill=not due))
    return out
