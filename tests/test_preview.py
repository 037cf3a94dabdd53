"""`govcards preview`: the cards a review would show, from deck files, with no collection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcards.cards import card_keys, face
from govcards.cli import app
from govcards.decks import bundled_decks_dir, load_decks
from govcards.study import assess

from .conftest import SMALL_DECK

runner = CliRunner()
FIELDS = {"deck", "note", "card", "kind", "themes", "priority", "prompt", "answer"}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_every_card_of_a_deck_file_with_the_pinned_fields(small_deck: Path) -> None:
    code, out, _ = run("preview", str(small_deck), "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["note"], r["card"]) for r in rows] == [
        ("jiangyin", "recall"),
        ("jiangyin", "identify"),
        ("dangjian-duice", "outline"),
        ("dangjian-duice", "point-1"),
        ("dangjian-duice", "point-3"),
        ("zuihou-yigongli", "blank-1"),
        ("zuihou-yigongli", "blank-2"),
        ("zuihou-yigongli", "source"),
        ("santi-heyi", "front"),
        ("santi-heyi", "back"),
    ]
    for row in rows:
        assert set(row) == FIELDS
        assert row["deck"] == "test-dangjian"
        assert row["themes"] == [] and row["priority"] == "core"
        assert isinstance(row["prompt"], str) and isinstance(row["answer"], str)


def test_json_prompt_and_answer_are_the_cards_own_text(small_deck: Path) -> None:
    deck = load_decks([small_deck])[0]
    expected = face(deck.notes[0], deck.id, "identify")
    code, out, _ = run("preview", str(small_deck), "jiangyin", "identify", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["prompt"], row["answer"]) == (expected.prompt, expected.answer)
    assert row["kind"] == "case"


def test_answer_adds_typed_score_and_grade_as_assess_gives_them(small_deck: Path) -> None:
    deck = load_decks([small_deck])[0]
    typed = "自治、法治"
    feedback = assess(face(deck.notes[3], deck.id, "front"), typed)
    code, out, _ = run(
        "preview", str(small_deck), "santi-heyi", "front", "--answer", typed, "--json"
    )
    assert code == 0
    (row,) = json.loads(out)
    assert set(row) == FIELDS | {"typed", "score", "grade"}
    assert row["typed"] == typed
    assert row["grade"] == feedback.suggested and 0 <= row["grade"] <= 5
    assert row["score"] == pytest.approx(feedback.score, abs=1e-4) and 0 <= row["score"] <= 1


def test_a_perfect_answer_grades_higher_than_a_wrong_one(small_deck: Path) -> None:
    grades = []
    for typed in ("自治、法治、德治", "不知道"):
        _, out, _ = run(
            "preview", str(small_deck), "santi-heyi", "front", "--answer", typed, "--json"
        )
        grades.append(json.loads(out)[0]["grade"])
    assert grades[0] > grades[1]


@pytest.mark.usefixtures("chinese")
def test_the_human_view_shows_prompt_then_answer_and_the_comparison(small_deck: Path) -> None:
    code, out, _ = run("preview", str(small_deck), "santi-heyi", "front", "--answer", "自治、法治")
    assert code == 0
    assert out.index("指哪三治") < out.index("答案") < out.index("建议评分")
    assert "自治、法治、德治" in out


def test_markup_and_escapes_in_deck_text_are_shown_literally(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "deck: 甲\nid: jia\nnotes:\n  - id: b\n    kind: basic\n"
        "    front: '[bold]加粗[/bold]是什么？'\n    back: '[red]不是标记[/]'\n",
        encoding="utf-8",
    )
    code, out, _ = run("preview", str(deck))
    assert code == 0
    assert "[bold]加粗[/bold]是什么？" in out and "[red]不是标记[/]" in out


def test_preview_never_creates_or_opens_a_collection(
    small_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    db = tmp_path / "never.db"
    monkeypatch.setenv("GOVCARDS_DB", str(db))
    assert run("preview", str(small_deck))[0] == 0
    assert run("preview", str(small_deck), "--json")[0] == 0
    assert not db.exists()
    assert not home.exists() or not any(home.rglob("*.db"))


def test_a_bundled_deck_id_and_the_default_use_the_bundled_decks() -> None:
    bundled = load_decks([bundled_decks_dir()])
    first = bundled[0]
    code, out, _ = run("preview", first.id, "--json")
    assert code == 0
    assert {r["deck"] for r in json.loads(out)} == {first.id}
    code, out, _ = run("preview", "--json")
    assert code == 0
    with_cards = {d.id for d in bundled if any(card_keys(n) for n in d.notes)}
    assert {r["deck"] for r in json.loads(out)} == with_cards
    assert with_cards == {d.id for d in bundled if d.id != "shenlun-questions"}


def test_a_bundled_file_whose_questions_use_other_decks_previews_without_error() -> None:
    """Questions name notes of the decks beside them; previewing that one file checks its
    ``uses`` against its folder, as importing the folder would, and shows no cards."""
    path = bundled_decks_dir() / "16-shenlun-questions.yaml"
    code, out, err = run("preview", str(path), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == []


def test_a_file_whose_uses_name_nothing_beside_it_is_still_refused(tmp_path: Path) -> None:
    deck = (
        "deck: 题\nid: ti\nnotes:\n  - id: q\n    kind: question\n    prompt: 题目\n"
        "    frame: 对策\n    uses: [meiyou/a]\n"
    )
    (tmp_path / "q.yaml").write_text(deck, encoding="utf-8")
    code, _, err = run("preview", str(tmp_path / "q.yaml"), "--json")
    assert code == 2
    assert "meiyou" in err


def test_a_folder_is_previewed_without_its_theme_catalog(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SMALL_DECK, encoding="utf-8")
    (tmp_path / "themes.yaml").write_text("themes:\n  x:\n    name: 甲\n", encoding="utf-8")
    code, out, _ = run("preview", str(tmp_path), "--json")
    assert code == 0
    assert {r["deck"] for r in json.loads(out)} == {"test-dangjian"}


def test_theme_and_priority_filter_the_notes(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "deck: 甲\nid: jia\nnotes:\n"
        "  - id: a\n    kind: basic\n    front: 问一\n    back: 答一\n    themes: [dangjian]\n"
        "  - id: b\n    kind: basic\n    front: 问二\n    back: 答二\n    themes: [santi]\n"
        "    priority: extra\n"
        "  - id: c\n    kind: basic\n    front: 问三\n    back: 答三\n",
        encoding="utf-8",
    )

    def notes(*args: str) -> list[str]:
        code, out, err = run("preview", str(deck), *args, "--json")
        assert code == 0, err
        return [r["note"] for r in json.loads(out)]

    assert notes("--theme", "dangjian") == ["a"]
    assert notes("--theme", "dangjian", "--theme", "santi") == ["a", "b"]
    assert notes("--priority", "extra") == ["b"]
    assert notes("--priority", "core") == ["a", "c"]
    row = json.loads(run("preview", str(deck), "b", "--json")[1])[0]
    assert (row["themes"], row["priority"]) == (["santi"], "extra")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["no-such-deck"], "no-such-deck"),
        (["{deck}", "no-such-note"], "no-such-note"),
        (["{deck}", "jiangyin", "outline"], "outline"),
        (["{deck}", "--answer", "甲"], "--answer"),
        (["{deck}", "--theme", "meiyou"], "meiyou"),
    ],
)
def test_a_bad_deck_note_card_or_option_is_one_clear_line_and_exit_2(
    small_deck: Path, args: list[str], names: str
) -> None:
    code, out, err = run("preview", *(a.replace("{deck}", str(small_deck)) for a in args))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and names in err
    assert "Traceback" not in err


def test_an_invalid_deck_file_is_reported_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: 甲\nid: jia\nnotes:\n  - id: a\n    kind: 金句\n", encoding="utf-8")
    code, _, err = run("preview", str(bad))
    assert code == 2
    assert err.startswith(f"{bad}:5:11: note 'a': unknown kind")


def test_topic_deck_slash_topic_shows_only_that_topic_of_that_deck() -> None:
    code, out, _ = run("preview", "--topic", "difang-chuangxin/zongshu", "--json")
    assert code == 0
    rows = json.loads(out)
    decks = {d.id: d for d in load_decks([bundled_decks_dir()])}
    expected = [n.id for n in decks["difang-chuangxin"].notes if n.topic == "zongshu"]
    assert expected and sorted({r["note"] for r in rows}) == sorted(expected)
    assert {r["deck"] for r in rows} == {"difang-chuangxin"}


def test_a_bare_topic_of_one_deck_needs_no_deck(small_deck: Path) -> None:
    code, out, _ = run("preview", str(small_deck), "--topic", "dangjian", "--json")
    assert code == 0
    assert {r["note"] for r in json.loads(out)} == {"jiangyin", "dangjian-duice", "zuihou-yigongli"}


@pytest.mark.parametrize(
    ("topic", "names"),
    [
        ("zongshu", ["difang-chuangxin/zongshu", "xinshidai-jiceng/zongshu"]),
        ("meiyou-deck/zongshu", ["meiyou-deck"]),
        ("xinshidai-jiceng/meiyou", ["xinshidai-jiceng/meiyou"]),
    ],
)
def test_an_ambiguous_or_unknown_topic_is_one_line_and_exit_2(topic: str, names: list[str]) -> None:
    code, out, err = run("preview", "--topic", topic)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert all(name in err for name in names)
