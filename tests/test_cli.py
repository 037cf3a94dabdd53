"""The command line through Typer's CliRunner, and in a real process for exit codes and stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from govcards.cli import app
from govcards.model import CardFilter
from govcards.scheduler import review
from govcards.store import Answer, Store, StudyStore, resolve_url

from .conftest import NOW, SMALL_DECK, TODAY

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcards", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        cwd=cwd,
        timeout=120,
    )


def collection_file(home: Path) -> Path:
    return home / "govcards.db"


def answer_one_card(grade: int = 4) -> None:
    """Give the first new card some progress, as a review would: due tomorrow."""
    store = Store(resolve_url(None))
    try:
        study = StudyStore(store)
        [card] = study.new_cards(TODAY, CardFilter(), 1, set())
        after = review(card.state, grade, TODAY)
        study.record(Answer(card.card_pk, NOW, TODAY, grade, False, 900, card.state, after))
    finally:
        store.close()


# --- happy paths ----------------------------------------------------------------------------


def test_import_prints_counts_per_deck(small_deck: Path) -> None:
    code, out, err = run("import", str(small_deck))
    assert code == 0, err
    assert "Imported" in out
    row = next(line for line in out.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "test-dangjian",
        "4",
        "4",
        "0",
        "0",
        "0",
    ]
    assert "cards: 10 added, 0 retired, 0 restored" in out
    assert err == ""


def test_import_of_a_folder_finds_its_decks(small_deck: Path) -> None:
    code, out, _ = run("import", str(small_deck.parent))
    assert code == 0
    assert "test-dangjian" in out


def test_reimport_reports_unchanged_notes(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, out, _ = run("import", str(small_deck))
    assert code == 0
    row = next(line for line in out.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]][2:] == ["0", "0", "4", "0"]


def test_import_dry_run_writes_nothing(small_deck: Path) -> None:
    code, out, _ = run("import", "--dry-run", str(small_deck))
    assert code == 0
    assert "Import preview" in out and "nothing written" in out
    assert "test-dangjian" in out
    code, out, _ = run("decks")
    assert code == 0  # reading commands never create a collection: they say how to start one
    assert "govcards review" in out and "govcards import --bundled" in out


def test_decks_lists_card_counts(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, out, err = run("decks")
    assert code == 0, err
    assert "Decks" in out
    row = next(line for line in out.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "test-dangjian",
        "测试 · 党建引领",
        "10",
        "10",
        "0",
        "0",
    ]


def test_reading_commands_without_a_collection_say_how_to_start_and_create_nothing(
    home: Path,
) -> None:
    code, out, _ = run("decks")
    assert code == 0
    assert "govcards review" in out and "govcards import --bundled" in out
    for command in ("due", "stats", "list"):
        code, _, err = run(command)
        assert code == 1, command
        assert "govcards review" in err and "govcards import --bundled" in err
    assert not home.exists()


def test_due_shows_today_and_the_next_seven_days(small_deck: Path) -> None:
    run("import", str(small_deck))
    run("config", "timezone", "Asia/Shanghai")
    answer_one_card(4)
    code, out, err = run("due")
    assert code == 0, err
    assert "Due" in out and "study day 2026-03-02" in out
    assert "03-03" in out and "03-09" in out and "03-10" not in out
    assert "Tue" in out  # 2026-03-03 is a Tuesday
    row = next(line for line in out.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "test-dangjian",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]


def test_due_days_option_changes_the_horizon(small_deck: Path) -> None:
    run("import", str(small_deck))
    run("config", "timezone", "Asia/Shanghai")
    code, out, _ = run("due", "--days", "3")
    assert code == 0
    assert "03-05" in out and "03-06" not in out
    assert run("due", "--days", "0")[0] == 2


def test_db_option_chooses_the_collection(small_deck: Path, tmp_path: Path, home: Path) -> None:
    other = tmp_path / "别处" / "集合.db"
    other.parent.mkdir()  # govcards makes only its own home folder (docs/errors.md)
    code, _, err = run("import", "--db", str(other), str(small_deck))
    assert code == 0, err
    assert other.exists()
    assert not collection_file(home).exists()
    assert "test-dangjian" in run("decks", "--db", str(other))[1]
    assert "govcards import --bundled" in run("decks")[1]  # the home one was never made
    assert not collection_file(home).exists()


# --- config ---------------------------------------------------------------------------------


def test_config_lists_every_setting_with_its_default() -> None:
    code, out, _ = run("config")
    assert code == 0
    for key in ("new_per_day", "reviews_per_day", "day_start_hour", "timezone"):
        assert key in out
    assert "Settings" in out


def test_config_gets_and_sets_a_value(small_deck: Path) -> None:
    assert run("config", "new_per_day") == (0, "20\n", "")
    assert run("import", str(small_deck))[0] == 0
    code, out, _ = run("config", "new_per_day", "35")
    assert code == 0
    assert out.strip() == "new_per_day = 35"
    assert run("config", "new_per_day")[1] == "35\n"
    assert "35" in run("config")[1]


def test_config_sets_a_time_zone_and_a_day_start(small_deck: Path) -> None:
    assert run("import", str(small_deck))[0] == 0
    assert run("config", "timezone", "Asia/Shanghai")[0] == 0
    assert run("config", "timezone")[1] == "Asia/Shanghai\n"
    assert run("config", "day_start_hour", "5")[0] == 0
    assert run("config", "day_start_hour")[1] == "5\n"


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("new_per_day", "很多", "new_per_day: must be a whole number"),
        ("new_per_day", "0x10", "new_per_day: must be a whole number"),
        ("reviews_per_day", "2.5", "reviews_per_day: must be a whole number"),
        ("day_start_hour", "24", "day_start_hour: must be an hour"),
        ("day_start_hour", "²", "day_start_hour: must be an hour"),
        ("new_per_day", "³", "new_per_day: must be a whole number"),
        ("timezone", "火星/基地", "unknown time zone"),
        ("颜色", "红", "unknown setting '颜色'"),
    ],
)
def test_config_rejects_bad_values_and_keys_with_exit_2(
    key: str, value: str, fragment: str
) -> None:
    code, out, err = run("config", key, value)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    assert run("config", "new_per_day")[1] == "20\n"


def test_config_accepts_full_width_digits(small_deck: Path) -> None:
    assert run("import", str(small_deck))[0] == 0
    assert run("config", "new_per_day", "１５") == (0, "new_per_day = 15\n", "")


def test_config_reads_defaults_without_creating_a_collection(home: Path) -> None:
    assert run("config", "new_per_day") == (0, "20\n", "")
    code, _, err = run("config", "new_per_day", "30")
    assert code == 1 and "govcards review" in err
    assert not home.exists()


def test_config_rejects_an_unknown_key_without_a_value() -> None:
    code, _, err = run("config", "颜色")
    assert code == 2
    assert "unknown setting '颜色'" in err


# --- bad input ------------------------------------------------------------------------------


def test_unknown_option_exits_2() -> None:
    code, _, err = run("decks", "--颜色")
    assert code == 2
    assert "--颜色" in err and "decks -h" in err


def test_unknown_command_exits_2() -> None:
    assert run("复习")[0] == 2


def test_import_of_a_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "没有.yaml"
    code, _, err = run("import", str(missing))
    assert code == 2
    assert err == f"{missing}: no such file or directory\n"


def test_import_of_a_folder_without_decks_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "空"
    empty.mkdir()
    code, _, err = run("import", str(empty))
    assert code == 2
    assert "no deck files" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_deck_exits_2_naming_file_and_line_and_leaves_the_collection_alone(
    small_deck: Path, home: Path
) -> None:
    assert run("import", str(small_deck))[0] == 0
    before = collection_file(home).read_bytes()
    decks_before = run("decks")[1]
    small_deck.write_text(
        SMALL_DECK.replace("自治、法治、德治", "自治、法治、德治（新）").replace(
            "    kind: quote\n", "    kind: 金句\n"
        ),
        encoding="utf-8",
    )
    code, out, err = run("import", str(small_deck))
    assert code == 2
    assert f"{small_deck}:31:11: note 'zuihou-yigongli': unknown kind '金句'" in err
    assert "Traceback" not in err + out
    assert collection_file(home).read_bytes() == before
    assert run("decks")[1] == decks_before


def test_bad_deck_in_a_real_process_exits_2_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "坏牌组.yaml"
    bad.write_text(
        "deck: 坏\nid: huai\nnotes:\n  - id: a\n    kind: basic\n"
        '    front: "三治合一"指哪三治?\n    back: 答\n',
        encoding="utf-8",
    )
    proc = run_process("import", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:6:18: YAML syntax error" in proc.stderr
    assert "must be quoted as a whole" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_file_that_is_not_a_collection_exits_1_and_is_left_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "笔记.db"
    notes.write_text("这不是数据库\n", encoding="utf-8")
    code, _, err = run("decks", "--db", str(notes))
    assert code == 1
    assert "not a govcards collection" in err
    assert notes.read_text(encoding="utf-8") == "这不是数据库\n"


# --- help and start-up ----------------------------------------------------------------------


def test_every_command_has_help() -> None:
    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert {"import", "decks", "due", "config"} <= set(names)
    for name in names:
        code, out, err = run(name, "--help")
        assert code == 0, (name, err)
        assert "Usage" in out
        assert (group.commands[name].help or "").strip(), name  # type: ignore[attr-defined]


def test_top_level_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in ("import", "decks", "due", "config"):
        assert name in out


def test_no_arguments_shows_help_instead_of_failing() -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.output


def test_python_dash_m_govcards_help_works() -> None:
    proc = run_process("--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout
    assert "import" in proc.stdout


def test_help_does_not_import_sqlalchemy() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "govcards", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert "govcards.cli" in imported
    assert not any(name.split(".")[0] in ("sqlalchemy", "alembic") for name in imported)


def test_a_dry_run_on_a_new_collection_creates_no_file(small_deck: Path, home: Path) -> None:
    result = CliRunner().invoke(app, ["import", "--dry-run", str(small_deck)])
    assert result.exit_code == 0, result.output
    assert "test-dangjian" in result.output
    assert not (home / "govcards.db").exists()


def test_reimporting_an_unchanged_file_skips_parsing_and_reports_it_unchanged(
    small_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govcards.decks

    runner = CliRunner()
    assert runner.invoke(app, ["import", str(small_deck)]).exit_code == 0
    parsed: list[str] = []
    real = govcards.decks.parse_deck
    monkeypatch.setattr(
        govcards.decks, "parse_deck", lambda path, data: parsed.append(path) or real(path, data)
    )
    again = runner.invoke(app, ["import", str(small_deck)])
    assert again.exit_code == 0, again.output
    assert parsed == [], "identical bytes must not be parsed again"
    row = next(line for line in again.output.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[1:7]] == [
        "test-dangjian",
        "4",
        "0",
        "0",
        "4",
        "0",
    ]


def test_a_file_changed_and_changed_back_is_imported_both_times(small_deck: Path) -> None:
    runner = CliRunner()
    original = small_deck.read_text(encoding="utf-8")
    assert runner.invoke(app, ["import", str(small_deck)]).exit_code == 0
    small_deck.write_text(original.replace("自治、法治、德治", "自治、法治、德治（三治）"), "utf-8")
    edited = runner.invoke(app, ["import", str(small_deck)])
    row = next(line for line in edited.output.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[4:6]] == ["1", "3"], "updated 1, unchanged 3"
    small_deck.write_text(original, encoding="utf-8")
    back = runner.invoke(app, ["import", str(small_deck)])
    row = next(line for line in back.output.splitlines() if "test-dangjian" in line)
    assert [cell.strip() for cell in row.split("│")[3:5]] == ["0", "1"], "updated back"


def test_an_unchanged_file_beside_a_broken_one_still_fails_the_whole_import(
    small_deck: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(small_deck)]).exit_code == 0
    broken = small_deck.parent / "broken.yaml"
    broken.write_text("deck: 坏\nid: broken\nnotes:\n  - id: x\n    kind: 未知\n", "utf-8")
    result = runner.invoke(app, ["import", str(small_deck.parent)])
    assert result.exit_code == 2
    assert "broken.yaml:5:11" in result.output


def test_unsuspend_brings_a_suspended_card_back_into_the_queue(small_deck: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(small_deck)]).exit_code == 0
    store = Store(resolve_url(None))
    try:
        study = StudyStore(store)
        first = study.new_cards(TODAY, CardFilter(), 1, set())[0]
        study.set_suspended(first.card_pk, True)
        assert first.card_pk not in {
            c.card_pk for c in study.new_cards(TODAY, CardFilter(), 9, set())
        }
        result = runner.invoke(app, ["unsuspend", "test-dangjian", first.note_id])
        assert result.exit_code == 0, result.output
        assert "1 card(s)" in result.output
        assert first.card_pk in {c.card_pk for c in study.new_cards(TODAY, CardFilter(), 9, set())}
        missing = runner.invoke(app, ["unsuspend", "没有这个牌组"])
        assert missing.exit_code == 2
    finally:
        store.close()


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--help"],
        ["due", "--bogus"],
        ["due", "--version"],
        ["list", "--help"],
        ["export", "nothing"],
        ["review", "--new", "-1"],
    ],
)
def test_a_run_builds_only_its_command_and_behaves_as_the_whole_app(
    args: list[str], tmp_path: Path
) -> None:
    """``main`` hands Typer just the command named (start-up): same output, same exit code."""
    from govcards.cli import _just

    only = _just(args)
    assert only is not app and [c.callback for c in only.registered_commands] == [
        c.callback
        for c in app.registered_commands
        if c.callback is not None and (c.name or c.callback.__name__) == args[0]
    ]
    whole = runner.invoke(app, args)
    alone = runner.invoke(only, args)
    assert whole.exit_code in (0, 2) and whole.output  # help, version or a usage error
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["dux"], ["-h", "due"]])
def test_no_command_named_means_the_whole_app(args: list[str]) -> None:
    from govcards.cli import _just

    assert _just(args) is app
