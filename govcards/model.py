"""Domain values shared by every layer: frozen, so nothing downstream changes a deck by accident."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from govcards.card_filter import CardFilter as CardFilter  # re-exported: its home is small
from govcards.scheduler import Sm2State

if TYPE_CHECKING:  # a type only: reading cards need not load the FSRS library
    from govcards.fsrs_scheduler import FsrsState

Kind = Literal["case", "structure", "quote", "basic"]  # the kinds that make review cards
KINDS: tuple[Kind, ...] = ("case", "structure", "quote", "basic")
NoteKind = Kind | Literal["question"]
NOTE_KINDS: tuple[NoteKind, ...] = (*KINDS, "question")  # a question is material, not a card
KIND_LABELS: dict[str, str] = {
    "case": "案例",
    "structure": "对策",
    "quote": "金句",
    "basic": "问答",
    "question": "题目",
}
PRIORITIES: tuple[str, ...] = ("core", "extra")  # 必背 / 了解
PRIORITY_LABELS: dict[str, str] = {"core": "必背", "extra": "了解"}
FRAMES: tuple[str, ...] = ("对策", "意义", "问题", "原因", "特性", "路径", "启示", "背景", "其他")


@dataclass(frozen=True)
class Point:
    """One headline of an analysis structure with its ordered sub-points (一是/二是/三是)."""

    head: str
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    """An exam theme (党建引领, 数字赋能…) that notes of any deck can be filed under."""

    id: str
    name: str
    scope: str = ""


@dataclass(frozen=True)
class NoteBase:
    id: str
    topic: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    # format 1.1: defaults keep v1 files and notes stored before 1.1 readable as they were
    themes: tuple[str, ...] = ()
    priority: str = "core"
    cite: str | None = None


@dataclass(frozen=True)
class CaseNote(NoteBase):
    kind: Literal["case"] = "case"
    title: str = ""
    summary: str = ""
    place: str | None = None
    measures: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    name: str | None = None  # the practice's own short name (党员联户“1+10+N”制度)
    line: str | None = None  # one exam-ready sentence (≤ 60 characters)


@dataclass(frozen=True)
class StructureNote(NoteBase):
    kind: Literal["structure"] = "structure"
    title: str = ""
    frame: str = "对策"
    points: tuple[Point, ...] = ()
    description: str | None = None  # how the deck built it: assembled, or cut off by the source


@dataclass(frozen=True)
class QuoteNote(NoteBase):
    kind: Literal["quote"] = "quote"
    text: str = ""
    by: str | None = None
    blanks: tuple[str, ...] = ()
    ask_source: bool = False


@dataclass(frozen=True)
class BasicNote(NoteBase):
    kind: Literal["basic"] = "basic"
    front: str = ""
    back: str = ""
    reverse: bool = False


@dataclass(frozen=True)
class QuestionNote(NoteBase):
    """A 申论 question and the notes that answer it (``DECK/NOTE``); never a review card."""

    kind: Literal["question"] = "question"
    prompt: str = ""
    frame: str = "对策"
    uses: tuple[str, ...] = ()


Note = CaseNote | StructureNote | QuoteNote | BasicNote | QuestionNote


@dataclass(frozen=True)
class UseRef:
    """Where a question names a note it uses (``DECK/NOTE``), to check it across files."""

    note: str
    target: str
    line: int
    col: int


@dataclass(frozen=True)
class Deck:
    """A validated deck file: what an import writes into the collection."""

    id: str
    name: str
    notes: tuple[Note, ...]
    description: str = ""
    source: str | None = None
    topics: dict[str, str] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)  # the deck's own, beyond the catalog
    path: str = ""
    digest: str = ""  # the file's bytes as read by this govcards: unchanged files skip re-import
    uses: tuple[UseRef, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class CardFace:
    """What a card asks and what it expects, ready for a screen or an answer checker."""

    deck_id: str
    note_id: str
    key: str
    kind: Kind
    label: str
    prompt: str
    answer: str
    expected: str
    heads: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    highlight: str | None = None
    place: str = ""  # identify cards: the place the learner must name
    name: str = ""  # identify cards: the practice's own name
    line: str = ""  # recall cards: the exam-ready sentence the answer is compared with
    mode: Literal["text", "outline", "keys", "reveal"] = "text"


_NOTE_TYPES: dict[str, type[Note]] = {
    "case": CaseNote,
    "structure": StructureNote,
    "quote": QuoteNote,
    "basic": BasicNote,
    "question": QuestionNote,
}


# Format 1.1 fields at their defaults are left out, so a v1 note's stored content (and its
# digest) stays byte for byte what it was: upgrading does not mark every note "updated".
_OMITTED_AT_DEFAULT: dict[str, object] = {
    "themes": (),
    "priority": "core",
    "cite": None,
    "name": None,
    "line": None,
    "description": None,
}


def note_to_dict(note: Note) -> dict[str, object]:
    """A JSON-ready form of a note, as stored in the collection (lists, not tuples)."""
    out: dict[str, object] = {}
    for name in note.__dataclass_fields__:
        value = getattr(note, name)
        if name in _OMITTED_AT_DEFAULT and value == _OMITTED_AT_DEFAULT[name]:
            continue
        if name == "points":
            value = [{"head": p.head, "detail": list(p.detail)} for p in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def note_from_dict(data: dict[str, object]) -> Note:
    """The inverse of ``note_to_dict``; fields a stored note predates keep their defaults."""
    kind = str(data["kind"])
    cls = _NOTE_TYPES[kind]
    args: dict[str, object] = {}
    for name in cls.__dataclass_fields__:
        if name not in data:
            continue
        value = data[name]
        if name == "points" and isinstance(value, list):
            value = tuple(Point(head=p["head"], detail=tuple(p.get("detail", ()))) for p in value)
        elif isinstance(value, list):
            value = tuple(value)
        args[name] = value
    return cls(**args)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CardInfo:
    """A card with what a session needs to show and schedule it.

    ``version`` is the card's version when it was read: a write over a newer version is refused
    (two sessions on one collection never overwrite each other).
    """

    card_pk: int
    deck_id: str
    deck_name: str
    note_pk: int
    note_id: str
    kind: str
    topic: str | None
    topic_name: str | None
    key: str
    state: Sm2State
    note: Note
    version: int = 0
    fsrs: FsrsState | None = None  # FSRS's memory of the card (None: never computed)


@dataclass(frozen=True)
class Answer:
    """One graded answer, as logged: times in UTC, the study day, the state before and after.

    ``version`` is the card version the answer was given on (None: check the state only).
    """

    card_pk: int
    reviewed_at: datetime
    study_day: date
    grade: int
    drill: bool
    duration_ms: int
    before: Sm2State
    after: Sm2State
    version: int | None = None
