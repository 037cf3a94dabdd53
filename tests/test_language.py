"""One language per screen (issue 13, item 3): the catalogs are complete and compiled, and a
screen under an English locale has no Chinese of govcards' own, under a Chinese one no English
prose (ids, command names and options aside)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import astuple, fields
from pathlib import Path

import pytest

from govcards.cards import card_keys, face
from govcards.decks import bundled_decks_dir, load_decks
from govcards.i18n import language
from govcards.model import CardFace, Note

from .catalogs import LANGUAGES, compile_mo, msgids, po_path, read_po

CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]+")
# English prose: a word of 3+ letters that is not an id, a command, an option or a placeholder
WORD = re.compile(r"(?<![\w./$-])[A-Za-z]{3,}(?![\w./-])")
ALLOWED = {
    "govcards",
    "FSRS",
    "scheduler",
    "desired_retention",
    "cram_days",
    "leech_lapses",
    "JSON",
    "YYYY",
    "fsrs",
    "exam_date",
    "OPTIONS",
    "DECK",
    "TOPIC",
    "NOTE",
    "CARD",
    "FILE",
    "PATH",
    "PATHS",
    "KEY",
    "VALUE",
    "QUERY",
    "KIND",
    "SOURCE",
    "str",
    "int",
    "case",
    "structure",
    "quote",
    "basic",
    "core",
    "extra",
    "csv",
    "json",
    "anki",
    "reviews",
    "cards",
    "stats",
    "notebook",
    "jieba",
    "BM25",
    "SQLite",
    "SQLAlchemy",
    "URL",
    "PostgreSQL",
    "CSV",
    "BOM",
    "Markdown",
    "Anki",
    "IANA",
    "local",
    "ISO",
    "shell",
    "GOVCARDS_DB",
    "deck",
    "note",
    "card",
    "review",
    "list",
    "decks",
    "config",
    "import",
    "bundled",
    "topics",
    "dump",
    "min",
    "max",
    "ARGS",
    "COMMAND",
    "python",
    "due",
    "backup",
    "export",
    "find",
    "preview",
    "unsuspend",
    "practice",
    "plan",
    "optimize",
    "theme",
    "days",
    "new_per_day",
    "day",
    "paths",
    "key",
    "value",
    "query",
    "source",
    "timezone",
    "reviews_per_day",
    "day_start_hour",
    # deck-format keys and values, quoted in the loader's messages
    "line",
    "notes",
    "points",
    "themes",
    "uses",
    "head",
    "detail",
    "name",
    "scope",
    "kind",
    "ask_source",
    "true",
    "false",
    "UTF",
    "YAML",
    "question",
    "nodeck",  # an id the test typed
    "nope",
    # commands a message tells the learner to run
    "pip",
    "install",
    "postgres",
    "DBNAME",
}


def test_every_message_in_the_code_is_in_both_catalogs() -> None:
    ids = msgids()
    for lang in LANGUAGES:
        entries = read_po(po_path(lang))
        assert ids <= set(entries), (lang, sorted(ids - set(entries)))


def test_every_message_has_a_chinese_translation_without_english_prose() -> None:
    for msgid, text in read_po(po_path("zh_CN")).items():
        if msgid:
            assert text, msgid
            bare = re.sub(r"\{[^}]*\}", "", text)  # placeholders are filled in, not read
            words = {w for w in WORD.findall(bare) if w not in ALLOWED}
            assert not words, (msgid, text, words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_files_match_their_po_files(lang: str) -> None:
    po = po_path(lang)
    assert po.with_suffix(".mo").read_bytes() == compile_mo(read_po(po)), (
        "run: python -m tests.catalogs"
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh_CN"),
        ({"LANG": "C.UTF-8"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh_CN"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_language_follows_the_locale_and_is_chinese_by_default(
    environ: dict[str, str], expected: str
) -> None:
    assert language(environ) == expected


def _run(lang: str, *args: str, home: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env.update(LANG=lang, PYTHONIOENCODING="utf-8", GOVCARDS_HOME=str(home), COLUMNS="80")
    env["GOVCARDS_WIDTH"] = "80"
    proc = subprocess.run(
        [sys.executable, "-m", "govcards", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    return proc.returncode, proc.stdout + proc.stderr


SCREENS = [
    ("--help",),
    ("list", "-h"),
    ("review", "-h"),
    ("import", "-h"),
    ("config",),
    ("decks",),
    ("due",),
    ("unsuspend", "nodeck"),
    ("config", "new_per_day", "-5"),
    ("due", "--days", "0"),
    ("decks", "--nope"),
    ("practice", "-h"),
    ("find", "治理"),
    ("list", "--suspended"),
    ("plan",),
    ("import", "{bad_deck}"),
    ("backup",),  # before any collection exists: an error line
    ("export", "cards", "-o", "{home}/govcards.db"),  # onto the collection: refused
    ("preview", "{small_deck}"),  # every card of a deck, prompt and answer
    ("preview", "{small_deck}", "santi-heyi", "front", "--answer", "自治、法治"),
    ("preview", "{small_deck}", "jiangyin", "recall", "--answer", "党员联户"),
]
BAD_DECK = "deck: 坏牌组\nid: bad\nnotes:\n  - id: n1\n    kind: nope\n    tone: x\n"


def foreign_chinese(text: str, deck_text: str) -> list[str]:
    """Chinese on an English screen that is not the deck's own: every run of CJK characters
    must be part of the deck file (a card masks words with ＿, so the parts between count)."""
    return [
        run
        for run in CJK_RUN.findall(text)
        if not all(part in deck_text for part in run.split("＿") if part)
    ]


@pytest.mark.slow
def test_english_screens_have_no_chinese_and_chinese_screens_no_english_prose(
    tmp_path: Path, small_deck: Path
) -> None:
    bad_deck = tmp_path / "bad.yaml"
    bad_deck.write_text(BAD_DECK, encoding="utf-8")
    deck_text = small_deck.read_text(encoding="utf-8")
    for lang in ("en_US.UTF-8", "zh_CN.UTF-8"):
        home = tmp_path / lang
        for screen in SCREENS:
            args = tuple(
                a.format(bad_deck=bad_deck, home=home, small_deck=small_deck) for a in screen
            )
            code, text = _run(lang, *args, home=home)
            assert code in (0, 1, 2), (args, text)  # 1: `due` before any collection exists
            if lang.startswith("en") and args[0] == "preview":
                assert not foreign_chinese(text, deck_text), (args, text)
            elif lang.startswith("en"):
                assert not CJK.search(text), (args, text)
            else:
                lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
                words = set(WORD.findall("\n".join(lines))) - ALLOWED
                assert not words, (args, words, text)


# what the graders and the preview's comparison read: the same whatever the reader's language
GRADED = ("deck_id", "note_id", "key", "kind", "expected", "heads", "keys", "highlight")
GRADED += ("place", "name", "line", "mode")


def _faces(monkeypatch: pytest.MonkeyPatch, lang: str) -> list[tuple[Note, CardFace]]:
    monkeypatch.setenv("LANG", lang)
    decks = load_decks([bundled_decks_dir()])
    return [
        (note, face(note, deck.id, key))
        for deck in decks
        for note in deck.notes
        for key in card_keys(note)
    ]


def _deck_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _deck_strings(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for item in astuple(value) for s in _deck_strings(item)]  # type: ignore[arg-type]
    return []


def test_card_faces_translate_only_their_scaffolding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bundled card grades the same under both languages, and an English card shows no
    Chinese but the deck's own (masked with ＿ where the card hides it)."""
    chinese = _faces(monkeypatch, "zh_CN.UTF-8")
    english = _faces(monkeypatch, "en_US.UTF-8")
    assert len(chinese) == len(english) > 100
    assert set(GRADED) <= {f.name for f in fields(CardFace)}
    for (note, zh), (_, en) in zip(chinese, english, strict=True):
        for name in GRADED:
            assert getattr(zh, name) == getattr(en, name), (zh.note_id, zh.key, name)
        deck_text = "\n".join(_deck_strings(note))
        for shown in (en.label, en.prompt, en.answer):
            for run in CJK_RUN.findall(shown):
                pieces = [p for p in run.split("＿") if p]
                assert all(p in deck_text for p in pieces), (en.note_id, en.key, run, shown)
        if zh.kind == "case":
            assert zh.prompt != en.prompt and "【" in zh.answer and "【" not in en.answer


@pytest.mark.slow
def test_an_english_review_shows_no_chinese_but_the_decks(tmp_path: Path, small_deck: Path) -> None:
    """One card under an English locale in a real terminal: prompt, typed answer, answer panel,
    key-word line, grade prompt, then quit and the summary, with no Chinese of govcards' own."""
    import io

    import pexpect

    from .terminal import spawn_govcards

    home = tmp_path / "en"
    for args in (("import", str(small_deck)), ("config", "timezone", "Asia/Shanghai")):
        assert _run("en_US.UTF-8", *args, home=home)[0] == 0
    child = spawn_govcards(["review"], home, rows=40, lang="en_US.UTF-8")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect_exact("[Case] 江苏江阴")
    child.expect_exact("Answer ›")
    child.send("党员联户\r")
    child.expect_exact("Key words 1/2")
    child.expect_exact("Grade 0-5")
    child.send("4")
    child.expect_exact("Answer ›")
    child.send("q\r")
    child.expect_exact("Summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    text = screen.getvalue()
    assert "[Place] 江苏省江阴市" in text and "Suggested grade" in text
    assert not foreign_chinese(text, small_deck.read_text(encoding="utf-8")), text
