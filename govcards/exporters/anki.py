"""``export anki -o FILE.apkg``: the decks as an Anki package (genanki), one note per deck note.

Everything Anki matches on is derived, never random: model ids are constants, deck ids come
from the govcards deck id, and note GUIDs from (deck id, note id). Importing the package twice
gives no duplicates, and a later export (stamped with a later time) updates the notes in place.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from govcards.cards import first_clause
from govcards.exporters.notebook import blank_spans, chinese_ordinal
from govcards.model import BasicNote, CaseNote, Note, QuoteNote, StructureNote
from govcards.records import DeckNotes

# Fixed forever: Anki recognises a note type by its id.
CASE_MODEL_ID = 1_742_016_001
STRUCTURE_MODEL_ID = 1_742_016_002
QUOTE_MODEL_ID = 1_742_016_003
BASIC_MODEL_ID = 1_742_016_004
PARENT_DECK = "申论素材"
CSS = """.card { font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 20px; line-height: 1.6; text-align: left; color: black; background-color: white; }
.kind { font-size: 14px; color: #888; }
.ask { color: #555; }
.cloze { font-weight: bold; color: #1565c0; }
"""
_KIND = '<div class="kind">{label}{{{{#Topic}}}} · {{{{Topic}}}}{{{{/Topic}}}}</div>\n'


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id in [2**30, 2**31) for a govcards deck id."""
    digest = hashlib.sha256(f"govcards-deck:{deck_id}".encode()).digest()
    return (1 << 30) | (int.from_bytes(digest[:4], "big") & ((1 << 30) - 1))


def note_guid(deck_id: str, note_id: str) -> str:
    """A GUID no other (deck id, note id) pair can share.

    The first exports hashed ``deck_id + "__" + note_id`` (genanki's ``guid_for``), which is
    ambiguous: deck ``x`` + note ``y__z`` and deck ``x__y`` + note ``z`` gave one GUID, and so did
    deck ``x_`` + note ``y`` and deck ``x`` + note ``_y``. That encoding is kept where it can be
    split back in only one way (neither id contains ``__``, the deck id does not end with ``_``,
    the note id does not start with ``_``), so notes already in a learner's Anki keep their
    GUIDs. Every other pair is hashed from a hex encoding of ``[deck, note]`` as JSON, which
    never contains ``__`` and so never meets an old-style string.
    """
    import genanki

    if _unambiguous(deck_id, note_id):
        return str(genanki.guid_for(deck_id, note_id))
    pair = json.dumps([deck_id, note_id], ensure_ascii=False).encode().hex()
    return str(genanki.guid_for(f"govcards-note-v2:{pair}"))


def _unambiguous(deck_id: str, note_id: str) -> bool:
    return (
        "__" not in deck_id
        and "__" not in note_id
        and not deck_id.endswith("_")
        and not note_id.startswith("_")
    )


def _models() -> dict[str, Any]:
    import genanki

    def model(ident: int, name: str, names: list[str], tmpls: list[dict[str, str]]) -> Any:
        fields = [{"name": n} for n in names]
        return genanki.Model(ident, name, fields=fields, templates=tmpls, css=CSS)

    reveal = "{{FrontSide}}\n<hr id=answer>\n"
    case = model(
        CASE_MODEL_ID,
        "govcards 案例 case",
        ["Title", "Place", "Summary", "Measures", "Effects", "Topic"],
        [
            {
                "name": "recall",
                "qfmt": _KIND.format(label="案例") + "{{Title}}<div class=ask>说出做法与成效</div>",
                "afmt": reveal + "{{#Place}}【地点】{{Place}}<br>{{/Place}}{{Summary}}"
                "{{#Measures}}<div>【做法】{{Measures}}</div>{{/Measures}}"
                "{{#Effects}}<div>【成效】{{Effects}}</div>{{/Effects}}",
            }
        ],
    )
    structure = model(
        STRUCTURE_MODEL_ID,
        "govcards 结构 structure",
        ["Title", "Frame", "Outline", "Topic"],
        [
            {
                "name": "outline",
                "qfmt": _KIND.format(label="{{Frame}}") + "{{Title}}<div class=ask>列出要点</div>",
                "afmt": reveal + "{{Outline}}",
            }
        ],
    )
    quote = genanki.Model(
        QUOTE_MODEL_ID,
        "govcards 金句 quote (cloze)",
        fields=[{"name": "Text"}, {"name": "By"}, {"name": "Topic"}],
        templates=[
            {
                "name": "blank",
                "qfmt": _KIND.format(label="金句") + "{{cloze:Text}}{{#By}}<br>—— {{By}}{{/By}}",
                "afmt": _KIND.format(label="金句") + "{{cloze:Text}}{{#By}}<br>—— {{By}}{{/By}}",
            }
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    basic = model(
        BASIC_MODEL_ID,
        "govcards 问答 basic",
        ["Front", "Back", "Reverse", "Topic"],
        [
            {
                "name": "front",
                "qfmt": _KIND.format(label="问答") + "{{Front}}",
                "afmt": reveal + "{{Back}}",
            },
            {
                "name": "back",
                "qfmt": "{{#Reverse}}" + _KIND.format(label="问答") + "{{Back}}{{/Reverse}}",
                "afmt": reveal + "{{Front}}",
            },
        ],
    )
    return {"case": case, "structure": structure, "quote": quote, "basic": basic}


_ANKI_SYNTAX = re.compile(r"[{}:]")


def _h(text: str) -> str:
    """Deck text as Anki field HTML: escaped, line breaks kept, Chinese untouched.

    ``{``, ``}`` and ``:`` become character references, so that deck text can never open a
    cloze (``{{c9::``), close one early (``}}``) or add a hint (``::``); Anki shows them as the
    same characters.
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return _ANKI_SYNTAX.sub(lambda m: f"&#{ord(m.group())};", escaped)


def _list(items: Sequence[str]) -> str:
    return "<ol>" + "".join(f"<li>{_h(i)}</li>" for i in items) + "</ol>" if items else ""


def cloze_text(note: QuoteNote) -> str:
    """The quote with one cloze per blank ({{c1::…}}, {{c2::…}}); without blanks, the part
    after the first clause is the cloze, as govcards' own recite card asks it."""
    spans = blank_spans(note.text, note.blanks)
    if not spans:
        head = first_clause(note.text)
        head = head if len(head) < len(note.text) else ""
        spans = [(len(head), len(note.text), 1)]
    out, at = [], 0
    for start, end, number in spans:
        out += [_h(note.text[at:start]), f"{{{{c{number}::{_h(note.text[start:end])}}}}}"]
        at = end
    return "".join([*out, _h(note.text[at:])])


def _fields(note: Note, topic: str) -> list[str]:
    if isinstance(note, CaseNote):
        return [
            _h(note.title),
            _h(note.place or ""),
            _h(note.summary),
            _list(note.measures),
            _list(note.effects),
            topic,
        ]
    if isinstance(note, StructureNote):
        heads = "".join(
            f"<li><b>{_h(p.head)}</b>"
            + "".join(f"<br>{chinese_ordinal(j)}是{_h(d)}" for j, d in enumerate(p.detail, 1))
            + "</li>"
            for p in note.points
        )
        return [_h(note.title), _h(note.frame), f"<ol>{heads}</ol>", topic]
    if isinstance(note, QuoteNote):
        return [cloze_text(note), _h(note.by or ""), topic]
    assert isinstance(note, BasicNote)
    return [_h(note.front), _h(note.back), "y" if note.reverse else "", topic]


def build_decks(decks: Sequence[DeckNotes]) -> list[Any]:
    """genanki decks, one per govcards deck, one note per live note."""
    import genanki

    models = _models()
    out = []
    for deck in decks:
        name = deck.name.replace("::", "：")  # Anki would read "::" as a sub-deck
        about = html.escape(deck.description, quote=False)
        anki = genanki.Deck(anki_deck_id(deck.deck), f"{PARENT_DECK}::{name}", about)
        for note in deck.notes:
            if note.kind == "question":  # a question is not a flashcard: Anki gets none
                continue
            topic = _h(deck.topics.get(note.topic, note.topic)) if note.topic else ""
            tags = [t.replace(" ", "_") for t in note.tags if t.strip()]
            anki.add_note(
                genanki.Note(
                    model=models[note.kind],
                    fields=_fields(note, topic),
                    tags=tags,
                    guid=note_guid(deck.deck, note.id),
                )
            )
        out.append(anki)
    return out


def write_apkg(decks: Sequence[DeckNotes], path: Path, now: datetime) -> None:
    """Write the package; ``now`` stamps notes so that Anki treats a re-export as newer."""
    import genanki

    genanki.Package(build_decks(decks)).write_to_file(str(path), timestamp=now.timestamp())
