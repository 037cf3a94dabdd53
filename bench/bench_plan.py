"""`govcards plan` over 5,000 cards to an exam 180 days out (at most 2 s; docs/performance.md).

    python bench/bench_plan.py [--cards 5000] [--days 180] [--runs 5]

Two measures, each the median of --runs: the pure simulation (both schedulers) on a mix of
new and reviewed cards, and the whole command (`govcards plan --json`, a fresh process on a
collection of that many cards built with make_collection.py, its FSRS states computed first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from govcards import fsrs_scheduler as fsrs
from govcards.plan import PlanCard, simulate
from govcards.scheduler import Sm2State

TODAY = date(2026, 3, 2)
KINDS = ("case", "structure", "quote", "basic")


def mixed_cards(count: int, seed: int = 1) -> list[PlanCard]:
    """Half reviewed (intervals 1-120 days, due within them), half new."""
    rng = random.Random(seed)
    cards = []
    for i in range(count):
        kind, deck = KINDS[i % 4], f"deck-{i % 10}"
        if i % 2:
            cards.append(PlanCard(kind, deck))
            continue
        interval = rng.randint(1, 120)
        last = TODAY - timedelta(days=rng.randint(0, interval))
        due = last + timedelta(days=interval)
        memory = fsrs.FsrsState(interval * rng.uniform(0.7, 1.4), rng.uniform(2, 9), last, due)
        sm2 = Sm2State(rng.randint(2, 8), rng.randint(1300, 3000), interval, 0, due)
        cards.append(PlanCard(kind, deck, (), sm2, memory))
    return cards


def time_pure(cards: int, days: int, runs: int) -> float:
    deck = mixed_cards(cards)
    times = []
    for _ in range(runs):
        fsrs.step.cache_clear()
        start = time.perf_counter()
        simulate(deck, TODAY, TODAY + timedelta(days=days))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_command(cards: int, days: int, runs: int) -> float:
    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "plan.db"
        reviews = cards * 4
        subprocess.run(
            [
                sys.executable,
                str(here / "make_collection.py"),
                str(db),
                "--cards",
                str(cards),
                "--reviews",
                str(reviews),
                "--days",
                "200",
            ],
            check=True,
            capture_output=True,
        )
        env = {**os.environ, "GOVCARDS_NOW": "2026-03-02T01:00:00+00:00", "GOVCARDS_DB": str(db)}
        exam = (TODAY + timedelta(days=days)).isoformat()
        command = [sys.executable, "-m", "govcards", "plan", "--exam", exam, "--json"]
        subprocess.run(command, check=True, env=env, capture_output=True)  # fills FSRS states
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pure = time_pure(args.cards, args.days, args.runs)
    print(f"simulate, {args.cards} cards, {args.days} days, both schedulers: {pure:.3f} s")
    whole = time_command(args.cards, args.days, args.runs)
    print(f"govcards plan --json (fresh process, SQLite):            {whole:.3f} s (target 2 s)")


if __name__ == "__main__":
    main()
