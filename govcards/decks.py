"""Deck files (format v1 and 1.1, docs/deck-format.md) → validated ``Deck`` values.

``deck_yaml`` gives the file as a node tree with positions; it is walked here by hand, so that
every problem in a file is reported, not just the first, as ``FILE:LINE:COL: note 'ID': message``.
Theme ids are checked against the bundled catalog (``decks/themes.yaml``) plus the deck's own
``themes:`` map; a question's ``uses`` are checked across all the files of one import and the
live notes of the collection it goes into.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from govcards.deck_yaml import (
    ALIAS_TAG,
    MAX_DECK_BYTES,
    SCALAR_TAGS,
    STD_TAG,
    Problem,
    read_yaml,
)
from govcards.errors import InputError
from govcards.i18n import N_, _
from govcards.model import (
    FRAMES,
    NOTE_KINDS,
    PRIORITIES,
    BasicNote,
    CaseNote,
    Deck,
    Note,
    Point,
    QuestionNote,
    QuoteNote,
    StructureNote,
    Theme,
    UseRef,
)

DECK_SUFFIXES = (".yaml", ".yml")
CATALOG_NAMES = ("themes.yaml", "themes.yml")  # a theme catalog beside decks is never a deck
MAX_LINE = 60  # a case's exam-ready sentence, in characters
_DECK_KEYS = ("deck", "id", "description", "source", "topics", "themes", "notes")
_COMMON_KEYS = ("id", "kind", "topic", "tags", "source", "themes", "priority", "cite")
_KIND_KEYS: dict[str, tuple[str, ...]] = {
    "case": ("title", "summary", "place", "measures", "effects", "keys", "name", "line"),
    "structure": ("title", "frame", "points", "description"),
    "quote": ("text", "by", "blanks", "ask_source"),
    "basic": ("front", "back", "reverse"),
    "question": ("prompt", "frame", "uses"),
}
_KIND_LIST = "case, structure, quote, basic or question"
ID_RULE = N_("must be 1–64 letters, digits, '.', '_' or '-', not starting with = + - @")
_FORMULA_STARTS = "=+-@"  # a spreadsheet reads a cell starting with these as a formula


def valid_id(value: str) -> bool:
    """Ids are 1–64 Unicode letters, digits, '.', '_' or '-': safe in URLs, files and GUIDs,
    and never starting with what a spreadsheet takes for a formula (ids reach CSV exports).
    """
    return (
        1 <= len(value) <= 64
        and value[0] not in _FORMULA_STARTS
        and all(c.isalnum() or c in "._-" for c in value)
    )


def id_key(value: str) -> str:
    """What two ids are compared by: NFKC, so that １２３ and 123 are the same id."""
    return unicodedata.normalize("NFKC", value)


class _Reader:
    """Walks one file's node tree, collecting problems instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.note: str | None = None
        self.uses: list[UseRef] = []  # checked once every file of the import is read

    def fail(self, node: Node | None, message: str, line: int = 1, col: int = 1) -> None:
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.path, line, col, message, self.note))

    def mapping(self, node: Node, allowed: Sequence[str], what: str) -> dict[str, Node] | None:
        if not self._check_node(node) and not isinstance(node, MappingNode):
            return None
        if not isinstance(node, MappingNode):
            self.fail(node, _("{what} must be a mapping of keys to values").format(what=what))
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            self._check_node(key_node)
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.fail(key_node, _("keys must be plain words"))
            elif key in out:
                self.fail(key_node, _("duplicate key '{key}'").format(key=key))
            elif key not in allowed:
                self.fail(
                    key_node,
                    _("unknown key '{key}' (allowed: {items})").format(
                        key=key, items=", ".join(allowed)
                    ),
                )
            else:
                out[key] = value_node
        return out

    def _check_node(self, node: Node) -> bool:
        """Aliases (already reported where they occur) and non-plain tags are refused."""
        if node.tag == ALIAS_TAG:
            return False
        plain = (
            node.tag in SCALAR_TAGS
            if isinstance(node, ScalarNode)
            else node.tag == STD_TAG + ("map" if isinstance(node, MappingNode) else "seq")
        )
        if not plain:
            self.fail(
                node, _("tag '{tag}' is not allowed: write plain values").format(tag=node.tag)
            )
        return plain

    def string(self, fields: dict[str, Node], key: str, owner: Node, required: bool) -> str | None:
        node = fields.get(key)
        if node is None:
            if required:
                self.fail(owner, _("missing required field '{key}'").format(key=key))
            return None
        value = self._scalar_text(node, key)
        if value is None and required and _plain_scalar(node):
            self.fail(node, _("'{key}' must not be empty").format(key=key))
        return value

    def _scalar_text(self, node: Node, what: str) -> str | None:
        if not self._check_node(node):
            return None
        if not isinstance(node, ScalarNode):
            self.fail(
                node, _("'{what}' must be a piece of text, not a list or mapping").format(what=what)
            )
            return None
        if node.tag == STD_TAG + "null":
            # null, ~ or nothing: absent. libyaml gives plain scalars the style '' (not None),
            # so the tag, not the style, decides; a quoted 'null' is tagged str and stays text.
            return None
        text = str(node.value).strip()
        return text or None

    def strings(self, fields: dict[str, Node], key: str) -> tuple[str, ...]:
        node = fields.get(key)
        if node is None:
            return ()
        if not self._check_node(node):
            return ()
        if isinstance(node, ScalarNode) and node.tag == STD_TAG + "null":
            return ()
        if not isinstance(node, SequenceNode):
            self.fail(node, _("'{key}' must be a list of text items").format(key=key))
            return ()
        items: list[str] = []
        for item in node.value:
            text = self._scalar_text(item, f"{key} item")
            if text is None:
                if _plain_scalar(item):
                    self.fail(item, _("empty item in '{key}'").format(key=key))
            else:
                items.append(text)
        return tuple(items)

    def boolean(self, fields: dict[str, Node], key: str) -> bool:
        node = fields.get(key)
        if node is None or _is_null(node):
            return False
        if not self._check_node(node):
            return False
        if isinstance(node, ScalarNode) and node.tag == STD_TAG + "bool":
            return str(node.value).lower() in ("true", "yes", "on", "y")
        self.fail(node, _("'{key}' must be true or false").format(key=key))
        return False


def _plain_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag in SCALAR_TAGS


def _is_null(node: Node) -> bool:
    """``key: null``, ``key: ~`` or ``key:`` with nothing: the same as leaving the key out."""
    return isinstance(node, ScalarNode) and node.tag == STD_TAG + "null"


def parse_deck(
    path: str, data: bytes, catalog: Mapping[str, Theme] | None = None
) -> tuple[Deck | None, list[Problem]]:
    """Validate one deck file's bytes; the deck is returned only when there is no problem.

    ``catalog`` is the theme catalog theme ids are checked against (default: the bundled one).
    """
    if catalog is None:
        catalog = bundled_themes()
    collecting = gc.isenabled()
    gc.disable()  # a deck is many small acyclic objects: cycle collection only costs time here
    try:
        return _parse_deck(path, data, catalog)
    finally:
        if collecting:
            gc.enable()


def file_digest(data: bytes) -> str:
    """Names a deck file's exact bytes as this version of govcards (and its catalog) reads them:
    a changed theme catalog can change whether a file is valid, so it is part of the name.
    """
    from govcards import __version__

    prefix = f"govcards {__version__} deck v1.1 themes {_catalog_digest()}\n"
    return hashlib.sha256(prefix.encode() + data).hexdigest()


def _parse_deck(
    path: str, data: bytes, catalog: Mapping[str, Theme]
) -> tuple[Deck | None, list[Problem]]:
    root, problems = read_yaml(path, data)
    if root is None:
        return None, problems
    reader = _Reader(path)
    deck = _read_deck(reader, root, path, catalog)
    problems.extend(reader.problems)
    problems.sort(key=lambda p: (p.line, p.col))
    if deck is None or problems:
        return None, problems
    return replace(deck, digest=file_digest(data)), problems


def _read_deck(r: _Reader, root: Node, path: str, catalog: Mapping[str, Theme]) -> Deck | None:
    fields = r.mapping(root, _DECK_KEYS, _("a deck file"))
    if fields is None:
        return None
    name = r.string(fields, "deck", root, required=True)
    deck_id = r.string(fields, "id", root, required=True)
    if deck_id is not None and not valid_id(deck_id):
        r.fail(fields["id"], _("deck id '{id}' {rule}").format(id=deck_id, rule=_(ID_RULE)))
    description = r.string(fields, "description", root, required=False) or ""
    source = r.string(fields, "source", root, required=False)
    topics = _read_topics(r, fields.get("topics"))
    own_themes = read_themes(r, fields.get("themes"), catalog)
    known_themes = {**catalog, **own_themes}
    notes_node = fields.get("notes")
    notes: list[Note] = []
    if notes_node is None:
        r.fail(root, _("missing required field 'notes'"))
    elif not r._check_node(notes_node):
        pass
    elif not isinstance(notes_node, SequenceNode):
        r.fail(notes_node, _("'notes' must be a list of notes"))
    else:
        first_line: dict[str, int] = {}
        for item in notes_node.value:
            r.note = None
            note = _read_note(r, item, topics, known_themes)
            note_id, r.note = r.note, None  # set once the id is read, whatever else is wrong
            if note_id is None or not valid_id(note_id):
                continue
            key = id_key(note_id)
            if key in first_line:
                r.note = note_id
                r.fail(
                    item,
                    _("duplicate note id (first used on line {line})").format(line=first_line[key]),
                )
                r.note = None
                continue
            first_line[key] = item.start_mark.line + 1
            if note is not None:
                notes.append(note)
    if name is None or deck_id is None:
        return None
    return Deck(
        id=deck_id,
        name=name,
        notes=tuple(notes),
        description=description,
        source=source,
        topics=topics or {},
        themes=own_themes,
        path=path,
        uses=tuple(r.uses),
    )


def _id_map_keys(r: _Reader, node: Node, what: str) -> list[tuple[str, Node]]:
    """The (id, value node) pairs of an id → value map, each id checked and NFKC-unique."""
    pairs: list[tuple[str, Node]] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if not r._check_node(key_node):
            continue
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if not isinstance(key, str) or not valid_id(key):
            r.fail(key_node, _("{what} ids {rule}").format(what=what, rule=_(ID_RULE)))
            continue
        if id_key(key) in seen:
            r.fail(key_node, _("duplicate key '{key}'").format(key=key))
            continue
        seen.add(id_key(key))
        pairs.append((key, value_node))
    return pairs


def _read_topics(r: _Reader, node: Node | None) -> dict[str, str] | None:
    if node is None or _is_null(node):
        return None
    if not r._check_node(node):
        return {}
    if not isinstance(node, MappingNode):
        r.fail(node, _("'topics' must map topic ids to display names"))
        return {}
    topics: dict[str, str] = {}
    for key, value_node in _id_map_keys(r, node, "topic"):
        name = r._scalar_text(value_node, f"topic {key}")
        topics[key] = name or key
    return topics


def read_themes(
    r: _Reader, node: Node | None, catalog: Mapping[str, Theme] | None = None
) -> dict[str, Theme]:
    """A ``themes:`` map (id → {name, scope}): the catalog file's, or a deck's own extras.

    A deck may not redefine a catalog theme: one id must mean one theme in every deck.
    """
    if node is None or _is_null(node) or not r._check_node(node):
        return {}
    if not isinstance(node, MappingNode):
        r.fail(node, _("'themes' must map theme ids to {name, scope}"))
        return {}
    themes: dict[str, Theme] = {}
    catalog_keys = {id_key(k): k for k in catalog or {}}
    for key, value_node in _id_map_keys(r, node, "theme"):
        if id_key(key) in catalog_keys:
            r.fail(
                value_node,
                _("theme '{key}' is already in the theme catalog: use it as it is").format(key=key),
            )
            continue
        fields = r.mapping(value_node, ("name", "scope"), _("theme '{key}'").format(key=key))
        if fields is None:
            continue
        name = r.string(fields, "name", value_node, required=True)
        scope = r.string(fields, "scope", value_node, required=False) or ""
        if name is not None:
            themes[key] = Theme(key, name, scope)
    return themes


def _read_note(
    r: _Reader, node: Node, topics: dict[str, str] | None, themes: Mapping[str, Theme]
) -> Note | None:
    if node.tag == ALIAS_TAG:
        return None
    if not isinstance(node, MappingNode):
        r.fail(node, _("each note must be a mapping with 'id' and 'kind'"))
        return None
    raw = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
    id_node = raw.get("id")
    note_id = r._scalar_text(id_node, "id") if id_node is not None else None
    r.note = note_id
    if note_id is None:
        r.fail(id_node or node, _("missing required field 'id'"))
    elif not valid_id(note_id):
        r.fail(id_node, _("note id '{id}' {rule}").format(id=note_id, rule=_(ID_RULE)))
    kind_node = raw.get("kind")
    kind = r._scalar_text(kind_node, "kind") if kind_node is not None else None
    if kind is None:
        r.fail(
            kind_node or node, _("missing required field 'kind' ({kinds})").format(kinds=_KIND_LIST)
        )
        return None
    if kind not in NOTE_KINDS:
        r.fail(kind_node, _("unknown kind '{kind}' ({kinds})").format(kind=kind, kinds=_KIND_LIST))
        return None
    fields = r.mapping(node, _COMMON_KEYS + _KIND_KEYS[kind], _("a note"))
    if fields is None or note_id is None:
        return None
    before = len(r.problems)
    topic = r.string(fields, "topic", node, required=False)
    if topic is not None and topics is not None and topic not in topics:
        r.fail(
            fields["topic"], _("topic '{topic}' is not declared under 'topics'").format(topic=topic)
        )
    common: dict[str, Any] = {
        "id": note_id,
        "topic": topic,
        "tags": r.strings(fields, "tags"),
        "source": r.string(fields, "source", node, required=False),
        "themes": _note_themes(r, fields, themes),
        "priority": _priority(r, fields, node),
        "cite": r.string(fields, "cite", node, required=False),
    }
    note = _KIND_READERS[kind](r, fields, node, common)
    return note if len(r.problems) == before else None


def _note_themes(
    r: _Reader, fields: dict[str, Node], known: Mapping[str, Theme]
) -> tuple[str, ...]:
    themes = r.strings(fields, "themes")
    seen: set[str] = set()
    for item, value in _text_items(fields.get("themes")):
        if value not in known:
            r.fail(
                item,
                _("unknown theme '{value}' (not in the theme catalog or 'themes')").format(
                    value=value
                ),
            )
        elif value in seen:
            r.fail(item, _("theme '{value}' is listed twice").format(value=value))
        seen.add(value)
    return themes


def _text_items(node: Node | None) -> list[tuple[Node, str]]:
    """The text items of a list with their nodes (the list's other problems are reported by
    ``strings``), so that a check on one item can point at it."""
    if not isinstance(node, SequenceNode):
        return []
    return [
        (item, str(item.value).strip())
        for item in node.value
        if _plain_scalar(item) and not _is_null(item) and str(item.value).strip()
    ]


def _priority(r: _Reader, fields: dict[str, Node], node: Node) -> str:
    priority = r.string(fields, "priority", node, required=False) or "core"
    if priority not in PRIORITIES:
        r.fail(
            fields["priority"],
            _("unknown priority '{priority}' (core or extra)").format(priority=priority),
        )
    return priority


def _read_case(r: _Reader, f: dict[str, Node], node: Node, common: dict[str, Any]) -> Note:
    line = r.string(f, "line", node, required=False)
    if line is not None and len(line) > MAX_LINE:
        too_long = _("'line' is {n} characters long; at most {max}")
        r.fail(f["line"], too_long.format(n=len(line), max=MAX_LINE))
    return CaseNote(
        **common,
        title=r.string(f, "title", node, required=True) or "",
        summary=r.string(f, "summary", node, required=True) or "",
        place=r.string(f, "place", node, required=False),
        measures=r.strings(f, "measures"),
        effects=r.strings(f, "effects"),
        keys=r.strings(f, "keys"),
        name=r.string(f, "name", node, required=False),
        line=line,
    )


def _frame(r: _Reader, f: dict[str, Node], node: Node) -> str:
    frame = r.string(f, "frame", node, required=False) or "对策"
    if frame not in FRAMES:
        unknown = _("unknown frame '{frame}' (one of {frames})")
        r.fail(f["frame"], unknown.format(frame=frame, frames=" ".join(FRAMES)))
    return frame


def _read_structure(r: _Reader, f: dict[str, Node], node: Node, common: dict[str, Any]) -> Note:
    frame = _frame(r, f, node)
    points: list[Point] = []
    points_node = f.get("points")
    if points_node is None:
        r.fail(node, _("missing required field 'points'"))
    elif not r._check_node(points_node):
        pass
    elif not isinstance(points_node, SequenceNode):
        r.fail(points_node, _("'points' must be a list of {head, detail}"))
    else:
        for item in points_node.value:
            pf = r.mapping(item, ("head", "detail"), _("a point"))
            if pf is None:
                continue
            head = r.string(pf, "head", item, required=True)
            if head is not None:
                points.append(Point(head=head, detail=r.strings(pf, "detail")))
        if len(points_node.value) < 2:
            r.fail(points_node, _("a structure needs at least 2 points"))
    return StructureNote(
        **common,
        title=r.string(f, "title", node, required=True) or "",
        frame=frame,
        points=tuple(points),
        description=r.string(f, "description", node, required=False),
    )


def _read_quote(r: _Reader, f: dict[str, Node], node: Node, common: dict[str, Any]) -> Note:
    text = r.string(f, "text", node, required=True) or ""
    blanks = r.strings(f, "blanks")
    blanks_node = f.get("blanks")
    if text:
        for item, blank in _text_items(blanks_node):
            if blank not in text:
                r.fail(item, _("blank '{blank}' does not occur in the text").format(blank=blank))
    by = r.string(f, "by", node, required=False)
    ask_source = r.boolean(f, "ask_source")
    if ask_source and not by:
        r.fail(f["ask_source"], _("ask_source needs 'by' (who said it)"))
    return QuoteNote(**common, text=text, by=by, blanks=blanks, ask_source=ask_source)


def _read_basic(r: _Reader, f: dict[str, Node], node: Node, common: dict[str, Any]) -> Note:
    return BasicNote(
        **common,
        front=r.string(f, "front", node, required=True) or "",
        back=r.string(f, "back", node, required=True) or "",
        reverse=r.boolean(f, "reverse"),
    )


def _read_question(r: _Reader, f: dict[str, Node], node: Node, common: dict[str, Any]) -> Note:
    uses = r.strings(f, "uses")
    for item, target in _text_items(f.get("uses")):
        deck, __, note = target.partition("/")
        if not (valid_id(deck) and valid_id(note)):
            r.fail(
                item,
                _("'uses' item '{target}' must be DECK/NOTE (a deck id and a note id)").format(
                    target=target
                ),
            )
        else:
            mark = item.start_mark
            r.uses.append(UseRef(common["id"], target, mark.line + 1, mark.column + 1))
    return QuestionNote(
        **common,
        prompt=r.string(f, "prompt", node, required=True) or "",
        frame=_frame(r, f, node),
        uses=uses,
    )


_KIND_READERS = {
    "case": _read_case,
    "structure": _read_structure,
    "quote": _read_quote,
    "basic": _read_basic,
    "question": _read_question,
}


# --- the theme catalog ------------------------------------------------------------------------


def parse_catalog(path: str, data: bytes) -> tuple[dict[str, Theme], list[Problem]]:
    """A theme catalog file: a top-level ``themes:`` map of id → {name, scope}."""
    root, problems = read_yaml(path, data)
    if root is None:
        return {}, problems
    reader = _Reader(path)
    fields = reader.mapping(root, ("themes",), _("a theme catalog"))
    themes: dict[str, Theme] = {}
    if fields is not None:
        if "themes" not in fields:
            reader.fail(root, _("missing required field 'themes'"))
        themes = read_themes(reader, fields.get("themes"))
    problems.extend(reader.problems)
    return themes, problems


def catalog_path() -> Path:
    return bundled_decks_dir() / CATALOG_NAMES[0]


@functools.cache
def _bundled_catalog() -> tuple[dict[str, Theme], str]:
    """The bundled catalog and its digest, read once per process."""
    path = catalog_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read the theme catalog: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    themes, problems = parse_catalog(str(path), data)
    if problems:
        raise InputError(*(str(p) for p in problems))
    return themes, hashlib.sha256(data).hexdigest()[:16]


def bundled_themes() -> dict[str, Theme]:
    """The exam themes every deck may file its notes under (``decks/themes.yaml``)."""
    return dict(_bundled_catalog()[0])


def _catalog_digest() -> str:
    return _bundled_catalog()[1]


# --- files and imports ------------------------------------------------------------------------


def is_catalog(path: Path) -> bool:
    return path.name.lower() in CATALOG_NAMES


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Deck files named directly or found (recursively) in folders, in a stable order.

    A theme catalog (``themes.yaml``) in a folder is skipped: it describes themes, not cards.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(_("{raw}: no such file or directory").format(raw=raw))
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in DECK_SUFFIXES
                and p.is_file()
                and not is_catalog(p)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(_("{raw}: no deck files (*.yaml) in this folder").format(raw=raw))
            files.extend(found)
        elif is_catalog(path):
            raise InputError(_("{raw}: this is a theme catalog, not a deck").format(raw=raw))
        else:
            files.append(path)
    unique: dict[Path, None] = {}
    for f in files:
        unique.setdefault(f.resolve(), None)
    return [Path(p) for p in unique] if len(unique) != len(files) else files


@dataclass(frozen=True)
class Unchanged:
    """A deck file whose exact bytes the collection has already imported: nothing to do."""

    id: str
    path: str


def load_decks(paths: Iterable[str | Path]) -> list[Deck]:
    """Every deck of an import, or an InputError listing every problem in every file."""
    return [d for d in load_import(paths, {}) if isinstance(d, Deck)]


def load_import(
    paths: Iterable[str | Path],
    known: Mapping[str, str],
    live_notes: Mapping[str, Collection[str]] | None = None,
) -> list[Deck | Unchanged]:
    """The decks of an import in file order; files whose digest ``known`` maps to a deck id
    were imported before byte for byte, so they are not parsed again (re-import stays fast).

    ``live_notes`` (deck id → live note ids of the target collection) lets a question name a
    note of a deck that is already in the collection but not in this import.
    """
    items: list[Deck | Unchanged] = []
    problems: list[Problem] = []
    unchanged_bytes: dict[str, bytes] = {}
    files = discover(paths)
    for path in files:
        try:
            with path.open("rb") as handle:  # no more than the limit + 1: a huge file is refused
                data = handle.read(MAX_DECK_BYTES + 1)  # by parse_deck without filling memory
        except OSError as exc:
            raise InputError(
                _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from exc
        seen = known.get(file_digest(data)) if known else None
        if seen is not None:
            items.append(Unchanged(seen, str(path)))
            unchanged_bytes[str(path)] = data
            continue
        deck, found = parse_deck(str(path), data)
        problems.extend(found)
        if deck is not None:
            items.append(deck)
    _refuse(problems, len(files))
    owner: dict[str, str] = {}
    for item in items:
        if id_key(item.id) in owner:
            line = _("{path}: deck id '{id}' is also used by {other} (deck ids must be unique)")
            raise InputError(
                line.format(path=item.path, id=item.id, other=owner[id_key(item.id)]),
                _summary(len(files), 1),
            )
        owner[id_key(item.id)] = item.path
    _refuse(check_uses(items, unchanged_bytes, live_notes or {}), len(files))
    return items


def _summary(checked: int, bad: int) -> str:
    """The last line of a refused import: the learner sees at once that nothing was written."""
    return _("nothing imported: {checked} file(s) checked, {bad} with errors").format(
        checked=checked, bad=bad
    )


def _refuse(problems: Sequence[Problem], checked: int) -> None:
    """Every problem of every file, one line each, then one summary line."""
    if problems:
        bad = len({p.path for p in problems})
        raise InputError(*(str(p) for p in problems), _summary(checked, bad))


def check_uses(
    items: Sequence[Deck | Unchanged],
    unchanged: Mapping[str, bytes],
    live_notes: Mapping[str, Collection[str]] | None = None,
) -> list[Problem]:
    """Every question's ``uses`` must name a note of a deck in the same import or, for a deck
    the import does not bring, a live note of the collection (``live_notes``).

    A deck in the import is judged by its file, not by the collection: the import replaces it.
    Files that are unchanged since the last import are parsed only if a question names them.
    """
    decks = [item for item in items if isinstance(item, Deck)]
    refs = [(deck, ref) for deck in decks for ref in deck.uses]
    if not refs:
        return []
    notes: dict[str, set[str]] = {d.id: {id_key(n.id) for n in d.notes} for d in decks}
    wanted = {ref.target.partition("/")[0] for __, ref in refs}
    for item in items:
        if isinstance(item, Unchanged) and item.id in wanted and item.path in unchanged:
            deck, __ = parse_deck(item.path, unchanged[item.path])
            notes[item.id] = {id_key(n.id) for n in deck.notes} if deck else set()
    in_import = {item.id for item in items}
    for deck_id, note_ids in (live_notes or {}).items():
        if deck_id in wanted and deck_id not in in_import:
            notes[deck_id] = {id_key(n) for n in note_ids}
    problems: list[Problem] = []
    for deck, ref in refs:
        deck_id, _sep, note_id = ref.target.partition("/")
        if deck_id not in notes:
            message = _(
                "'uses' names deck '{deck}', which is neither in this import nor in the collection"
            ).format(deck=deck_id)
        elif id_key(note_id) not in notes[deck_id]:
            message = _("'uses' names note '{target}', which deck '{deck}' does not have").format(
                target=ref.target, deck=deck_id
            )
        else:
            continue
        problems.append(Problem(deck.path, ref.line, ref.col, message, ref.note))
    return problems


def bundled_decks_dir() -> Path:
    """The decks shipped with govcards: inside the wheel, or ``decks/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "decks_data"
    if installed.is_dir() and any(installed.glob("*.yaml")):
        return installed
    return here.parent / "decks"
