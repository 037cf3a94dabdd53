"""The theme drill: a theme's structures, then cases, then quotes (then basics), regardless of
schedule, logged as drills that never move a card, with the weak cards in the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcards.decks import load_decks
from govcards.model import CardFilter
from govcards.store import Store, StudyStore
from govcards.study import Limits, StudySession
from govcards.study_port import StudyPort

from .conftest import NOW, TODAY
from .fakes import FakeStudyStore
from .practice_decks import write_decks
from .test_study import Clock

DANGJIAN = CardFilter(themes=("dangjian",))


def _real(tmp_path: Path) -> StudyPort:
    store = Store("sqlite:///" + str(tmp_path / "c.db"))
    store.import_decks(load_decks([write_decks(tmp_path / "decks")]), NOW)
    return StudyStore(store)


def _fake(tmp_path: Path) -> StudyPort:
    decks = load_decks([write_decks(tmp_path / "decks")])
    return FakeStudyStore([n for n in decks[0].notes if n.kind != "question"], "lianxi")


@pytest.fixture(params=[_fake, _real], ids=["fake", "store"])
def port(request: pytest.FixtureRequest, tmp_path: Path) -> StudyPort:
    return request.param(tmp_path)  # type: ignore[no-any-return]


def _drill(port: StudyPort) -> StudySession:
    return StudySession(port, TODAY, Clock(NOW), Limits(drill=True), DANGJIAN)


def test_a_drill_goes_structures_then_cases_then_quotes_then_basics(port: StudyPort) -> None:
    session = _drill(port)
    kinds = [item.card.kind for item in session.queue]
    assert kinds[0] == "structure"
    order = {"structure": 0, "case": 1, "quote": 2, "basic": 3}
    assert kinds == sorted(kinds, key=order.__getitem__)
    assert {"case", "quote", "basic"} <= set(kinds)
    assert all(item.drill for item in session.queue)
    assert {item.card.note_id for item in session.queue} == {
        "yl-duice",
        "yl-case",
        "yl-quote",
        "yl-basic",
    }


def test_a_drill_ignores_the_schedule_and_never_moves_a_card(port: StudyPort) -> None:
    first = port.filtered_cards(DANGJIAN)[0]
    session = _drill(port)
    while session.current is not None:
        session.answer(5 if session.current.card.kind == "structure" else 4)
    assert port.card(first.card_pk).state == first.state  # still new: nothing scheduled
    assert port.today_counts(TODAY) == (0, 0, set())  # drills are not reviews of the day


def test_the_drill_summary_lists_the_cards_graded_below_four(port: StudyPort) -> None:
    session = _drill(port)
    grades = {"structure": 2, "case": 4, "quote": 3, "basic": 5}
    while (item := session.current) is not None:
        session.answer(grades[item.card.kind])
    summary = session.summary()
    assert summary.drill
    assert [c.kind for c in summary.weak] == ["structure", "quote"]
    assert summary.redrilled == 5  # every answer was a drill; nothing re-queued


def test_undo_in_a_drill_takes_the_card_off_the_weak_list(port: StudyPort) -> None:
    session = _drill(port)
    session.answer(1)
    assert len(session.summary().weak) == 1
    session.undo()
    assert session.summary().weak == ()
    assert session.current is not None and session.current.card.kind == "structure"


@pytest.mark.usefixtures("chinese")
def test_the_screen_ends_a_drill_with_the_weak_cards_by_name(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from govcards.ui.review import ReviewScreen

    from .fakes import ScriptedKeyboard

    session = _drill(_fake(tmp_path))
    # structure 2 (weak), both case cards 4, the quote 3 (weak), the basic 5
    keyboard = ScriptedKeyboard("", "2", "", "4", "", "4", "", "3", "", "5")
    out = StringIO()
    ReviewScreen(Console(file=out, width=60), keyboard).run(session)
    text = out.getvalue()
    assert "专题练习 5 张" in text
    assert "薄弱 2 张" in text
    assert "党建引领基层治理的对策" in text and "lianxi/yl-quote" in text
    assert "lianxi/yl-case" not in text.split("薄弱")[1]
