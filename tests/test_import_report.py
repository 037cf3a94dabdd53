"""Import reporting (issue 13, item 4): a refused import prints each problem once, where it is
written, and ends with one summary line that says nothing was imported."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import bundled_decks_dir, discover, parse_deck

HEADER = "deck: 测试\nid: ceshi\nnotes:\n"
BASIC = "  - id: {id}\n    kind: basic\n    front: 问\n    back: 答\n"


def problems(body: str) -> list[str]:
    deck, found = parse_deck("牌组.yaml", (HEADER + body).encode())
    assert deck is None
    return [str(p) for p in found]


def test_a_folder_with_one_bad_file_lists_its_problems_then_one_summary_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "decks"
    shutil.copytree(bundled_decks_dir(), folder)
    checked = len(discover([folder]))  # the theme catalog is not a deck: not counted
    (folder / "zz-bad.yaml").write_text(HEADER + "  - id: a\n    kind: 案例\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(folder)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{folder / 'zz-bad.yaml'}:5:11: note 'a': unknown kind")
    assert lines[1] == f"nothing imported: {checked + 1} file(s) checked, 1 with errors"
    assert result.stdout == ""
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").iterdir())


def test_a_duplicate_note_id_is_reported_even_when_that_note_has_other_errors() -> None:
    found = problems(BASIC.format(id="a") + "  - id: a\n    kind: basic\n    front: 问\n")
    assert any(p.startswith("牌组.yaml:8:5: note 'a': duplicate note id") for p in found), found
    assert any("missing required field 'back'" in p for p in found), found


def test_a_duplicate_of_a_broken_first_note_is_reported_too() -> None:
    found = problems("  - id: a\n    kind: basic\n    front: 问\n" + BASIC.format(id="a"))
    assert any(p.startswith("牌组.yaml:7:5: note 'a': duplicate note id") for p in found), found


def test_a_tab_that_breaks_the_yaml_is_reported_once_as_a_tab() -> None:
    for body in ("\t- id: a\n", "  - id: a\n    kind: basic\n\t front: 问\n    back: 答\n"):
        found = problems(body)
        assert len(found) == 1, found
        assert "tab character" in found[0]


def test_an_unterminated_quote_is_reported_where_it_opens() -> None:
    body = '  - id: a\n    kind: basic\n    front: "问\n    back: 答\n' + BASIC.format(id="b")
    found = problems(body)
    assert len(found) == 1, found
    assert found[0].startswith("牌组.yaml:6:12: "), found
    single = problems("  - id: a\n    kind: basic\n    front: '问\n    back: 答\n")
    assert single[0].startswith("牌组.yaml:6:12: "), single
