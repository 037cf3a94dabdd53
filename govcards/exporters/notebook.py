"""``export notebook --format md``: the decks as a printable 素材本 (material book).

Grouped the way a candidate revises: deck, then topic, then kind. Cases with their place,
summary, measures and effects; structures as numbered heads with 一是/二是 sub-points; quotes
with their blanks in bold and the attribution; basic notes as 问/答.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from govcards.model import BasicNote, CaseNote, Note, QuestionNote, QuoteNote, StructureNote
from govcards.records import DeckNotes

KIND_HEADINGS = {"case": "案例", "structure": "分析框架", "quote": "金句", "basic": "问答"}
OTHER_TOPIC = "其他"
_DIGITS = "零一二三四五六七八九"
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三, 100 → 一百, 105 → 一百零五 (for 一是/二是…);
    from 10000 on, Arabic digits (no structure has that many sub-points, but none may crash)."""
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, gap = "", False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            gap = bool(out)
            continue
        out += ("零" if gap else "") + _DIGITS[digit] + unit
        gap = False
    return out


def blank_spans(text: str, blanks: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, end, blank number from 1) of every occurrence of each blank, never overlapping:
    where two blanks overlap, the one listed first keeps the characters."""
    taken: list[tuple[int, int, int]] = []
    for number, blank in enumerate(blanks, 1):
        start = text.find(blank) if blank else -1
        while start >= 0:
            end = start + len(blank)
            if all(end <= a or start >= b for a, b, _ in taken):
                taken.append((start, end, number))
            start = text.find(blank, end)
    return sorted(taken)


def _md(text: str) -> str:
    """Deck text shown literally: Markdown punctuation escaped, line breaks folded."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split("\n")))


def _quote_text(note: QuoteNote) -> str:
    out, at = [], 0
    for start, end, _ in blank_spans(note.text, note.blanks):
        out += [_md(note.text[at:start]), f"**{_md(note.text[start:end])}**"]
        at = end
    return "".join([*out, _md(note.text[at:])])


def _case(note: CaseNote, n: int) -> list[str]:
    lines = [f"**{n}. {_md(note.title)}**", ""]
    if note.place:
        lines.append(f"- 地点：{_md(note.place)}")
    lines.append(f"- 概述：{_md(note.summary)}")
    for label, items in (("做法", note.measures), ("成效", note.effects)):
        if items:
            lines.append(f"- {label}：")
            lines += [f"  {i}. {_md(item)}" for i, item in enumerate(items, 1)]
    if note.keys:
        lines.append(f"- 关键词：{'、'.join(_md(k) for k in note.keys)}")
    return lines


def _structure(note: StructureNote, n: int) -> list[str]:
    lines = [f"**{n}. 【{_md(note.frame)}】{_md(note.title)}**", ""]
    for i, point in enumerate(note.points, 1):
        lines.append(f"{i}. **{_md(point.head)}**")
        lines += [f"   - {chinese_ordinal(j)}是{_md(d)}" for j, d in enumerate(point.detail, 1)]
    return lines


def _quote(note: QuoteNote, _n: int) -> list[str]:
    lines = [f"> {_quote_text(note)}"]
    if note.by:
        lines += [">", f"> —— {_md(note.by)}"]
    return lines


def _basic(note: BasicNote, _n: int) -> list[str]:
    return [f"**问：** {_md(note.front)}", "", f"**答：** {_md(note.back)}"]


def _note_lines(note: Note, n: int) -> list[str]:
    if isinstance(note, CaseNote):
        return _case(note, n)
    if isinstance(note, StructureNote):
        return _structure(note, n)
    if isinstance(note, QuoteNote):
        return _quote(note, n)
    if isinstance(note, QuestionNote):  # not under KIND_HEADINGS: listed only if that changes
        return [f"**题：** {_md(note.prompt)}"]
    return _basic(note, n)


def _topics(deck: DeckNotes) -> list[str | None]:
    used = {note.topic for note in deck.notes}
    ordered: list[str | None] = [t for t in deck.topics if t in used]
    ordered += sorted(t for t in used if t and t not in deck.topics)
    return ordered + ([None] if None in used else [])


def _deck_lines(deck: DeckNotes) -> Iterator[str]:
    yield f"## {_md(deck.name)}"
    if deck.description:
        yield f"*{_md(deck.description)}*"
    topics = _topics(deck)
    for topic in topics:
        notes = [note for note in deck.notes if note.topic == topic]
        if topics != [None]:
            name = deck.topics.get(topic, topic) if topic else OTHER_TOPIC
            yield f"### {_md(name)}"
        for kind, heading in KIND_HEADINGS.items():
            of_kind = [note for note in notes if note.kind == kind]
            if of_kind:
                yield f"#### {heading}"
            for n, note in enumerate(of_kind, 1):
                yield "\n".join(_note_lines(note, n))


def notebook_lines(decks: Sequence[DeckNotes]) -> Iterator[str]:
    """The 素材本 as Markdown, block by block (each ends with a blank line)."""
    yield "# 申论素材本\n\n"
    for deck in decks:
        if deck.notes:
            for block in _deck_lines(deck):
                yield block + "\n\n"
