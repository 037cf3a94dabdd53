"""Use cases around the exam date (``plan``, ``stats`` with its countdown, ``review`` with
cram): read the collection, run the pure plan, say what is wrong.

Kept apart from ``runtime.py`` (which it builds on) so that ``plan``, the ``stats`` countdown
and cram share one path from settings to a simulated exam day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from govcards.errors import InputError
from govcards.i18n import _
from govcards.plan import Plan, simulate
from govcards.runtime import Context, open_context, open_reports

if TYPE_CHECKING:
    from govcards.model import CardFilter
    from govcards.stats import Dashboard
    from govcards.store import StudyStore


def parse_exam(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            _("--exam: not a date YYYY-MM-DD: {value}").format(value=repr(text))
        ) from None


def exam_day(ctx: Context, exam: date | None) -> date:
    chosen = exam or ctx.config.exam_date
    if chosen is None:
        raise InputError(
            _("no exam date: use --exam YYYY-MM-DD, or govcards config exam_date YYYY-MM-DD")
        )
    if chosen <= ctx.today:
        raise InputError(
            _("the exam date {exam} is not after today ({today})").format(
                exam=chosen, today=ctx.today
            )
        )
    return chosen


def run_plan(
    ctx: Context,
    exam: date | None,
    retention: float | None,
    new_per_day: int | None,
    progress: Callable[[int, int], object] | None = None,
) -> Plan:
    from govcards.store.planning import plan_inputs

    target = retention if retention is not None else ctx.config.desired_retention
    if not 0.70 <= target <= 0.99:
        raise InputError(
            _("--retention: must be a number from 0.70 to 0.99, got {value}").format(value=target)
        )
    day = exam_day(ctx, exam)
    cards, params, review_seconds, new_seconds = plan_inputs(ctx.store)
    return simulate(
        cards,
        ctx.today,
        day,
        retention=target,
        params=params,
        new_per_day=new_per_day,
        review_seconds=review_seconds,
        new_seconds=new_seconds,
        progress=progress,
    )


@dataclass(frozen=True)
class Countdown:
    exam: date
    days_left: int
    scheduler: str
    recall: float


def exam_ahead(exam: date | None, today: date) -> bool:
    """Whether there is an exam date still to come (the stats then show a countdown)."""
    return exam is not None and exam > today


def countdown(ctx: Context) -> Countdown | None:
    """Days to the exam and predicted exam-day recall under the chosen scheduler (for stats)."""
    exam = ctx.config.exam_date
    if exam is None or not exam_ahead(exam, ctx.today):
        return None
    plan = run_plan(ctx, exam, None, ctx.config.new_per_day)
    recall = plan.outcomes[ctx.config.scheduler].exam_recall
    return Countdown(exam, (exam - ctx.today).days, ctx.config.scheduler, recall)


def countdown_json(countdown: Countdown | None) -> dict[str, object] | None:
    """The countdown as ``stats --json`` gives it: the same figures as the line under stats."""
    if countdown is None:
        return None
    return {
        "date": countdown.exam.isoformat(),
        "days_left": countdown.days_left,
        "scheduler": countdown.scheduler,
        "exam_recall": round(countdown.recall, 4),
    }


def study_store(ctx: Context, cram: bool) -> StudyStore:
    """The review queue: the exam run-up with --cram or in the last ``cram_days`` before
    ``exam_date``, else the ordinary one."""
    from govcards.cram import in_run_up
    from govcards.store import StudyStore

    exam = ctx.config.exam_date
    if cram and exam is None:
        raise InputError(_("--cram needs an exam date: govcards config exam_date YYYY-MM-DD"))
    if cram and exam is not None and exam < ctx.today:
        raise InputError(_("--cram: the exam date {exam} has passed").format(exam=exam))
    run_up = cram or in_run_up(ctx.today, exam, ctx.config.cram_days)
    if exam is not None and exam >= ctx.today and run_up:
        from govcards.store.cram import CramStudyStore

        return CramStudyStore(ctx.store, exam)
    return StudyStore(ctx.store)


def plan(
    location: str | None,
    exam: str | None,
    retention: float | None,
    new_per_day: int | None,
    progress: Callable[[int, int], object] | None = None,
) -> Plan:
    """``govcards plan``: the day-by-day workload to the exam, SM-2 beside FSRS."""
    day = parse_exam(exam)  # a bad date is bad input before anything is opened
    ctx = open_context(location)
    try:
        return run_plan(ctx, day, retention, new_per_day, progress)
    finally:
        ctx.store.close()


def stats(
    location: str | None, scope: CardFilter, days: int, deck: str | None
) -> tuple[Dashboard, Countdown | None]:
    """``govcards stats``: the dashboard, and the exam countdown when an exam is ahead."""
    from govcards.stats import build_dashboard

    ctx = open_reports(location, scope)
    rows = ctx.reports.stats_rows(ctx.today, days, deck, leech_lapses=ctx.config.leech_lapses)
    board = build_dashboard(rows, ctx.today, days, deck)
    ahead = exam_ahead(ctx.config.exam_date, ctx.today)  # the plan needs the full store
    return board, countdown(ctx.context()) if ahead else None
