"""Importing decks: counts, progress kept, retire/restore, dry runs, bulk writes.

Every test here uses the ``store`` fixture, so it runs on PostgreSQL too when a server is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from govcards.decks import load_decks
from govcards.errors import InputError
from govcards.model import CardFilter
from govcards.scheduler import Sm2State, review
from govcards.store import Answer, ImportReport, Store, StudyStore
from govcards.store.reports import Reports
from govcards.store.schema import CardRow, DeckRow, NoteRow, ReviewRow

from .conftest import NOW, SMALL_DECK, TODAY

ALL = CardFilter()
SMALL_CARDS = 10  # recall+identify, outline+point-1+point-3, blank-1+blank-2+source, front+back


def import_text(
    store: Store, folder: Path, text: str, dry_run: bool = False, name: str = "牌组.yaml"
) -> ImportReport:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    [report] = store.import_decks(load_decks([path]), NOW, dry_run=dry_run)
    return report


def card_pk(store: Store, note_id: str, key: str) -> int:
    stmt = (
        select(CardRow.id)
        .join(NoteRow, NoteRow.id == CardRow.note_pk)
        .where(NoteRow.note_id == note_id, CardRow.card_key == key)
    )
    with store.read() as s:
        return int(s.scalars(stmt).one())


def give_progress(store: Store, pk: int, grades: tuple[int, ...] = (5, 4)) -> Sm2State:
    """Answer a card a few times through the study store, as a review session would."""
    study = StudyStore(store)
    day = TODAY
    for grade in grades:
        before = study.card(pk).state
        after = review(before, grade, day)
        study.record(Answer(pk, NOW + (day - TODAY), day, grade, False, 1500, before, after))
        assert after.due is not None
        day = after.due
    return study.card(pk).state


def rows(store: Store, *models: Any) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as s:
        for model in models:
            table = model.__table__
            out[table.name] = [tuple(r) for r in s.execute(select(table).order_by(table.c.id))]
    return out


def review_count(store: Store, pk: int) -> int:
    with store.read() as s:
        stmt = select(func.count()).select_from(ReviewRow).where(ReviewRow.card_pk == pk)
        return int(s.scalar(stmt) or 0)


def queued(store: Store, day: Any) -> set[tuple[str, str]]:
    study = StudyStore(store)
    cards = study.due_cards(day, ALL, 1000) + study.new_cards(day, ALL, 1000, set())
    return {(c.note_id, c.key) for c in cards}


@contextmanager
def counting_statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)


def big_deck(deck_id: str, notes: int, wording: str = "做法") -> str:
    lines = [f"deck: 大牌组 {deck_id}", f"id: {deck_id}", "notes:"]
    for i in range(notes):
        lines += [
            f"  - id: note-{i}",
            "    kind: case",
            f"    title: 第{i}个“{wording}”案例",
            "    place: 江苏省江阴市",
            f"    summary: 江阴市推出第{i}项{wording}。",
        ]
    return "\n".join(lines) + "\n"


# --- counts ---------------------------------------------------------------------------------


def test_first_import_adds_every_note_and_card(store: Store, tmp_path: Path) -> None:
    report = import_text(store, tmp_path, SMALL_DECK)
    assert (report.deck_id, report.name) == ("test-dangjian", "测试 · 党建引领")
    assert (report.added, report.updated, report.unchanged, report.retired) == (4, 0, 0, 0)
    assert report.cards_added == SMALL_CARDS
    assert report.new_deck is True
    assert store.deck_count() == 1
    [summary] = Reports.of(store).deck_summaries(TODAY)
    assert (summary.total, summary.new, summary.due, summary.suspended) == (SMALL_CARDS, 10, 0, 0)


def test_reimport_of_an_unchanged_deck_changes_nothing(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    give_progress(store, card_pk(store, "jiangyin", "recall"))
    before = rows(store, NoteRow, CardRow, ReviewRow)
    report = import_text(store, tmp_path, SMALL_DECK)
    assert (report.added, report.updated, report.unchanged, report.retired) == (0, 0, 4, 0)
    assert (report.cards_added, report.cards_retired, report.cards_restored) == (0, 0, 0)
    assert report.new_deck is False
    assert rows(store, NoteRow, CardRow, ReviewRow) == before


def test_counts_of_a_mixed_reimport(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    edited = SMALL_DECK.replace("自治、法治、德治", "自治、法治、德治（浙江桐乡）")
    edited = edited.replace(  # drop the structure note, add a new basic note
        SMALL_DECK[SMALL_DECK.index("  - id: dangjian-duice") : SMALL_DECK.index("  - id: zuihou")],
        "  - id: xin-biji\n    kind: basic\n    front: 枫桥经验起源于哪里？\n    back: 浙江诸暨\n",
    )
    report = import_text(store, tmp_path, edited)
    assert (report.added, report.updated, report.unchanged, report.retired) == (1, 1, 2, 1)
    assert report.cards_added == 1
    assert report.cards_retired == 3


# --- progress is keyed by (deck, note, card key), never by content ---------------------------


def test_editing_wording_keeps_state_and_history(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    pk = card_pk(store, "jiangyin", "recall")
    state = give_progress(store, pk)
    assert state.repetitions == 2 and state.interval == 6

    edited = SMALL_DECK.replace("1名先锋党员联系10名左右党员", "1名先锋党员带动10名左右党员")
    report = import_text(store, tmp_path, edited)
    assert (report.updated, report.unchanged) == (1, 3)
    assert card_pk(store, "jiangyin", "recall") == pk
    info = StudyStore(store).card(pk)
    assert info.state == state
    assert "带动10名左右党员" in info.note.summary  # type: ignore[union-attr]
    assert review_count(store, pk) == 2


def test_reordering_notes_keeps_progress_and_counts_them_unchanged(
    store: Store, tmp_path: Path
) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    pk = card_pk(store, "santi-heyi", "front")
    state = give_progress(store, pk, (4,))
    head, _, rest = SMALL_DECK.partition("  - id: jiangyin")
    first, _, tail = rest.partition("  - id: santi-heyi")
    moved = head + "  - id: santi-heyi" + tail + "  - id: jiangyin" + first
    report = import_text(store, tmp_path, moved)
    assert (report.added, report.updated, report.unchanged, report.retired) == (0, 0, 4, 0)
    assert card_pk(store, "santi-heyi", "front") == pk
    assert StudyStore(store).card(pk).state == state
    new_order = [c.note_id for c in StudyStore(store).new_cards(TODAY, ALL, 10, set())]
    assert new_order == ["santi-heyi", "jiangyin", "dangjian-duice", "zuihou-yigongli"]
    assert import_text(store, tmp_path, moved).unchanged == 4


def test_a_note_added_at_the_top_leaves_the_others_unchanged(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    head, _, rest = SMALL_DECK.partition("  - id: jiangyin")
    added = (
        "  - id: fengqiao\n    kind: basic\n    front: 枫桥经验起源于哪里？\n    back: 浙江诸暨\n"
    )
    report = import_text(store, tmp_path, head + added + "  - id: jiangyin" + rest)
    assert (report.added, report.updated, report.unchanged, report.retired) == (1, 0, 4, 0)
    [first] = StudyStore(store).new_cards(TODAY, ALL, 1, set())
    assert first.note_id == "fengqiao"


# --- retire and restore ---------------------------------------------------------------------


def test_removing_a_blank_retires_its_card_and_keeps_its_history(
    store: Store, tmp_path: Path
) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    pk = card_pk(store, "zuihou-yigongli", "blank-2")
    state = give_progress(store, pk)
    due_day = state.due
    assert due_day is not None
    assert ("zuihou-yigongli", "blank-2") in queued(store, due_day)

    one_blank = SMALL_DECK.replace("blanks: [最后一公里, 断头路]", "blanks: [最后一公里]")
    report = import_text(store, tmp_path, one_blank)
    assert report.updated == 1
    assert report.cards_retired == 1
    assert ("zuihou-yigongli", "blank-2") not in queued(store, due_day)
    assert ("zuihou-yigongli", "blank-2") not in queued(store, due_day + timedelta(days=365))
    assert StudyStore(store).due_on(due_day + timedelta(days=365), ALL) == 0
    assert review_count(store, pk) == 2
    with store.read() as s:
        card = s.get(CardRow, pk)
        assert card is not None and card.retired is True
        assert (card.repetitions, card.interval, card.due) == (2, 6, due_day)
    [summary] = Reports.of(store).deck_summaries(TODAY)
    assert summary.total == SMALL_CARDS - 1

    back = import_text(store, tmp_path, SMALL_DECK)
    assert back.cards_restored == 1
    assert card_pk(store, "zuihou-yigongli", "blank-2") == pk
    assert StudyStore(store).card(pk).state == state
    assert review_count(store, pk) == 2
    assert ("zuihou-yigongli", "blank-2") in queued(store, due_day)


def test_removing_a_note_retires_its_cards_and_putting_it_back_restores_them(
    store: Store, tmp_path: Path
) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    front = card_pk(store, "santi-heyi", "front")
    state = give_progress(store, front)
    without = SMALL_DECK[: SMALL_DECK.index("  - id: santi-heyi")]

    report = import_text(store, tmp_path, without)
    assert (report.added, report.updated, report.unchanged, report.retired) == (0, 0, 3, 1)
    assert report.cards_retired == 2
    for day in (TODAY, state.due):
        assert day is not None
        keys = queued(store, day)
        assert ("santi-heyi", "front") not in keys
        assert ("santi-heyi", "back") not in keys
    with store.read() as s:
        note = s.scalars(select(NoteRow).where(NoteRow.note_id == "santi-heyi")).one()
        assert note.retired is True
    assert review_count(store, front) == 2

    again = import_text(store, tmp_path, without)
    assert (again.retired, again.cards_retired, again.unchanged) == (0, 0, 3)

    back = import_text(store, tmp_path, SMALL_DECK)
    assert back.restored == 1
    assert back.cards_restored == 2
    assert card_pk(store, "santi-heyi", "front") == front
    assert StudyStore(store).card(front).state == state
    assert review_count(store, front) == 2
    assert ("santi-heyi", "back") in queued(store, TODAY)


def test_turning_off_reverse_retires_the_back_card(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    report = import_text(store, tmp_path, SMALL_DECK.replace("reverse: true", "reverse: false"))
    assert report.cards_retired == 1
    assert ("santi-heyi", "back") not in queued(store, TODAY)
    assert ("santi-heyi", "front") in queued(store, TODAY)


# --- dry runs and bad decks -----------------------------------------------------------------


def test_dry_run_reports_the_same_counts_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    before = rows(store, DeckRow, NoteRow, CardRow, ReviewRow)
    preview = import_text(store, tmp_path, SMALL_DECK, dry_run=True)
    assert (preview.added, preview.cards_added) == (4, SMALL_CARDS)
    assert rows(store, DeckRow, NoteRow, CardRow, ReviewRow) == before
    assert store.deck_count() == 0

    real = import_text(store, tmp_path, SMALL_DECK)
    assert (real.added, real.cards_added) == (preview.added, preview.cards_added)
    give_progress(store, card_pk(store, "jiangyin", "recall"))
    after_import = rows(store, DeckRow, NoteRow, CardRow, ReviewRow)
    without = SMALL_DECK[: SMALL_DECK.index("  - id: santi-heyi")]
    dry = import_text(store, tmp_path, without, dry_run=True)
    assert (dry.retired, dry.cards_retired) == (1, 2)
    assert rows(store, DeckRow, NoteRow, CardRow, ReviewRow) == after_import


def test_a_deck_with_any_error_imports_nothing(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    before = rows(store, DeckRow, NoteRow, CardRow, ReviewRow)
    good = tmp_path / "good.yaml"
    good.write_text(SMALL_DECK.replace("id: test-dangjian", "id: another"), encoding="utf-8")
    bad = tmp_path / "牌组.yaml"
    bad.write_text(
        SMALL_DECK.replace("自治、法治、德治", "自治、法治、德治（新）").replace(
            "    kind: quote\n", "    kind: 金句\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        store.import_decks(load_decks([good, bad]), NOW)
    assert any(f"{bad}:" in line and "unknown kind '金句'" in line for line in caught.value.lines)
    assert rows(store, DeckRow, NoteRow, CardRow, ReviewRow) == before


def test_an_import_that_fails_midway_rolls_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_text(store, tmp_path, SMALL_DECK)
    before = rows(store, DeckRow, NoteRow, CardRow, ReviewRow)
    other = tmp_path / "other.yaml"
    other.write_text(SMALL_DECK.replace("id: test-dangjian", "id: other"), encoding="utf-8")
    first = tmp_path / "牌组.yaml"
    first.write_text(SMALL_DECK[: SMALL_DECK.index("  - id: santi-heyi")], encoding="utf-8")
    loaded = load_decks([first, other])

    from govcards.store.importer import _import_deck as real

    calls: list[str] = []

    def failing(s: Any, deck: Any, now: Any, batch: Any) -> ImportReport:
        calls.append(deck.id)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(s, deck, now, batch)

    monkeypatch.setattr("govcards.store.importer._import_deck", failing)
    with pytest.raises(RuntimeError):
        store.import_decks(loaded, NOW)
    assert calls == ["test-dangjian", "other"]
    assert rows(store, DeckRow, NoteRow, CardRow, ReviewRow) == before


# --- bulk writes ----------------------------------------------------------------------------


def test_imports_use_bulk_inserts(store: Store, tmp_path: Path) -> None:
    with counting_statements(store) as small:
        report = import_text(store, tmp_path, big_deck("small", 3), name="small.yaml")
    assert report.added == 3
    with counting_statements(store) as large:
        report = import_text(store, tmp_path, big_deck("large", 300), name="large.yaml")
    assert report.added == 300 and report.cards_added == 600
    assert small.count("INSERT") == large.count("INSERT")
    assert len(small) == len(large)


def test_reimports_use_bulk_updates(store: Store, tmp_path: Path) -> None:
    import_text(store, tmp_path, big_deck("small", 3), name="small.yaml")
    import_text(store, tmp_path, big_deck("large", 300), name="large.yaml")
    with counting_statements(store) as small:
        report = import_text(store, tmp_path, big_deck("small", 3, "新做法"), name="small.yaml")
    assert report.updated == 3
    with counting_statements(store) as large:
        report = import_text(store, tmp_path, big_deck("large", 300, "新做法"), name="large.yaml")
    assert report.updated == 300
    assert len(small) == len(large)
    with counting_statements(store) as few:
        report = import_text(store, tmp_path, big_deck("small", 1, "新做法"), name="small.yaml")
    assert (report.retired, report.cards_retired) == (2, 4)
    with counting_statements(store) as many:
        report = import_text(store, tmp_path, big_deck("large", 1, "新做法"), name="large.yaml")
    assert (report.retired, report.cards_retired) == (299, 598)
    assert len(few) == len(many)
