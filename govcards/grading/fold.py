"""Reduce typed and expected text to comparable units, remembering where each came from.

Everything a grader compares goes through :func:`units`: full/half width (NFKC), traditional
characters (OpenCC, when installed), punctuation, quote styles, spaces and ASCII case cost the
learner nothing, and Chinese numerals equal digits (一 = 1, 十八 = 18), so 最后1公里 is
最后一公里. Each unit keeps the span of the original text it came from, so a diff can show the
learner's own characters rather than the folded form.

Optional dependency: ``opencc`` folds traditional to simplified characters. It is imported
lazily; without it traditional characters are left as they are.
"""

from __future__ import annotations

import functools
import importlib
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_KEEP_SYMBOLS = frozenset("+%‰")
"""Symbols that carry meaning in the material ("1+10+N", "5%"), kept despite category S/P."""

_KEEP_CATEGORIES = frozenset("LNM")
"""Letters, numbers and marks are content; punctuation, symbols, spaces, controls are not."""

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_CHARS = frozenset(_CN_DIGITS) | frozenset(_CN_UNITS) | frozenset(string.digits)


@dataclass(frozen=True)
class Unit:
    """One compared unit: ``key`` is what is compared, ``start:end`` the original span."""

    key: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str] | None:
    """OpenCC's traditional→simplified converter, loaded once; None when unavailable."""
    try:
        opencc = importlib.import_module("opencc")
        converter = opencc.OpenCC("t2s.json")
    except Exception:  # missing library or broken install: fold nothing rather than crash
        return None

    def convert(text: str) -> str:
        return str(converter.convert(text))

    return convert


def _fold_traditional(chars: list[str]) -> list[str]:
    """Fold traditional to simplified, character for character; any failure changes nothing."""
    convert = _t2s()
    if convert is None or not chars:
        return chars
    try:
        folded = convert("".join(chars))
    except Exception:  # the C library must never turn a typo into a crash
        return chars
    return list(folded) if len(folded) == len(chars) else chars


def _is_content(char: str) -> bool:
    return char in _KEEP_SYMBOLS or unicodedata.category(char)[0] in _KEEP_CATEGORIES


def _chinese_number(run: str) -> str | None:
    """十八 → "18", 二十三 → "23", 一百零五 → "105"; None when the run is not one number."""
    total, digit, last_unit = 0, -1, 10_000
    for char in run:
        if char in _CN_DIGITS:
            if digit >= 0 and _CN_DIGITS[char] != 0 and digit != 0:
                return None  # 一一, 二三: not a single number
            digit = _CN_DIGITS[char]
        else:
            unit = _CN_UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit < 0 else digit) * unit
            digit, last_unit = -1, unit
    return str(total + max(digit, 0))


def _number_key(run: str) -> str:
    """The compared form of a run of digits or numerals: its value when it reads as one."""
    if run.isascii():
        return run
    value = _chinese_number(run) if not any(c in string.digits for c in run) else None
    if value is not None:
        return value
    return "".join(str(_CN_DIGITS.get(c, _CN_UNITS.get(c, c))) for c in run)


@functools.lru_cache(maxsize=4096)
def units(text: str) -> tuple[Unit, ...]:
    """The units of ``text``: content characters, with each number (一百零五, 105) as one unit."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cs":
            continue
        for part in unicodedata.normalize("NFKC", char):
            chars.append(part)
            origin.append(index)
    chars = _fold_traditional(chars)
    kept = [
        (c.translate(_ASCII_LOWER), i) for c, i in zip(chars, origin, strict=True) if _is_content(c)
    ]
    out: list[Unit] = []
    pos = 0
    while pos < len(kept):
        char, index = kept[pos]
        if char not in _NUMERAL_CHARS:
            out.append(Unit(char, index, index + 1))
            pos += 1
            continue
        end = pos
        while end < len(kept) and kept[end][0] in _NUMERAL_CHARS:
            end += 1
        run = "".join(c for c, _ in kept[pos:end])
        digits_only = run.isascii()
        if not digits_only and any(c in string.digits for c in run):
            for c, i in kept[pos:end]:  # mixed 1百: compare character by character
                out.append(Unit(_number_key(c), i, i + 1))
        else:
            out.append(Unit(_number_key(run), index, kept[end - 1][1] + 1))
        pos = end
    return tuple(out)


def keys(text: str) -> tuple[str, ...]:
    """Just the compared keys of :func:`units`, for matching."""
    return tuple(u.key for u in units(text))


def normalize(text: str) -> str:
    """The folded text that grading compares: ``normalize("最后一公里") == "最后1公里"``."""
    return unicodedata.normalize("NFKC", "".join(keys(text)))


def span_text(text: str, parts: tuple[Unit, ...] | list[Unit]) -> str:
    """The original text covered by consecutive units, punctuation between them included."""
    if not parts:
        return ""
    return text[parts[0].start : parts[-1].end]
