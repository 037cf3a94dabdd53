"""Helpers for tests that treat the collection as a file and drive it from real processes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

TESTS = Path(__file__).resolve().parent
TABLES = ("decks", "notes", "cards", "reviews", "settings", "alembic_version")
SIDECARS = ("-wal", "-shm", "-journal")


def write_deck(path: Path, deck_id: str, notes: int) -> Path:
    """A generated deck of ``notes`` basic notes (one card each)."""
    lines = [f"deck: 生成的牌组 {deck_id}", f"id: {deck_id}", "notes:"]
    for i in range(notes):
        lines += [
            f"  - id: n{i:05d}",
            "    kind: basic",
            f"    front: 第{i}题：“三治合一”指哪三治？",
            f"    back: 自治、法治、德治（{i}）",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def dump(url: str) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, as text, in a stable order: equal dumps mean equal data."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: sorted(
                    tuple(str(v) for v in row)
                    for row in conn.execute(text(f"SELECT * FROM {table}"))
                )
                for table in TABLES
            }
    finally:
        engine.dispose()


def count(url: str, table: str) -> int:
    return len(dump(url)[table])


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def states_match_last_reviews(url: str) -> bool:
    """Each reviewed card holds the state after its latest answer: no half-written answer."""
    sql = """
        SELECT count(*) FROM cards c JOIN reviews r ON r.card_pk = c.id
        WHERE r.id = (SELECT max(id) FROM reviews WHERE card_pk = c.id AND drill = :no)
          AND (c.repetitions, c.efactor, c.interval, c.lapses)
           <> (r.repetitions_after, r.efactor_after, r.interval_after, r.lapses_after)
    """
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), {"no": False}).scalar_one() == 0
    finally:
        engine.dispose()


_STATE = ("repetitions", "efactor", "interval", "lapses", "due")


def each_review_starts_where_the_last_ended(url: str) -> bool:
    """Per card, every review's state before is the previous review's state after, and the
    card holds its last review's state after: the log and the card never contradict."""
    cols = ", ".join(f"{c}_before, {c}_after" for c in _STATE)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT card_pk, {cols} FROM reviews ORDER BY id")).all()
            cards = {
                r[0]: tuple(r[1:])
                for r in conn.execute(text(f"SELECT id, {', '.join(_STATE)} FROM cards"))
            }
    finally:
        engine.dispose()
    last: dict[int, tuple[object, ...]] = {}
    for row in rows:
        before, after = tuple(row[1::2]), tuple(row[2::2])
        if row[0] in last and last[row[0]] != before:
            return False
        last[row[0]] = after
    return all(cards[pk] == state for pk, state in last.items())


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's hash and which -wal/-shm/-journal files sit beside it."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, [s for s in SIDECARS if path.with_name(path.name + s).exists()]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS.parent), env.get("PYTHONPATH", "")])
    return env


def govcards(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m govcards ARGS`` in a child process, as a learner would run it."""
    return subprocess.run(
        [sys.executable, "-m", "govcards", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
        stdin=subprocess.DEVNULL,
    )


def spawn(*argv: str, **kwargs: Any) -> subprocess.Popen[str]:
    """A Python child with pipes for stdin and stdout (line-buffered text)."""
    return subprocess.Popen(
        [sys.executable, *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=child_env(),
        **kwargs,
    )
