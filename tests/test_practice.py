"""Question practice: scoring an outline and named material, the grade each linked card
earns and how it is logged, the round log, and the stats over rounds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.model import CaseNote, Point, QuoteNote, StructureNote
from govcards.practice import card_grades, match_names, score_round
from govcards.practice.session import finish
from govcards.records import PracticeLine
from govcards.runtime import start_practice
from govcards.scheduler import Sm2State
from govcards.stats import practice_summary
from govcards.store import Store, StudyStore
from govcards.store.practice_store import PracticeStore
from govcards.store.reports import Reports

from .conftest import NOW, TODAY
from .practice_decks import write_decks
from .test_study import Clock

DUICE = StructureNote(
    id="d",
    title="党建引领的对策",
    points=(Point("建强骨干队伍"), Point("压实监督责任"), Point("完善党建体系")),
)
OTHER = StructureNote(
    id="o", title="数字赋能", points=(Point("打通数据壁垒"), Point("建好智慧平台"))
)
CASE = CaseNote(
    id="xiangshan-shuoshi",
    title="浙江象山“村民说事”制度",
    name="村民说事",
    place="浙江省宁波市象山县",
    summary="村民说事",
)
QUOTE = QuoteNote(id="q", text="基层党组织是贯彻落实党中央决策部署的“最后一公里”", by="习近平")
USED = [("t/xiangshan-shuoshi", CASE), ("t/q", QUOTE)]


# -- scoring ----------------------------------------------------------------------------------


def test_the_outline_is_scored_against_the_best_matching_linked_structure() -> None:
    score = score_round("打通数据壁垒\n建好智慧平台", "", [("t/d", DUICE), ("t/o", OTHER)], [])
    assert score.structure_ref == "t/o"
    assert score.outline is not None and score.outline.score == pytest.approx(1.0)


@pytest.mark.parametrize(
    "typed", ["村民说事", "象山村民说事", "xiangshan-shuoshi", "象山 村民说事制度"]
)
def test_a_case_is_named_by_its_name_place_or_id(typed: str) -> None:
    matches, _ = match_names(typed, USED)
    assert matches[0].typed is not None


def test_a_quote_is_named_by_a_few_of_its_words_but_not_by_one_character() -> None:
    assert match_names("最后一公里", USED)[0][1].typed == "最后一公里"
    assert match_names("党", USED)[0][1].typed is None


def test_names_that_match_nothing_used_are_reported_and_one_piece_names_one_note() -> None:
    matches, extra = match_names("枫桥经验、村民说事", USED)
    assert [m.typed for m in matches] == ["村民说事", None]
    assert extra == ["枫桥经验"]


def test_the_total_is_the_mean_of_outline_and_uses() -> None:
    score = score_round(
        "建强骨干队伍\n压实监督责任\n完善党建体系", "村民说事", [("t/d", DUICE)], USED
    )
    assert score.uses == pytest.approx(0.5)
    assert score.total == pytest.approx((score.outline_score + 0.5) / 2)


def test_a_typed_question_has_no_uses_score() -> None:
    score = score_round("建强骨干队伍", "村民说事", [("t/d", DUICE)], None)
    assert score.uses is None and score.total == pytest.approx(score.outline_score)


# -- what the linked cards earn ---------------------------------------------------------------


def _round_port(tmp_path: Path) -> tuple[Store, PracticeStore]:
    store = Store("sqlite:///" + str(tmp_path / "c.db"))
    store.import_decks(load_decks([write_decks(tmp_path / "decks")]), NOW)
    return store, PracticeStore(store)


def test_a_round_logs_each_linked_card_and_only_a_due_card_moves(tmp_path: Path) -> None:
    store, port = _round_port(tmp_path)
    linked = port.material(["lianxi/yl-duice", "lianxi/yl-case", "lianxi/yl-quote"])
    assert [x.ref for x in linked] == ["lianxi/yl-duice", "lianxi/yl-case", "lianxi/yl-quote"]
    due_case = linked[1].cards[0]
    study = StudyStore(store)
    seen = Sm2State(repetitions=2, interval=6, due=TODAY - timedelta(days=1))
    from govcards.store import Answer

    study.record(Answer(due_case.card_pk, NOW, TODAY, 4, False, 0, due_case.state, seen))
    ctx_free = [(x.ref, tuple(study.card(c.card_pk) for c in x.cards)) for x in linked]
    score = score_round("建强骨干队伍\n压实监督责任", "江阴党员联户", [], [
        (x.ref, x.note) for x in linked[1:]
    ])  # fmt: skip
    grades = card_grades(score, "建强骨干队伍\n压实监督责任", ctx_free, TODAY)
    by_ref = {g.card.note_id: g for g in grades}
    assert by_ref["yl-duice"].card.key == "outline" and by_ref["yl-duice"].drill
    assert by_ref["yl-case"].grade == 4 and not by_ref["yl-case"].drill  # due: a real review
    assert by_ref["yl-quote"].grade == 2 and by_ref["yl-quote"].drill  # missed, not due
    store.close()


def test_a_bank_round_is_recorded_with_its_reviews_and_shows_in_stats(
    tmp_path: Path, home: Path
) -> None:
    decks = write_decks(tmp_path / "decks")
    assert CliRunner().invoke(app, ["import", str(decks)]).exit_code == 0
    ctx, port, question = start_practice(None, ["shuzi"], None, lambda line: None)
    assert question.ref == "lianxi/q-shuzi"
    result = finish(port, question, "打通数据壁垒\n建好智慧平台", "最多跑一次", 60_000, 600,
                    Clock(NOW), ctx.today)  # fmt: skip
    assert result.score.total == pytest.approx(1.0)
    assert {g.card.note_id for g in result.grades} == {"sz-duice", "sz-case"}
    assert all(g.drill for g in result.grades)  # new cards: logged, never scheduled
    lines = list(Reports.of(ctx.store).practice_lines())
    assert [(line.themes, line.score) for line in lines] == [(("shuzi",), pytest.approx(1.0))]
    ctx.store.close()
    # the next round of this theme: the only question of it again; of all: the other first
    ctx2, _, nxt = start_practice(None, [], None, lambda line: None)
    assert nxt.ref == "lianxi/q-dangjian"
    ctx2.store.close()
    stats = CliRunner().invoke(app, ["stats", "--json"])
    assert '"rounds": 1' in stats.stdout and '"theme": "shuzi"' in stats.stdout
    reviews = CliRunner().invoke(app, ["export", "reviews", "--format", "json"])
    assert reviews.stdout.count('"drill": true') == 2


def test_practice_summary_averages_rounds_and_ranks_the_weakest_themes() -> None:
    lines = [
        PracticeLine(TODAY, ("shuzi",), 0.9),
        PracticeLine(TODAY, ("dangjian",), 0.3),
        PracticeLine(TODAY, ("dangjian", "shuzi"), 0.6),
    ]
    summary = practice_summary(lines)
    assert summary.rounds == 3 and summary.average == pytest.approx(0.6)
    assert [t for t, _ in summary.weakest] == ["dangjian", "shuzi"]


def test_an_empty_bank_or_an_unknown_theme_is_one_line_exit_2(tmp_path: Path, home: Path) -> None:
    decks = write_decks(tmp_path / "decks")  # no question of theme wangge in these
    assert CliRunner().invoke(app, ["import", str(decks)]).exit_code == 0
    none = CliRunner().invoke(app, ["practice", "--theme", "wangge"])
    assert none.exit_code == 2 and none.stderr.count("\n") == 1
    bad = CliRunner().invoke(app, ["practice", "--theme", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_a_typed_question_is_answered_with_find_suggestions_and_no_card_reviews(
    tmp_path: Path, home: Path
) -> None:
    decks = write_decks(tmp_path / "decks")
    assert CliRunner().invoke(app, ["import", str(decks)]).exit_code == 0
    typed = "如何运用数据共享和智慧平台推进数字赋能？"
    ctx, port, question = start_practice(None, [], typed, lambda line: None)
    assert question.ref is None and "lianxi/sz-duice" in [x.ref for x in question.linked]
    result = finish(port, question, "打通数据壁垒", "", 1000, 600, Clock(NOW), ctx.today)
    assert result.grades == [] and result.score.uses is None
    ctx.store.close()


class _CtrlC:
    """A timer whose learner presses Ctrl-C while writing the outline."""

    def ask(self, prompt: str, deadline: float) -> tuple[str, bool]:
        raise KeyboardInterrupt


def test_ctrl_c_in_practice_exits_130_after_its_line_and_records_nothing(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govcards.ui.practice as screen

    decks = write_decks(tmp_path / "decks")
    assert CliRunner().invoke(app, ["import", str(decks)]).exit_code == 0
    monkeypatch.setattr(screen, "make_timer", _CtrlC)
    result = CliRunner().invoke(app, ["practice", "--theme", "shuzi"])
    assert result.exit_code == 130, result.output
    assert "not scored and not recorded" in result.stdout
    stats = CliRunner().invoke(app, ["stats", "--json"])
    assert '"rounds": 0' in stats.stdout
