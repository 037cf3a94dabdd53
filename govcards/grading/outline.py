"""Outline heads (outline and point-N cards): split what was typed, match heads by meaning.

Typed text is cut into pieces at line breaks, ；; 、 ，, ：: 。 and spaces, and list numbering
(1. 一是 ① 第一 首先 …) is stripped. Each piece is labelled with the expected head whose
content words it shares (see :mod:`words`); the pieces of one head are joined again, so a
head that itself contains ， or 、 is never split into "extra" heads. A head is credited by how
much of its content the joined pieces cover: a gist (骨干队伍建设 for 建设骨干队伍, 组织强化
for 从领导组织上做好强化) counts in full, a distinctive key word (组织) nearly so. All heads in
order give 5; a wrong order costs one grade; a missing head costs its share.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from govcards.grading import words
from govcards.grading.fold import keys
from govcards.grading.scale import cap, suggest_grade

FULL_COVER = 0.6
"""A head counts in full when its joined pieces cover this much of its weighted content."""

SHOWN_OK = 0.85
"""Credit from which a head is shown as ✓ (below it the learner's words are shown with ✗)."""

PIECE_PRECISION = 0.6
"""A piece belongs to a head only when at least this much of it is the head's content."""

_HARD = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029;；﹔]+")
_SOFT = re.compile("([,，﹐、﹑:：﹕。｡\\s]+)")

_DIGITS = "0-9０-９"
_CN_NUMERALS = "一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾"
_AFTER_NUMBER = ".．、,，:：)）"

_NUMBERING = tuple(
    re.compile(pattern)
    for pattern in (
        r"^[-－—–*＊•·・▪●○◆◇■□►▶>＞]+\s*",
        rf"^[(（\[［【〔]\s*(?:[{_DIGITS}]{{1,3}}|[{_CN_NUMERALS}]{{1,4}}|[A-Za-zＡ-Ｚａ-ｚ])"
        rf"\s*[)）\]］】〕]\s*[{_AFTER_NUMBER}]?\s*",
        rf"^[\u2460-\u24ff\u2776-\u2793\u3220-\u3229\u3251-\u325f\u3280-\u3289\u32b1-\u32bf]"
        rf"\s*[{_AFTER_NUMBER}]?\s*",
        rf"^[{_DIGITS}]{{1,3}}(?:[.．](?![{_DIGITS}])|[、,，:：)）]|\s|$)\s*",
        rf"^第\s*(?:[{_DIGITS}]{{1,3}}|[{_CN_NUMERALS}]{{1,4}})\s*(?:是|点|条|项|个方面|方面)?"
        rf"(?:[{_AFTER_NUMBER}]|\s|$)\s*",
        rf"^[{_CN_NUMERALS}]{{1,3}}是\s*[{_AFTER_NUMBER}]?\s*",
        rf"^[{_CN_NUMERALS}]{{1,4}}(?:[{_AFTER_NUMBER}]|$)\s*",
        rf"^(?:首先|其次|再次|然后|最后|此外|另外|同时|其[{_CN_NUMERALS}])(?:[{_AFTER_NUMBER}]|\s|$)\s*",
    )
)


def strip_numbering(piece: str) -> str:
    """Remove leading list numbering, repeatedly, so "1. 一是建设…" becomes "建设…"."""
    for _ in range(8):  # bounded: each pass removes at least one character
        before = piece
        for pattern in _NUMBERING:
            piece = pattern.sub("", piece, count=1).strip()
        if piece == before:
            break
    return piece


@dataclass(frozen=True)
class Piece:
    """One typed piece: its text, its line, and whether a comma (not 、 or a line) preceded it."""

    text: str
    line: int
    after_comma: bool


def split_pieces(typed: str) -> list[Piece]:
    """Cut typed text into pieces; numbering-only and punctuation-only pieces are dropped."""
    pieces: list[Piece] = []
    for line_no, line in enumerate(_HARD.split(typed)):
        line = strip_numbering(line.strip())
        parts = _SOFT.split(line)
        separator = ""
        for index, part in enumerate(parts):
            if index % 2:
                separator = part
                continue
            text = strip_numbering(part.strip())
            if keys(text):
                comma = bool(separator) and any(c in ",，﹐" for c in separator)
                pieces.append(Piece(text, line_no, comma))
    return pieces


def split_heads(typed: str) -> list[str]:
    """The typed pieces' text, numbering stripped (what the learner's heads were cut into)."""
    return [p.text for p in split_pieces(typed)]


@dataclass(frozen=True)
class HeadMatch:
    """How one expected head was answered: the learner's words for it and their credit 0..1.

    ``typed`` is None when nothing typed was about this head; ``ok`` marks a full or nearly
    full answer; ``typed_position`` is the index of its first typed piece.
    """

    expected: str
    typed: str | None
    similarity: float
    ok: bool
    typed_position: int | None


@dataclass(frozen=True)
class OutlineScore:
    """Per-head marks, typed pieces about no head (reported, not penalised), order, grade."""

    matches: tuple[HeadMatch, ...]
    extra: tuple[str, ...]
    in_order: bool
    score: float
    suggested: int


def head_credit(cover: float) -> float:
    """Credit for a head whose weighted content the answer covers by ``cover`` (0..1)."""
    if cover >= FULL_COVER:
        return 1.0
    if cover >= 0.2:
        return 0.9 + 0.1 * (cover - 0.2) / (FULL_COVER - 0.2)
    return 0.6 + 1.5 * cover if cover > 0 else 0.0


def _label(piece: words.Keys, heads: list[words.Keys], table: dict[str, float]) -> int | None:
    """The head this piece is about, or None: most of the piece must be that head's content,
    and what it shares must include the head's most telling character or a quarter of it."""
    best: tuple[float, float] | None = None
    label = None
    for index, head in enumerate(heads):
        precision = words.coverage(piece, head, table)
        if precision < PIECE_PRECISION:
            continue
        marks = words.covered(head, piece)
        head_weights = [words.weight(k, table) for k in head]
        total = sum(head_weights)
        top = max(head_weights, default=0.0)
        shared = sum(w for m, w in zip(marks, head_weights, strict=True) if m >= 1.0)
        telling = any(
            m >= 1.0 and w >= top - 1e-9 for m, w in zip(marks, head_weights, strict=True)
        )
        if not (telling or (total and shared / total >= 0.25)):
            continue
        rank = (precision, words.coverage(head, piece, table))
        if best is None or rank > best:
            best, label = rank, index
    return label


def match_pieces(pieces: Sequence[str], heads: Sequence[str], ordered: bool = True) -> OutlineScore:
    """Score typed pieces against expected heads (or list items when ``ordered`` is False)."""
    return _score([Piece(p, i, False) for i, p in enumerate(pieces)], heads, ordered)


def score_outline(typed: str, heads: Sequence[str]) -> OutlineScore:
    """Score a typed outline against the expected ordered heads."""
    return _score(split_pieces(typed), heads, True)


def _score(pieces: list[Piece], heads: Sequence[str], ordered: bool) -> OutlineScore:
    head_keys = [keys(h) for h in heads]
    table = words.idf_weights(head_keys) if head_keys else {}
    piece_keys = [keys(p.text) for p in pieces]
    labels = [_label(k, head_keys, table) for k in piece_keys]
    for i, piece in enumerate(pieces):  # a clause after a comma belongs to its sentence's head
        if labels[i] is None and piece.after_comma and i and pieces[i - 1].line == piece.line:
            labels[i] = labels[i - 1]
    for i in range(len(pieces) - 2, -1, -1):
        nxt = pieces[i + 1]
        if labels[i] is None and nxt.after_comma and nxt.line == pieces[i].line:
            labels[i] = labels[i + 1]

    matches: list[HeadMatch] = []
    for index, head in enumerate(heads):
        mine = [i for i, label in enumerate(labels) if label == index]
        if not mine:
            matches.append(HeadMatch(head, None, 0.0, False, None))
            continue
        joined = tuple(k for i in mine for k in piece_keys[i])
        credit = head_credit(words.coverage(head_keys[index], joined, table))
        text = "，".join(pieces[i].text for i in mine)
        matches.append(HeadMatch(head, text, credit, credit >= SHOWN_OK, mine[0]))

    extra = tuple(p.text for p, label in zip(pieces, labels, strict=True) if label is None)
    positions = [m.typed_position for m in matches if m.typed_position is not None]
    in_order = not ordered or all(a < b for a, b in itertools.pairwise(positions))
    score = sum(m.similarity for m in matches) / len(heads) if heads else 0.0
    suggested = suggest_grade(score)
    if not in_order and suggested > 1:
        suggested -= 1
        score = cap(score, suggested)
    return OutlineScore(tuple(matches), extra, in_order, score, suggested)
