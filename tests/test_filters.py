"""--theme, --priority and DECK/TOPIC: the same SQL on SQLite and PostgreSQL (``store`` runs
each test on both when a server is given), checked, and carried into stats and exports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from govcards.cli import app
from govcards.decks import load_decks
from govcards.errors import InputError
from govcards.model import CardFilter
from govcards.scheduler import review
from govcards.store import Answer, Store, StudyStore
from govcards.store.reports import Reports
from govcards.store.schema import CardRow, NoteRow, NoteThemeRow

from .conftest import NOW, TODAY
from .practice_decks import write_decks


@pytest.fixture
def themed(store: Store, tmp_path: Path) -> Store:
    store.import_decks(load_decks([write_decks(tmp_path / "decks")]), NOW)
    return store


def _notes(store: Store, flt: CardFilter) -> set[str]:
    cards = StudyStore(store).filtered_cards(flt)
    return {c.note_id for c in cards}


def test_import_copies_themes_and_priority_into_queryable_rows(themed: Store) -> None:
    with themed.read() as s:
        pairs = set(
            s.execute(
                select(NoteRow.note_id, NoteThemeRow.theme).join(
                    NoteThemeRow, NoteThemeRow.note_pk == NoteRow.id
                )
            )
        )
        extra = set(s.scalars(select(NoteRow.note_id).where(NoteRow.priority == "extra")))
    assert ("yl-case", "dangjian") in pairs and ("sz-case", "shuzi") in pairs
    assert extra == {"yl-basic", "sz-case"}


def test_a_theme_filter_selects_the_notes_of_that_theme(themed: Store) -> None:
    assert _notes(themed, CardFilter(themes=("shuzi",))) == {"sz-case", "sz-duice", "qt-basic"}
    both = _notes(themed, CardFilter(themes=("shuzi", "dangjian")))
    assert {"yl-quote", "qt-basic"} <= both


def test_priority_and_theme_combine(themed: Store) -> None:
    flt = CardFilter(themes=("dangjian",), priority="extra")
    assert _notes(themed, flt) == {"yl-basic"}
    assert "yl-basic" not in _notes(themed, CardFilter(priority="core"))


def test_a_qualified_topic_names_one_deck(themed: Store) -> None:
    assert _notes(themed, CardFilter(topic="qita/zongshu")) == {"qt-basic"}
    assert "qt-basic" not in _notes(themed, CardFilter(topic="lianxi/zongshu"))


def test_a_bare_topic_of_several_decks_is_refused_naming_them(themed: Store) -> None:
    with pytest.raises(InputError) as caught:
        themed.check_filter(CardFilter(topic="zongshu"))
    assert "lianxi/zongshu" in str(caught.value) and "qita/zongshu" in str(caught.value)
    themed.check_filter(CardFilter(deck="qita", topic="zongshu"))  # --deck says which


def test_an_unknown_theme_is_refused(themed: Store) -> None:
    with pytest.raises(InputError, match="nope"):
        themed.check_filter(CardFilter(themes=("nope",)))
    themed.check_filter(CardFilter(themes=("wangge",)))  # in the catalog: known, if empty


def test_core_cards_come_before_extra_among_new_cards(themed: Store) -> None:
    new = StudyStore(themed).new_cards(TODAY, CardFilter(), 20, set())
    priorities = [c.note.priority for c in new]
    assert "extra" in priorities
    assert priorities == sorted(priorities, key=lambda p: p != "core")


def test_reports_are_narrowed_to_the_theme(themed: Store) -> None:
    study = StudyStore(themed)
    for card in study.filtered_cards(CardFilter()):
        after = review(card.state, 4, TODAY)
        study.record(Answer(card.card_pk, NOW, TODAY, 4, False, 1000, card.state, after))
    scoped = Reports.of(themed, CardFilter(themes=("shuzi",)))
    lines = list(scoped.review_rows(None, csv=False))
    assert {line[3] for line in lines} == {"sz-case", "sz-duice", "qt-basic"}
    assert {c[1] for c in scoped.card_rows(None, csv=True)} == {"sz-case", "sz-duice", "qt-basic"}
    rows = scoped.stats_rows(TODAY, 30, None)
    assert rows.today[0].reviews == len(lines)
    everything = Reports.of(themed).stats_rows(TODAY, 30, None)
    assert everything.today[0].reviews > len(lines)
    themes = {c.topic for c in everything.theme_counts}
    assert themes == {"dangjian", "shuzi"}


def _cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def test_the_commands_take_the_filters_and_refuse_an_unknown_theme_in_one_line(
    themed: Store,
) -> None:
    bad = CliRunner().invoke(app, ["stats", "--theme", "nope"])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    for args in (["review", "--theme", "nope"], ["export", "cards", "--theme", "nope"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, args
    result = CliRunner().invoke(app, ["export", "cards", "--format", "json", "--priority", "extra"])
    assert result.exit_code == 0, result.stderr
    assert '"yl-basic"' in result.stdout and '"yl-case"' not in result.stdout
    stats = CliRunner().invoke(app, ["stats", "--json", "--theme", "shuzi"])
    assert stats.exit_code == 0, stats.stderr
    assert '"theme": "shuzi"' in stats.stdout
    topic = CliRunner().invoke(app, ["review", "--topic", "zongshu"])
    assert topic.exit_code == 2 and "qita/zongshu" in topic.stderr
    drill = CliRunner().invoke(app, ["review", "--drill"])
    assert drill.exit_code == 2 and "--theme" in drill.stderr


def test_the_upgrade_to_0004_fills_themes_and_priority_from_stored_notes(themed: Store) -> None:
    from alembic import command

    from govcards.store.migrations import runner

    url = themed.url
    themed.close()
    command.downgrade(runner.alembic_config(_engine(url)), "0003_fsrs_state")
    upgraded = Store(url)  # opens an older collection: upgraded in place
    try:
        assert _notes(upgraded, CardFilter(themes=("shuzi",), priority="extra")) == {"sz-case"}
    finally:
        upgraded.close()


def _engine(url: str) -> object:
    from sqlalchemy import create_engine

    from govcards.store.collection import _configure_sqlite

    engine = create_engine(url)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


def test_retention_by_group_and_by_theme_counts_each_days_first_answer_once(
    themed: Store,
) -> None:
    """The dashboard's two retention groupings come from one pass: checked against the log
    as recorded here, with new answers, drills and second answers of a day that never count."""
    study = StudyStore(themed)
    with themed.read() as s:
        themes_of: dict[int, set[str]] = {}
        for note_pk, theme in s.execute(select(NoteThemeRow.note_pk, NoteThemeRow.theme)):
            themes_of.setdefault(note_pk, set()).add(theme)
        note_of = {pk: note for pk, note in s.execute(select(CardRow.id, CardRow.note_pk))}
    counted: list[tuple[int, bool, int]] = []  # (card, mature before, grade)
    for i, card in enumerate(study.filtered_cards(CardFilter())):
        for day, grades in enumerate([(5,), (1 + i % 5, 5), (4 - i % 3,)]):
            when = TODAY - timedelta(days=3 - day)
            for n, grade in enumerate(grades):
                now = study.card(card.card_pk)
                after = review(now.state, grade, when)
                if n == 1:  # a drill between the day's answers: logged, never counted
                    study.record(Answer(now.card_pk, NOW, when, 2, True, 900, now.state, now.state,
                                        now.version))  # fmt: skip
                    now = study.card(card.card_pk)
                study.record(Answer(now.card_pk, NOW, when, grade, False, 1000, now.state, after,
                                    now.version))  # fmt: skip
                if day > 0 and n == 0:  # a review card's first answer of the day
                    counted.append((now.card_pk, now.state.interval >= 21, grade))
    groups, by_theme = Reports.of(themed).retention_counts(TODAY - timedelta(days=5), TODAY, None)
    assert sum(g.reviews for g in groups) == len(counted)
    assert sum(g.passed for g in groups) == sum(1 for _, _, g in counted if g >= 3)
    expected: dict[str, list[int]] = {}
    for card_pk, _mature, grade in counted:
        for theme in themes_of.get(note_of[card_pk], ()):
            acc = expected.setdefault(theme, [0, 0])
            acc[0] += 1
            acc[1] += grade >= 3
    assert {t.topic: [t.reviews, t.passed] for t in by_theme} == expected
    assert set(expected) == {"dangjian", "shuzi"}
    assert all(not t.mature and t.deck == "" for t in by_theme)
