"""The practice screen: the question, a timed outline and the names of the material, then the
score and the model material. All deck text is rendered as ``Text``, never as markup.

The countdown sits in the prompt and in prompt_toolkit's bottom toolbar, both redrawn every half
second; when time runs out, what is typed so far is taken as the answer and the rest of the
round is skipped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from govcards.i18n import N_, _
from govcards.model import CaseNote, QuoteNote, StructureNote
from govcards.practice.session import Linked, Question, RoundResult
from govcards.ui.listing import kind_name
from govcards.ui.review import _continuation, _outline_bindings, _outline_lines

OUTLINE_PROMPT = N_("Outline")
NAMES_PROMPT = N_("Cases/quotes")
NAMES_HINT = N_(
    "Write the cases and quotes you would use (names or a few key words, separated by 、 or"
    " new lines):"
)


class Timer(Protocol):
    def ask(self, prompt: str, deadline: float) -> tuple[str, bool]:
        """A multi-line answer typed before ``deadline`` (a ``time.monotonic()`` value);
        the flag says whether time ran out while typing."""
        ...


def clock_face(seconds_left: float) -> str:
    """Minutes and seconds left, rounded up (never shows 00:00 while time is left)."""
    minutes, seconds = divmod(max(0, int(seconds_left + 0.999)), 60)
    return f"{minutes:02d}:{seconds:02d}"


def countdown(seconds_left: float) -> str:
    """The toolbar text (drawn when the terminal reports its size)."""
    if seconds_left <= 0:
        return _(" Time is up ")
    return _(
        " {left} left · Enter on an empty line ends this part · Ctrl-D gives up the round "
    ).format(left=clock_face(seconds_left))


class PromptTimer:
    """prompt_toolkit input with the countdown in the bottom toolbar."""

    def ask(self, prompt: str, deadline: float) -> tuple[str, bool]:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.application.current import get_app

        if deadline <= time.monotonic():
            return "", True
        expired = False

        async def _stop() -> None:
            nonlocal expired
            await asyncio.sleep(max(0.0, deadline - time.monotonic()))
            app = get_app()
            if app.is_running and not app.is_done:
                expired = True
                app.exit(result=app.current_buffer.text)

        def _start() -> None:
            get_app().create_background_task(_stop())

        session: PromptSession[str] = PromptSession(
            multiline=True,
            key_bindings=_outline_bindings(),
            prompt_continuation=_continuation,
        )
        text = session.prompt(
            lambda: f"{prompt}［{clock_face(deadline - time.monotonic())}］› ",
            bottom_toolbar=lambda: countdown(deadline - time.monotonic()),
            refresh_interval=0.5,
            pre_run=_start,
        )
        return text.rstrip("\n"), expired


class LineTimer:
    """Plain lines from a pipe: an empty line ends an answer; time is checked afterwards."""

    def __init__(self) -> None:
        import sys

        self._stdin = sys.stdin
        self._stdout = sys.stdout

    def ask(self, prompt: str, deadline: float) -> tuple[str, bool]:
        self._stdout.write(f"{prompt} › ")
        self._stdout.flush()
        lines: list[str] = []
        while line := self._stdin.readline():
            line = line.rstrip("\r\n")
            if not line.strip():
                break
            lines.append(line)
        self._stdout.write("\n")
        return "\n".join(lines), time.monotonic() > deadline


def make_timer() -> Timer:
    import sys

    return PromptTimer() if sys.stdin.isatty() and sys.stdout.isatty() else LineTimer()


Finish = Callable[[str, str, int], RoundResult]


class PracticeScreen:
    def __init__(self, console: Console, timer: Timer) -> None:
        self.console = console
        self.timer = timer
        self.interrupted = False  # Ctrl-C: the command exits 130, after the summary

    def run(self, question: Question, minutes: float, finish: Finish) -> RoundResult | None:
        """Ask, time, score (through ``finish(outline, names, duration_ms)``), show."""
        self.console.print(question_panel(question, minutes))
        started = time.monotonic()
        deadline = started + minutes * 60
        try:
            outline, expired = self.timer.ask(_(OUTLINE_PROMPT), deadline)
            names = ""
            if not expired:
                self.console.print(Text(_(NAMES_HINT)))
                names, expired = self.timer.ask(_(NAMES_PROMPT), deadline)
        except (EOFError, KeyboardInterrupt) as stop:
            self.interrupted = isinstance(stop, KeyboardInterrupt)
            self.console.print(Text(_("Stopped: this round is not scored and not recorded.")))
            return None
        if expired:
            self.console.print(Text(_("Time is up: scored on what you wrote."), style="yellow"))
        result = finish(outline, names, int((time.monotonic() - started) * 1000))
        self.console.print(result_panel(question, result))
        self.console.print(material_panel(question))
        return result


def question_panel(question: Question, minutes: float) -> Panel:
    frame = f"【{question.frame}】" if question.frame else _("[Your own question]")
    from govcards.decks import bundled_themes

    catalog = bundled_themes()
    themes = " · ".join(catalog[t].name if t in catalog else t for t in question.themes)
    theme_line = _("  Theme: {themes}").format(themes=themes) if themes else ""
    lines = [Text(frame + theme_line, style="dim"), Text("")]
    lines.append(Text(question.prompt))
    lines.append(Text(""))
    lines.append(
        Text(
            _(
                "{minutes} minutes: first the outline (one point a line, an empty line ends it),"
                " then the cases and quotes you would use."
            ).format(minutes=f"{minutes:g}")
        )
    )
    return Panel(Group(*lines), title=Text(_(" Essay practice "), style="bold"), title_align="left")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def result_panel(question: Question, result: RoundResult) -> Panel:
    score = result.score
    outline = _percent(score.outline.score if score.outline else None)
    parts = [_("outline {score}").format(score=outline)]
    if score.uses is not None:
        hits = sum(m.typed is not None for m in score.names)
        parts.append(_("material {hits}/{total}").format(hits=hits, total=len(score.names)))
    total = _("Score {score} ({parts})").format(score=f"{score.total:.0%}", parts=" · ".join(parts))
    lines: list[Text] = [Text(total, style="bold")]
    if score.outline is not None:
        against = _("Outline compared with: {title}")
        lines.append(Text(against.format(title=_title_of(question, score.structure_ref)), "dim"))
        lines.extend(_outline_lines(score.outline))
    for match in score.names:
        label = kind_name(match.note.kind)
        line = Text(f"{'✓' if match.typed else '✗'} 【{label}】{_short_label(match.note)}")
        line.stylize("green" if match.typed else "red", 0, 1)
        if match.typed:
            line.append(f"  ← {match.typed}", style="dim")
        lines.append(line)
    if score.extra_names:
        unmatched = _("Not matched: {names}").format(names="、".join(score.extra_names))
        lines.append(Text(unmatched, style="yellow"))
    if result.grades:
        due = sum(not g.drill for g in result.grades)
        recorded = _(
            "Grades recorded for {n} card(s) ({due} due, scheduled; the rest as practice)"
        ).format(n=len(result.grades), due=due)
        lines.append(Text(recorded, style="dim"))
    if result.changed:
        changed = _("{n} card(s) were just answered in another session: not recorded.")
        lines.append(Text(changed.format(n=len(result.changed)), "yellow"))
    return Panel(Group(*lines), title=Text(_(" Score ")), title_align="left")


def material_panel(question: Question) -> Panel:
    """The model material: each structure's heads, each case's exam line, each quote."""
    title = _(" Model material ") if question.scored_uses else _(" Related material (search) ")
    if not question.linked:
        return Panel(Text(_("No related material found.")), title=Text(title), title_align="left")
    return Panel(
        Group(*(_material(x) for x in question.linked)), title=Text(title), title_align="left"
    )


def _material(linked: Linked) -> Text:
    note = linked.note
    if isinstance(note, StructureNote):
        text = Text(f"【{note.frame}】{note.title}", style="bold")
        for number, point in enumerate(note.points, 1):
            text.append(f"\n  {number}. {point.head}")
        return text
    if isinstance(note, CaseNote):
        text = Text(f"【{kind_name('case')}】{note.name or note.title}", style="bold")
        text.append(f"\n  {note.line or note.summary[:60]}")
        return text
    if isinstance(note, QuoteNote):
        text = Text(f"【{kind_name('quote')}】", style="bold")
        text.append(note.text + (f" ——{note.by}" if note.by else ""))
        return text
    return Text(f"【{kind_name(note.kind)}】{linked.ref}")


def _title_of(question: Question, ref: str | None) -> str:
    for x in question.linked:
        if x.ref == ref and isinstance(x.note, StructureNote):
            return x.note.title
    return ref or ""


def _short_label(note: object) -> str:
    for name in ("name", "title", "text"):
        value = getattr(note, name, None)
        if isinstance(value, str) and value:
            return value if len(value) <= 30 else value[:29] + "…"
    return str(getattr(note, "id", ""))
