"""The result list of ``govcards find``: matched words highlighted with styles, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from govcards.i18n import _
from govcards.search import Hit
from govcards.ui.listing import kind_name

MATCH_STYLE = "bold yellow"


def highlighted(text: str, spans: Sequence[tuple[int, int]], base: str = "") -> Text:
    """Deck text as a literal Text with the matched stretches styled."""
    out = Text(text, style=base)
    for start, end in spans:
        out.stylize(MATCH_STYLE, start, end)
    return out


def show_hits(console: Console, query: str, hits: Sequence[Hit]) -> None:
    if not hits:
        console.print(Text(_("No note found for “{query}”.").format(query=query)))
        return
    for rank, hit in enumerate(hits, 1):
        line = Text(f"{rank:>2}. ")
        line.append(f"[{kind_name(hit.kind)}] ", style="cyan")
        line.append_text(highlighted(hit.title, hit.title_spans, "bold"))
        line.append(f"  {hit.deck}/{hit.note}", style="dim")
        line.append(f"  {hit.score:.2f}", style="dim")
        console.print(line)
        if hit.snippet and hit.snippet != hit.title:
            console.print(Text("    ").append_text(highlighted(hit.snippet, hit.snippet_spans)))
