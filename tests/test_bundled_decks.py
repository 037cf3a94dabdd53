"""The bundled decks (issue 3): they load, they cover each seed document, and quotes stay true;
the bundled 申论 question bank (issue 16) covers every theme and is answerable from the decks.

The five study documents are kept in ``tests/sources`` (copied from the project's seeds), so the
faithfulness checks run on every machine and in CI.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from govcards.cards import card_keys
from govcards.decks import bundled_decks_dir, bundled_themes, discover, load_decks
from govcards.model import CaseNote, Deck, Note, QuestionNote, QuoteNote, StructureNote

from .conftest import REPO, SEEDS

DOC_000 = "000_72e980db42bac61d.txt"
DOC_001 = "001_94f148c8545acd0f.txt"
DOC_002 = "002_d5f4c7473754168f.txt"
DOC_003 = "003_de154d72c2d9afa6.txt"
DOC_004 = "004_e5271e989002e6de.txt"
DOCUMENTS = (DOC_000, DOC_001, DOC_002, DOC_003, DOC_004)
ANALYSIS_FRAMES = {"意义", "问题", "原因", "特性"}
ELLIPSIS = re.compile(r"\.{2,}|…+|⋯+")


@dataclass(frozen=True)
class Placed:
    deck: Deck
    note: Note

    @property
    def source(self) -> str | None:
        return self.note.source or self.deck.source


@pytest.fixture(scope="module")
def bundled() -> list[Deck]:
    return load_decks([bundled_decks_dir()])


@pytest.fixture(scope="module")
def placed(bundled: list[Deck]) -> list[Placed]:
    """The study material: every note but the questions, which come from no one document and
    make no cards (they are checked on their own below)."""
    return [
        Placed(deck, note)
        for deck in bundled
        for note in deck.notes
        if not isinstance(note, QuestionNote)
    ]


@pytest.fixture(scope="module")
def questions(bundled: list[Deck]) -> list[QuestionNote]:
    return [note for deck in bundled for note in deck.notes if isinstance(note, QuestionNote)]


@pytest.fixture(scope="module")
def by_ref(bundled: list[Deck]) -> dict[str, Note]:
    return {f"{deck.id}/{note.id}": note for deck in bundled for note in deck.notes}


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not beside this checkout ({SEEDS} is absent)")
    return {p.name: normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def normalise(text: str) -> str:
    """NFKC, then only letters and digits: punctuation and spacing never count as drift."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN"
    )


def fragments(text: str) -> Iterator[str]:
    """The pieces of a quote between its ellipses, normalised; empty pieces dropped."""
    for piece in ELLIPSIS.split(unicodedata.normalize("NFKC", text)):
        cleaned = normalise(piece)
        if cleaned:
            yield cleaned


def from_document(placed: list[Placed], document: str) -> list[Placed]:
    return [p for p in placed if p.source == document]


def kinds(items: list[Placed]) -> Counter[str]:
    return Counter(p.note.kind for p in items)


def structures(items: list[Placed]) -> list[StructureNote]:
    return [p.note for p in items if isinstance(p.note, StructureNote)]


def cases(items: list[Placed]) -> list[CaseNote]:
    return [p.note for p in items if isinstance(p.note, CaseNote)]


# --- every deck loads -------------------------------------------------------------------------


def test_bundled_decks_are_found_in_a_source_checkout() -> None:
    folder = bundled_decks_dir()
    assert folder.resolve() == (REPO / "decks").resolve()
    assert len(discover([folder])) >= 5


def test_every_bundled_deck_loads_without_a_problem(bundled: list[Deck]) -> None:
    files = discover([bundled_decks_dir()])
    assert len(bundled) == len(files)
    assert all(deck.notes for deck in bundled)


def test_bundled_deck_ids_are_unique(bundled: list[Deck]) -> None:
    ids = [deck.id for deck in bundled]
    assert len(ids) == len(set(ids))


def test_every_bundled_deck_declares_topics_and_every_note_has_one(bundled: list[Deck]) -> None:
    missing = [
        f"{deck.id}/{note.id}"
        for deck in bundled
        for note in deck.notes
        if not deck.topics or note.topic not in deck.topics
    ]
    assert missing == []


def test_every_bundled_note_names_one_of_the_five_documents(placed: list[Placed]) -> None:
    assert {p.source for p in placed} <= set(DOCUMENTS)
    assert {p.source for p in placed} == set(DOCUMENTS)


def test_no_note_is_repeated_across_the_bundled_decks(placed: list[Placed]) -> None:
    def content(note: Note) -> str:
        return normalise(
            getattr(note, "title", "") or getattr(note, "text", "") or getattr(note, "front", "")
        )

    seen = Counter((p.note.kind, content(p.note)) for p in placed)
    assert [key for key, count in seen.items() if count > 1] == []


def test_every_case_names_its_practice_so_identify_can_mask_it(
    placed: list[Placed],
) -> None:
    unnamed = [
        f"{p.deck.id}/{p.note.id}"
        for p in placed
        if isinstance(p.note, CaseNote) and not (p.note.name and p.note.name.strip())
    ]
    assert unnamed == []


def test_every_bundled_note_makes_cards(placed: list[Placed]) -> None:
    assert all(card_keys(p.note) for p in placed)


def test_the_collection_holds_the_expected_amount_of_material(placed: list[Placed]) -> None:
    counts = kinds(placed)
    assert counts["case"] >= 80
    assert counts["structure"] >= 25
    assert counts["quote"] >= 20
    assert counts["basic"] >= 40


# --- per document -----------------------------------------------------------------------------


def test_document_000_has_the_background_and_four_complete_topics(placed: list[Placed]) -> None:
    notes = from_document(placed, DOC_000)
    counts = kinds(notes)
    assert counts["case"] >= 8
    assert counts["structure"] >= 9
    assert counts["quote"] >= 15
    assert counts["basic"] >= 10
    frames = {s.frame for s in structures(notes)}
    assert {"意义", "对策", "问题", "背景"} <= frames
    background = [s for s in structures(notes) if s.frame == "背景"]
    assert len(background) == 1 and len(background[0].points) == 4

    topic_decks = {p.deck.id for p in notes if isinstance(p.note, CaseNote)}
    assert len(topic_decks) >= 4
    for deck_id in topic_decks:
        own = [p for p in notes if p.deck.id == deck_id]
        deck_frames = [s.frame for s in structures(own)]
        assert len(cases(own)) >= 2, deck_id
        assert "对策" in deck_frames, deck_id
        assert ANALYSIS_FRAMES & set(deck_frames), deck_id
        assert kinds(own)["quote"] >= 1, deck_id


def test_document_001_has_the_difficulties_paths_and_seven_practices(placed: list[Placed]) -> None:
    notes = from_document(placed, DOC_001)
    counts = kinds(notes)
    assert counts["case"] >= 7
    assert counts["structure"] >= 9
    assert counts["quote"] >= 3
    assert counts["basic"] >= 35
    by_frame: dict[str, list[StructureNote]] = {}
    for s in structures(notes):
        by_frame.setdefault(s.frame, []).append(s)
    assert any(len(s.points) >= 4 for s in by_frame.get("问题", []))
    assert any(len(s.points) >= 3 for s in by_frame.get("路径", []))
    assert len(by_frame.get("对策", [])) >= 7
    assert all(c.place for c in cases(notes))
    with_figures = [c for c in cases(notes) if re.search(r"\d", c.summary + "".join(c.effects))]
    assert len(with_figures) >= 7


def test_document_002_covers_all_eight_articles(placed: list[Placed]) -> None:
    notes = from_document(placed, DOC_002)
    counts = kinds(notes)
    assert counts["case"] >= 55
    assert counts["structure"] >= 16
    assert counts["quote"] >= 70
    assert counts["basic"] >= 80
    decks = {p.deck.id for p in notes}
    assert len(decks) >= 8
    for deck_id in decks:
        own = Counter(p.note.kind for p in notes if p.deck.id == deck_id)
        assert own["structure"] >= 1, f"{deck_id}: its closing recommendations"
        assert own["case"] >= 1, deck_id
        assert own["quote"] >= 1, deck_id


def test_document_003_has_every_local_case(placed: list[Placed]) -> None:
    notes = from_document(placed, DOC_003)
    counts = kinds(notes)
    assert counts["case"] >= 10
    assert counts["quote"] >= 6
    assert counts["basic"] >= 18
    places = "".join((c.place or "") + c.title for c in cases(notes))
    for name in ("罗湖", "思明", "朝阳", "建邺", "浦东", "李沧", "南通", "杭州高新"):
        assert name in places, name


def test_document_004_has_three_cases_and_its_three_structures(placed: list[Placed]) -> None:
    notes = from_document(placed, DOC_004)
    counts = kinds(notes)
    assert counts["case"] >= 3
    assert counts["quote"] >= 6
    assert counts["basic"] >= 4
    assert {"特性", "问题", "对策"} <= {s.frame for s in structures(notes)}
    places = "".join(c.place or "" for c in cases(notes))
    for name in ("晋安", "通海", "柳州"):
        assert name in places, name


# --- faithful to the seed documents -----------------------------------------------------------


def test_the_seed_documents_are_the_five_the_decks_name(seed_texts: dict[str, str]) -> None:
    assert set(DOCUMENTS) <= set(seed_texts)


def test_normalising_keeps_only_letters_and_digits() -> None:
    assert normalise("“最后一公里”，不能出现 “断头路”！") == "最后一公里不能出现断头路"
    assert normalise("ＡＢ１２") == "AB12"
    assert list(fragments("基层强则国家强……基层安…天下安...")) == [
        "基层强则国家强",
        "基层安",
        "天下安",
    ]


def test_every_quote_occurs_word_for_word_in_its_source_document(
    placed: list[Placed], seed_texts: dict[str, str]
) -> None:
    drifted: list[str] = []
    checked = 0
    for p in placed:
        if not isinstance(p.note, QuoteNote):
            continue
        assert p.source in seed_texts, f"{p.deck.id}/{p.note.id}: unknown source {p.source}"
        source = seed_texts[p.source]
        for piece in fragments(p.note.text):
            checked += 1
            if piece not in source:
                drifted.append(f"{p.deck.id}/{p.note.id}: {piece}")
    assert checked >= 100
    assert drifted == []


def test_the_quote_check_would_catch_a_changed_word(seed_texts: dict[str, str]) -> None:
    source = seed_texts[DOC_000]
    assert normalise("基层强则国家强") in source or normalise("最后一公里") in source
    assert normalise("基层党组织是贯彻落实党中央决策部署的“最前一公里”") not in source


README_KINDS = ("case", "structure", "quote", "basic", "question")


def test_the_readme_lists_every_bundled_deck_with_its_note_counts() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): [int(x) for x in m.group(2).split("|") if x.strip()]
        for m in re.finditer(r"^\| `([^`]+)` \|[^|]*\|[^|]*\|((?: *\d+ *\|){6})$", readme, re.M)
    }
    decks = load_decks([REPO / "decks"])
    assert set(rows) == {d.id for d in decks}
    for deck in decks:
        kinds = Counter(n.kind for n in deck.notes)
        assert rows[deck.id] == [len(deck.notes), *(kinds[k] for k in README_KINDS)], deck.id
    total = re.search(r"^\| \*\*total\*\* \|[^|]*\|[^|]*\|((?: *[*\d]+ *\|){6})$", readme, re.M)
    assert total is not None
    kinds = Counter(n.kind for d in decks for n in d.notes)
    expected = [sum(len(d.notes) for d in decks), *(kinds[k] for k in README_KINDS)]
    assert [int(x.strip(" *")) for x in total.group(1).split("|") if x.strip()] == expected


# --- the question bank (issue 16) -------------------------------------------------------------

MIN_QUESTIONS = 45
MIN_QUESTIONS_PER_THEME = 3


def test_the_bank_has_enough_questions_of_several_frames(questions: list[QuestionNote]) -> None:
    assert len(questions) >= MIN_QUESTIONS
    frames = Counter(q.frame for q in questions)
    assert {"对策", "问题", "原因", "意义"} <= set(frames)
    assert len({normalise(q.prompt) for q in questions}) == len(questions)
    assert all("给定资料" in q.prompt for q in questions)


def test_every_catalog_theme_has_at_least_three_bundled_questions(
    questions: list[QuestionNote],
) -> None:
    assert all(1 <= len(q.themes) <= 2 for q in questions)
    per_theme = Counter(theme for q in questions for theme in q.themes)
    short = {t: per_theme[t] for t in bundled_themes() if per_theme[t] < MIN_QUESTIONS_PER_THEME}
    assert short == {}


def test_every_question_uses_a_structure_of_its_frame_and_a_case(
    questions: list[QuestionNote], by_ref: dict[str, Note]
) -> None:
    """A model answer is the heads of a structure of the frame asked for (an 对策 question needs
    an 对策 structure, a 原因 question a 原因 one), illustrated by at least one case."""
    unanswerable = []
    for q in questions:
        used = [by_ref[ref] for ref in q.uses]
        frames = {n.frame for n in used if isinstance(n, StructureNote)}
        if q.frame not in frames or not any(isinstance(n, CaseNote) for n in used):
            unanswerable.append(f"{q.id} ({q.frame}): structures of {sorted(frames)}")
    assert unanswerable == []


def test_every_question_uses_three_to_six_distinct_notes_of_study_material(
    questions: list[QuestionNote], by_ref: dict[str, Note]
) -> None:
    wrong = [
        q.id
        for q in questions
        if not 3 <= len(set(q.uses)) == len(q.uses) <= 6
        or any(isinstance(by_ref[ref], QuestionNote) for ref in q.uses)
    ]
    assert wrong == []
    with_quote = [q for q in questions if any(isinstance(by_ref[r], QuoteNote) for r in q.uses)]
    assert len(with_quote) >= 0.9 * len(questions)
