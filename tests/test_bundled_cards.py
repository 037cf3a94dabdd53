"""The bundled decks as cards (issue 12): identify cards give nothing away and can be told apart,
themes are used, heads are typeable, every case has a name and an exam line, basic cards ask one
question with an exam-sized answer, blanks are not overused, and a 谁说的 card says more than
the speaker's name.
"""

from __future__ import annotations

from collections import Counter

import pytest

from govcards.cards import (
    card_keys,
    duplicate_identify_prompts,
    face,
    name_words,
    place_variants,
    practice_name,
    quoted_names,
)
from govcards.decks import bundled_decks_dir, bundled_themes, load_decks
from govcards.model import BasicNote, CaseNote, Deck, QuestionNote, QuoteNote, StructureNote

MAX_HEAD = 20
MAX_BASIC_ANSWER = 100
MAX_SUMMARY = 200
MAX_NOTES_PER_BLANK = 2


@pytest.fixture(scope="module")
def bundled() -> list[Deck]:
    return load_decks([bundled_decks_dir()])


def identify_cards(decks: list[Deck]) -> list[tuple[str, CaseNote, str]]:
    return [
        (f"{deck.id}/{note.id}", note, face(note, deck.id, "identify").prompt)
        for deck in decks
        for note in deck.notes
        if isinstance(note, CaseNote) and "identify" in card_keys(note)
    ]


def test_no_identify_prompt_shows_a_form_of_the_place_or_a_word_of_the_name(
    bundled: list[Deck],
) -> None:
    cards = identify_cards(bundled)
    assert len(cards) >= 50
    leaks = []
    for where, note, prompt in cards:
        hidden = place_variants(note.place or "") + name_words(practice_name(note))
        for quoted in quoted_names(note.title):
            hidden += name_words(quoted)
        leaks += [f"{where}: {word}" for word in hidden if word in prompt]
    assert leaks == []


def test_no_two_bundled_identify_prompts_are_the_same(bundled: list[Deck]) -> None:
    assert duplicate_identify_prompts(bundled) == []


def test_every_catalog_theme_is_used_by_at_least_three_bundled_notes(bundled: list[Deck]) -> None:
    used = Counter(theme for deck in bundled for note in deck.notes for theme in note.themes)
    assert {t: used[t] for t in bundled_themes() if used[t] < 3} == {}


def test_every_bundled_structure_head_is_at_most_20_characters(bundled: list[Deck]) -> None:
    long_heads = [
        f"{deck.id}/{note.id}: {point.head}"
        for deck in bundled
        for note in deck.notes
        if isinstance(note, StructureNote)
        for point in note.points
        if len(point.head) > MAX_HEAD
    ]
    assert long_heads == []


def test_every_bundled_case_has_a_name_and_an_exam_line(bundled: list[Deck]) -> None:
    missing = [
        f"{deck.id}/{note.id}"
        for deck in bundled
        for note in deck.notes
        if isinstance(note, CaseNote) and not (note.name and note.line)
    ]
    assert missing == []


def test_every_bundled_note_has_a_theme(bundled: list[Deck]) -> None:
    assert [f"{d.id}/{n.id}" for d in bundled for n in d.notes if not n.themes] == []


def test_every_basic_card_asks_one_question_with_an_exam_sized_answer(
    bundled: list[Deck],
) -> None:
    basics = [(f"{d.id}/{n.id}", n) for d in bundled for n in d.notes if isinstance(n, BasicNote)]
    assert basics
    long = [ref for ref, n in basics if len(n.back) > MAX_BASIC_ANSWER]
    several = [ref for ref, n in basics if n.front.count("？") + n.front.count("?") > 1]
    assert (long, several) == ([], [])


def test_case_summaries_are_at_most_200_characters(bundled: list[Deck]) -> None:
    cases = [(f"{d.id}/{n.id}", n) for d in bundled for n in d.notes if isinstance(n, CaseNote)]
    assert [ref for ref, n in cases if len(n.summary) > MAX_SUMMARY] == []


def test_no_phrase_is_blanked_in_more_than_two_notes(bundled: list[Deck]) -> None:
    uses = Counter(
        blank
        for d in bundled
        for n in d.notes
        if isinstance(n, QuoteNote)
        for blank in set(n.blanks)
    )
    assert {blank: k for blank, k in uses.items() if k > MAX_NOTES_PER_BLANK} == {}


def test_a_who_said_it_card_also_asks_the_occasion(bundled: list[Deck]) -> None:
    """A 谁说的 card whose answer is the same name as most others teaches nothing: asking the
    most frequent speaker is only worth a card when the occasion (``cite``) is asked too."""
    quotes = [(f"{d.id}/{n.id}", n) for d in bundled for n in d.notes if isinstance(n, QuoteNote)]
    common, _ = Counter(n.by for _, n in quotes if n.by).most_common(1)[0]
    asked = [ref for ref, n in quotes if n.ask_source]
    assert asked, "the bundled decks ask 谁说的 somewhere"
    bare = [
        ref for ref, n in quotes if n.ask_source and (not n.by or n.by == common) and not n.cite
    ]
    assert bare == []


def test_questions_make_no_review_cards(bundled: list[Deck]) -> None:
    questions = [n for d in bundled for n in d.notes if isinstance(n, QuestionNote)]
    assert questions and all(card_keys(q) == [] for q in questions)
