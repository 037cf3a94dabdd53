"""The review screen: a Rich panel per card, CJK-safe line input, feedback and grade keys.

All card text is rendered as ``Text`` (never markup), so a ``[bold]`` in a deck stays literal.
The screen only talks to the study engine; every answer is committed by the engine before the
next card is drawn, so quitting, Ctrl-C or a closed terminal loses nothing already answered.
"""

from __future__ import annotations

import time
from typing import Protocol

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from govcards import grading
from govcards.model import CardFace
from govcards.study import Feedback, Item, StudySession, Summary, assess

COMMANDS = {"u", "s", "b", "q", "?"}
GRADE_KEYS = "012345"
HELP = (
    "输入答案后回车比对；空行回车直接看答案。\n"
    "对策要点：每行一条（空行结束），或用 、；， 分隔。\n"
    "评分：0 完全不会 · 1 错，看了想起 · 2 错，但很眼熟 · 3 对，很吃力 · 4 对，稍有犹豫 · 5 完美\n"
    "回车 采用建议评分 · u 撤销上一张 · s 暂停此卡 · b 今天先搁置 · q 退出 · ? 帮助\n"
    "Ctrl-C 随时退出：已作答的卡片都已保存。"
)


class Keyboard(Protocol):
    def answer(self, prompt: str, multiline: bool) -> str: ...

    def key(self, prompt: str, allowed: str) -> str: ...


class PromptKeyboard:
    """prompt_toolkit input: full-width characters, IME composition and line editing work."""

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession

        self._session: PromptSession[str] = PromptSession()

    def answer(self, prompt: str, multiline: bool) -> str:
        first = self._session.prompt(prompt)
        if not multiline or not first.strip() or first.strip() in COMMANDS:
            return first
        lines = [first]
        while line := self._session.prompt("   … "):
            lines.append(line)
        return "\n".join(lines)

    def key(self, prompt: str, allowed: str) -> str:
        from prompt_toolkit import prompt as ask
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.key_binding.key_processor import KeyPressEvent

        bindings = KeyBindings()

        @bindings.add("<any>")
        def _ignore(event: KeyPressEvent) -> None:
            """Keys that mean nothing here are ignored rather than typed."""

        def _choose(choice: str) -> None:
            @bindings.add(choice)
            def _(event: KeyPressEvent) -> None:
                event.app.exit(result=choice)

        for choice in allowed:
            _choose(choice)

        @bindings.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            event.app.exit(result="")

        return str(ask(prompt, key_bindings=bindings))


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
    return "明天" if n == 1 else f"{n}天"


class ReviewScreen:
    def __init__(self, console: Console, keyboard: Keyboard) -> None:
        self.console = console
        self.keyboard = keyboard

    def run(self, session: StudySession) -> Summary:
        """Show cards until the queue is empty or the learner quits; returns the summary."""
        if session.current is None:
            self.console.print(Text("今天没有到期的卡片 · nothing due today."))
        try:
            while (item := session.current) is not None:
                if not self._one_card(session, item):
                    break
        except (KeyboardInterrupt, EOFError):
            self.console.print(Text("\n已退出：作答都已保存。"))
        summary = session.summary()
        self.show_summary(summary)
        return summary

    def _one_card(self, session: StudySession, item: Item) -> bool:
        """One card, from prompt to grade; False when the learner quits."""
        card_face = session.face(item)
        self.show_card(session, item, card_face)
        shown = time.monotonic()
        typed = self.keyboard.answer("答 › ", card_face.mode == "outline")
        command = typed.strip().lower()
        if command in COMMANDS:
            return self._command(session, command)
        feedback = assess(card_face, typed) if typed.strip() else None
        self.show_answer(card_face, typed, feedback)
        while True:
            prompt = self._grade_prompt(session, feedback)
            key = self.keyboard.key(prompt, GRADE_KEYS + "usbq?").strip().lower()
            if key == "" and feedback is not None:
                key = str(feedback.suggested)
            if key in COMMANDS:
                if key == "?":
                    self.show_help()
                    continue
                return self._command(session, key)
            if key and key in GRADE_KEYS:
                duration = int((time.monotonic() - shown) * 1000)
                session.answer(int(key), duration)
                if int(key) < 4:
                    self.console.print(Text("↻ 本卡将在本轮末尾重练", style="dim"))
                return True
            self.console.print(Text("请按 0–5 评分（? 查看按键）"))

    def _command(self, session: StudySession, command: str) -> bool:
        if command == "q":
            return False
        if command == "?":
            self.show_help()
        elif command == "u":
            back = session.undo()
            message = "已撤销上一步。" if back else "没有可撤销的操作。"
            self.console.print(Text(message))
        elif command == "s":
            session.suspend()
            self.console.print(Text("已暂停此卡（不再出现，直到恢复）。"))
        elif command == "b":
            session.bury()
            self.console.print(Text("已搁置到明天。"))
        return True

    # -- drawing ----------------------------------------------------------------------------

    def show_card(self, session: StudySession, item: Item, card_face: CardFace) -> None:
        due, new, drill = session.counts()
        card = item.card
        counter = Text(f"待复习 {due} · 新卡 {new} · 重练 {drill}", style="cyan")
        if item.drill:
            counter.append("  ↻ 重练", style="yellow")
        where = deck_and_topic(card.deck_name, card.topic_name or card.topic)
        self.console.print(card_panel(card_face, where, counter))

    def show_answer(self, card_face: CardFace, typed: str, feedback: Feedback | None) -> None:
        self.console.print(answer_panel(card_face, feedback))

    def _grade_prompt(self, session: StudySession, feedback: Feedback | None) -> str:
        outcomes = session.outcomes()
        spans = " ".join(f"{q}:{_days(s.interval)}" for q, s in outcomes.items() if q >= 3)
        hint = f"回车={feedback.suggested} · " if feedback is not None else ""
        return f"评分 0-5（{hint}{spans} · u撤销 s暂停 b搁置 q退出 ?帮助）› "

    def show_help(self) -> None:
        self.console.print(Panel(Text(HELP), title=Text(" 按键 "), title_align="left"))

    def show_summary(self, summary: Summary) -> None:
        accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "—"
        minutes, seconds = divmod(int(summary.seconds), 60)
        text = Text(
            f"复习 {summary.reviewed} · 新卡 {summary.new} · 重练 {summary.redrilled}\n"
            f"正确率 {accuracy}（评分≥3） · 用时 {minutes}分{seconds:02d}秒\n"
            f"明天到期 {summary.due_tomorrow} 张"
        )
        self.console.print(Panel(text, title=Text(" 本次小结 "), title_align="left"))


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
    outlined = feedback is not None and feedback.outline is not None
    parts: list[Text | Group] = [] if outlined else [answer]
    if card_face.highlight:
        parts.append(Text(f"空：{card_face.highlight}", style="bold"))
    if feedback is not None:
        if parts:
            parts.append(Text(""))
        parts.append(_feedback(feedback))
    return Panel(Group(*parts), title=Text(" 答案 "), title_align="left")


def _feedback(feedback: Feedback) -> Group:
    lines: list[Text] = []
    if feedback.outline is not None:
        lines.extend(_outline_lines(feedback.outline))
    if feedback.keys is not None:
        lines.append(_keys_line(feedback.keys))
    if feedback.comparison is not None and feedback.keys is not None:
        lines.append(Text(f"与原文相似度 {feedback.comparison.similarity:.0%}", style="dim"))
    elif feedback.comparison is not None:
        lines.append(_diff_line(feedback.comparison))
    lines.append(Text(f"建议评分：{feedback.suggested}", style="bold"))
    return Group(*lines)


def _diff_line(comparison: grading.Comparison) -> Text:
    """Matching text plain, [missing] and (extra) marked, so it reads without colour too."""
    line = Text("比对：")
    for segment in comparison.segments:
        if segment.op == "equal":
            line.append(segment.text, style="green")
        elif segment.op == "missing":
            line.append(f"[{segment.text}]", style="bold red")
        else:
            line.append(f"({segment.text})", style="yellow strike")
    line.append(f"   相似度 {comparison.similarity:.0%} · [缺漏] (多余)", style="dim")
    return line


def _outline_lines(outline: grading.OutlineScore) -> list[Text]:
    lines: list[Text] = []
    for number, match in enumerate(outline.matches, 1):
        mark = "✓" if match.ok else "✗"
        line = Text(f"{mark} {number}. ", style="green" if match.ok else "red")
        line.append(match.expected)
        if match.typed and not match.ok:
            line.append(f"  ← 你写的：{match.typed}", style="dim")
        lines.append(line)
    if outline.extra:
        lines.append(Text("多余：" + "；".join(outline.extra), style="yellow"))
    if not outline.in_order:
        lines.append(Text("顺序与原文不同", style="yellow"))
    return lines


def _keys_line(keys: grading.KeyCoverage) -> Text:
    total = len(keys.present) + len(keys.missing)
    line = Text(f"要点词 {len(keys.present)}/{total}：")
    for key in keys.present:
        line.append(f"✓{key} ", style="green")
    for key in keys.missing:
        line.append(f"✗{key} ", style="red")
    return line
