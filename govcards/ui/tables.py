"""Tables for the small commands: import reports, decks, the due forecast, settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from govcards.i18n import _
from govcards.settings import SETTINGS

if TYPE_CHECKING:  # types only: showing a table must not import the store (SQLAlchemy)
    from govcards.records import DeckSummary
    from govcards.store import ImportReport


def weekday(d: date) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[d.weekday()]


def show_import(console: Console, reports: Sequence[ImportReport], dry_run: bool) -> None:
    title = _("Import preview (--dry-run, nothing written)") if dry_run else _("Imported")
    table = Table(title=title, title_justify="left")
    columns = (_("deck"), _("notes"), _("added"), _("updated"), _("unchanged"), _("retired"))
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for r in reports:
        extra = _(" (+{n} restored)").format(n=r.restored) if r.restored else ""
        table.add_row(
            Text(r.deck_id),
            str(r.notes),
            str(r.added),
            f"{r.updated}{extra}",
            str(r.unchanged),
            str(r.retired),
        )
    console.print(table)
    for r in reports:
        for old in r.renamed_from:
            line = _("retired deck {old} (renamed to {new})")
            console.print(Text(line.format(old=old, new=r.deck_id)))
        if r.deck_restored:
            console.print(Text(_("restored deck {deck}").format(deck=r.deck_id)))
    cards = sum(r.cards_added for r in reports)
    retired = sum(r.cards_retired for r in reports)
    restored = sum(r.cards_restored for r in reports)
    line = _("cards: {added} added, {retired} retired, {restored} restored")
    console.print(line.format(added=cards, retired=retired, restored=restored))


def show_decks(console: Console, rows: Sequence[DeckSummary]) -> None:
    if not rows:
        console.print(
            _("No decks yet: run 'govcards review' (first run) or 'govcards import --bundled'.")
        )
        return
    table = Table(title=_("Decks"), title_justify="left")
    table.add_column(_("deck"), no_wrap=True)
    table.add_column(_("name"), overflow="ellipsis", min_width=8)
    for column in (_("cards"), _("new"), _("due"), _("suspended")):
        table.add_column(column, justify="right", no_wrap=True, min_width=max(4, cell_len(column)))
    for r in rows:
        table.add_row(
            Text(r.deck_id),
            Text(r.name, no_wrap=True, overflow="ellipsis"),
            str(r.total),
            str(r.new),
            str(r.due),
            str(r.suspended),
        )
    table.add_section()
    table.add_row(
        _("total"),
        "",
        *(str(sum(getattr(r, f) for r in rows)) for f in ("total", "new", "due", "suspended")),
    )
    console.print(table)


def show_due(
    console: Console, by_deck: Mapping[str, Mapping[date, int]], today: date, days: int
) -> None:
    dates = [today + timedelta(days=i) for i in range(days + 1)]
    title = _("Due (study day {day})").format(day=today.isoformat())
    table = Table(title=title, title_justify="left")
    table.add_column(_("deck"), overflow="ellipsis", no_wrap=True)
    table.add_column(_("today"), justify="right", no_wrap=True)
    for d in dates[1:]:
        table.add_column(f"{d:%m-%d}\n{weekday(d)}", justify="right", no_wrap=True, min_width=5)
    for deck_id in sorted(by_deck):
        counts = by_deck[deck_id]
        table.add_row(Text(deck_id), *(str(counts.get(d, 0)) for d in dates))
    table.add_section()
    table.add_row(_("total"), *(str(sum(c.get(d, 0) for c in by_deck.values())) for d in dates))
    console.print(table)


def show_config(console: Console, values: Mapping[str, str]) -> None:
    table = Table(title=_("Settings"), title_justify="left")
    table.add_column(_("key"))
    table.add_column(_("value"))
    table.add_column(_("default"))
    table.add_column(_("meaning"))
    for key, setting in SETTINGS.items():
        table.add_row(key, values.get(key, setting.default), setting.default, _(setting.help))
    console.print(table)
