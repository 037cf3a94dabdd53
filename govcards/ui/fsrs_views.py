"""What optimize and plan print: short summaries in the reader's language and an 80-column
workload chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from govcards.i18n import _
from govcards.ui.listing import kind_name

if TYPE_CHECKING:  # only the types: printing a plan must not load the optimizer or the store
    from govcards.exam_runtime import Countdown
    from govcards.optimize import Fit
    from govcards.plan import Plan


def show_fit(console: Console, fit: Fit, cards: int) -> None:
    """Before/after on the same log: lower log loss and RMSE mean better predictions."""
    title = _("FSRS parameter fit ({n} reviews)").format(n=fit.reviews)
    table = Table(title=title, title_justify="left")
    table.add_column(_("Parameters"))
    table.add_column(_("Log loss"), justify="right")
    table.add_column("RMSE", justify="right")
    table.add_row(_("Before"), f"{fit.before.log_loss:.4f}", f"{fit.before.rmse:.4f}")
    table.add_row(_("After"), f"{fit.after.log_loss:.4f}", f"{fit.after.rmse:.4f}")
    console.print(table)
    saved = _("New parameters saved; the memory state of {n} card(s) recomputed with them.")
    console.print(saved.format(n=cards), markup=False)


NAMES = {"sm2": "SM-2", "fsrs": "FSRS"}
BAR_WIDTH = 24
WEAKEST_DECKS = 5


def _bar(value: float, peak: float) -> str:
    cells = 0 if peak <= 0 else round(value / peak * BAR_WIDTH)
    return "█" * cells


def show_plan(console: Console, plan: Plan) -> None:
    """Weekly minutes per scheduler as bars, then totals and exam-day recall, in 80 columns."""
    sm2, fsrs_ = plan.outcomes["sm2"], plan.outcomes["fsrs"]
    weeks: list[tuple[str, float, float]] = []
    for start in range(0, len(sm2.days), 7):
        a, b = sm2.days[start : start + 7], fsrs_.days[start : start + 7]
        weeks.append(
            (
                a[0].date.strftime("%m-%d"),
                sum(d.minutes for d in a) / len(a),
                sum(d.minutes for d in b) / len(b),
            )
        )
    peak = max([max(w[1], w[2]) for w in weeks] or [0.0])
    chart = Table(
        title=_(
            "Review minutes a day (weekly average) · {days} days to the exam"
            " · target recall {retention}"
        ).format(days=len(sm2.days), retention=f"{plan.retention:.0%}"),
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    chart.add_column(_("Week of"), no_wrap=True)
    chart.add_column("SM-2", justify="right", no_wrap=True)
    chart.add_column("", no_wrap=True, max_width=BAR_WIDTH)
    chart.add_column("FSRS", justify="right", no_wrap=True)
    chart.add_column("", no_wrap=True, max_width=BAR_WIDTH)
    for label, a_min, b_min in weeks:
        chart.add_row(label, f"{a_min:.0f}", _bar(a_min, peak), f"{b_min:.0f}", _bar(b_min, peak))
    console.print(chart)
    table = Table(title=_("Exam-day forecast"), title_justify="left")
    table.add_column("")
    for name in plan.outcomes:
        table.add_column(NAMES[name], justify="right")
    outcomes = list(plan.outcomes.values())
    table.add_row(_("Reviews"), *(f"{sum(d.reviews for d in o.days)}" for o in outcomes))
    busiest = (f"{max(d.minutes for d in o.days):.0f}" for o in outcomes)
    table.add_row(_("Busiest day (minutes)"), *busiest)
    table.add_row(_("Exam-day recall"), *(f"{o.exam_recall:.0%}" for o in outcomes))
    for kind in sm2.by_kind:
        label = f"  {kind_name(kind)}"
        table.add_row(label, *(f"{o.by_kind.get(kind, 0):.0%}" for o in outcomes))
    for theme in sm2.by_theme:
        cells = (f"{o.by_theme.get(theme, 0):.0%}" for o in outcomes)
        table.add_row(Text("  " + _("theme {theme}").format(theme=theme)), *cells)
    weakest = sorted(sm2.by_deck, key=lambda deck: sm2.by_deck[deck])[:WEAKEST_DECKS]
    for deck in weakest:  # the short table names only the decks that need the most work
        table.add_row(Text(f"  {deck}"), *(f"{o.by_deck.get(deck, 0):.0%}" for o in outcomes))
    console.print(table)
    line = _("New cards: {n} a day ({advised} advised, to know them all before the exam)").format(
        n=plan.new_per_day, advised=plan.recommended_new
    )
    if plan.unintroduced:
        line += _("; at this pace {n} card(s) are still unlearnt on exam day").format(
            n=plan.unintroduced
        )
    console.print(line, markup=False)


def show_countdown(console: Console, countdown: Countdown | None) -> None:
    """One line under the stats dashboard once an exam date is set."""
    if countdown is None:
        return
    line = _(
        "{days} days to the exam ({exam}); reviewing daily with {scheduler}, expected exam-day"
        " recall {recall} (govcards plan shows each day)"
    ).format(
        exam=countdown.exam,
        days=countdown.days_left,
        scheduler=NAMES[countdown.scheduler],
        recall=f"{countdown.recall:.0%}",
    )
    console.print(line, markup=False)
