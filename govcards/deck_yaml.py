"""Strict YAML for deck files: bytes → a node tree in which every value keeps its position.

The tree is built from libyaml's events (when present) without recursion, and nothing is ever
constructed from a tag, so a deck can never execute anything. Anything YAML allows but a deck
must not use (anchors and aliases, several documents, tabs, deep nesting) is reported as a
``Problem`` with its line and column, never raised.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from govcards.i18n import N_, _

MAX_DECK_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32  # a deck nests 6 deep; far deeper input is refused before it can exhaust a stack
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STD_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {STD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
ALIAS_TAG = "govcards:alias"  # stands in for an alias, which is reported where it occurs
_DEEP = N_("nested more than {depth} levels deep")
NO_ANCHORS = N_("anchors and aliases are not allowed in deck files")
_QUOTED_START = re.compile(r"""(?:^|:|-)\s*(["'])[^"']*\1\s*[^\s,\]}#]""")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    note: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}: "
        return (
            where
            + (_("note '{note}': ").format(note=self.note) if self.note else "")
            + self.message
        )


def _yaml_problem(path: str, text: str, exc: yaml.YAMLError) -> Problem:
    """Turn a YAML syntax error into a line-numbered problem, with a hint for a common slip."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None)
    opened = getattr(exc, "context_mark", None)
    if opened is not None and context and "quoted scalar" in context:
        mark = opened  # an unterminated quote fails at the end of the file: point at its start
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    character = getattr(exc, "character", None)
    if mark is None and isinstance(character, int) and chr(character) in text:
        # a reader error (a control character) has a position, counted in bytes by libyaml
        # and in characters by the pure-Python reader: find the character itself instead
        offset = text.index(chr(character))
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    detail = f"{context + ', ' if context else ''}{problem}"  # libyaml's own words
    message = _("YAML syntax error: {detail}").format(detail=detail)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if _QUOTED_START.search(source_line):
        message += _(
            " — a value that starts with a quote mark must be quoted as a whole"
            " ('\"…\"…') or use Chinese quotes “…”"
        )
    return Problem(path, line, col, message)


def _decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_DECK_BYTES:
        limit = MAX_DECK_BYTES // (1024 * 1024)
        return None, [
            Problem(path, 1, 1, _("deck file is larger than {limit} MB").format(limit=limit))
        ]
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [Problem(path, line, col, _("not UTF-8 text: save the deck file as UTF-8"))]
    if not text.strip():
        return None, [Problem(path, 1, 1, _("empty file: a deck needs 'deck', 'id' and 'notes'"))]
    problems: list[Problem] = []
    for number, line_text in enumerate(text.splitlines(), start=1):
        if "\t" in line_text:
            col = line_text.index("\t") + 1
            problems.append(Problem(path, number, col, _("tab character: indent with spaces")))
    return text, problems


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(
    variant
    for word in ("yes", "no", "true", "false", "on", "off")
    for variant in (word, word.capitalize(), word.upper())
)


def _plain_tag(value: str) -> str:
    """The tag of a plain scalar, as far as decks care: null, bool, or text.

    Numbers and dates are read as their literal text anyway, so only null and bool need
    YAML 1.1's resolution; a set lookup is much cheaper than the resolver's regexes.
    """
    if value in _NULLS:
        return STD_TAG + "null"
    if value in _BOOLS:
        return STD_TAG + "bool"
    return STD_TAG + "str"


def _compose(path: str, text: str, loader: Any = _LOADER) -> tuple[Node | None, list[Problem]]:
    """The node tree of a one-document file, built from the parser's events without recursion.

    The tree is None when the file is refused outright (too deep, a second document).

    ``yaml.compose`` recurses once per nesting level (libyaml's composer can crash the process on
    a few kilobytes of brackets), resolves aliases silently and forgets unused anchors; this
    builds the same nodes iteratively and reports every anchor and alias where it is written.
    """
    problems: list[Problem] = []
    resolve: Any = yaml.resolver.Resolver().resolve
    events: Iterable[Any] = yaml.parse(text, Loader=loader)
    # each open collection: its node, and for a mapping the key still waiting for its value
    stack: list[tuple[Any, list[Node]]] = []
    root: Node | None = None
    documents = 0

    def refuse(mark: Any, message: str) -> None:
        problems.append(Problem(path, mark.line + 1, mark.column + 1, message))

    for event in events:
        kind = type(event)
        node: Any
        if kind is ScalarEvent:
            if event.anchor is not None:
                refuse(
                    event.start_mark,
                    _("{rule} (anchor '&{anchor}')").format(
                        rule=_(NO_ANCHORS), anchor=event.anchor
                    ),
                )
            tag = event.tag
            if tag is None or tag == "!":
                tag = _plain_tag(event.value) if event.implicit[0] else STD_TAG + "str"
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                refuse(
                    event.start_mark,
                    _("{rule} (anchor '&{anchor}')").format(
                        rule=_(NO_ANCHORS), anchor=event.anchor
                    ),
                )
            cls = MappingNode if kind is MappingStartEvent else SequenceNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(cls, None, event.implicit)
            stack.append((cls(tag, [], event.start_mark, None, event.flow_style), []))
            if len(stack) > MAX_DEPTH:
                refuse(event.start_mark, _(_DEEP).format(depth=MAX_DEPTH))
                return None, problems
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        elif kind is AliasEvent:
            refuse(
                event.start_mark,
                _("{rule} (alias '*{anchor}')").format(rule=_(NO_ANCHORS), anchor=event.anchor),
            )
            node = ScalarNode(ALIAS_TAG, "", event.start_mark, event.end_mark)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(
                    event.start_mark,
                    _(
                        "YAML syntax error: a deck file holds one YAML document,"
                        " but found another document"
                    ),
                )
                return None, problems
            continue
        else:
            continue
        if not stack:
            root = node
        else:
            parent, pending = stack[-1]
            if type(parent) is SequenceNode:
                parent.value.append(node)
            elif pending:
                parent.value.append((pending.pop(), node))
            else:
                pending.append(node)
    return root, problems


def _too_deep(path: str, text: str, exc: yaml.YAMLError) -> Problem | None:
    """govcards' own refusal of deep nesting, when that is why the parser gave up.

    libyaml (0.2.6 and later) refuses deep flow nesting itself, in its own words, before any
    event reaches the depth check. To keep one contract whatever libyaml version is installed,
    the text up to the failing line is read again by PyYAML's pure-Python parser, which has no
    such limit and streams events, so the depth check sees the nesting first.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    prefix = text if mark is None else "\n".join(text.split("\n", mark.line + 1)[: mark.line + 1])
    try:
        __, found = _compose(path, prefix, yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    deep = _(_DEEP).format(depth=MAX_DEPTH)
    return next((p for p in found if p.message == deep), None)


def _is_control(c: str) -> bool:
    """C0, DEL and C1 controls, but not the newline and tab that text may hold."""
    return c not in "\n\t" and (c < " " or "\x7f" <= c <= "\x9f")


def _refuse_controls(path: str, root: Node) -> list[Problem]:
    """Every key or value holding a control character (an ESC sequence can retitle or rewrite a
    terminal), refused where it is written. The value is then cleaned in place, so no later
    message that echoes it (an unknown key) carries the character to a terminal either.
    """
    problems: list[Problem] = []
    pending: list[Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, ScalarNode):
            value = str(node.value)
            bad = [c for c in value if _is_control(c)]
            if bad:
                mark = node.start_mark
                code = f"U+{ord(bad[0]):04X}"
                problems.append(
                    Problem(
                        path,
                        mark.line + 1,
                        mark.column + 1,
                        _(
                            "control character {code} in text: only newline and tab are allowed"
                        ).format(code=code),
                    )
                )
                node.value = "".join("\ufffd" if _is_control(c) else c for c in value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                pending.extend((value, key))
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
    return problems


def read_yaml(path: str, data: bytes) -> tuple[Node | None, list[Problem]]:
    """A deck file's node tree and the problems found on the way; None when unreadable."""
    text, problems = _decode(path, data)
    if text is None:
        return None, problems
    try:
        root, found = _compose(path, text)
    except yaml.YAMLError as exc:
        failure = _too_deep(path, text, exc) or _yaml_problem(path, text, exc)
        if any(p.line == failure.line for p in problems):
            return None, problems  # the tab on that line is why: it is reported once, as a tab
        return None, [*problems, failure]
    problems.extend(found)
    if root is not None:
        problems.extend(_refuse_controls(path, root))
    if root is None and not found:
        problems.append(Problem(path, 1, 1, _("empty file: a deck needs 'deck', 'id' and 'notes'")))
    return root, problems
