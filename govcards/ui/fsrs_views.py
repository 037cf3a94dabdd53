"""What optimize and plan print: short Chinese summaries and an 80-column workload chart."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from govcards.optimize import Fit


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
