"""The ``govcards stats`` dashboard: numbers from ``govcards.stats``, drawn for an 80-column
terminal. Shading characters (· ░ ▒ ▓ █) carry the heatmap on their own, so it still reads
with NO_COLOR or on paper; colour only adds to them. Deck text is always shown literally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.console import Console
from rich.table import Table
from rich.text import Text

from govcards.stats import Dashboard, Mastery, Rate

WEEKDAYS = "一二三四五六日"
SHADES = "·░▒▓█"
BAR_WIDTH = 40


def shade(count: int, top: int) -> str:
    """· for no answers, then ░ ▒ ▓ █ by quarters of the busiest day."""
    if count <= 0 or top <= 0:
        return SHADES[0]
    return SHADES[min(4, max(1, -(-4 * count // top)))]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rate(rate: Rate) -> str:
    return "—" if not rate.reviews else f"{_percent(rate.rate)} ({rate.passed}/{rate.reviews})"


def _heading(console: Console, text: str) -> None:
    console.print()
    console.print(Text(text, style="bold"))


def _summary(console: Console, d: Dashboard) -> None:
    scope = f"deck {d.deck}" if d.deck else "all decks"
    console.print(Text(f"学习统计 stats · study day {d.study_day.isoformat()} · {scope}", "bold"))
    t, s = d.today, d.streak
    drills = f" · re-drills {t.drills}" if t.drills else ""
    console.print(Text(f"今日 today   reviewed {t.reviewed} · new {t.new}{drills}"))
    console.print(Text(f"            accuracy {_percent(t.accuracy)} · {t.minutes:g} min"))
    days = "day" if s.current == 1 else "days"
    hint = "" if s.studied_today or not s.current else " — review today to keep it"
    console.print(Text(f"连续 streak  {s.current} {days} (longest {s.longest}){hint}"))


def _month_row(weeks: Sequence[date]) -> Text:
    """Month labels above the week columns, where a month begins (cell-width aware)."""
    line = Text("   ")
    width, month = 0, None
    for i, monday in enumerate(weeks):
        label = f"{monday.month}月"
        if monday.month != month and 2 * i >= width:
            line.append(" " * (2 * i - width) + label)
            width = 2 * i + len(label) + 1  # 月 takes two cells
            month = monday.month
    return line


def _calendar(console: Console, d: Dashboard) -> None:
    _heading(console, f"日历 calendar: answers per day, last {(len(d.calendar) + 6) // 7} weeks")
    counts = dict(d.calendar)
    top = max(counts.values(), default=0)
    start = d.calendar[0][0]
    weeks = [start + timedelta(weeks=w) for w in range((len(d.calendar) + 6) // 7)]
    console.print(_month_row(weeks))
    for weekday in range(7):
        row = Text(f"{WEEKDAYS[weekday]} ")
        for monday in weeks:
            day = monday + timedelta(days=weekday)
            if day > d.study_day:
                row.append("  ")
                continue
            n = counts.get(day, 0)
            row.append(shade(n, top), style="green" if n else "dim")
            row.append(" ")
        console.print(row)
    legend = "   less " + " ".join(SHADES) + f" more  (busiest day: {top})"
    console.print(Text(legend, style="dim"))


def _forecast(console: Console, d: Dashboard) -> None:
    _heading(console, f"预测 due forecast: next {len(d.forecast)} days (overdue counted today)")
    top = max((n for _, n in d.forecast), default=0)
    for day, n in d.forecast:
        bar = "█" * (max(1, round(BAR_WIDTH * n / top)) if n else 0)
        row = Text(f"{day:%m-%d} {WEEKDAYS[day.weekday()]} ")
        row.append(bar, style="cyan")
        row.append(f" {n}" if n else "·")
        console.print(row)


def _retention(console: Console, d: Dashboard) -> None:
    r = d.retention
    _heading(console, f"保持率 true retention, last {r.days} days (first answer of the day ≥ 3)")
    console.print(Text(f"young  (interval < 21 d)   {_rate(r.young)}"))
    console.print(Text(f"mature (interval ≥ 21 d)   {_rate(r.mature)}"))
    console.print(Text(f"all                        {_rate(r.overall)}"))


def _mastery_table(title: str, first: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(first, overflow="fold")
    for column in ("cards", "new", "young", "mature"):
        table.add_column(column, justify="right")
    table.add_column("retention", justify="right", no_wrap=True)
    return table


def _mastery_row(table: Table, m: Mastery, indent: str = "") -> None:
    counts = (m.cards, m.new, m.young, m.mature)
    table.add_row(Text(indent + m.name), *(str(n) for n in counts), _rate(m.retention))


def _mastery(console: Console, d: Dashboard) -> None:
    if not d.topics:
        return
    console.print()
    table = _mastery_table("掌握 mastery by topic", "topic")
    decks = sorted({m.deck for m in d.topics if m.deck})
    for deck in decks:
        if len(decks) > 1:
            table.add_row(Text(deck, style="bold"), "", "", "", "", "")
        for m in d.topics:
            if m.deck == deck:
                _mastery_row(table, m, "  " if len(decks) > 1 else "")
    console.print(table)
    table = _mastery_table("掌握 mastery by kind", "kind")
    for m in d.kinds:
        _mastery_row(table, m)
    console.print(table)
    if d.themes:
        table = _mastery_table("掌握 mastery by theme 专题", "theme")
        for m in d.themes:
            _mastery_row(table, m)
        console.print(table)


def _practice(console: Console, d: Dashboard) -> None:
    p = d.practice
    if not p.rounds:
        return
    _heading(console, "申论练习 practice (govcards practice)")
    console.print(Text(f"rounds {p.rounds} · average score {_percent(p.average)}"))
    if p.weakest:
        names = {m.key: m.name for m in d.themes}
        weakest = " · ".join(f"{names.get(t, t)} {_percent(a)}" for t, a in p.weakest)
        console.print(Text(f"weakest themes: {weakest}"))


def _leeches(console: Console, d: Dashboard) -> None:
    if not d.leeches:
        return
    console.print()
    table = Table(title="易忘 leeches: most lapses", title_justify="left", title_style="bold")
    table.add_column("lapses", justify="right")
    table.add_column("card", overflow="fold")
    table.add_column("note", overflow="ellipsis", no_wrap=True, max_width=36)
    for x in d.leeches:
        card = Text(f"{x.deck}/{x.note}/{x.card}" + (" (suspended)" if x.suspended else ""))
        table.add_row(str(x.lapses), card, Text(x.label.replace("\n", " ")))
    console.print(table)


def show_dashboard(console: Console, d: Dashboard) -> None:
    _summary(console, d)
    _calendar(console, d)
    _forecast(console, d)
    _retention(console, d)
    _mastery(console, d)
    _practice(console, d)
    _leeches(console, d)
