"""``govcards optimize``: fit FSRS-6 parameters to the learner's own review log (fsrs-rs).

Pure over histories (each card's non-drill answers as (grade, study day), in order), so that a
test can hand it a simulated learner. The same log scores the default and the fitted parameters,
so the before/after numbers compare like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from govcards import fsrs_scheduler as fsrs
from govcards.errors import GovcardsError
from govcards.i18n import _

MIN_REVIEWS = 400  # answers after a card's first: fewer and the fit mostly echoes its noise
History = Sequence[tuple[int, date]]


class NotEnoughReviews(GovcardsError):
    """Too short a log to fit: exit 1, saying how many more answers are needed."""

    def __init__(self, have: int, need: int) -> None:
        super().__init__(
            _(
                "not enough reviews to fit: {have} usable, at least {need} needed ({missing}"
                " more); review for a while, then run govcards optimize again"
            ).format(have=have, need=need, missing=need - have)
        )
        self.have = have
        self.need = need


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    params: fsrs.Params
    reviews: int
    before: Score
    after: Score


def training_items(histories: Sequence[History]) -> list[FSRSItem]:
    """fsrs-rs items: every prefix of a card's answers that ends in a later-day answer."""
    items: list[FSRSItem] = []
    for history in histories:
        reviews: list[FSRSReview] = []
        days: list[int] = []
        last: date | None = None
        for grade, day in history:
            days.append(0 if last is None else (day - last).days)
            reviews.append(FSRSReview(fsrs.rating(grade), days[-1]))
            last = day
            if len(reviews) >= 2 and days[-1] > 0:
                items.append(FSRSItem(list(reviews)))
    return items


def score(params: Sequence[float], items: Sequence[FSRSItem]) -> Score:
    evaluation = FSRS(list(params)).evaluate(items)
    return Score(float(evaluation.log_loss), float(evaluation.rmse_bins))


STAGES = 4  # items built, parameters fitted, old scored, new scored


def fit(
    histories: Sequence[History],
    current: fsrs.Params = fsrs.DEFAULT_PARAMS,
    progress: Callable[[int, int], object] | None = None,
) -> Fit:
    """Fit parameters; ``before`` scores ``current`` (the defaults, or the last fit).
    ``progress(done, STAGES)`` after each stage: fsrs-rs reports nothing while it trains."""
    tell = progress or (lambda done, total: None)
    items = training_items(histories)
    if len(items) < MIN_REVIEWS:
        raise NotEnoughReviews(len(items), MIN_REVIEWS)
    tell(1, STAGES)
    fitted = tuple(
        float(p)
        for p in FSRS(list(fsrs.DEFAULT_PARAMS)).compute_parameters(
            items,
            enable_short_term=False,  # study days only: no same-day answers move the schedule
        )
    )
    tell(2, STAGES)
    before = score(current, items)
    tell(3, STAGES)
    after = score(fitted, items)
    tell(4, STAGES)
    return Fit(fitted, len(items), before, after)
