"""Tables for the small commands: import reports, decks, the due forecast, settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from govcards.settings import SETTINGS

if TYPE_CHECKING:  # types only: showing a table must not import the store (SQLAlchemy)
    from govcards.records import DeckSummary
    from govcards.store import ImportReport

WEEKDAYS = "一二三四五六日"


def show_import(console: Console, reports: Sequence[ImportReport], dry_run: bool) -> None:
    title = "导入预览（--dry-run，未写入）" if dry_run else "导入结果"
    table = Table(title=title, title_justify="left")
    for column in ("deck", "notes", "added", "updated", "unchanged", "retired"):
        table.add_column(column, justify="left" if column == "deck" else "right")
    for r in reports:
        extra = f" (+{r.restored} restored)" if r.restored else ""
        table.add_row(
            Text(r.deck_id),
            str(r.notes),
            str(r.added),
            f"{r.updated}{extra}",
            str(r.unchanged),
            str(r.retired),
        )
    console.print(table)
    cards = sum(r.cards_added for r in reports)
    retired = sum(r.cards_retired for r in reports)
    restored = sum(r.cards_restored for r in reports)
    console.print(f"cards: {cards} added, {retired} retired, {restored} restored")


def show_decks(console: Console, rows: Sequence[DeckSummary]) -> None:
    if not rows:
        console.print("No decks yet: run 'govcards import decks/' or 'govcards review'.")
        return
    table = Table(title="牌组 decks", title_justify="left")
    table.add_column("deck", no_wrap=True)
    table.add_column("name", overflow="fold")
    for column in ("cards", "new", "due", "suspended"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(
            Text(r.deck_id), Text(r.name), str(r.total), str(r.new), str(r.due), str(r.suspended)
        )
    table.add_section()
    table.add_row(
        "total",
        "",
        *(str(sum(getattr(r, f) for r in rows)) for f in ("total", "new", "due", "suspended")),
    )
    console.print(table)


def show_due(
    console: Console, by_deck: Mapping[str, Mapping[date, int]], today: date, days: int
) -> None:
    dates = [today + timedelta(days=i) for i in range(days + 1)]
    table = Table(title=f"到期 due (study day {today.isoformat()})", title_justify="left")
    table.add_column("deck", no_wrap=True)
    table.add_column("today", justify="right")
    for d in dates[1:]:
        table.add_column(f"{d:%m-%d}\n{WEEKDAYS[d.weekday()]}", justify="right")
    for deck_id in sorted(by_deck):
        counts = by_deck[deck_id]
        table.add_row(Text(deck_id), *(str(counts.get(d, 0)) for d in dates))
    table.add_section()
    table.add_row("total", *(str(sum(c.get(d, 0) for c in by_deck.values())) for d in dates))
    console.print(table)


def show_config(console: Console, values: Mapping[str, str]) -> None:
    table = Table(title="设置 config", title_justify="left")
    table.add_column("key")
    table.add_column("value")
    table.add_column("default")
    table.add_column("meaning")
    for key, setting in SETTINGS.items():
        table.add_row(key, values.get(key, setting.default), setting.default, setting.help)
    console.print(table)
