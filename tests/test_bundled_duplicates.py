"""Duplicates cannot creep back into the bundled decks (issue 12): two quotes whose text differs
only in punctuation, spacing or character width are one quote, two basic cards that ask and
answer the same thing (a reverse card included) are one card, and a basic card does not just
repeat a quote's text."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest

from govcards.decks import bundled_decks_dir, load_decks
from govcards.model import BasicNote, Deck, QuoteNote

MIN_REPEAT = 12  # characters: a shorter answer (a meeting, a name) may well sit inside a quote


def same_text(text: str) -> str:
    """NFKC (full width → half width), then letters and digits only: ，、,. and spaces vanish."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN"
    )


@pytest.fixture(scope="module")
def bundled() -> list[Deck]:
    return load_decks([bundled_decks_dir()])


def quotes(decks: list[Deck]) -> list[tuple[str, QuoteNote]]:
    return [(f"{d.id}/{n.id}", n) for d in decks for n in d.notes if isinstance(n, QuoteNote)]


def basics(decks: list[Deck]) -> list[tuple[str, BasicNote]]:
    return [(f"{d.id}/{n.id}", n) for d in decks for n in d.notes if isinstance(n, BasicNote)]


def repeated(groups: dict[str, list[str]]) -> list[list[str]]:
    return [ids for ids in groups.values() if len(ids) > 1]


def test_the_normaliser_ignores_punctuation_spacing_and_width() -> None:
    assert same_text("上面千条线，下面一根针") == same_text("上面千条线、下面 一根针。")
    assert same_text("“１＋１０＋Ｎ”制度") == same_text("1+10+N制度")
    assert same_text("上面千条线，下面一根针") != same_text("上面千把锤，下面一根钉")


def test_no_two_bundled_quotes_share_their_text(bundled: list[Deck]) -> None:
    by_text: dict[str, list[str]] = defaultdict(list)
    for ref, quote in quotes(bundled):
        by_text[same_text(quote.text)].append(ref)
    assert len(by_text) > 100
    assert repeated(by_text) == []


def test_no_two_bundled_basic_cards_ask_and_answer_the_same(bundled: list[Deck]) -> None:
    """Each card face, prompt and answer together; a reverse card asks back → front."""
    by_face: dict[str, list[str]] = defaultdict(list)
    for ref, basic in basics(bundled):
        front, back = same_text(basic.front), same_text(basic.back)
        by_face[f"{front}→{back}"].append(ref)
        if basic.reverse:
            by_face[f"{back}→{front}"].append(f"{ref} (reverse)")
    assert len(by_face) > 200
    assert repeated(by_face) == []


def test_no_basic_card_just_repeats_a_quote(bundled: list[Deck]) -> None:
    texts = [(ref, same_text(q.text)) for ref, q in quotes(bundled)]
    repeats = [
        (ref, quote_ref)
        for ref, basic in basics(bundled)
        if len(back := same_text(basic.back)) >= MIN_REPEAT
        for quote_ref, text in texts
        if back in text or text in back
    ]
    assert repeats == []
