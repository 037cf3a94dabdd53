"""Scoring one practice round: the outline against the question's structures, the cases and
quotes the learner named against the ones the question uses.

Names are typed from memory, so they are matched by content-word overlap (the grader's
character bigrams), not by exact text: 象山村民说事, 村民说事 and the note id ``xiangshan-shuoshi``
all name the same case; a few characters of a quote (最后一公里) name that quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from govcards.grading import OutlineScore, score_outline
from govcards.grading.fold import keys, normalize
from govcards.grading.words import coverage
from govcards.model import CaseNote, Note, QuoteNote, StructureNote

# a name's pieces: one per line, or separated by 、，,；; and spaces
_NAME_SPLIT = re.compile(r"[\n、，,；;/|]+|\s{1,}")
NAME_PRECISION = 0.8  # most of what was typed must be the note's words
NAME_RECALL = 0.5  # and it must say at least half of a short name
NAME_WORDS = 4  # or be four characters of it (江阴党员联户): only the question's notes compete
QUOTE_FRAGMENT = 4  # a quote is named by at least this many of its characters in a row


@dataclass(frozen=True)
class NameMatch:
    """One note the question uses and what the learner typed for it (None: not named)."""

    ref: str
    note: Note
    typed: str | None


@dataclass(frozen=True)
class RoundScore:
    """A round's parts, each 0..1: ``uses`` is None when there is nothing to check names
    against (a typed question), ``outline`` None when no structure is linked."""

    outline: OutlineScore | None
    structure_ref: str | None  # the linked structure the outline matched best
    names: tuple[NameMatch, ...]
    extra_names: tuple[str, ...]  # typed names that match no used note (shown, not penalised)
    uses: float | None

    @property
    def outline_score(self) -> float:
        return self.outline.score if self.outline is not None else 0.0

    @property
    def total(self) -> float:
        parts = [
            p for p in (self.outline.score if self.outline else None, self.uses) if p is not None
        ]
        return sum(parts) / len(parts) if parts else 0.0


def name_pieces(typed: str) -> list[str]:
    return [p.strip() for p in _NAME_SPLIT.split(typed) if keys(p.strip())]


def _labels(note: Note) -> list[str]:
    """What a learner may call a note from memory."""
    if isinstance(note, CaseNote):
        labels = [note.title, note.name or ""]
        if note.place and note.name:
            labels.append(note.place + note.name)
        return [label for label in labels if label]
    if isinstance(note, QuoteNote):
        return [note.text]
    if isinstance(note, StructureNote):
        return [note.title]
    return [getattr(note, "front", "") or note.id]


def name_credit(piece: str, note: Note) -> float:
    """How well a typed piece names ``note``, 0..1 (0: it names something else)."""
    if normalize(piece) == normalize(note.id) or piece.strip() == note.id:
        return 1.0
    typed = keys(piece)
    if len(typed) < 2:
        return 0.0
    best = 0.0
    for label in _labels(note):
        label_keys = keys(label)
        precision = coverage(typed, label_keys)
        if precision < NAME_PRECISION:
            continue
        if isinstance(note, QuoteNote):
            fragment = normalize(piece) in normalize(label) and len(typed) >= QUOTE_FRAGMENT
            best = max(
                best, precision if fragment or (precision >= 0.95 and len(typed) >= 6) else 0
            )
            continue
        recall = coverage(label_keys, typed)
        short = keys(getattr(note, "name", None) or "")
        name_recall = coverage(short, typed) if short else recall
        if max(recall, name_recall) >= NAME_RECALL or len(typed) >= NAME_WORDS:
            best = max(best, (precision + max(recall, name_recall)) / 2)
    return best


def match_names(typed: str, used: Sequence[tuple[str, Note]]) -> tuple[list[NameMatch], list[str]]:
    """Each used note with the typed piece that names it best (a piece names one note)."""
    pieces = name_pieces(typed)
    credits = [[name_credit(piece, note) for _, note in used] for piece in pieces]
    taken: dict[int, int] = {}  # note index → piece index
    ranked = sorted(
        ((c, p, n) for p, row in enumerate(credits) for n, c in enumerate(row) if c > 0),
        reverse=True,
    )
    used_pieces: set[int] = set()
    for _, p, n in ranked:
        if n in taken or p in used_pieces:
            continue
        taken[n] = p
        used_pieces.add(p)
    matches = [
        NameMatch(ref, note, pieces[taken[n]] if n in taken else None)
        for n, (ref, note) in enumerate(used)
    ]
    extra = [piece for p, piece in enumerate(pieces) if p not in used_pieces]
    return matches, extra


def best_outline(
    typed: str, structures: Sequence[tuple[str, StructureNote]]
) -> tuple[OutlineScore | None, str | None]:
    """The linked structure the outline answers best, and its score."""
    best: tuple[OutlineScore | None, str | None] = (None, None)
    for ref, note in structures:
        scored = score_outline(typed, [p.head for p in note.points])
        if best[0] is None or scored.score > best[0].score:
            best = (scored, ref)
    return best


def score_round(
    outline: str,
    names: str,
    structures: Sequence[tuple[str, StructureNote]],
    named: Sequence[tuple[str, Note]] | None,
) -> RoundScore:
    """Score a round. ``named`` is the cases, quotes and other notes the question uses besides
    its structures; None for a typed question (no ``uses`` score)."""
    scored, ref = best_outline(outline, structures)
    if named is None:
        return RoundScore(scored, ref, (), tuple(name_pieces(names)), None)
    matches, extra = match_names(names, named)
    uses = sum(m.typed is not None for m in matches) / len(matches) if matches else None
    return RoundScore(scored, ref, tuple(matches), tuple(extra), uses)
