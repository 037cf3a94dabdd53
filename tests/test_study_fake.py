"""The study engine against the in-memory port (milliseconds, no database), and the same
scenarios against the real store, so the fake cannot drift from the contract it stands for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from govcards import fsrs_scheduler as fsrs
from govcards.decks import load_decks
from govcards.errors import CardChanged
from govcards.model import BasicNote, CardFilter
from govcards.scheduler import preview
from govcards.store import Store, StudyStore
from govcards.study import Limits, StudySession
from govcards.study_port import StudyPort

from .conftest import NOW, TODAY
from .fakes import FakeStudyStore
from .test_study import Clock

NOTES = [BasicNote(id=f"n{i}", front=f"问{i}？", back=f"答{i}") for i in range(1, 6)]
DECK = "deck: 五张\nid: fake\nnotes:\n" + "".join(
    f"  - id: {n.id}\n    kind: basic\n    front: {n.front}\n    back: {n.back}\n" for n in NOTES
)


def _fake(tmp_path: Path) -> StudyPort:
    return FakeStudyStore(NOTES)


def _imported(tmp_path: Path, name: str, text: str) -> StudyPort:
    """The real store on a SQLite file holding the one deck ``text``."""
    deck = tmp_path / name
    deck.write_text(text, encoding="utf-8")
    store = Store("sqlite:///" + str(tmp_path / "c.db"))
    store.import_decks(load_decks([deck]), NOW)
    return StudyStore(store)


def _real(tmp_path: Path) -> StudyPort:
    return _imported(tmp_path, "fake.yaml", DECK)


PORTS = pytest.mark.parametrize("make", [_fake, _real], ids=["fake", "sqlite"])


def _session(port: StudyPort, **limits: int) -> StudySession:
    return StudySession(port, TODAY, Clock(), Limits(**limits))


@PORTS
def test_failed_cards_stay_in_todays_redrill_queue_across_sessions(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    first = _session(port, new_per_day=3)
    grades = [1, 4, 2]
    for grade in grades:
        first.answer(grade)
    # quit here: a new session the same day starts with the two failed cards
    second = _session(port, new_per_day=3)
    assert [(i.card.note_id, i.drill) for i in second.queue] == [("n1", True), ("n3", True)]
    second.answer(5)
    second.answer(3)  # still below 4: it stays
    third = _session(port, new_per_day=3)
    assert [(i.card.note_id, i.drill) for i in third.queue] == [("n3", True)]
    third.answer(4)
    assert _session(port, new_per_day=3).current is None
    # the next study day has no re-drills left over
    tomorrow = StudySession(port, TODAY + timedelta(days=1), Clock(), Limits(new_per_day=0))
    assert all(not i.drill for i in tomorrow.queue)


@PORTS
def test_the_daily_limit_says_how_many_new_cards_wait(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    session = _session(port, new_per_day=2)
    assert session.held_back() == 3
    session.answer(5)
    assert session.held_back() == 3  # the answered card is no longer new, nor queued
    session.answer(5)
    assert session.held_back() == 3
    later = _session(port, new_per_day=2)
    assert later.current is None and later.held_back() == 3
    assert _session(port, new_per_day=2, new=3).held_back() == 0


@PORTS
def test_a_redrill_logs_but_never_moves_the_schedule(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    session = _session(port, new_per_day=1)
    after = session.answer(0)
    assert session.current is not None and session.current.drill
    assert session.answer(5) == after
    assert port.card(1).state == after


@PORTS
def test_a_stale_copy_of_a_card_is_refused_and_read_again(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    a, b = _session(port, new_per_day=1), _session(port, new_per_day=1)
    state = a.answer(4)
    with pytest.raises(CardChanged):
        b.answer(5)
    assert b.current is not None and b.current.card.state == state
    with pytest.raises(CardChanged):
        a.undo() if b.answer(5) else None
    assert port.card(1).state.repetitions == 2


def _choose(port: StudyPort, scheduler: str) -> StudyPort:
    """``config scheduler``: in the fake's settings, or in the real collection (a fresh port,
    as each review session gets one)."""
    if isinstance(port, FakeStudyStore):
        port.settings = fsrs.FsrsSettings(scheduler)
        return port
    assert isinstance(port, StudyStore)
    port.store.set_setting("scheduler", scheduler)
    return StudyStore(port.store)


@PORTS
def test_the_grade_keys_show_the_chosen_schedulers_intervals(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    sm2 = _session(port, new_per_day=1)
    assert sm2.outcomes() == {q: 1 for q in range(6)}  # SM-2: tomorrow, whatever the grade
    port = _choose(port, "fsrs")
    first = _session(port, new_per_day=1)
    new_card = first.outcomes()
    assert new_card == fsrs.intervals(fsrs.FsrsState(), TODAY)
    assert new_card[0] == 1 and new_card[3] < new_card[4] < new_card[5]  # FSRS's first steps
    first.answer(4)
    memory = fsrs.review(fsrs.FsrsState(), 4, TODAY)
    assert port.card(1).fsrs == memory
    due = memory.due
    assert due is not None
    later = StudySession(port, due, Clock(), Limits(new_per_day=0))
    assert later.current is not None and later.current.card.card_pk == 1
    shown = later.outcomes()
    assert shown == fsrs.intervals(memory, due)
    sm2_would = {q: s.interval for q, s in preview(port.card(1).state, due).items()}
    assert shown != sm2_would
    assert later.answer(5) == port.card(1).state and port.card(1).fsrs is not None
    assert port.card(1).fsrs.due == due + timedelta(days=shown[5]), "the label is the outcome"


@PORTS
def test_a_session_keeps_the_scheduler_it_started_with(
    make: Callable[[Path], StudyPort], tmp_path: Path
) -> None:
    port = make(tmp_path)
    port = _choose(port, "fsrs")
    session = _session(port, new_per_day=2)
    labels = session.outcomes()
    if isinstance(port, StudyStore):
        port.store.set_setting("scheduler", "sm2")
    else:
        port.settings = fsrs.FsrsSettings("sm2")
    session.answer(4)
    assert session.outcomes() == labels, "read once, when the session started"
    assert _session(_choose(port, "sm2"), new_per_day=2).outcomes() == {q: 1 for q in range(6)}


RANKED = [  # 了解 (extra) and 必背 (core) notes interleaved in deck order
    BasicNote(id=f"r{i}", front=f"问{i}？", back=f"答{i}", priority=p)
    for i, p in enumerate(["extra", "core", "extra", "core", "core", "extra"], 1)
]
RANKED_DECK = "deck: 轻重\nid: ranked\nnotes:\n" + "".join(
    f"  - id: {n.id}\n    kind: basic\n    front: {n.front}\n    back: {n.back}\n"
    f"    priority: {n.priority}\n"
    for n in RANKED
)


def _ranked_fake(tmp_path: Path) -> StudyPort:
    return FakeStudyStore(RANKED, deck_id="ranked")


def _ranked_real(tmp_path: Path) -> StudyPort:
    return _imported(tmp_path, "ranked.yaml", RANKED_DECK)


@pytest.mark.parametrize("make", [_ranked_fake, _ranked_real], ids=["fake", "sqlite"])
@pytest.mark.parametrize("deck", [None, "ranked"], ids=["all", "one-deck"])
@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (2, ["r2", "r4"]),
        (3, ["r2", "r4", "r5"]),  # every 必背 card before any 了解 one
        (5, ["r2", "r4", "r5", "r1", "r3"]),  # then the 了解 ones, in deck order
        (9, ["r2", "r4", "r5", "r1", "r3", "r6"]),
    ],
)
def test_new_cards_come_core_first_then_in_deck_order(
    make: Callable[[Path], StudyPort],
    tmp_path: Path,
    deck: str | None,
    limit: int,
    expected: list[str],
) -> None:
    port = make(tmp_path)
    picked = port.new_cards(TODAY, CardFilter(deck=deck), limit, set())
    assert [c.note_id for c in picked] == expected
    session = _session(port, new_per_day=limit)
    assert [i.card.note_id for i in session.queue] == expected
