"""Fuzzing the deck loader with the real bundled decks damaged at random, hostile YAML payloads
dropped into them, and random YAML documents: ``parse_deck`` returns a deck or problems that all
read ``FILE:LINE:COL: …``; it never raises anything else, never hangs, never runs anything."""

from __future__ import annotations

import os
import re
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcards.decks import Problem, bundled_decks_dir, is_catalog, parse_deck
from govcards.model import Deck

from .conftest import REPO

_FILES = sorted((REPO / "decks").glob("*.yaml")) or sorted(bundled_decks_dir().glob("*.yaml"))
DECKS = [path for path in _FILES if not is_catalog(path)]  # the theme catalog is not a deck
REAL = [path.read_bytes() for path in DECKS]
NAME = "牌组/fuzz.yaml"
PROBLEM = re.compile(r"^牌组/fuzz\.yaml:\d+:\d+: \S")
CANARY = Path(tempfile.gettempdir()) / f"govcards-fuzz-canary-{os.getpid()}"  # made if one ran
FUZZ = settings(
    max_examples=70,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def watchdog(seconds: int = 20) -> Iterator[None]:
    """Fail instead of hanging: the deadline above only judges examples that finish."""

    def _expired(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"parse_deck still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(data: bytes) -> None:
    with watchdog():
        deck, problems = parse_deck(NAME, data)
    assert (deck is None) == bool(problems)
    assert deck is None or isinstance(deck, Deck)
    assert all(isinstance(p, Problem) and PROBLEM.match(str(p)) for p in problems), problems
    assert not CANARY.exists()


def test_the_fuzz_starts_from_the_real_bundled_decks_which_all_load() -> None:
    assert len(REAL) >= 8
    for data in REAL:
        assert parse_deck(NAME, data)[1] == []


MUTATION = st.tuples(
    st.sampled_from(["flip", "delete", "insert", "repeat"]),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=64),
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, kind: str, where: float, length: int, junk: bytes) -> bytes:
    at = int(where * (len(data) - 1))
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ junk[0]]) + data[at + 1 :]
    if kind == "delete":
        return data[:at] + data[at + length :]
    if kind == "insert":
        return data[:at] + junk + data[at:]
    return data[:at] + data[at : at + length] * 2 + data[at + length :]


@FUZZ
@given(st.sampled_from(REAL), st.lists(MUTATION, min_size=1, max_size=6))
def test_real_decks_with_random_byte_damage_never_crash_the_loader(
    data: bytes, mutations: list[tuple[str, float, int, bytes]]
) -> None:
    for mutation in mutations:
        data = mutate(data, *mutation)
    check(data)


PAYLOADS = [
    f'!!python/object/apply:os.system ["touch {CANARY}"]',
    f"!!python/object/apply:subprocess.check_call [[touch, {CANARY}]]",
    f'!!python/object/new:subprocess.Popen [["touch", "{CANARY}"]]',
    "!!python/name:os.system",
    "!!python/module:os",
    f"!!python/object/apply:builtins.exec [\"open('{CANARY}', 'w')\"]",
    "&a [x, x, x, x, x, x, x, x, x]",
    "[*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "{<<: *a, id: x}",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!custom 问",
]


@FUZZ
@given(
    st.sampled_from(REAL),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(PAYLOADS),
    st.sampled_from(["", "  ", "    ", "  - ", "    front: ", "key: "]),
)
def test_hostile_payloads_in_real_decks_stay_inert(
    data: bytes, where: float, payload: str, lead: str
) -> None:
    lines = data.decode("utf-8").splitlines(keepends=True)
    at = int(where * len(lines))
    lines.insert(at, f"{lead}{payload}\n")
    check("".join(lines).encode("utf-8"))


KEYS = st.sampled_from(
    [
        "deck",
        "id",
        "notes",
        "kind",
        "title",
        "summary",
        "points",
        "head",
        "detail",
        "text",
        "blanks",
        "front",
        "back",
        "reverse",
        "topic",
        "topics",
        "tags",
        "case",
        "quote",
        "基层",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["case", "structure", "quote", "basic", "对策"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(KEYS, inner, max_size=6)),
    max_leaves=40,
)


@FUZZ
@given(DOCUMENTS)
def test_random_yaml_documents_load_or_give_located_problems(document: object) -> None:
    check(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))
