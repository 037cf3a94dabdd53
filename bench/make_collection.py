"""Generate a large collection for benchmarks: decks imported through govcards, then a synthetic
review log bulk-inserted with sqlite3 (statistics only need plausible rows, not a real SM-2 run),
then the cards' FSRS memory states replayed from that log by govcards itself.

    python bench/make_collection.py bench.db [--cards 50000] [--reviews 1000000] [--days 730]

Study days end on --today (default 2026-03-02, the tests' clock); run the benchmark with
GOVCARDS_NOW set to that day (bench_stats.py does).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from govcards.decks import load_decks
from govcards.store import Store, fsrs_state

DECKS = 10
TOPICS = 8
TABLES = ("cards", "reviews")


def _note(kind: str, i: int) -> list[str]:
    """A note of ``kind`` that makes exactly two cards."""
    body = {
        "case": [
            f"    title: 第{i}号案例“网格化治理”",
            "    place: 浙江省桐乡市",
            f"    summary: 浙江省桐乡市推行“三治融合”（{i}），自治、法治、德治相结合。",
        ],
        "structure": [
            f"    title: 第{i}号对策",
            "    points:",
            "      - head: 建设骨干队伍",
            "        detail: [优选党组织书记, 加强村干部教育]",
            "      - head: 强化监督力度",
        ],
        "quote": [
            f"    text: 基层强则国家强，基层安则天下安（{i}）",
            "    by: 习近平",
            "    blanks: [国家强, 天下安]",
        ],
        "basic": [
            f"    front: 第{i}题：“三治”指什么？",
            "    back: 自治、法治、德治",
            "    reverse: true",
        ],
    }[kind]
    return [f"  - id: n{i:06d}", f"    kind: {kind}", f"    topic: t{i % TOPICS}", *body]


def write_decks(folder: Path, cards: int) -> list[Path]:
    notes_per_deck = max(1, cards // 2 // DECKS)
    kinds = ("case", "structure", "quote", "basic")
    paths = []
    for d in range(DECKS):
        lines = [f"deck: 基准牌组 {d}", f"id: bench-{d}", "topics:"]
        lines += [f"  t{t}: 主题{t}" for t in range(TOPICS)]
        lines.append("notes:")
        for i in range(notes_per_deck):
            lines += _note(kinds[i % 4], i)
        path = folder / f"bench-{d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _reviews(
    rng: random.Random, card_pks: list[int], reviews: int, days: int, today: date
) -> Iterator[tuple[object, ...]]:
    """Rows of the reviews table, day by day, oldest first (generated lazily: 1M rows)."""
    per_day = max(1, reviews // days)
    for back in range(days, 0, -1):
        day = today - timedelta(days=back - 1)
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=1)
        for j in range(per_day if back > 1 else reviews - per_day * (days - 1)):
            ivl = rng.choice((0, 1, 1, 3, 6, 6, 15, 30, 60, 140))
            grade = rng.choices((0, 1, 2, 3, 4, 5), (2, 3, 5, 20, 40, 30))[0]
            at = (start + timedelta(seconds=j * 7)).strftime("%Y-%m-%d %H:%M:%S.%f")
            drill = 1 if rng.random() < 0.08 else 0
            after = 1 if grade < 3 else max(1, ivl * 2)
            yield (
                rng.choice(card_pks),
                at,
                day.isoformat(),
                grade,
                drill,
                rng.randint(2000, 60000),
                *(3, 2500, ivl, 0, None if ivl == 0 else day.isoformat()),
                *(4, 2500, after, 0, (day + timedelta(days=after)).isoformat()),
            )


def fill_reviews(db: Path, reviews: int, days: int, today: date, seed: int) -> None:
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    card_pks = [pk for (pk,) in conn.execute("SELECT id FROM cards")]
    conn.executemany(
        "INSERT INTO reviews (card_pk, reviewed_at, study_day, grade, drill, duration_ms,"
        " repetitions_before, efactor_before, interval_before, lapses_before, due_before,"
        " repetitions_after, efactor_after, interval_after, lapses_after, due_after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _reviews(rng, card_pks, reviews, days, today),
    )
    updates = []
    for pk in card_pks:
        if rng.random() < 0.8:  # a fifth of the cards are still new
            ivl = rng.choice((1, 3, 6, 15, 30, 60, 140))
            due = (today + timedelta(days=rng.randint(-5, ivl))).isoformat()
            updates.append((3, ivl, rng.choice((0, 0, 0, 1, 2, 5)), due, pk))
    conn.executemany(
        "UPDATE cards SET repetitions = ?, interval = ?, lapses = ?, due = ? WHERE id = ?", updates
    )
    conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--cards", type=int, default=50_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 2))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.path.exists():
        parser.error(f"{args.path} exists; give a new path")
    started = time.perf_counter()
    store = Store("sqlite:///" + str(args.path.resolve()))
    store.set_setting("timezone", "Asia/Shanghai")
    with tempfile.TemporaryDirectory() as folder:
        decks = load_decks(write_decks(Path(folder), args.cards))
        store.import_decks(decks, datetime.now(UTC))
    store.close()
    fill_reviews(args.path, args.reviews, args.days, args.today, args.seed)
    # The log went in behind govcards' back: give its cards their FSRS memory states, as
    # govcards does on every answer (and, for a collection from before FSRS, on its upgrade).
    store = Store("sqlite:///" + str(args.path.resolve()))
    fsrs_state.recompute(store)
    store.close()
    conn = sqlite3.connect(args.path)
    cards, reviews = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    conn.close()
    took = time.perf_counter() - started
    print(f"{args.path}: {cards} cards, {reviews} reviews over {args.days} days ({took:.1f} s)")


if __name__ == "__main__":
    main()
