"""The trimmed jieba dictionary cuts exactly as jieba's full one, on the bundled decks and on
generated Chinese text with domain words added; and jieba is imported without pkg_resources."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcards.decks import bundled_decks_dir
from govcards.search.jieba_dict import PairBitmap, import_jieba, trimmed_tokenizer


def _deck_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(bundled_decks_dir().glob("*.yaml")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


DECK_LINES = _deck_lines()
DECK_CHARS = sorted({c for line in DECK_LINES for c in line if "\u4e00" <= c <= "\u9fff"})


@pytest.fixture(scope="module")
def full_dictionary(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """jieba's own tokenizer over its whole dictionary (its cache kept in a temporary folder)."""
    jieba = import_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tokenizer.initialize()
    return tokenizer


def _copy(full: Any) -> Any:
    """A fresh full tokenizer that ``add_word`` can change without touching the fixture."""
    tokenizer = import_jieba().Tokenizer()
    tokenizer.FREQ = dict(full.FREQ)
    tokenizer.total = full.total
    tokenizer.initialized = True
    return tokenizer


def _cuts(tokenizer: Any, texts: list[str]) -> Iterator[list[str]]:
    for text in texts:
        yield list(tokenizer.cut_for_search(text, HMM=True))


def test_bundled_decks_cut_as_with_the_full_dictionary(full_dictionary: Any) -> None:
    trimmed = trimmed_tokenizer(DECK_LINES)
    assert trimmed.total == full_dictionary.total
    assert len(trimmed.FREQ) < len(full_dictionary.FREQ) / 5  # the point of trimming
    assert list(_cuts(trimmed, DECK_LINES)) == list(_cuts(full_dictionary, DECK_LINES))
    words = {w for cut in _cuts(trimmed, DECK_LINES) for w in cut}
    # a word the HMM found may be a mere prefix entry (0) in the full dictionary: no count
    assert {w: trimmed.FREQ.get(w) or 0 for w in words} == {
        w: full_dictionary.FREQ.get(w) or 0 for w in words
    }


_chinese = st.text(alphabet=st.sampled_from(DECK_CHARS), min_size=1, max_size=30)
_mixed = st.text(
    alphabet=st.sampled_from([*DECK_CHARS[:200], "，", "。", "“", "”", " ", "a", "1", "、"]),
    min_size=1,
    max_size=30,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.one_of(_chinese, _mixed), min_size=1, max_size=6),
    user_words=st.lists(st.text(alphabet=st.sampled_from(DECK_CHARS), min_size=2, max_size=5)),
)
def test_generated_text_with_domain_words_cuts_as_with_the_full_dictionary(
    full_dictionary: Any, texts: list[str], user_words: list[str]
) -> None:
    full = _copy(full_dictionary)
    trimmed = trimmed_tokenizer([*user_words, *texts])
    for word in user_words:
        full.add_word(word)
        trimmed.add_word(word)
    assert trimmed.total == full.total
    assert list(_cuts(trimmed, texts)) == list(_cuts(full, texts))


def test_pair_bitmap_holds_every_substring_and_rejects_unseen_pairs() -> None:
    pairs = PairBitmap()
    pairs.add("推进基层治理现代化")
    assert pairs.may_hold("基层治理")
    assert pairs.may_hold("治理现代化")
    assert pairs.may_hold("化")  # one character: no pair to test
    assert not pairs.may_hold("乡村振兴")


def test_jieba_is_imported_without_pkg_resources(tmp_path: Path) -> None:
    """A stand-in ``pkg_resources`` on the path: jieba must not import it, and it stays
    importable for anyone else afterwards."""
    (tmp_path / "pkg_resources.py").write_text("MARK = 'stand-in'\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from govcards.search.jieba_dict import import_jieba\n"
        "jieba = import_jieba()\n"
        "print('pkg_resources' in sys.modules)\n"
        "print('/'.join(jieba.Tokenizer().lcut('基层治理', HMM=False)))\n"
        "import pkg_resources\n"
        "print(pkg_resources.MARK)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{tmp_path}:{root}", "HOME": str(tmp_path)},
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    assert done.stdout.splitlines() == ["False", "基层/治理", "stand-in"]
