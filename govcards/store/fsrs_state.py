"""The FSRS half of the dual state: written in the same transaction as SM-2's, undone with it.

Every non-drill answer moves both schedules, so switching ``config scheduler`` is instant and
loses nothing. A card answered before FSRS existed has no FSRS state yet: the command that
upgrades the collection replays every such card's log once (``recompute``, called by
``runtime``); a card still without one (an interrupted replay) is replayed the first time FSRS
needs it (an answer, the FSRS queue, a plan). A card whose log holds none of its answers is
converted from its SM-2 state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from govcards import fsrs_scheduler as fsrs
from govcards.fsrs_scheduler import PARAMS_KEY as PARAMS_KEY  # re-exported
from govcards.fsrs_scheduler import FsrsSettings as FsrsSettings  # re-exported
from govcards.fsrs_scheduler import settings_from
from govcards.store.schema import CARDS, REVIEWS, CardRow, ReviewRow, SettingRow, as_date

if TYPE_CHECKING:  # the store calls in here for its due column: a type, not an import
    from govcards.store.collection import Store

FSRS_COLUMNS = ("stability", "difficulty", "fsrs_due", "last_review")


def read_settings(session: Session) -> FsrsSettings:
    return settings_from({r.key: r.value for r in session.scalars(select(SettingRow))})


def fsrs_values(state: fsrs.FsrsState, suffix: str = "") -> dict[str, Any]:
    return {
        f"stability{suffix}": state.stability,
        f"difficulty{suffix}": state.difficulty,
        f"fsrs_due{suffix}": state.due,
        f"last_review{suffix}": state.last_review,
    }


class CardMemory(Protocol):
    """What the FSRS half reads of a card: an ORM ``CardRow`` or a row of ``MEMORY``."""

    stability: float | None
    difficulty: float | None
    last_review: date | None
    fsrs_due: date | None
    due: date | None
    interval: int
    efactor: int


# A card's memory columns, read with Core by an answer (no ORM object to load and track).
MEMORY = tuple(
    CARDS.c[name]
    for name in ("stability", "difficulty", "last_review", "fsrs_due", "due", "interval", "efactor")
)


def card_state(card: CardMemory) -> fsrs.FsrsState:
    return fsrs.FsrsState(card.stability, card.difficulty, card.last_review, card.fsrs_due)


def card_columns() -> tuple[Any, ...]:
    """The FSRS columns in the order ``state_of`` takes them."""
    return (CardRow.stability, CardRow.difficulty, CardRow.last_review, CardRow.fsrs_due)


def state_of(stability: Any, difficulty: Any, last_review: Any, due: Any) -> fsrs.FsrsState:
    return fsrs.FsrsState(
        stability,
        difficulty,
        None if last_review is None else as_date(last_review),
        None if due is None else as_date(due),
    )


def _history(session: Session, card_pks: list[int]) -> Any:
    """The cards' logged non-drill answers in order (an answer reads it before logging itself)."""
    r = REVIEWS.c  # Core columns: a plain statement, without the ORM's compile step
    return session.execute(
        select(r.card_pk, r.grade, r.study_day)
        .where(r.card_pk.in_(card_pks), r.drill.is_(False))
        .order_by(r.card_pk, r.reviewed_at, r.id)
    )


def _from_history(
    card: CardMemory, answers: list[tuple[int, date]], cfg: FsrsSettings
) -> fsrs.FsrsState:
    if answers:
        return fsrs.replay(answers, cfg.params, cfg.retention)
    if card.due is not None and card.interval > 0:  # SM-2 state with no logged answer
        last = date.fromordinal(card.due.toordinal() - card.interval)
        return fsrs.from_sm2(card.efactor, card.interval, last, card.due, cfg.params)
    return fsrs.FsrsState()


def answer_states(
    session: Session, card_pk: int, grade: int, day: date, cfg: FsrsSettings | None = None
) -> tuple[fsrs.FsrsState, fsrs.FsrsState]:
    """The card's FSRS state before and after one (non-drill) answer, read and computed inside
    the caller's write transaction, before that answer is logged; the caller writes both, the
    state before on the review row for undo. ``cfg``: the settings a review session read when
    it started (else they are read here)."""
    cfg = cfg or read_settings(session)
    card: CardMemory = session.execute(select(*MEMORY).where(CARDS.c.id == card_pk)).one()
    before = card_state(card)
    # Never computed: the log may hold older answers, unless the card is new (no SM-2 due
    # date: only an answer sets one, and undoing it deletes the answer). A new card's first
    # answer then skips a look-up of the log that cannot find anything.
    if before.last_review is None and card.due is not None:
        rows = _history(session, [card_pk])
        before = _from_history(card, [(g, as_date(d)) for _, g, d in rows], cfg)
    return before, fsrs.review(before, grade, day, cfg.params, cfg.retention)


def undo_answer(session: Session, card_pk: int, review_pk: int) -> None:
    """Put back the FSRS state the review row recorded before its answer (before it is deleted)."""
    row = session.get(ReviewRow, review_pk)
    if row is None:
        return
    before = fsrs.FsrsState(
        row.stability_before, row.difficulty_before, row.last_review_before, row.fsrs_due_before
    )
    session.execute(update(CARDS).where(CardRow.id == card_pk).values(**fsrs_values(before)))


RECOMPUTE_CHUNK = 2000  # cards per write transaction: a concurrent answer waits ms, not minutes


def recompute(
    store: Store, only_missing: bool = True, progress: Callable[[int, int], object] | None = None
) -> int:
    """Replay the log of every reviewed card (only those without an FSRS state, unless told
    otherwise, e.g. after new parameters were fitted); returns how many cards changed.

    The cards go in chunks, each one short write transaction, so another session answering
    meanwhile waits milliseconds, not the whole replay; each chunk re-reads its cards under
    the write lock (a card an answer gave a state meanwhile is no longer missing one). An
    interrupted replay keeps its finished chunks, and the rest is computed when needed.
    ``progress(done, total)`` is told after each chunk."""
    wanted = [CARDS.c.due.is_not(None)]
    if only_missing:
        wanted.append(CARDS.c.last_review.is_(None))
    with store.read() as s:  # the usual case: nothing to do, and no write lock taken
        if s.scalar(select(CARDS.c.id).where(*wanted).limit(1)) is None:
            return 0
        total = int(s.scalar(select(func.count()).select_from(CARDS).where(*wanted)) or 0)
    done, after = 0, 0
    while chunk := _recompute_chunk(store, wanted, after):
        done += len(chunk)
        after = chunk[-1]
        if progress is not None:
            progress(done, max(total, done))
    return done


def _recompute_chunk(store: Store, wanted: list[Any], after: int) -> list[int]:
    """Replay and store the next ``RECOMPUTE_CHUNK`` wanted cards after id ``after``; their ids."""
    stmt = select(CARDS.c.id, *MEMORY).where(*wanted, CARDS.c.id > after)
    with store.write() as s:
        cfg = read_settings(s)
        cards = s.execute(stmt.order_by(CARDS.c.id).limit(RECOMPUTE_CHUNK)).all()
        if not cards:
            return []
        answers: dict[int, list[tuple[int, date]]] = defaultdict(list)
        for card_pk, grade, day in _history(s, [card.id for card in cards]):
            answers[card_pk].append((grade, as_date(day)))
        states = [
            {"pk": card.id, **fsrs_values(_from_history(card, answers[card.id], cfg))}
            for card in cards
        ]
        s.execute(update(CARDS).where(CARDS.c.id == bindparam("pk")), states)  # executemany
        return [card.id for card in cards]


def due_column(store: Store) -> Any:
    """The column the queue orders by: FSRS's due date once FSRS is the chosen scheduler."""
    with store.read() as s:
        cfg = read_settings(s)
    if cfg.scheduler != "fsrs":
        return CardRow.due
    recompute(store)
    return CardRow.fsrs_due


def histories(store: Store) -> list[list[tuple[int, date]]]:
    """Every card's non-drill answers as (grade, study day), in order: what optimize fits."""
    by_card: dict[int, list[tuple[int, date]]] = defaultdict(list)
    stmt = (
        select(ReviewRow.card_pk, ReviewRow.grade, ReviewRow.study_day)
        .where(ReviewRow.drill.is_(False))
        .order_by(ReviewRow.card_pk, ReviewRow.reviewed_at, ReviewRow.id)
    )
    with store.read() as s:
        for card_pk, grade, day in s.execute(stmt.execution_options(yield_per=2000)):
            by_card[card_pk].append((grade, as_date(day)))
    return list(by_card.values())


def current_settings(store: Store) -> FsrsSettings:
    with store.read() as s:
        return read_settings(s)


def save_params(
    store: Store, params: fsrs.Params, progress: Callable[[int, int], object] | None = None
) -> int:
    """Store fitted parameters and recompute every card's memory with them (as Anki does), so
    that live updates and a fresh replay keep agreeing."""
    store.set_setting(PARAMS_KEY, fsrs.format_params(params))
    return recompute(store, only_missing=False, progress=progress)
