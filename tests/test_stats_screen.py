"""The stats screen at 80 columns (issue 13, item 5): never-studied topics on one line, wrapped
topic names that keep their indent, and the answer diff in the learner's own characters."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from govcards import grading
from govcards.cli import app
from govcards.stats import Mastery, Rate
from govcards.ui.dashboard import _mastery_row, _mastery_table
from govcards.ui.review import _diff_line


def test_a_fresh_collection_lists_no_topic_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCARDS_WIDTH", "80")
    runner = CliRunner()
    assert runner.invoke(app, ["import", "--bundled"]).exit_code == 0
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 80, len(lines)  # it was 148, most of them never-studied topics
    assert max(cell_len(line) for line in lines) <= 80
    [collapsed] = [line for line in lines if "not studied yet" in line]
    assert collapsed.split()[0].isdigit() and int(collapsed.split()[0]) > 40
    assert "Mastery by topic" not in result.stdout  # nothing studied: no per-topic table


def test_a_wrapped_topic_name_keeps_its_indent() -> None:
    console = Console(width=60, record=True, color_system=None)
    table = _mastery_table("Mastery by topic", "topic")
    name = "加强和创新基层社会治理的总体思路与主要任务及其保障措施和评价体系"
    _mastery_row(table, Mastery("t", name, "d", 5, 1, 2, 2, Rate(4, 3)), indent=2)
    console.print(table)
    rows = [line for line in console.export_text().splitlines() if line.startswith("│")]
    assert len(rows) >= 2  # the name wraps
    assert all(row.startswith("│   ") and row[4] != " " for row in rows), rows
    assert "".join(row.split("│")[1].strip() for row in rows) == name


def test_the_answer_diff_shows_the_learners_own_characters() -> None:
    comparison = grading.compare("Hello, WORLD 一百零五 最後", "hello world 105 最后一公里")
    shown = _diff_line(comparison).plain
    assert "Hello, WORLD 一百零五 最後" in shown  # not "helloworld1051最后"
    assert "[一公里]" in shown
    extra = _diff_line(grading.compare("基层ABC党建", "基层党建")).plain
    assert "(ABC)" in extra
