"""The review screen: a Rich panel per card, CJK-safe line input, feedback and grade keys.

All card text is rendered as ``Text`` (never markup), so a ``[bold]`` in a deck stays literal.
The screen only talks to the study engine; every answer is committed by the engine before the
next card is drawn, so quitting, Ctrl-C or a closed terminal loses nothing already answered.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.segment import Segment, Segments
from rich.text import Text

from govcards import grading
from govcards.cards import kind_label
from govcards.errors import CardChanged
from govcards.i18n import N_, _
from govcards.model import CardFace
from govcards.scheduler import PASS_GRADE, REDRILL_BELOW
from govcards.search.documents import note_title
from govcards.study import Feedback, Item, StudySession, Summary, assess

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyBindings

COMMANDS = {"u", "s", "b", "q", "?"}
GRADE_KEYS = "012345"
HELP = N_(
    "Type your answer and press Enter to compare; an empty Enter shows the answer.\n"
    "Outline points: one per line (an empty line ends), or on one line separated by 、；"
    " or spaces (one Enter ends).\n"
    "Grades: 0 blank · 1 wrong, remembered on seeing it · 2 wrong, but familiar ·"
    " 3 right, with effort · 4 right, after a pause · 5 perfect\n"
    "Enter takes the suggested grade · u undo the last card · s suspend this card ·"
    " b bury it for today · q quit · ? help\n"
    "Ctrl-C quits at any time: every card answered is saved."
)


class Keyboard(Protocol):
    def answer(self, prompt: str, multiline: bool) -> str: ...

    def key(self, prompt: str, allowed: str) -> str: ...


class PromptKeyboard:
    """prompt_toolkit input: full-width characters, IME composition and line editing work.

    Outline answers use a multi-line editor (Up and Down reach earlier lines). Enter finishes
    on an empty line, on a line that already holds several heads (a 、 or ； list) and on a
    command; otherwise it starts the next line, whose prompt says 空行结束.
    """

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession

        # two sessions: arguments given to PromptSession.prompt stick to the session
        self._line: PromptSession[str] = PromptSession()
        self._outline: PromptSession[str] = PromptSession(
            multiline=True,
            key_bindings=_outline_bindings(),
            prompt_continuation=_continuation,
        )

    def answer(self, prompt: str, multiline: bool) -> str:
        if not multiline:
            return self._line.prompt(prompt)
        return self._outline.prompt(prompt).rstrip("\n")

    def key(self, prompt: str, allowed: str) -> str:
        from prompt_toolkit import prompt as ask
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.key_binding.key_processor import KeyPressEvent

        discard_typeahead()
        bindings = KeyBindings()

        @bindings.add("<any>")
        def _ignore(event: KeyPressEvent) -> None:
            """Keys that mean nothing here are ignored rather than typed."""

        def _choose(choice: str) -> None:
            @bindings.add(choice)
            def _(event: KeyPressEvent) -> None:
                event.app.exit(result=choice)

        for choice in allowed:
            _choose(" " if choice == " " else choice)

        @bindings.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            event.app.exit(result="")

        return str(ask(prompt, key_bindings=bindings))


def _outline_bindings() -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.key_binding.key_processor import KeyPressEvent

    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if outline_finished(buffer.document.text, buffer.document.current_line):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    @bindings.add("escape", "enter")
    def _finish(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return bindings


def _continuation(width: int, line_number: int, wrap_count: int) -> str:
    return _("empty line ends › ").rjust(max(width, 6))


def outline_finished(text: str, current_line: str) -> bool:
    """Whether Enter ends an outline answer: an empty line, a command, or a one-line list."""
    line = current_line.strip()
    if not line:
        return True
    if line.lower() in COMMANDS:
        return True
    one_line = "\n" not in text.strip()
    return one_line and len(grading.split_heads(line)) > 1


def discard_typeahead() -> None:
    """Drop keys that arrived before the grade prompt was shown.

    A multi-line paste in a terminal without bracketed paste would otherwise answer the grade
    prompt with its next line break: input typed ahead of the prompt never grades a card.
    """
    import sys

    try:
        import termios

        from prompt_toolkit.application.current import get_app_session
        from prompt_toolkit.input.typeahead import clear_typeahead

        clear_typeahead(get_app_session().input)
        if sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # not a POSIX terminal: nothing was typed ahead
        return


class LineKeyboard:
    """Plain lines from a pipe (no terminal): the same protocol, for scripts and tests."""

    def __init__(self) -> None:
        import sys

        self._stdin = sys.stdin

    def _line(self, prompt: str) -> str:
        import sys

        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = self._stdin.readline()
        sys.stdout.write("\n")
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def answer(self, prompt: str, multiline: bool) -> str:
        return self._line(prompt)

    def key(self, prompt: str, allowed: str) -> str:
        line = self._line(prompt).strip()
        return line[:1] if line else ""


def make_keyboard() -> Keyboard:
    import sys

    return PromptKeyboard() if sys.stdin.isatty() and sys.stdout.isatty() else LineKeyboard()


def _days(n: int) -> str:
    return _("tomorrow") if n == 1 else _("{n}d").format(n=n)


def grade_spans(outcomes: dict[int, int], drill: bool) -> str:
    """What each grade does to the schedule, grades with the same outcome written once.

    A re-drill never moves the card, so it shows no intervals at all.
    """
    if drill:
        return _("re-drills don't move the schedule")
    groups: list[tuple[list[int], int]] = []
    for grade, interval in sorted(outcomes.items()):
        if (
            groups
            and groups[-1][1] == interval
            and (grade >= PASS_GRADE) == (groups[-1][0][0] >= PASS_GRADE)
        ):
            groups[-1][0].append(grade)
        else:
            groups.append(([grade], interval))
    parts = []
    for grades, interval in groups:
        label = f"{grades[0]}" if len(grades) == 1 else f"{grades[0]}-{grades[-1]}"
        again = _(" again") if grades[0] < PASS_GRADE else ""
        parts.append(f"{label}:{_days(interval)}{again}")
    return " ".join(parts)


class ReviewScreen:
    def __init__(self, console: Console, keyboard: Keyboard) -> None:
        self.console = console
        self.keyboard = keyboard
        self._notice: Text | None = None  # shown on the next card, after the screen is cleared
        self.interrupted = False  # Ctrl-C: the command exits 130, after the summary

    def run(self, session: StudySession) -> Summary:
        """Show cards until the queue is empty or the learner quits; returns the summary."""
        if session.current is None:
            self.console.print(Text(nothing_due(session.held_back())))
        try:
            while (item := session.current) is not None:
                if not self._one_card(session, item):
                    break
        except KeyboardInterrupt:
            self.interrupted = True
            self.console.print(Text("\n" + _("Stopped: every answer is saved.")))
        except EOFError:
            self.console.print(Text("\n" + _("Stopped: every answer is saved.")))
        summary = session.summary()
        self.show_summary(summary)
        return summary

    def _one_card(self, session: StudySession, item: Item) -> bool:
        """One card, from prompt to grade; False when the learner quits."""
        card_face = session.face(item)
        self.show_card(session, item, card_face)
        shown = time.monotonic()
        typed = self.keyboard.answer(_("Answer › "), card_face.mode == "outline")
        command = _command_in(typed)
        if command:
            return self._command(session, command)
        feedback = assess(card_face, typed) if typed.strip() else None
        pages = self.answer_pages(session, item, card_face, typed, feedback)
        page = 0
        while True:
            more = len(pages) > 1  # Space turns pages, from the last back to the first
            prompt = self._grade_prompt(session, item, feedback, more)
            allowed = GRADE_KEYS + "usbq?" + (" " if more else "")
            key = self.keyboard.key(prompt, allowed).lower()
            if key == " " and not more:
                continue  # Space is no grade (a line keyboard passes it on): only Enter is
            if key == " ":
                page = (page + 1) % len(pages)
                self._redraw(session, item, card_face, typed, pages[page], page, len(pages))
                continue
            key = key.strip()
            if key == "" and feedback is not None:
                key = str(feedback.suggested)
            if key in COMMANDS:
                if key == "?":
                    self.show_help()
                    continue
                return self._command(session, key)
            if key and key in GRADE_KEYS:
                return self._grade(session, int(key), shown)
            self.console.print(Text(_("Grade with 0–5 (? shows the keys)")))

    def _grade(self, session: StudySession, grade: int, shown: float) -> bool:
        duration = int((time.monotonic() - shown) * 1000)
        try:
            session.answer(grade, duration)
        except CardChanged:
            changed = _(
                "This card was just answered in another session: reloaded, answer it again."
            )
            self._notice = Text(changed, style="yellow")
            return True
        if grade < REDRILL_BELOW:
            self._notice = Text(
                _("↻ the last card comes back at the end of this session"), style="dim"
            )
        return True

    def _command(self, session: StudySession, command: str) -> bool:
        if command == "q":
            return False
        if command == "?":
            self.show_help()
        elif command == "u":
            try:
                back = session.undo()
            except CardChanged:
                self._notice = Text(
                    _("Cannot undo: this card changed in another session."), style="yellow"
                )
                return True
            self._notice = Text(_("Undone.") if back else _("Nothing to undo."))
        elif command == "s":
            session.suspend()
            self._notice = Text(_("The last card is suspended (it stays away until unsuspended)."))
        elif command == "b":
            session.bury()
            self._notice = Text(_("The last card is buried until tomorrow."))
        return True

    # -- drawing ----------------------------------------------------------------------------

    def _clear(self) -> None:
        """A fresh screen per card: no earlier answer stays visible above the next prompt."""
        if self.console.is_terminal:
            self.console.clear()

    def show_card(self, session: StudySession, item: Item, card_face: CardFace) -> None:
        self._clear()
        if self._notice is not None:
            self.console.print(self._notice)
            self._notice = None
        self.console.print(self._card_panel(session, item, card_face))

    def _card_panel(self, session: StudySession, item: Item, card_face: CardFace) -> Panel:
        due, new, drill = session.counts()
        card = item.card
        counts = _("Due {due} · new {new} · re-drill {drill}").format(due=due, new=new, drill=drill)
        counter = Text(counts, style="cyan")
        if item.drill:
            counter.append(_("  ↻ re-drill"), style="yellow")
        where = deck_and_topic(card.deck_name, card.topic_name or card.topic)
        return card_panel(card_face, where, counter)

    def answer_pages(
        self,
        session: StudySession,
        item: Item,
        card_face: CardFace,
        typed: str,
        feedback: Feedback | None,
    ) -> list[list[list[Segment]]]:
        """The answer panel cut into pages that fit under the prompt and the typed answer.

        The first page is drawn at once; Space shows the next, so a long case never scrolls
        the card's prompt or the learner's own answer off a 24-line screen.
        """
        panel = answer_panel(card_face, feedback)
        lines = self.console.render_lines(panel, self.console.options, pad=False)
        if not self.console.is_terminal:
            self._print_lines(lines)
            return [lines]
        # below the page: its "page n/m" line, then the grade prompt, which may wrap
        prompt = self._grade_prompt(session, item, feedback, more=True)
        prompt_rows = cell_len(prompt) // max(1, self.console.width) + 1
        head = self._head_height(session, item, card_face, typed)
        size = max(4, self.console.height - head - 1 - prompt_rows)
        pages = [lines[i : i + size] for i in range(0, len(lines), size)] or [[]]
        self._redraw(session, item, card_face, typed, pages[0], 0, len(pages))
        return pages

    def _head_height(
        self, session: StudySession, item: Item, card_face: CardFace, typed: str
    ) -> int:
        options = self.console.options
        card = self.console.render_lines(self._card_panel(session, item, card_face), options)
        mine = self.console.render_lines(_typed_text(typed), options, pad=False)
        return len(card) + len(mine)

    def _redraw(
        self,
        session: StudySession,
        item: Item,
        card_face: CardFace,
        typed: str,
        page: list[list[Segment]],
        number: int,
        total: int,
    ) -> None:
        self._clear()
        self.console.print(self._card_panel(session, item, card_face))
        self.console.print(_typed_text(typed))
        self._print_lines(page)
        if total > 1:
            self.console.print(
                Text(
                    _("(page {page}/{total} · Space for the next)").format(
                        page=number + 1, total=total
                    ),
                    style="dim",
                )
            )

    def _print_lines(self, lines: list[list[Segment]]) -> None:
        """Rendered lines, each ended by a line break: Rich adds none after ``Segments``, and a
        line that fills the width would leave the next prompt drawn over its last column."""
        for line in lines:
            self.console.print(Segments([*line, Segment.line()]), soft_wrap=True)

    def show_answer(self, card_face: CardFace, typed: str, feedback: Feedback | None) -> None:
        self.console.print(answer_panel(card_face, feedback))

    def _grade_prompt(
        self, session: StudySession, item: Item, feedback: Feedback | None, more: bool
    ) -> str:
        spans = grade_spans(session.outcomes(), item.drill)
        hint = _("Enter={grade} · ").format(grade=feedback.suggested) if feedback else ""
        page = _("Space next page · ") if more else ""
        prompt = _("Grade 0-5 ({page}{hint}{spans} · u undo s suspend b bury q quit ? help) › ")
        return prompt.format(page=page, hint=hint, spans=spans)

    def show_help(self) -> None:
        self.console.print(Panel(Text(_(HELP)), title=Text(_(" Keys ")), title_align="left"))

    def show_summary(self, summary: Summary) -> None:
        accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "—"
        minutes, seconds = divmod(int(summary.seconds), 60)
        lines = _(
            "Reviewed {reviewed} · new {new} · re-drilled {redrilled}\n"
            "Accuracy {accuracy} (grade 3 or more) · time {minutes} min {seconds:02d} s\n"
            "Due tomorrow: {due} card(s)"
        )
        text = Text(
            lines.format(
                reviewed=summary.reviewed,
                new=summary.new,
                redrilled=summary.redrilled,
                accuracy=accuracy,
                minutes=minutes,
                seconds=seconds,
                due=summary.due_tomorrow,
            )
        )
        if summary.drill:
            text = weak_text(summary)
        self.console.print(Panel(text, title=Text(_(" Summary ")), title_align="left"))


def weak_text(summary: Summary) -> Text:
    """A theme drill's summary: how much was drilled and what was weak (graded below 4)."""
    minutes, seconds = divmod(int(summary.seconds), 60)
    drilled = _(
        "Theme drill: {cards} card(s) (the schedule does not move) · time {minutes} min"
        " {seconds:02d} s"
    )
    text = Text(drilled.format(cards=summary.redrilled, minutes=minutes, seconds=seconds) + "\n")
    if not summary.weak:
        text.append(_("All mastered (every grade 4 or more)."))
        return text
    weak = _("Weak: {cards} card(s) (graded below 4), back at the end of today's review:")
    text.append(weak.format(cards=len(summary.weak)))
    for card in summary.weak:
        where = f"{card.deck_id}/{card.note_id} {card.key}"
        line = _("· [{kind}] {title} ({where})").format(
            kind=kind_label(card.kind), title=_short(note_title(card.note)), where=where
        )
        text.append("\n" + line)
    return text


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def nothing_due(held_back: int) -> str:
    """The empty-queue line, saying what is left and how to study it."""
    if held_back <= 0:
        return _("Nothing due today, and no new cards left.")
    extra = min(held_back, 10)
    return _(
        "Nothing due today. The daily new-card limit holds back {held} new card(s):"
        " govcards review --new {extra} learns {extra} more,"
        " or govcards config new_per_day 30 raises the daily limit."
    ).format(held=held_back, extra=extra)


def _typed_text(typed: str) -> Text:
    return Text(_("Your answer: ") + (typed if typed.strip() else _("(no answer)")), style="dim")


def _command_in(typed: str) -> str:
    """The command typed on the answer's last line (commands work on continuation lines)."""
    lines = [line.strip().lower() for line in typed.split("\n") if line.strip()]
    return lines[-1] if lines and lines[-1] in COMMANDS else ""


def deck_and_topic(deck_name: str, topic: str | None) -> str:
    """Where a card comes from; a topic the deck's name already says is not repeated."""
    return deck_name if not topic or topic in deck_name else f"{deck_name} · {topic}"


def card_panel(card_face: CardFace, where: str, counter: Text) -> Panel:
    """A card as it is asked: kind label, where it comes from, a status line, the prompt.

    Shared by the review screen and `govcards preview`, so a preview is what a review shows.
    """
    title = Text(f" {card_face.label} ", style="bold")
    body = Group(Text(where, style="dim"), counter, Text(""), Text(card_face.prompt))
    return Panel(body, title=title, title_align="left", expand=True)


def answer_panel(card_face: CardFace, feedback: Feedback | None) -> Panel:
    """The answer side, with the comparison of a typed answer when there is one."""
    answer = Text(card_face.answer)
    if card_face.highlight:
        answer.highlight_words([card_face.highlight], style="bold reverse")
    # per-head marks already list every expected head, in order: no need to print them twice
    outlined = card_face.mode == "outline" and feedback is not None and feedback.outline
    parts: list[Text | Group] = [] if outlined else [answer]
    if card_face.highlight:
        parts.append(Text(_("Blank: {blank}").format(blank=card_face.highlight), style="bold"))
    if feedback is not None:
        if parts:
            parts.append(Text(""))
        parts.append(_feedback(feedback))
    return Panel(Group(*parts), title=Text(_(" Answer ")), title_align="left")


def _feedback(feedback: Feedback) -> Group:
    lines: list[Text] = []
    if feedback.outline is not None:
        lines.extend(_outline_lines(feedback.outline))
    if feedback.keys is not None:
        lines.append(_keys_line(feedback.keys))
    if feedback.comparison is not None and feedback.keys is not None:
        similarity = f"{feedback.comparison.similarity:.0%}"
        line = _("Similarity to the original {similarity}").format(similarity=similarity)
        lines.append(Text(line, style="dim"))
    elif feedback.comparison is not None:
        lines.append(_diff_line(feedback.comparison))
    suggested = _("Suggested grade: {grade}").format(grade=feedback.suggested)
    lines.append(Text(suggested, style="bold"))
    return Group(*lines)


def _diff_line(comparison: grading.Comparison) -> Text:
    """Matching text plain, [missing] and (extra) marked, so it reads without colour too."""
    line = Text(_("Compared: "))
    for segment in comparison.segments:
        if segment.op == "equal":
            line.append(segment.text, style="green")
        elif segment.op == "missing":
            line.append(f"[{segment.text}]", style="bold red")
        else:
            line.append(f"({segment.text})", style="yellow strike")
    legend = _("   similarity {similarity} · [missing] (extra)")
    line.append(legend.format(similarity=f"{comparison.similarity:.0%}"), style="dim")
    return line


def _outline_lines(outline: grading.OutlineScore) -> list[Text]:
    lines: list[Text] = []
    for number, match in enumerate(outline.matches, 1):
        mark = "✓" if match.ok else "✗"
        line = Text(f"{mark} {number}. ", style="green" if match.ok else "red")
        line.append(match.expected)
        if match.typed and not match.ok:
            line.append(_("  ← you wrote: {typed}").format(typed=match.typed), style="dim")
        lines.append(line)
    if outline.extra:
        extra = _("Extra: {items}").format(items=_("; ").join(outline.extra))
        lines.append(Text(extra, style="yellow"))
    if not outline.in_order:
        lines.append(Text(_("Not in the original order"), style="yellow"))
    return lines


def _keys_line(keys: grading.KeyCoverage) -> Text:
    total = len(keys.present) + len(keys.missing)
    line = Text(_("Key words {present}/{total}: ").format(present=len(keys.present), total=total))
    for key in keys.present:
        line.append(f"✓{key} ", style="green")
    for key in keys.missing:
        line.append(f"✗{key} ", style="red")
    return line
