"""Compare a learner's typed answer with the expected text and suggest an SM-2 grade.

Pure functions only: no I/O, clock, randomness or terminal, so the review screen can call
them freely and tests can pin their behaviour.  Every function accepts any ``str`` without
raising, because the input comes straight from an IME and may contain anything.

All comparisons run on :func:`normalize` output, so full-width/half-width forms, quote
styles, punctuation, spaces, ASCII case and (when OpenCC is installed) traditional
characters never cost the learner anything.

Grade mapping (:func:`suggest_grade`), the single place a 0..1 score becomes a grade:

    =============  =====  ==========================================
    score          grade  meaning in SM-2
    =============  =====  ==========================================
    1.0            5      perfect (exact after normalisation)
    >= 0.85        4      correct, small slip (1 wrong char in 10)
    >= 0.70        3      correct with serious difficulty (pass line)
    >= 0.50        2      wrong, but about half was there
    >= 0.20        1      wrong, fragments only
    < 0.20 or NaN  0      blackout (blank answer)
    =============  =====  ==========================================

One wrong character in a 10-character answer gives similarity 18/20 = 0.9; the grade-4 line
sits at 0.85 rather than 0.9 so that this case is not on a floating-point knife edge, and
so one slip in a 7-character answer still earns a 4 while one in 6 characters gives 3.

Optional dependency: ``opencc`` (the official OpenCC binding; ``opencc>=1.1,<2``, tested
with 1.4.2) folds traditional to simplified characters.  It is imported lazily; without it
traditional characters are simply left as they are (and then count as wrong characters).
"""

from __future__ import annotations

import functools
import importlib
import itertools
import math
import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

__all__ = [
    "HEAD_NEAR_FLOOR",
    "HEAD_THRESHOLD",
    "KEY_FUZZY_MIN_LEN",
    "Comparison",
    "HeadMatch",
    "KeyCoverage",
    "OutlineScore",
    "Segment",
    "compare",
    "key_coverage",
    "normalize",
    "score_outline",
    "split_heads",
    "suggest_grade",
]

HEAD_THRESHOLD = 0.6
"""A typed head counts as the expected head from this similarity on: in a 6-character head
two wrong characters still count (8/12), three do not (6/12)."""

HEAD_NEAR_FLOOR = 0.3
"""Below the threshold but at least this similar: shown against the head as a near miss."""

KEY_FUZZY_MIN_LEN = 4
"""Keys this long (normalised) may have one wrong character; shorter keys must be exact."""

# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------

_KEEP_SYMBOLS = frozenset("+%‰")
"""Symbols that carry meaning in the material ("1+10+N", "5%"), kept despite category S/P."""

_KEEP_CATEGORIES = frozenset("LNM")
"""Letters, numbers and marks are content; punctuation, symbols, spaces, controls are not."""

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@functools.lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str] | None:
    """Load OpenCC's traditional→simplified converter once, or None when it is unavailable.

    Imported lazily so the module stays importable (and pure) without the optional library.
    """
    try:
        opencc = importlib.import_module("opencc")
        converter = opencc.OpenCC("t2s.json")
    except Exception:  # missing library or broken install: fold nothing rather than crash
        return None

    def convert(text: str) -> str:
        return str(converter.convert(text))

    return convert


def _fold_traditional(text: str) -> str:
    """Fold traditional to simplified; any failure leaves the text unchanged."""
    convert = _t2s()
    if convert is None or not text:
        return text
    try:
        return convert(text)
    except Exception:  # the C library must never turn a typo into a crash
        return text


def _is_content(char: str) -> bool:
    return char in _KEEP_SYMBOLS or unicodedata.category(char)[0] in _KEEP_CATEGORIES


def normalize(text: str) -> str:
    """Reduce text to the characters that matter for grading.

    NFKC first (full-width ＡＢＣ１２３ and ＋ become ASCII), then drop surrogates so the
    converter only sees valid text, fold traditional characters while punctuation still marks
    phrase boundaries, then keep letters/numbers/marks plus ``+ % ‰``, and lower-case ASCII.
    A final NFKC recomposes marks that dropped characters had kept apart ("O¯" → "ō"), so
    that normalising twice changes nothing.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cs")
    text = _fold_traditional(text)
    text = "".join(c for c in text if _is_content(c))
    return unicodedata.normalize("NFKC", text.translate(_ASCII_LOWER))


# ---------------------------------------------------------------------------
# grade mapping
# ---------------------------------------------------------------------------

_GRADE_LINES: tuple[tuple[float, int], ...] = (
    (1.0, 5),
    (0.85, 4),
    (0.70, 3),
    (0.50, 2),
    (0.20, 1),
)


def suggest_grade(score: float) -> int:
    """Map a 0..1 score to an SM-2 grade 0..5 using the table in the module docstring.

    Only an exact score of 1.0 earns a 5; NaN and anything below 0.2 give 0.
    """
    if math.isnan(score):
        return 0
    for line, grade in _GRADE_LINES:
        if score >= line:
            return grade
    return 0


# ---------------------------------------------------------------------------
# free-text comparison
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One run of the character diff; ``missing`` = expected but not typed, ``extra`` = typed
    but not expected.  In a replacement the missing run comes before the extra run."""

    op: Literal["equal", "missing", "extra"]
    text: str


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`; both strings are normalised so the diff shows real errors."""

    typed: str
    expected: str
    similarity: float
    segments: tuple[Segment, ...]
    suggested: int


_EXACT_DIFF_BUDGET = 250_000
"""Above this product of lengths (about 500 × 500 characters) difflib's autojunk is switched
on: its exhaustive search turns cubic on long repetitive input (minutes for 2 × 2,500
characters), while the longest answers in the decks are about 200 characters."""


def _matcher(typed_norm: str, expected_norm: str) -> SequenceMatcher[str]:
    """One matcher for both the ratio and the diff, so the two always agree."""
    autojunk = len(typed_norm) * len(expected_norm) > _EXACT_DIFF_BUDGET
    return SequenceMatcher(None, expected_norm, typed_norm, autojunk=autojunk)


def _similarity(typed_norm: str, expected_norm: str) -> float:
    """SequenceMatcher ratio (2·matches / total length); a blank side scores 0, never 1."""
    if not typed_norm or not expected_norm:
        return 0.0
    return _matcher(typed_norm, expected_norm).ratio()


def _append(segments: list[Segment], op: Literal["equal", "missing", "extra"], text: str) -> None:
    """Append a run, merging with the previous one of the same op so runs stay maximal."""
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def _diff(
    matcher: SequenceMatcher[str], typed_norm: str, expected_norm: str
) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    for tag, e1, e2, t1, t2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", expected_norm[e1:e2])
        else:  # replace / delete / insert: expected part is missing, typed part is extra
            _append(segments, "missing", expected_norm[e1:e2])
            _append(segments, "extra", typed_norm[t1:t2])
    return tuple(segments)


def compare(typed: str, expected: str) -> Comparison:
    """Diff a typed answer against the expected text and suggest a grade.

    A blank answer (nothing left after normalisation) scores 0 with one ``missing`` segment,
    even if the expected text is blank too: typing nothing is never credited.
    """
    typed_norm = normalize(typed)
    expected_norm = normalize(expected)
    matcher = _matcher(typed_norm, expected_norm)
    blank = not typed_norm or not expected_norm
    similarity = 0.0 if blank else matcher.ratio()
    return Comparison(
        typed=typed_norm,
        expected=expected_norm,
        similarity=similarity,
        segments=_diff(matcher, typed_norm, expected_norm),
        suggested=suggest_grade(similarity),
    )


# ---------------------------------------------------------------------------
# outline heads
# ---------------------------------------------------------------------------

_HEAD_SEPARATORS = re.compile("[\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029;；﹔,，﹐、﹑:：﹕。｡]+")
"""Spaces are deliberately not separators: IME users often type stray spaces inside a head."""

_DIGITS = "0-9０-９"
_CN_NUMERALS = "一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾"
_AFTER_NUMBER = ".．、,，:：)）"

_NUMBERING = tuple(
    re.compile(pattern)
    for pattern in (
        # bullets: - * • · ● ■ ▶ >
        r"^[-－—–*＊•·・▪●○◆◇■□►▶>＞]+\s*",
        # bracketed: (1) （一） [2] 【3】 (a)
        rf"^[(（\[［【〔]\s*(?:[{_DIGITS}]{{1,3}}|[{_CN_NUMERALS}]{{1,4}}|[A-Za-zＡ-Ｚａ-ｚ])"
        rf"\s*[)）\]］】〕]\s*[{_AFTER_NUMBER}]?\s*",
        # circled / parenthesised: ① ⑴ ⒈ ❶ ㈠ ㊀
        rf"^[\u2460-\u24ff\u2776-\u2793\u3220-\u3229\u3251-\u325f\u3280-\u3289\u32b1-\u32bf]"
        rf"\s*[{_AFTER_NUMBER}]?\s*",
        # 1. 1、 1) 1: "1 " — but not the "1." of "1.5倍" nor the "1" of "1+10+N"
        rf"^[{_DIGITS}]{{1,3}}(?:[.．](?![{_DIGITS}])|[、,，:：)）]|\s|$)\s*",
        # 第一 第1点 第二条 — but not 第一书记
        rf"^第\s*(?:[{_DIGITS}]{{1,3}}|[{_CN_NUMERALS}]{{1,4}})\s*(?:是|点|条|项|个方面|方面)?"
        rf"(?:[{_AFTER_NUMBER}]|\s|$)\s*",
        # 一是 二是
        rf"^[{_CN_NUMERALS}]{{1,3}}是\s*[{_AFTER_NUMBER}]?\s*",
        # 一、 二. 三）
        rf"^[{_CN_NUMERALS}]{{1,4}}(?:[{_AFTER_NUMBER}]|$)\s*",
        # 首先 其次 最后 … only as a word of their own (not the 最后 of 最后一公里)
        rf"^(?:首先|其次|再次|然后|最后|此外|另外|同时|其[{_CN_NUMERALS}])(?:[{_AFTER_NUMBER}]|\s|$)\s*",
    )
)


def _strip_numbering(piece: str) -> str:
    """Remove leading list numbering, repeatedly, so "1. 一是建设…" becomes "建设…"."""
    for _ in range(8):  # bounded: each pass removes at least one character
        before = piece
        for pattern in _NUMBERING:
            piece = pattern.sub("", piece, count=1).strip()
        if piece == before:
            break
    return piece


def split_heads(typed: str) -> list[str]:
    """Split a typed outline into heads (original text, numbering stripped).

    Heads are separated by line breaks or ``; ； 、 , ， : ： 。``.  Pieces that are only
    numbering (the "第一" of "第一，建设…") or only punctuation are dropped.
    """
    heads: list[str] = []
    for raw in _HEAD_SEPARATORS.split(typed):
        piece = _strip_numbering(raw.strip())
        if normalize(piece):
            heads.append(piece)
    return heads


@dataclass(frozen=True)
class HeadMatch:
    """How one expected head was answered.

    ``typed`` is set for a match (``ok``) and also for a near miss (similarity between
    HEAD_NEAR_FLOOR and HEAD_THRESHOLD) so the learner sees what they wrote instead.
    """

    expected: str
    typed: str | None
    similarity: float
    ok: bool
    typed_position: int | None


@dataclass(frozen=True)
class OutlineScore:
    """Result of :func:`score_outline`.

    ``in_order`` looks only at ``ok`` matches.  ``suggested`` is one grade lower than
    ``suggest_grade(score)`` when ``in_order`` is False (never lowered below 1), because
    the order of a 申论 structure is part of what is being learnt.
    """

    matches: tuple[HeadMatch, ...]
    extra: tuple[str, ...]
    in_order: bool
    score: float
    suggested: int


def _hungarian(weights: list[list[float]]) -> list[int]:
    """Maximum-weight assignment for a rows <= columns matrix; column index for each row.

    Kuhn–Munkres with potentials, O(rows² · columns); rows are the few expected heads.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    inf = math.inf
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j] = row (1-based) assigned to column j, 0 = none
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col0 = 0
        min_v = [inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[col0] = True
            row0 = owner[col0]
            delta = inf
            col1 = 0
            for col in range(1, cols + 1):
                if used[col]:
                    continue
                cur = -weights[row0 - 1][col - 1] - u[row0] - v[col]
                if cur < min_v[col]:
                    min_v[col] = cur
                    way[col] = col0
                if min_v[col] < delta:
                    delta = min_v[col]
                    col1 = col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    min_v[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    result = [-1] * rows
    for col in range(1, cols + 1):
        if owner[col]:
            result[owner[col] - 1] = col - 1
    return result


def _match_heads(sims: list[list[float]]) -> dict[int, int]:
    """Pair expected heads (rows) with typed heads (columns), one to one, optimally.

    Optimal rather than greedy because structure heads often share words (基层…, 完善…):
    greedy can hand a typed head to the wrong expected head and leave another unmatched.
    The weights order the goals strictly: most heads over the threshold first, then highest
    total similarity, and among exact ties the pairing that keeps the typed order (a tiny
    squared-distance penalty, so two identical heads are never reported as swapped).
    """
    n_exp = len(sims)
    n_typed = len(sims[0]) if n_exp else 0
    if not n_exp or not n_typed:
        return {}
    tier = float(n_exp + 1)  # larger than any total similarity, so match count dominates
    span = float(max(n_exp, n_typed))
    tie = 1e-7 / (span * span * n_exp)

    def weight(e: int, t: int) -> float:
        sim = sims[e][t]
        if sim < HEAD_NEAR_FLOOR:
            return 0.0
        return (tier if sim >= HEAD_THRESHOLD else 0.0) + sim - tie * (e - t) ** 2

    if n_exp <= n_typed:
        table = [[weight(e, t) for t in range(n_typed)] for e in range(n_exp)]
        pairs = dict(enumerate(_hungarian(table)))
    else:
        table = [[weight(e, t) for e in range(n_exp)] for t in range(n_typed)]
        pairs = {e: t for t, e in enumerate(_hungarian(table))}
    return {e: t for e, t in pairs.items() if t >= 0 and sims[e][t] >= HEAD_NEAR_FLOOR}


def score_outline(typed: str, heads: Sequence[str]) -> OutlineScore:
    """Score a typed outline against the expected ordered heads.

    score = (sum of similarities of heads matched at >= HEAD_THRESHOLD) / number of heads,
    so a one-character slip still costs a little.  Extra typed heads are reported, not
    penalised.  No expected heads means nothing to grade: score 0.
    """
    typed_heads = split_heads(typed)
    typed_norm = [normalize(h) for h in typed_heads]
    heads_norm = [normalize(h) for h in heads]
    sims = [[_similarity(t, e) for t in typed_norm] for e in heads_norm]
    pairs = _match_heads(sims)

    matches: list[HeadMatch] = []
    for e, head in enumerate(heads):
        t = pairs.get(e)
        if t is None:
            matches.append(HeadMatch(head, None, 0.0, False, None))
        else:
            sim = sims[e][t]
            matches.append(HeadMatch(head, typed_heads[t], sim, sim >= HEAD_THRESHOLD, t))

    used = set(pairs.values())
    extra = tuple(h for i, h in enumerate(typed_heads) if i not in used)
    positions = [m.typed_position for m in matches if m.ok and m.typed_position is not None]
    in_order = all(a < b for a, b in itertools.pairwise(positions))
    score = sum(m.similarity for m in matches if m.ok) / len(heads) if heads else 0.0
    suggested = suggest_grade(score)
    if not in_order and suggested > 1:
        suggested -= 1
    return OutlineScore(tuple(matches), extra, in_order, score, suggested)


# ---------------------------------------------------------------------------
# key coverage
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyCoverage:
    """Which key phrases (original text) appear in the typed answer, and their share."""

    present: tuple[str, ...]
    missing: tuple[str, ...]
    share: float
    suggested: int


def _nearly_occurs(key: str, text: str) -> bool:
    """True if ``key`` occurs in ``text`` exactly or, for long keys, with one wrong character.

    One wrong character means one substituted character anywhere, or one character left
    out or added inside the key (not at its ends, so "员联户" alone is not "党员联户").
    """
    if key in text:
        return True
    size = len(key)
    if size < KEY_FUZZY_MIN_LEN:
        return False
    for start in range(len(text) - size + 1):  # one substitution
        wrong = 0
        for a, b in zip(text[start : start + size], key, strict=True):
            if a != b:
                wrong += 1
                if wrong > 1:
                    break
        if wrong <= 1:
            return True
    if any(key[:i] + key[i + 1 :] in text for i in range(1, size - 1)):  # one left out
        return True
    for start in range(len(text) - size):  # one added inside
        window = text[start : start + size + 1]
        if (
            window[0] == key[0]
            and window[-1] == key[-1]
            and any(window[:i] + window[i + 1 :] == key for i in range(1, size))
        ):
            return True
    return False


def key_coverage(typed: str, keys: Sequence[str]) -> KeyCoverage:
    """Check which key phrases the typed answer contains (after normalisation).

    Keys that normalise to the same text are counted once (first spelling kept); keys that
    normalise to nothing (pure punctuation) cannot be checked and are left out of both lists.
    With no checkable keys the share is 0: nothing to grade is never credited.
    """
    typed_norm = normalize(typed)
    present: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for key in keys:
        key_norm = normalize(key)
        if not key_norm or key_norm in seen:
            continue
        seen.add(key_norm)
        (present if _nearly_occurs(key_norm, typed_norm) else missing).append(key)
    total = len(present) + len(missing)
    share = len(present) / total if total else 0.0
    return KeyCoverage(tuple(present), tuple(missing), share, suggest_grade(share))
