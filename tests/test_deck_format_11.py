"""Deck format 1.1 (docs/deck-format.md): each new field, each of its errors at FILE:LINE:COL,
v1 files unchanged, the theme catalog, questions and their ``uses``, nulls, ids and controls."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcards.decks import (
    bundled_decks_dir,
    bundled_themes,
    discover,
    load_decks,
    parse_catalog,
    parse_deck,
)
from govcards.errors import InputError
from govcards.model import (
    BasicNote,
    CaseNote,
    QuestionNote,
    QuoteNote,
    StructureNote,
    note_from_dict,
    note_to_dict,
)

from .conftest import SMALL_DECK

# Five lines, so that the first note of every body below starts on line 6.
HEADER = "deck: 测试牌组\nid: ceshi\ntopics:\n  dangjian: 强化基层党建\nnotes:\n"
CASE = "  - id: a\n    kind: case\n    title: 标题\n    summary: 摘要\n"


def parse(body: str, header: str = HEADER) -> tuple[object, list[str]]:
    deck, problems = parse_deck("牌组.yaml", (header + body).encode("utf-8"))
    return deck, [str(p) for p in problems]


def only_problem(body: str, header: str = HEADER) -> str:
    deck, problems = parse(body, header)
    assert deck is None
    assert len(problems) == 1, problems
    return problems[0]


def one_note(body: str, header: str = HEADER) -> object:
    deck, problems = parse(body, header)
    assert problems == []
    assert deck is not None
    return deck.notes[0]  # type: ignore[attr-defined]


# --- v1 still loads, unchanged ------------------------------------------------------------------


def test_a_v1_deck_loads_with_the_new_fields_at_their_defaults() -> None:
    deck, problems = parse_deck("small.yaml", SMALL_DECK.encode())
    assert problems == [] and deck is not None
    for note in deck.notes:
        assert (note.themes, note.priority, note.cite) == ((), "core", None)
    case = deck.notes[0]
    assert isinstance(case, CaseNote) and case.name is None and case.line is None


def test_a_v1_note_is_stored_exactly_as_before_so_its_digest_does_not_change() -> None:
    deck, _ = parse_deck("small.yaml", SMALL_DECK.encode())
    assert deck is not None
    stored = note_to_dict(deck.notes[0])
    assert not {"themes", "priority", "cite", "name", "line"} & set(stored)


def test_a_note_stored_before_1_1_still_reads() -> None:
    old = {"id": "a", "kind": "case", "topic": None, "tags": [], "source": None, "title": "甲"}
    note = note_from_dict({**old, "summary": "乙", "place": None, "measures": [], "effects": []})
    assert isinstance(note, CaseNote)
    assert (note.themes, note.priority, note.name, note.line) == ((), "core", None, None)


# --- the new fields -----------------------------------------------------------------------------


def test_every_1_1_field_is_read_and_survives_storage() -> None:
    note = one_note(
        CASE + "    themes: [dangjian, wangge]\n    priority: extra\n    cite: 人民日报2023年5月\n"
        "    name: 党员联户“1+10+N”制度\n    line: 江阴以党员联户“1+10+N”打通基层治理最后一米\n"
    )
    assert isinstance(note, CaseNote)
    assert note.themes == ("dangjian", "wangge")
    assert (note.priority, note.cite) == ("extra", "人民日报2023年5月")
    assert note.name == "党员联户“1+10+N”制度"
    assert note.line == "江阴以党员联户“1+10+N”打通基层治理最后一米"
    assert note_from_dict(note_to_dict(note)) == note


def test_themes_priority_and_cite_are_allowed_on_every_kind() -> None:
    extra = "    themes: [santi]\n    priority: extra\n    cite: 2014年全国两会\n"
    bodies = [
        "  - id: q\n    kind: quote\n    text: 基层强则国家强\n    by: 习近平\n",
        "  - id: b\n    kind: basic\n    front: 问\n    back: 答\n",
        "  - id: s\n    kind: structure\n    title: 对策\n    points:\n"
        "      - head: 甲\n      - head: 乙\n",
    ]
    for body in bodies:
        note = one_note(body + extra)
        assert isinstance(note, QuoteNote | BasicNote | StructureNote)
        assert (note.themes, note.priority, note.cite) == (("santi",), "extra", "2014年全国两会")


def test_a_deck_may_declare_its_own_themes() -> None:
    header = HEADER.replace(
        "notes:\n", "themes:\n  laoqu:\n    name: 老区振兴\n    scope: 革命老区\nnotes:\n"
    )
    deck, problems = parse(CASE + "    themes: [laoqu, dangjian]\n", header)
    assert problems == [] and deck is not None
    assert deck.themes["laoqu"].name == "老区振兴"  # type: ignore[attr-defined]
    assert deck.notes[0].themes == ("laoqu", "dangjian")  # type: ignore[attr-defined]


def test_a_structure_head_has_no_length_limit_in_the_loader() -> None:
    long_head = "甲" * 57
    note = one_note(
        f"  - id: s\n    kind: structure\n    title: 对策\n    points:\n"
        f"      - head: {long_head}\n      - head: 乙\n"
    )
    assert isinstance(note, StructureNote) and note.points[0].head == long_head


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        pytest.param(CASE + "    themes: [dangjian, meiyou]\n", "10:24", "unknown theme 'meiyou'",
                     id="unknown-theme"),
        pytest.param(CASE + "    themes: [dangjian, dangjian]\n", "10:24", "listed twice",
                     id="theme-twice"),
        pytest.param(CASE + "    themes: dangjian\n", "10:13", "'themes' must be a list",
                     id="themes-not-a-list"),
        pytest.param(CASE + "    priority: high\n", "10:15", "unknown priority 'high'",
                     id="unknown-priority"),
        pytest.param(CASE + "    cite: [甲]\n", "10:11", "'cite' must be a piece of text",
                     id="cite-not-text"),
        pytest.param(CASE + "    name: {a: b}\n", "10:11", "'name' must be a piece of text",
                     id="name-not-text"),
        pytest.param(CASE + "    line: " + "字" * 61 + "\n", "10:11", "61 characters long",
                     id="line-too-long"),
        pytest.param("  - id: s\n    kind: structure\n    title: 对策\n    name: 甲\n    points:\n"
                     "      - head: 甲\n      - head: 乙\n", "9:5", "unknown key 'name'",
                     id="name-on-a-structure"),
        pytest.param("  - id: b\n    kind: basic\n    front: 问\n    back: 答\n    line: 甲\n",
                     "10:5", "unknown key 'line'", id="line-on-a-basic"),
    ],
)  # fmt: skip
def test_each_new_field_refuses_bad_values_at_file_line_col(
    body: str, where: str, message: str
) -> None:
    problem = only_problem(body)
    assert problem.startswith(f"牌组.yaml:{where}: note '")
    assert message in problem


def test_a_line_of_exactly_sixty_characters_is_accepted() -> None:
    note = one_note(CASE + "    line: " + "字" * 60 + "\n")
    assert isinstance(note, CaseNote) and note.line is not None and len(note.line) == 60


def test_a_deck_theme_may_not_redefine_a_catalog_theme() -> None:
    header = HEADER.replace("notes:\n", "themes:\n  dangjian:\n    name: 另一个\nnotes:\n")
    problem = only_problem(CASE, header)
    assert problem.startswith("牌组.yaml:7:5: ") and "already in the theme catalog" in problem


def test_a_deck_theme_needs_a_name_and_no_other_keys() -> None:
    header = HEADER.replace("notes:\n", "themes:\n  laoqu:\n    scope: 甲\n    color: 红\nnotes:\n")
    _, problems = parse(CASE, header)
    assert any(p.startswith("牌组.yaml:7:5: ") and "'name'" in p for p in problems)
    assert any(p.startswith("牌组.yaml:8:5: ") and "unknown key 'color'" in p for p in problems)


def test_every_problem_of_a_file_is_reported_not_just_the_first() -> None:
    _, problems = parse(
        CASE + "    themes: [meiyou]\n    priority: high\n    line: " + "字" * 61 + "\n"
    )
    assert [p.split(":")[1] for p in problems] == ["10", "11", "12"]


# --- the theme catalog --------------------------------------------------------------------------


def test_the_bundled_catalog_has_10_to_15_themes_each_with_a_name_and_scope() -> None:
    themes = bundled_themes()
    assert 10 <= len(themes) <= 15
    assert all(t.name and t.scope for t in themes.values())
    assert {"dangjian", "santi", "shuzi"} <= set(themes)


def test_a_catalog_with_an_unknown_key_is_refused_at_its_line() -> None:
    themes, problems = parse_catalog("t.yaml", b"themes:\n  a:\n    name: x\n    colour: y\n")
    assert [str(p) for p in problems] == ["t.yaml:4:5: unknown key 'colour' (allowed: name, scope)"]
    assert "a" in themes


def test_the_catalog_is_not_taken_for_a_deck_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "甲.yaml").write_text(HEADER + CASE, encoding="utf-8")
    (tmp_path / "themes.yaml").write_text("themes:\n  a:\n    name: x\n", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["甲.yaml"]
    assert [d.id for d in load_decks([tmp_path])] == ["ceshi"]


def test_the_bundled_folder_loads_without_reading_the_catalog_as_a_deck() -> None:
    files = discover([bundled_decks_dir()])
    assert (bundled_decks_dir() / "themes.yaml").is_file()
    assert all(f.name != "themes.yaml" for f in files)


def test_naming_the_catalog_as_a_deck_is_one_clear_error(tmp_path: Path) -> None:
    catalog = tmp_path / "themes.yaml"
    catalog.write_text("themes: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_decks([catalog])
    assert caught.value.lines == (f"{catalog}: this is a theme catalog, not a deck",)


# --- questions ----------------------------------------------------------------------------------

QUESTION = (
    "  - id: q\n    kind: question\n    prompt: 如何以党建引领基层治理？\n    frame: 对策\n"
    "    themes: [dangjian]\n    uses: [ceshi/a]\n"
)


def test_a_question_reads_its_prompt_frame_themes_and_uses() -> None:
    deck, problems = parse(CASE + QUESTION)
    assert problems == [] and deck is not None
    question = deck.notes[1]  # type: ignore[attr-defined]
    assert isinstance(question, QuestionNote)
    assert (question.prompt, question.frame) == ("如何以党建引领基层治理？", "对策")
    assert question.uses == ("ceshi/a",)
    assert note_from_dict(note_to_dict(question)) == question


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        pytest.param("  - id: q\n    kind: question\n    frame: 对策\n", "6:5",
                     "missing required field 'prompt'", id="no-prompt"),
        pytest.param("  - id: q\n    kind: question\n    prompt: 题\n    frame: 措施\n", "9:12",
                     "unknown frame '措施'", id="bad-frame"),
        pytest.param("  - id: q\n    kind: question\n    prompt: 题\n    uses: [ceshi]\n", "9:12",
                     "must be DECK/NOTE", id="uses-without-a-deck"),
        pytest.param("  - id: q\n    kind: question\n    prompt: 题\n    title: 甲\n", "9:5",
                     "unknown key 'title'", id="unknown-key"),
    ],
)  # fmt: skip
def test_a_bad_question_is_refused_at_file_line_col(body: str, where: str, message: str) -> None:
    problem = only_problem(body)
    assert problem.startswith(f"牌组.yaml:{where}: note 'q': ")
    assert message in problem


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_uses_resolve_across_the_files_of_one_import(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEADER + CASE)
    other = HEADER.replace("id: ceshi", "id: wenti")
    write(tmp_path, "b.yaml", other + QUESTION)
    decks = load_decks([tmp_path])
    assert [d.id for d in decks] == ["ceshi", "wenti"]


def test_uses_naming_a_missing_note_or_deck_are_errors_at_their_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEADER + CASE)
    other = HEADER.replace("id: ceshi", "id: wenti")
    body = QUESTION.replace("[ceshi/a]", "[ceshi/a, ceshi/zz, meiyou/a]")
    b = write(tmp_path, "b.yaml", other + body)
    with pytest.raises(InputError) as caught:
        load_decks([tmp_path])
    missing_note, missing_deck, summary = caught.value.lines
    assert summary == "nothing imported: 2 file(s) checked, 1 with errors"
    assert missing_note.startswith(f"{b}:11:21: note 'q': ") and "ceshi/zz" in missing_note
    assert missing_deck.startswith(f"{b}:11:31: note 'q': ") and "meiyou" in missing_deck


def test_uses_of_a_file_imported_alone_must_name_its_own_notes(tmp_path: Path) -> None:
    b = write(tmp_path, "b.yaml", HEADER.replace("id: ceshi", "id: wenti") + QUESTION)
    with pytest.raises(InputError):
        load_decks([b])
    own = write(tmp_path, "c.yaml", HEADER + CASE + QUESTION)
    assert load_decks([own])[0].notes[1].uses == ("ceshi/a",)  # type: ignore[union-attr]


# --- nulls, ids, control characters -------------------------------------------------------------


@pytest.mark.parametrize("null", ["null", "~", "", "Null", "NULL"])
def test_a_null_optional_field_is_absent_not_the_text_null(null: str) -> None:
    note = one_note(
        f"  - id: a\n    kind: case\n    title: 标题\n    summary: 摘要\n    place: {null}\n"
        f"    cite: {null}\n    priority: {null}\n    themes: {null}\n    name: {null}\n"
    )
    assert isinstance(note, CaseNote)
    assert (note.place, note.cite, note.name, note.themes, note.priority) == (
        None,
        None,
        None,
        (),
        "core",
    )


def test_a_null_by_and_reverse_are_absent() -> None:
    quote = one_note("  - id: q\n    kind: quote\n    text: 基层强则国家强\n    by: ~\n")
    assert isinstance(quote, QuoteNote) and quote.by is None
    basic = one_note("  - id: b\n    kind: basic\n    front: 问\n    back: 答\n    reverse: null\n")
    assert isinstance(basic, BasicNote) and basic.reverse is False


def test_a_quoted_null_is_text() -> None:
    quote = one_note("  - id: q\n    kind: quote\n    text: 基层强则国家强\n    by: 'null'\n")
    assert isinstance(quote, QuoteNote) and quote.by == "null"


def test_a_null_required_field_is_refused_at_its_line() -> None:
    problem = only_problem("  - id: a\n    kind: case\n    title: null\n    summary: 摘要\n")
    assert problem.startswith("牌组.yaml:8:12: note 'a': ") and "'title'" in problem


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_ids_may_not_start_with_a_spreadsheet_formula_character(start: str) -> None:
    problem = only_problem(f"  - id: '{start}cmd'\n    kind: basic\n    front: 问\n    back: 答\n")
    assert problem.startswith("牌组.yaml:6:9: ") and "not starting with" in problem
    deck_problem = only_problem(
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n",
        HEADER.replace("id: ceshi", f"id: '{start}x'"),
    )
    assert deck_problem.startswith("牌组.yaml:2:5: ") and "deck id" in deck_problem


def test_ids_equal_after_nfkc_are_duplicates() -> None:
    problem = only_problem(
        "  - id: １２３\n    kind: basic\n    front: 问一\n    back: 答一\n"
        "  - id: '123'\n    kind: basic\n    front: 问二\n    back: 答二\n"
    )
    assert problem.startswith("牌组.yaml:10:5: note '123': duplicate note id")


def test_deck_ids_equal_after_nfkc_are_duplicates_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEADER.replace("id: ceshi", "id: deck1") + CASE)
    write(tmp_path, "b.yaml", HEADER.replace("id: ceshi", "id: deck１") + CASE)
    with pytest.raises(InputError) as caught:
        load_decks([tmp_path])
    assert "also used by" in caught.value.lines[0]


@pytest.mark.parametrize(
    "escape", ["\\e]52;c;aGk=\\a", "\\e]0;title\\a", "\\e[8m", "\\x9b2J", "\\x00", "\\r"]
)
def test_control_characters_in_text_are_refused_at_their_value(escape: str) -> None:
    body = f'  - id: a\n    kind: basic\n    front: "问{escape}"\n    back: 答\n'
    _, problems = parse(body)
    assert len(problems) == 1
    assert problems[0].startswith("牌组.yaml:8:12: ") and "control character" in problems[0]
    assert not any(c in problems[0] for c in "\x1b\x07\x9b\x00\r")


def test_a_control_character_in_a_key_never_reaches_an_error_line() -> None:
    _, problems = parse(
        '  - id: a\n    kind: basic\n    front: 问\n    back: 答\n    "k\\e[8m": 1\n'
    )
    assert any("control character" in p for p in problems)
    assert not any("\x1b" in p for p in problems)


def test_newline_and_tab_are_allowed_in_text() -> None:
    note = one_note('  - id: b\n    kind: basic\n    front: "问\\t一\\n二"\n    back: 答\n')
    assert isinstance(note, BasicNote) and note.front == "问\t一\n二"
