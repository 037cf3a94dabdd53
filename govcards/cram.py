"""The exam run-up (``review --cram`` and the last ``cram_days`` before ``exam_date``), pure.

In the run-up the question is no longer "what is due?" but "what will I have forgotten on exam
day?": a card whose predicted exam-day recall is below the target comes forward, lowest first,
and a new card is only started while it can still mature before the exam.
"""

from __future__ import annotations

from datetime import date

from govcards import fsrs_scheduler as fsrs
from govcards.plan import maturity_days


def in_run_up(today: date, exam: date | None, cram_days: int) -> bool:
    """The last ``cram_days`` study days before the exam (the exam day itself included)."""
    return exam is not None and 0 <= (exam - today).days <= cram_days


def exam_recall(state: fsrs.FsrsState, exam: date, params: fsrs.Params) -> float:
    """Predicted recall on exam day if the card is not reviewed again before it."""
    return fsrs.retrievability(state, exam, params)


def needs_cram(
    state: fsrs.FsrsState, due_today: bool, exam: date, target: float, params: fsrs.Params
) -> float | None:
    """The card's exam-day recall when it belongs in the run-up queue (due, or below target),
    else None. The queue is sorted on this number, lowest first."""
    recall = exam_recall(state, exam, params)
    return recall if due_today or recall < target else None


def new_cards_allowed(today: date, exam: date, params: fsrs.Params, retention: float) -> bool:
    """A new card started today can still reach a mature interval by the exam."""
    return (exam - today).days >= maturity_days(params, retention)
