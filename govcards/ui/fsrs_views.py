"""What optimize and plan print: short Chinese summaries and an 80-column workload chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # only the types: printing a plan must not load the optimizer or the store
    from govcards.exam_runtime import Countdown
    from govcards.optimize import Fit
    from govcards.plan import Plan


def show_fit(console: Console, fit: Fit, cards: int) -> None:
    """Before/after on the same log: lower log loss and RMSE mean better predictions."""
    table = Table(title=f"FSRS 参数拟合（{fit.reviews} 次复习）", title_justify="left")
    table.add_column("参数")
    table.add_column("对数损失", justify="right")
    table.add_column("RMSE", justify="right")
    table.add_row("拟合前", f"{fit.before.log_loss:.4f}", f"{fit.before.rmse:.4f}")
    table.add_row("拟合后", f"{fit.after.log_loss:.4f}", f"{fit.after.rmse:.4f}")
    console.print(table)
    console.print(f"已保存新参数，并按新参数重算了 {cards} 张卡片的记忆状态。", markup=False)


NAMES = {"sm2": "SM-2", "fsrs": "FSRS"}
KIND_NAMES = {"case": "案例", "structure": "结构", "quote": "金句", "basic": "问答"}
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
        title=f"每日复习分钟（周平均）· 距考试 {len(sm2.days)} 天"
        f" · 目标记忆率 {plan.retention:.0%}",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    chart.add_column("周起", no_wrap=True)
    chart.add_column("SM-2", justify="right", no_wrap=True)
    chart.add_column("", no_wrap=True, max_width=BAR_WIDTH)
    chart.add_column("FSRS", justify="right", no_wrap=True)
    chart.add_column("", no_wrap=True, max_width=BAR_WIDTH)
    for label, a_min, b_min in weeks:
        chart.add_row(label, f"{a_min:.0f}", _bar(a_min, peak), f"{b_min:.0f}", _bar(b_min, peak))
    console.print(chart)
    table = Table(title="考试日预测", title_justify="left")
    table.add_column("")
    for name in plan.outcomes:
        table.add_column(NAMES[name], justify="right")
    outcomes = list(plan.outcomes.values())
    table.add_row("复习次数", *(f"{sum(d.reviews for d in o.days)}" for o in outcomes))
    table.add_row("最多一天（分钟）", *(f"{max(d.minutes for d in o.days):.0f}" for o in outcomes))
    table.add_row("考试日记忆率", *(f"{o.exam_recall:.0%}" for o in outcomes))
    for kind in sm2.by_kind:
        label = f"  {KIND_NAMES.get(kind, kind)}"
        table.add_row(label, *(f"{o.by_kind.get(kind, 0):.0%}" for o in outcomes))
    for theme in sm2.by_theme:
        cells = (f"{o.by_theme.get(theme, 0):.0%}" for o in outcomes)
        table.add_row(Text(f"  主题 {theme}"), *cells)
    weakest = sorted(sm2.by_deck, key=lambda deck: sm2.by_deck[deck])[:WEAKEST_DECKS]
    for deck in weakest:  # the short table names only the decks that need the most work
        table.add_row(Text(f"  {deck}"), *(f"{o.by_deck.get(deck, 0):.0%}" for o in outcomes))
    console.print(table)
    line = f"新卡：每天 {plan.new_per_day} 张（建议 {plan.recommended_new} 张，才能在考前全部熟记）"
    if plan.unintroduced:
        line += f"；按此速度有 {plan.unintroduced} 张卡片到考试时还没学"
    console.print(line, markup=False)


def show_countdown(console: Console, countdown: Countdown | None) -> None:
    """One line under the stats dashboard once an exam date is set."""
    if countdown is None:
        return
    console.print(
        f"距考试（{countdown.exam}）还有 {countdown.days_left} 天；按 "
        f"{NAMES[countdown.scheduler]} 坚持每天复习，预计考试日记忆率 {countdown.recall:.0%}"
        "（govcards plan 查看每日安排）",
        markup=False,
    )
