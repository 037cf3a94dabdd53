"""The ``govcards stats`` dashboard: numbers from ``govcards.stats``, drawn for an 80-column
terminal. Shading characters (· ░ ▒ ▓ █) carry the heatmap on their own, so it still reads
with NO_COLOR or on paper; colour only adds to them. Deck text is always shown literally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from govcards.i18n import _
from govcards.stats import Dashboard, Mastery, Rate

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
    day = d.study_day.isoformat()
    if d.deck:
        title = _("Study statistics · study day {day} · deck {deck}").format(day=day, deck=d.deck)
    else:
        title = _("Study statistics · study day {day} · all decks").format(day=day)
    console.print(Text(title, "bold"))
    t, s = d.today, d.streak
    line = _("Today: {reviewed} reviewed · {new} new").format(reviewed=t.reviewed, new=t.new)
    if t.drills:
        line += _(" · {n} re-drilled").format(n=t.drills)
    console.print(Text(line))
    accuracy = _("Accuracy: {accuracy} · {minutes} min")
    console.print(Text(accuracy.format(accuracy=_percent(t.accuracy), minutes=f"{t.minutes:g}")))
    streak = _("Streak: {current} day(s) (longest {longest})").format(
        current=s.current, longest=s.longest
    )
    if s.current and not s.studied_today:
        streak += _(" — review today to keep it")
    console.print(Text(streak))


def _month_labels(weeks: Sequence[date]) -> list[tuple[int, str]]:
    """(column, label) for the first week and for each week in which a month begins, so the
    current month is labelled as soon as it starts; a label that would run into the next one
    gives way to it."""
    found: list[tuple[int, str]] = []
    for i, monday in enumerate(weeks):
        sunday = monday + timedelta(days=6)
        if monday.day == 1 or sunday.month != monday.month:  # a month begins this week
            found.append((i, _month(sunday.month)))
        elif i == 0:
            found.append((i, _month(monday.month)))
    kept: list[tuple[int, str]] = []
    for n, (i, label) in enumerate(found):
        after = found[n + 1][0] if n + 1 < len(found) else None
        if after is None or 2 * i + cell_len(label) < 2 * after:
            kept.append((i, label))
    return kept


def _month(number: int) -> str:
    return _("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec").split()[number - 1]


def _month_row(weeks: Sequence[date]) -> Text:
    """Month labels above the week columns (two cells a week), cell-width aware."""
    line = Text("   ")
    width = 0
    for i, label in _month_labels(weeks):
        line.append(" " * max(0, 2 * i - width) + label)
        width = max(width, 2 * i) + cell_len(label)
    return line


def _calendar(console: Console, d: Dashboard) -> None:
    weeks_shown = (len(d.calendar) + 6) // 7
    _heading(console, _("Calendar: answers per day, last {weeks} weeks").format(weeks=weeks_shown))
    counts = dict(d.calendar)
    top = max(counts.values(), default=0)
    start = d.calendar[0][0]
    weeks = [start + timedelta(weeks=w) for w in range(weeks_shown)]
    console.print(_month_row(weeks))
    for weekday in range(7):
        row = Text(f"{_weekday(weekday)} ")
        for monday in weeks:
            day = monday + timedelta(days=weekday)
            if day > d.study_day:
                row.append("  ")
                continue
            n = counts.get(day, 0)
            row.append(shade(n, top), style="green" if n else "dim")
            row.append(" ")
        console.print(row)
    legend = _("less {shades} more (busiest day: {top})").format(shades=" ".join(SHADES), top=top)
    console.print(Text("   " + legend, style="dim"))


def _weekday(index: int) -> str:
    """One cell-pair per weekday: 一…日 in Chinese, Mo…Su in English."""
    return _("Mo Tu We Th Fr Sa Su").split()[index]


def _forecast(console: Console, d: Dashboard) -> None:
    title = _("Due forecast: next {days} days (overdue counted today)")
    _heading(console, title.format(days=len(d.forecast)))
    top = max((n for _day, n in d.forecast), default=0)
    for day, n in d.forecast:
        bar = "█" * (max(1, round(BAR_WIDTH * n / top)) if n else 0)
        row = Text(f"{day:%m-%d} {_weekday(day.weekday())} ")
        row.append(bar, style="cyan")
        row.append(f" {n}" if n else "·")
        console.print(row)


def _retention(console: Console, d: Dashboard) -> None:
    r = d.retention
    title = _("True retention, last {days} days (first answer of the day 3 or more)")
    _heading(console, title.format(days=r.days))
    rows = (
        (_("young (interval under 21 days)"), r.young),
        (_("mature (interval 21 days or more)"), r.mature),
        (_("all"), r.overall),
    )
    width = max(cell_len(label) for label, _rate_of in rows) + 2
    for label, rate in rows:
        console.print(Text(label + " " * (width - cell_len(label)) + _rate(rate)))


def _mastery_table(title: str, first: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(first, overflow="fold")
    for column in (_("cards"), _("new"), _("young"), _("mature")):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column(_("retention"), justify="right", no_wrap=True)
    return table


def _mastery_row(table: Table, m: Mastery, indent: int = 0) -> None:
    counts = (m.cards, m.new, m.young, m.mature)
    name = Padding(Text(m.name, overflow="fold"), (0, 0, 0, indent))  # wrapped lines keep it
    table.add_row(name, *(str(n) for n in counts), _rate(m.retention))


def _studied(m: Mastery) -> bool:
    return m.new < m.cards


def _mastery(console: Console, d: Dashboard) -> None:
    if not d.topics:
        return
    studied = [m for m in d.topics if _studied(m)]
    if studied:
        console.print()
        table = _mastery_table(_("Mastery by topic"), _("topic"))
        decks = sorted({m.deck for m in studied if m.deck})
        for deck in decks:
            if len(decks) > 1:
                table.add_row(Text(deck, style="bold"), "", "", "", "", "")
            for m in studied:
                if m.deck == deck:
                    _mastery_row(table, m, 2 if len(decks) > 1 else 0)
        console.print(table)
    fresh = [m for m in d.topics if not _studied(m)]
    if fresh:
        line = _("{topics} topic(s) not studied yet ({cards} new cards): not listed")
        cards = sum(m.cards for m in fresh)
        if not studied:
            console.print()
        console.print(Text(line.format(topics=len(fresh), cards=cards), style="dim"))
    table = _mastery_table(_("Mastery by kind"), _("kind"))
    for m in d.kinds:
        _mastery_row(table, m)
    console.print(table)
    if d.themes:
        table = _mastery_table(_("Mastery by theme"), _("theme"))
        for m in d.themes:
            _mastery_row(table, m)
        console.print(table)


def _practice(console: Console, d: Dashboard) -> None:
    p = d.practice
    if not p.rounds:
        return
    _heading(console, _("Essay practice (govcards practice)"))
    line = _("rounds {rounds} · average score {average}")
    console.print(Text(line.format(rounds=p.rounds, average=_percent(p.average))))
    if p.weakest:
        names = {m.key: m.name for m in d.themes}
        weakest = " · ".join(f"{names.get(t, t)} {_percent(a)}" for t, a in p.weakest)
        console.print(Text(_("weakest themes: {themes}").format(themes=weakest)))


def _leeches(console: Console, d: Dashboard) -> None:
    if not d.leeches:
        return
    console.print()
    table = Table(title=_("Leeches: most lapses"), title_justify="left", title_style="bold")
    table.add_column(_("lapses"), justify="right")
    table.add_column(_("card"), overflow="fold")
    table.add_column(_("note"), overflow="ellipsis", no_wrap=True, max_width=36)
    for x in d.leeches:
        suspended = _(" (suspended)") if x.suspended else ""
        card = Text(f"{x.deck}/{x.note}/{x.card}" + suspended)
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
