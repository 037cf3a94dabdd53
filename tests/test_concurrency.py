"""Two sessions on one collection (SQLite file and PostgreSQL): no answer is overwritten or
contradicted. Each session has its own Store, as two terminals would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from govcards.decks import load_decks
from govcards.errors import CardChanged
from govcards.model import CardFilter
from govcards.store import Store, StudyStore
from govcards.study import Limits, StudySession

from .collection_tools import each_review_starts_where_the_last_ended
from .conftest import NOW, TODAY
from .test_study import Clock

TWO_BASIC = """\
deck: 两张
id: two
notes:
  - id: a
    kind: basic
    front: 甲？
    back: 甲
  - id: b
    kind: basic
    front: 乙？
    back: 乙
"""
NEXT_DAY = TODAY + timedelta(days=1)


@pytest.fixture
def two_stores(db_url: str, tmp_path: Path) -> Iterator[tuple[StudyStore, StudyStore]]:
    deck = tmp_path / "two.yaml"
    deck.write_text(TWO_BASIC, encoding="utf-8")
    first = Store(db_url)
    first.import_decks(load_decks([deck]), NOW)
    learn = StudySession(StudyStore(first), TODAY, Clock(), Limits())
    while learn.current is not None:  # both cards learned today: due again tomorrow
        learn.answer(4)
    second = Store(db_url)
    yield StudyStore(first), StudyStore(second)
    first.close()
    second.close()


def _session(db: StudyStore, day: date = NEXT_DAY) -> StudySession:
    return StudySession(db, day, Clock(), Limits(), CardFilter())


def test_the_second_answer_on_a_changed_card_is_refused_and_the_card_shown_again(
    two_stores: tuple[StudyStore, StudyStore], db_url: str
) -> None:
    a, b = (_session(db) for db in two_stores)
    assert a.current is not None and b.current is not None
    assert a.current.card.note_id == b.current.card.note_id == "a"
    after_a = a.answer(5)
    with pytest.raises(CardChanged):
        b.answer(1)
    assert b.current is not None and b.current.card.state == after_a  # read again, first in line
    assert not b.current.drill
    assert each_review_starts_where_the_last_ended(db_url)
    # B answers again over what A wrote: allowed, and the log stays one chain
    b.answer(1)
    assert each_review_starts_where_the_last_ended(db_url)
    assert two_stores[0].card(b.queue[-1].card.card_pk).state.repetitions == 0


def test_undo_restores_only_a_card_nobody_else_has_answered_since(
    two_stores: tuple[StudyStore, StudyStore], db_url: str
) -> None:
    a, b = (_session(db) for db in two_stores)
    assert a.current is not None
    card_pk = a.current.card.card_pk
    a.answer(5)
    with pytest.raises(CardChanged):
        b.answer(1)
    b.answer(1)  # B's answer now stands on top of A's
    with pytest.raises(CardChanged):
        a.undo()
    assert each_review_starts_where_the_last_ended(db_url)
    state = two_stores[0].card(card_pk).state
    assert (state.repetitions, state.lapses) == (0, 1)  # B's 1, not A's state restored


def test_undo_after_nobody_else_touched_the_card_still_restores_it(
    two_stores: tuple[StudyStore, StudyStore], db_url: str
) -> None:
    a, _ = (_session(db) for db in two_stores)
    assert a.current is not None
    card_pk, before = a.current.card.card_pk, a.current.card.state
    a.answer(5)
    assert a.undo() is not None
    assert two_stores[1].card(card_pk).state == before
    b = _session(two_stores[1])
    assert b.current is not None and b.current.card.card_pk == card_pk
    b.answer(3)  # the version moved on with the undo; a fresh read writes fine
    assert each_review_starts_where_the_last_ended(db_url)


def test_a_redrill_answer_on_a_card_changed_elsewhere_is_refused_too(
    two_stores: tuple[StudyStore, StudyStore], db_url: str
) -> None:
    a = _session(two_stores[0])
    a.answer(2)  # card a fails: its re-drill is pending, in the log
    only_redrills = Limits(limit=0)
    b = StudySession(two_stores[1], NEXT_DAY, Clock(), only_redrills)
    a_again = StudySession(two_stores[0], NEXT_DAY, Clock(), only_redrills)
    assert [(i.card.note_id, i.drill) for i in b.queue] == [("a", True)]
    a_again.answer(5)  # the re-drill done in one terminal
    with pytest.raises(CardChanged):
        b.answer(1)  # the other terminal's stale copy cannot log over it
    assert each_review_starts_where_the_last_ended(db_url)
    assert StudySession(two_stores[1], NEXT_DAY, Clock(), only_redrills).current is None
