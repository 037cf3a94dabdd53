"""``govcards list``, ``decks --topics``, ``import --bundled`` and the precise answers to wrong
input (issue 13, items 1 and 2)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from govcards.cli import app
from govcards.listing import ListedCard, ListFilter, keep
from govcards.store import Store, resolve_url

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def listed(*args: str) -> list[dict[str, object]]:
    code, out, err = run("list", "--json", *args)
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def test_list_prints_every_card_with_its_ids_kind_title_and_state(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, out, err = run("list")
    assert code == 0, err
    assert "test-dangjian/jiangyin/" in out
    assert "new" in out and "case" in out
    rows = listed()
    assert {r["note"] for r in rows} == {
        "jiangyin",
        "dangjian-duice",
        "zuihou-yigongli",
        "santi-heyi",
    }
    assert all(r["state"] == "new" for r in rows)


def test_list_filters_by_kind_and_by_deck_slash_topic(small_deck: Path) -> None:
    run("import", str(small_deck))
    assert {r["kind"] for r in listed("--kind", "quote")} == {"quote"}
    by_topic = listed("--topic", "test-dangjian/dangjian")
    assert by_topic and all(r["topic"] == "dangjian" for r in by_topic)
    assert "santi-heyi" not in {r["note"] for r in by_topic}  # it has no topic


def test_list_suspended_shows_only_suspended_cards(small_deck: Path) -> None:
    run("import", str(small_deck))
    assert listed("--suspended") == []
    store = Store(resolve_url(None))
    try:
        from sqlalchemy import update

        from govcards.store.schema import CardRow

        with store.write() as s:
            s.execute(update(CardRow).where(CardRow.card_key == "recall").values(suspended=True))
    finally:
        store.close()
    rows = listed("--suspended")
    assert rows and all(r["state"] == "suspended" and r["card"] == "recall" for r in rows)


def test_list_with_an_unknown_deck_or_topic_exits_2_and_names_it(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, _, err = run("list", "--deck", "nodeck")
    assert code == 2 and "nodeck" in err
    code, _, err = run("list", "--topic", "test-dangjian/notopic")
    assert code == 2 and "notopic" in err


def test_leeches_use_the_configured_lapse_threshold() -> None:
    card = ListedCard("d", "n", "c", "case", None, (), "t", date(2026, 3, 1), 1, 3, False, None)
    today = date(2026, 3, 2)
    assert keep(card, ListFilter(leeches=True), today, leech_lapses=3)
    assert not keep(card, ListFilter(leeches=True), today, leech_lapses=8)
    assert card.state(today) == "due"


def test_config_leech_lapses_defaults_to_8_like_anki() -> None:
    code, out, _ = run("config", "leech_lapses")
    assert code == 0 and out.strip() == "8"


def test_decks_topics_lists_deck_slash_topic_ids(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, out, err = run("decks", "--topics")
    assert code == 0, err
    assert "test-dangjian/dangjian" in out and "强化基层党建" in out


def test_import_bundled_imports_the_decks_that_ship_with_govcards() -> None:
    code, out, err = run("import", "--bundled")
    assert code == 0, err
    assert "jiceng-beijing" in out
    code, out, _ = run("decks")
    assert "jiceng-beijing" in out


def test_import_without_paths_or_bundled_exits_2() -> None:
    code, _, err = run("import")
    assert code == 2 and "--bundled" in err


def test_unsuspend_an_unknown_note_or_card_exits_2_naming_it(small_deck: Path) -> None:
    run("import", str(small_deck))
    code, out, err = run("unsuspend", "test-dangjian", "nonote")
    assert code == 2 and "nonote" in err and "test-dangjian" in err and "card(s)" not in out
    code, _, err = run("unsuspend", "test-dangjian", "jiangyin", "nocard")
    assert code == 2 and "nocard" in err
    code, _, err = run("unsuspend", "nodeck")
    assert code == 2 and "nodeck" in err


def test_config_with_a_negative_count_says_it_must_be_0_or_more() -> None:
    code, _, err = run("config", "new_per_day", "-5")
    assert code == 2
    assert "new_per_day" in err and "0 or more" in err


def test_an_empty_collection_suggests_commands_that_work_anywhere() -> None:
    code, out, _ = run("decks")
    assert code == 0
    assert "govcards review" in out and "govcards import --bundled" in out
    assert "decks/" not in out


def test_version_and_dash_h_work_on_the_app_and_every_command() -> None:
    from govcards import __version__

    code, out, _ = run("--version")
    assert code == 0 and __version__ in out
    for command in ("list", "review", "import", "decks", "config", "stats", "export", "unsuspend"):
        code, out, err = run(command, "-h")
        assert code == 0 and "--help" in out, (command, err)
        code, out, _ = run(command, "--version")
        assert code == 0 and __version__ in out, command


def test_shell_completion_options_are_offered() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "--install-completion" in out and "--show-completion" in out


def test_an_out_of_range_option_names_the_range_and_exits_2() -> None:
    code, _, err = run("due", "--days", "0")
    assert code == 2
    assert "--days" in err and "60" in err
