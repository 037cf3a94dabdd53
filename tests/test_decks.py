"""The deck loader: format v1 (docs/deck-format.md) and every bad-input row of section 10."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govcards import deck_yaml
from govcards.decks import (
    MAX_DECK_BYTES,
    Problem,
    discover,
    load_decks,
    parse_deck,
    valid_id,
)
from govcards.errors import InputError
from govcards.model import BasicNote, CaseNote, Point, QuoteNote, StructureNote

from .conftest import SMALL_DECK

# Five lines, so that the first note of every body below starts on line 6.
HEADER = "deck: 测试牌组\nid: ceshi\ntopics:\n  dangjian: 强化基层党建\nnotes:\n"
LINE_FORMAT = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:note '[^']*': )?\S")


def parse(body: str, path: str = "牌组.yaml") -> tuple[object, list[Problem]]:
    return parse_deck(path, (HEADER + body).encode("utf-8"))


def problems_of(body: str) -> list[str]:
    deck, problems = parse(body)
    assert deck is None, "a deck with a problem must not be returned"
    assert problems
    return [str(p) for p in problems]


def only_problem(body: str) -> Problem:
    deck, problems = parse(body)
    assert deck is None
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- a valid deck ---------------------------------------------------------------------------


def test_valid_deck_parses_into_its_notes() -> None:
    deck, problems = parse_deck("decks/test-dangjian.yaml", SMALL_DECK.encode())
    assert problems == []
    assert deck is not None
    assert deck.id == "test-dangjian"
    assert deck.name == "测试 · 党建引领"
    assert deck.description == "用于测试的小牌组"
    assert deck.source == "000_72e980db42bac61d.txt"
    assert deck.topics == {"dangjian": "强化基层党建"}
    assert deck.path == "decks/test-dangjian.yaml"
    assert [n.id for n in deck.notes] == [
        "jiangyin",
        "dangjian-duice",
        "zuihou-yigongli",
        "santi-heyi",
    ]

    case, structure, quote, basic = deck.notes
    assert isinstance(case, CaseNote)
    assert case.title == "江苏江阴党员联户“1+10+N”制度"
    assert case.place == "江苏省江阴市"
    assert case.measures == ("先锋党员联系党员", "党员联系服务群众")
    assert case.effects == ()
    assert case.keys == ("1+10+N", "党员联户")
    assert case.tags == ("党建",)
    assert case.topic == "dangjian"

    assert isinstance(structure, StructureNote)
    assert structure.frame == "对策"
    assert structure.points == (
        Point("建设骨干队伍", ("优选党组织书记", "加强村干部教育", "做好基层党员管理工作")),
        Point("强化监督力度", ()),
        Point("完善党建体系", ("强化基层党建责任机制", "健全基层党建共建体系")),
    )

    assert isinstance(quote, QuoteNote)
    assert quote.by == "习近平"
    assert quote.blanks == ("最后一公里", "断头路")
    assert quote.ask_source is True

    assert isinstance(basic, BasicNote)
    assert basic.front == '"三治合一"指哪三治？'
    assert basic.back == "自治、法治、德治"
    assert basic.reverse is True


def test_strings_are_trimmed_and_defaults_apply() -> None:
    deck, problems = parse(
        "  - id: a\n    kind: structure\n    title: '  强化基层党建的对策  '\n"
        "    points:\n      - head: 建设骨干队伍\n      - head: 强化监督力度\n"
        "  - id: b\n    kind: basic\n    front: 问\n    back: 答\n"
    )
    assert problems == []
    assert deck is not None
    structure, basic = deck.notes  # type: ignore[attr-defined]
    assert structure.title == "强化基层党建的对策"
    assert structure.frame == "对策"
    assert basic.reverse is False


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    deck, problems = parse_deck("bom.yaml", b"\xef\xbb\xbf" + SMALL_DECK.encode())
    assert problems == []
    assert deck is not None and deck.name == "测试 · 党建引领"


def test_problem_prints_as_file_line_col_note_message() -> None:
    assert str(Problem("牌组.yaml", 7, 5, "坏了", "a")) == "牌组.yaml:7:5: note 'a': 坏了"
    assert str(Problem("牌组.yaml", 1, 1, "坏了")) == "牌组.yaml:1:1: 坏了"


# --- YAML-level problems: syntax, tabs, documents, anchors, tags, encoding, size ------------


def test_yaml_syntax_error_names_file_line_and_column() -> None:
    problem = only_problem("  - id: a\n    kind: basic\n    front: [未闭合\n    back: 答\n")
    assert problem.path == "牌组.yaml"
    assert (problem.line, problem.col) == (9, 9)
    assert problem.message.startswith("YAML syntax error")


def test_unquoted_value_starting_with_a_quote_mark_names_its_line_and_gives_the_hint() -> None:
    problem = only_problem(
        '  - id: a\n    kind: basic\n    front: "三治合一"指哪三治?\n    back: 答\n'
    )
    assert problem.line == 8
    assert problem.col == 18
    assert "YAML syntax error" in problem.message
    assert "must be quoted as a whole" in problem.message
    assert "“…”" in problem.message


def test_the_same_value_quoted_as_a_whole_is_fine() -> None:
    deck, problems = parse(
        "  - id: a\n    kind: basic\n    front: '\"三治合一\"指哪三治?'\n    back: 答\n"
    )
    assert problems == []
    assert deck is not None


def test_tab_indentation_is_refused_with_its_line() -> None:
    found = problems_of("  - id: a\n\tkind: basic\n    front: 问\n    back: 答\n")
    assert found[0] == "牌组.yaml:7:1: tab character: indent with spaces"


def test_tab_inside_a_value_is_refused_too() -> None:
    problem = only_problem("  - id: a\n    kind: basic\n    front: 问\t题\n    back: 答\n")
    assert (problem.line, problem.col) == (8, 13)
    assert "tab character" in problem.message


def test_two_documents_are_refused_at_the_second() -> None:
    problem = only_problem(
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n---\ndeck: 第二个\n"
    )
    assert problem.line == 10
    assert "another document" in problem.message


def test_anchor_and_alias_are_both_refused_where_they_are_written() -> None:
    found = problems_of("  - id: a\n    kind: basic\n    front: &wen 问题\n    back: *wen\n")
    assert found == [
        "牌组.yaml:8:12: anchors and aliases are not allowed in deck files (anchor '&wen')",
        "牌组.yaml:9:11: anchors and aliases are not allowed in deck files (alias '*wen')",
    ]


def test_an_unused_anchor_is_refused() -> None:
    problem = only_problem("  - id: a\n    kind: basic\n    front: &wen 问题\n    back: 答\n")
    assert (problem.line, problem.col) == (8, 12)
    assert "anchors and aliases are not allowed" in problem.message


def test_a_note_repeated_through_an_alias_is_refused() -> None:
    found = problems_of("  - &n\n    id: a\n    kind: basic\n    front: 问\n    back: 答\n  - *n\n")
    assert len(found) == 2
    assert found[0].startswith("牌组.yaml:6:5: anchors and aliases")
    assert found[1].startswith("牌组.yaml:11:5: anchors and aliases")


def test_python_tags_are_inert_and_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    body = (
        "  - id: a\n    kind: basic\n"
        f"    front: !!python/object/apply:builtins.exec [\"open(r'{marker}', 'w')\"]\n"
        "    back: 答\n"
    )
    found = problems_of(body)
    assert not marker.exists()
    assert len(found) == 1
    assert found[0].startswith("牌组.yaml:8:12: note 'a': tag 'tag:yaml.org,2002:python/object")
    assert "is not allowed" in found[0]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (  # on a note
            HEADER + "  - !!python/object:os.system\n    id: a\n    kind: basic\n"
            "    front: 问\n    back: 答\n",
            6,
        ),
        (  # on the notes list
            "deck: 测试\nid: ceshi\nnotes: !!python/tuple\n  - id: a\n    kind: basic\n"
            "    front: 问\n    back: 答\n",
            3,
        ),
        (  # on the whole file
            "!!python/object:govcards.model.Deck\n" + HEADER + "  - id: a\n    kind: basic\n"
            "    front: 问\n    back: 答\n",
            1,
        ),
        (
            HEADER
            + "  - id: a\n    kind: basic\n    front: !!python/name:os.system\n    back: 答\n",
            8,
        ),
        (HEADER + "  - id: a\n    kind: basic\n    front: 问\n    back: !!binary aGVsbG8=\n", 9),
        (HEADER + "  - id: a\n    kind: basic\n    front: !custom 问\n    back: 答\n", 8),
    ],
)
def test_non_plain_tags_are_refused_wherever_they_appear(text: str, line: int) -> None:
    deck, problems = parse_deck("牌组.yaml", text.encode())
    assert deck is None
    tagged = [p for p in problems if "tag '" in p.message]
    assert [p.line for p in tagged] == [line]
    assert "is not allowed" in tagged[0].message


def test_standard_tags_on_plain_values_are_fine() -> None:
    deck, problems = parse("  - id: a\n    kind: basic\n    front: !!str 2013\n    back: 答\n")
    assert problems == []
    assert deck is not None


def test_not_utf8_names_the_line_of_the_bad_byte() -> None:
    data = (HEADER + "  - id: a\n    kind: basic\n    front: ").encode() + "三治".encode("gbk")
    data += "\n    back: 答\n".encode()
    deck, problems = parse_deck("gbk.yaml", data)
    assert deck is None
    assert [str(p) for p in problems] == [
        "gbk.yaml:8:12: not UTF-8 text: save the deck file as UTF-8"
    ]


def test_not_utf8_after_a_byte_order_mark_names_the_same_place() -> None:
    bad = (HEADER + "  - id: a\n    kind: basic\n    front: 问").encode() + b"\xff\n"
    plain = parse_deck("a.yaml", bad)[1]
    with_bom = parse_deck("a.yaml", b"\xef\xbb\xbf" + bad)[1]
    assert [(p.line, p.col) for p in plain] == [(8, 13)]
    assert [(p.line, p.col) for p in with_bom] == [(8, 13)]


@pytest.mark.parametrize(
    "data", [b"", b"   \n\n", b"# \xe5\x8f\xaa\xe6\x9c\x89\xe6\xb3\xa8\xe9\x87\x8a\n"]
)
def test_empty_file_is_one_clear_problem(data: bytes) -> None:
    deck, problems = parse_deck("空.yaml", data)
    assert deck is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("空.yaml:1:1: empty file")


def test_file_over_the_size_limit_is_refused_unread() -> None:
    data = b"#" * (MAX_DECK_BYTES + 1)
    deck, problems = parse_deck("巨大.yaml", data)
    assert deck is None
    assert len(problems) == 1
    assert "larger than 20 MB" in problems[0].message


def test_file_at_the_size_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deck_yaml, "MAX_DECK_BYTES", len(SMALL_DECK.encode()))
    deck, problems = parse_deck("刚好.yaml", SMALL_DECK.encode())
    assert problems == [] and deck is not None
    monkeypatch.setattr(deck_yaml, "MAX_DECK_BYTES", len(SMALL_DECK.encode()) - 1)
    assert "larger than" in parse_deck("刚好.yaml", SMALL_DECK.encode())[1][0].message


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 50_000 + "a", "{a: " * 50_000])
def test_deeply_nested_input_is_refused_without_crashing(text: str) -> None:
    deck, problems = parse_deck("深.yaml", text.encode())
    assert deck is None
    assert len(problems) == 1
    assert problems[0].line == 1
    assert "nested more than" in problems[0].message


def test_control_character_names_its_line() -> None:
    problem = only_problem("  - id: a\n    kind: basic\n    front: 问\x07题\n    back: 答\n")
    assert (problem.line, problem.col) == (8, 13)
    assert "control characters" in problem.message or "special characters" in problem.message


@pytest.mark.parametrize(
    "text",
    ["- 甲\n- 乙\n", "只是一句话\n", "---\n"],
)
def test_a_file_that_is_not_a_mapping_is_refused(text: str) -> None:
    deck, problems = parse_deck("列表.yaml", text.encode())
    assert deck is None
    assert any("must be a mapping" in p.message for p in problems)


# --- content problems: each gives FILE:LINE:COL and the note ---------------------------------

CONTENT_CASES = [
    pytest.param(
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n    颜色: 红\n",
        (10, 5, "a", "unknown key '颜色'"),
        id="unknown-key",
    ),
    pytest.param(
        "  - id: a\n    kind: case\n    title: [甲, 乙]\n    summary: 摘要\n",
        (8, 12, "a", "'title' must be a piece of text"),
        id="wrong-type-text",
    ),
    pytest.param(
        "  - id: a\n    kind: case\n    title: 标题\n    summary: 摘要\n    measures: 先锋党员\n",
        (10, 15, "a", "'measures' must be a list"),
        id="wrong-type-list",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n    reverse: 是\n",
        (10, 14, "a", "'reverse' must be true or false"),
        id="wrong-type-bool",
    ),
    pytest.param(
        "  - id: a\n    kind: structure\n    title: 对策\n    points: 建设骨干队伍\n",
        (9, 13, "a", "'points' must be a list"),
        id="wrong-type-points",
    ),
    pytest.param(
        "  - id: a\n    kind: case\n    title: 江阴的做法\n",
        (6, 5, "a", "missing required field 'summary'"),
        id="missing-field",
    ),
    pytest.param(
        "  - kind: basic\n    front: 问\n    back: 答\n",
        (6, 5, None, "missing required field 'id'"),
        id="missing-id",
    ),
    pytest.param(
        "  - id: a\n    front: 问\n    back: 答\n",
        (6, 5, "a", "missing required field 'kind'"),
        id="missing-kind",
    ),
    pytest.param(
        "  - id: a\n    kind: 案例\n    title: 标题\n",
        (7, 11, "a", "unknown kind '案例'"),
        id="unknown-kind",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: 问一\n    back: 答一\n"
        "  - id: a\n    kind: basic\n    front: 问二\n    back: 答二\n",
        (10, 5, "a", "duplicate note id (first used on line 6)"),
        id="duplicate-note-id",
    ),
    pytest.param(
        "  - id: a\n    kind: quote\n    text: 基层强则国家强，基层安则天下安\n"
        "    blanks:\n      - 国家强\n      - 断头路\n",
        (11, 9, "a", "blank '断头路' does not occur in the text"),
        id="blank-not-in-text",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    topic: minsheng\n    front: 问\n    back: 答\n",
        (8, 12, "a", "topic 'minsheng' is not declared"),
        id="topic-not-declared",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: ''\n    back: 答\n",
        (8, 12, "a", "'front' must not be empty"),
        id="empty-required-string",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: '   '\n    back: 答\n",
        (8, 12, "a", "'front' must not be empty"),
        id="blank-required-string",
    ),
    pytest.param(
        "  - id: a\n    kind: case\n    title:\n    summary: 摘要\n",
        (8, 11, "a", "'title' must not be empty"),
        id="null-required-string",
    ),
    pytest.param(
        "  - id: a\n    kind: structure\n    title: 对策\n    points:\n      - head: 建设队伍\n",
        (10, 7, "a", "at least 2 points"),
        id="one-point",
    ),
    pytest.param(
        "  - id: a\n    kind: structure\n    title: 对策\n    points:\n"
        "      - head: 建设骨干队伍\n      - detail: [优选书记]\n",
        (11, 9, "a", "missing required field 'head'"),
        id="point-without-head",
    ),
    pytest.param(
        "  - id: a\n    kind: structure\n    frame: 措施\n    title: 对策\n    points:\n"
        "      - head: 甲\n      - head: 乙\n",
        (8, 12, "a", "unknown frame '措施'"),
        id="unknown-frame",
    ),
    pytest.param(
        "  - id: 党建 对策\n    kind: basic\n    front: 问\n    back: 答\n",
        (6, 9, "党建 对策", "note id '党建 对策' must be 1–64"),
        id="id-with-space",
    ),
    pytest.param(
        "  - id: 甲/乙\n    kind: basic\n    front: 问\n    back: 答\n",
        (6, 9, "甲/乙", "must be 1–64"),
        id="id-with-slash",
    ),
    pytest.param(
        f"  - id: {'长' * 65}\n    kind: basic\n    front: 问\n    back: 答\n",
        (6, 9, "长" * 65, "must be 1–64"),
        id="id-too-long",
    ),
    pytest.param(
        "  - id: a\n    kind: quote\n    text: 基层强则国家强\n    ask_source: true\n",
        (9, 17, "a", "ask_source needs 'by'"),
        id="ask-source-without-by",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: 问\n    front: 又问\n    back: 答\n",
        (9, 5, "a", "duplicate key 'front'"),
        id="duplicate-key-in-note",
    ),
    pytest.param(
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n    tags: [党建, [嵌套]]\n",
        (10, 16, "a", "must be a piece of text"),
        id="tag-not-text",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CONTENT_CASES)
def test_content_problem_names_file_line_column_and_note(
    body: str, expected: tuple[int, int, str | None, str]
) -> None:
    line, col, note, fragment = expected
    problem = only_problem(body)
    assert (problem.path, problem.line, problem.col) == ("牌组.yaml", line, col)
    assert problem.note == note
    assert fragment in problem.message
    assert LINE_FORMAT.match(str(problem))
    if note:
        assert f"note '{note}': " in str(problem)


def test_duplicate_key_at_deck_level_is_refused() -> None:
    deck, problems = parse_deck("牌组.yaml", "deck: 甲\ndeck: 乙\nid: ceshi\nnotes: []\n".encode())
    assert deck is None
    assert [str(p) for p in problems] == ["牌组.yaml:2:1: duplicate key 'deck'"]


def test_unknown_key_at_deck_level_is_refused() -> None:
    deck, problems = parse_deck("牌组.yaml", "deck: 甲\nid: ceshi\n作者: 某\nnotes: []\n".encode())
    assert deck is None
    assert len(problems) == 1 and "unknown key '作者'" in str(problems[0])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("id: ceshi\nnotes: []\n", "missing required field 'deck'"),
        ("deck: 甲\nnotes: []\n", "missing required field 'id'"),
        ("deck: 甲\nid: ceshi\n", "missing required field 'notes'"),
        ("deck: 甲\nid: 测试 牌组\nnotes: []\n", "deck id '测试 牌组' must be 1–64"),
        ("deck: 甲\nid: ceshi\ntopics: [党建]\nnotes: []\n", "'topics' must map"),
        ("deck: 甲\nid: ceshi\nnotes: 没有\n", "'notes' must be a list"),
    ],
)
def test_deck_level_problems_are_refused(text: str, fragment: str) -> None:
    deck, problems = parse_deck("牌组.yaml", text.encode())
    assert deck is None
    assert any(fragment in p.message for p in problems), [str(p) for p in problems]


def test_every_problem_of_a_file_is_reported_not_just_the_first() -> None:
    body = (
        "  - id: a\n    kind: basic\n    front: 问\n    back: 答\n    颜色: 红\n"  # 6–10
        "  - id: b\n    kind: 案例\n    title: 标题\n"  # 11–13
        "  - id: c\n    kind: quote\n    text: 基层强则国家强\n    blanks: [断头路]\n"  # 14–17
        "  - id: a\n    kind: basic\n    front: 再问\n    back: 再答\n"  # 18–21
        "  - id: d\n    kind: case\n    topic: minsheng\n    title: 标题\n"  # 22–25
    )
    found = problems_of(body)
    assert [line.split(": ", 1)[0] for line in found] == [
        "牌组.yaml:10:5",
        "牌组.yaml:12:11",
        "牌组.yaml:17:14",
        "牌组.yaml:18:5",
        "牌组.yaml:22:5",
        "牌组.yaml:24:12",
    ]
    assert "unknown key '颜色'" in found[0]
    assert "unknown kind '案例'" in found[1]
    assert "blank '断头路'" in found[2]
    assert "duplicate note id" in found[3]
    assert "missing required field 'summary'" in found[4]
    assert "topic 'minsheng'" in found[5]


def test_problems_across_files_are_all_reported_by_load_decks(tmp_path: Path) -> None:
    (tmp_path / "甲.yaml").write_text(HEADER + "  - id: a\n    kind: 案例\n", encoding="utf-8")
    (tmp_path / "乙.yaml").write_text("deck: 乙\nid: yi\nnotes: [\n", encoding="utf-8")
    (tmp_path / "丙.yaml").write_text(SMALL_DECK, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_decks([tmp_path])
    lines = caught.value.lines
    assert any(
        line.startswith(f"{tmp_path / '甲.yaml'}:7:11: note 'a': unknown kind") for line in lines
    )
    assert any(
        line.startswith(f"{tmp_path / '乙.yaml'}:") and "YAML syntax" in line for line in lines
    )
    assert all(LINE_FORMAT.match(line) for line in lines[:-1])
    assert lines[-1] == "nothing imported: 3 file(s) checked, 2 with errors"
    assert caught.value.exit_code == 2


def test_same_deck_id_in_two_files_names_both_files(tmp_path: Path) -> None:
    first = tmp_path / "一.yaml"
    second = tmp_path / "二.yaml"
    first.write_text(SMALL_DECK, encoding="utf-8")
    second.write_text(SMALL_DECK.replace("测试 · 党建引领", "另一个名字"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_decks([first, second])
    message = str(caught.value)
    assert str(first) in message and str(second) in message
    assert "test-dangjian" in message
    assert caught.value.exit_code == 2


def test_load_decks_returns_every_deck_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SMALL_DECK, encoding="utf-8")
    (tmp_path / "b.yml").write_text(
        SMALL_DECK.replace("id: test-dangjian", "id: test-other"), encoding="utf-8"
    )
    loaded = load_decks([tmp_path])
    assert [d.id for d in loaded] == ["test-dangjian", "test-other"]
    assert loaded[0].path == str(tmp_path / "a.yaml")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("jiceng-dangjian", True),
        ("党建_1.0", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("", False),
        ("党建 对策", False),
        ("a/b", False),
        ("a:b", False),
        ("引号“x”", False),
    ],
)
def test_ids_are_1_to_64_letters_digits_dots_underscores_dashes(value: str, ok: bool) -> None:
    assert valid_id(value) is ok


# --- discovery ------------------------------------------------------------------------------


def test_discover_finds_decks_recursively_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "牌组"
    (root / "党建" / "深层").mkdir(parents=True)
    (root / ".隐藏").mkdir()
    (root / "a.yaml").write_text("x", encoding="utf-8")
    (root / "党建" / "b.yml").write_text("x", encoding="utf-8")
    (root / "党建" / "深层" / "c.YAML").write_text("x", encoding="utf-8")
    (root / ".隐藏" / "d.yaml").write_text("x", encoding="utf-8")
    (root / ".e.yaml").write_text("x", encoding="utf-8")
    (root / "说明.txt").write_text("x", encoding="utf-8")
    found = discover([root])
    assert [p.relative_to(root).as_posix() for p in found] == [
        "a.yaml",
        "党建/b.yml",
        "党建/深层/c.YAML",
    ]


def test_discover_keeps_files_named_directly_and_drops_repeats(tmp_path: Path) -> None:
    deck = tmp_path / "单个.yaml"
    deck.write_text("x", encoding="utf-8")
    assert discover([deck]) == [deck]
    assert len(discover([deck, tmp_path])) == 1


def test_discover_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "不存在.yaml"
    with pytest.raises(InputError) as caught:
        discover([missing])
    assert caught.value.lines == (f"{missing}: no such file or directory",)
    assert caught.value.exit_code == 2


def test_discover_refuses_a_folder_with_no_decks(tmp_path: Path) -> None:
    empty = tmp_path / "空文件夹"
    (empty / ".hidden").mkdir(parents=True)
    (empty / ".hidden" / "x.yaml").write_text("x", encoding="utf-8")
    (empty / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        discover([empty])
    assert len(caught.value.lines) == 1
    assert "no deck files" in caught.value.lines[0]
    assert str(empty) in caught.value.lines[0]


# --- the YAML engine ------------------------------------------------------------------------


def test_libyaml_is_used_when_present() -> None:
    if yaml.__with_libyaml__:
        assert deck_yaml._LOADER is yaml.CSafeLoader
    else:
        assert deck_yaml._LOADER is yaml.SafeLoader


def test_the_pure_python_loader_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_deck("a.yaml", SMALL_DECK.encode())
    monkeypatch.setattr(deck_yaml, "_LOADER", yaml.SafeLoader)
    slow = parse_deck("a.yaml", SMALL_DECK.encode())
    assert fast == slow
    assert fast[0] is not None
    bad = '  - id: a\n    kind: basic\n    front: "三治合一"指哪三治?\n    back: 答\n'
    assert parse(bad)[1][0].line == 8


def test_a_safe_loader_is_the_only_kind_used() -> None:
    assert issubclass(deck_yaml._LOADER, yaml.SafeLoader) or deck_yaml._LOADER is getattr(
        yaml, "CSafeLoader", None
    )


# --- fuzz: never a crash ----------------------------------------------------------------------

TOKENS = [*"abc:-[]{}#&*!|>'\"\n\t ,?%@`~.09党建“”…", "  ", "- ", ": ", "\n  ", "id", "kind"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def check_outcome(deck: object, problems: list[Problem]) -> None:
    assert (deck is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1
        assert LINE_FORMAT.match(str(problem)), str(problem)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_fuzzed_yamlish_text_never_crashes_the_loader(text: str) -> None:
    check_outcome(*parse_deck("fuzz.yaml", text.encode()))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_fuzzed_bytes_never_crash_the_loader(data: bytes) -> None:
    check_outcome(*parse_deck("fuzz.yaml", data))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SMALL_DECK) - 1), YAMLISH)
def test_a_valid_deck_with_random_damage_never_crashes_the_loader(at: int, junk: str) -> None:
    check_outcome(*parse_deck("fuzz.yaml", (SMALL_DECK[:at] + junk + SMALL_DECK[at:]).encode()))
