"""What `plan`, `stats` and cram read: every live card with both states, and answer times."""

from __future__ import annotations

from sqlalchemy import func, select

from govcards import fsrs_scheduler as fsrs
from govcards.plan import NEW_SECONDS, REVIEW_SECONDS, PlanCard
from govcards.scheduler import Sm2State
from govcards.store import fsrs_state
from govcards.store.collection import Store
from govcards.store.joins import card_note_deck
from govcards.store.schema import CardRow, DeckRow, NoteRow, ReviewRow

MIN_TIMED = 20  # answers needed before the learner's own pace replaces the defaults


def plan_cards(store: Store) -> list[PlanCard]:
    """Live cards (not suspended or retired) in deck order, FSRS states filled in first."""
    fsrs_state.recompute(store)
    stmt = (
        select(CardRow, NoteRow.kind, NoteRow.content, DeckRow.deck_id)
        .select_from(card_note_deck())
        .where(CardRow.retired.is_(False), CardRow.suspended.is_(False))
        .where(NoteRow.retired.is_(False))
        .order_by(CardRow.deck_pk, CardRow.position)
    )
    cards: list[PlanCard] = []
    with store.read() as s:
        for card, kind, content, deck in s.execute(stmt.execution_options(yield_per=1000)):
            themes = content.get("themes") if isinstance(content, dict) else None
            cards.append(
                PlanCard(
                    kind,
                    deck,
                    tuple(str(t) for t in themes) if isinstance(themes, list) else (),
                    Sm2State(card.repetitions, card.efactor, card.interval, card.lapses, card.due),
                    fsrs_state.card_state(card),
                )
            )
    return cards


def answer_seconds(store: Store) -> tuple[float, float]:
    """(seconds per review, seconds per new card): the learner's mean pace from
    the log once it has enough timed answers, else the defaults."""
    stmt = (
        select(
            ReviewRow.due_before.is_(None),
            func.count(),
            func.sum(ReviewRow.duration_ms),
        )
        .where(ReviewRow.drill.is_(False), ReviewRow.duration_ms > 0)
        .group_by(ReviewRow.due_before.is_(None))
    )
    pace = {False: REVIEW_SECONDS, True: NEW_SECONDS}
    with store.read() as s:
        for is_new, count, total in s.execute(stmt):
            if count >= MIN_TIMED and total:
                pace[bool(is_new)] = min(600.0, total / count / 1000)
    return pace[False], pace[True]


def plan_inputs(store: Store) -> tuple[list[PlanCard], fsrs.Params, float, float]:
    """Cards, the learner's parameters, and their pace (review, new) in seconds."""
    cards = plan_cards(store)
    params = fsrs_state.current_settings(store).params
    return (cards, params, *answer_seconds(store))
