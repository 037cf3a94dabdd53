"""Time the commands that read a large collection (docs/performance.md: ``stats`` ≤ 1 s and
``due`` ≤ 500 ms on 1,000,000 reviews, ``review`` to its first card ≤ 600 ms), as a learner runs
them: a fresh process each time, the median of several runs.

    python bench/make_collection.py bench.db      # once: 50,000 cards, 1,000,000 reviews
    python bench/bench_stats.py bench.db [--runs 7]

``govcards --help`` is timed too, as the floor that process start-up alone costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def govcards() -> list[str]:
    found = shutil.which("govcards", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "govcards"]


def run(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, int]:
    """(median seconds, fastest seconds, peak memory in MB of the slowest child)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return statistics.median(times), min(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--deck", default="bench-3")
    parser.add_argument("--now", default="2026-03-03T02:00:00+00:00")  # the day after the log
    args = parser.parse_args()
    env = {**os.environ, "GOVCARDS_NOW": args.now, "GOVCARDS_WIDTH": "80"}
    cli = govcards()
    db = ["--db", str(args.path)]
    cases = {
        "govcards --help": [*cli, "--help"],
        "govcards stats": [*cli, "stats", *db],
        "govcards stats --json": [*cli, "stats", "--json", *db],
        f"govcards stats --deck {args.deck}": [*cli, "stats", "--deck", args.deck, *db],
        "govcards due": [*cli, "due", *db],
        "govcards decks": [*cli, "decks", *db],
    }
    subprocess.run(cases["govcards stats"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"{args.path}, {args.runs} runs each; load average {os.getloadavg()[0]:.2f}")
    floor = None
    for name, command in cases.items():
        median, fastest, peak = run(command, args.runs, env)
        floor = floor or median
        print(
            f"{name:36} median {median * 1000:6.0f} ms  fastest {fastest * 1000:6.0f} ms"
            f"  ×{median / floor:4.1f} of --help  peak ≤ {peak} MB"
        )
    first = first_card(cli, db, env, args.runs)
    print(
        f"{'govcards review → first card':36} median {statistics.median(first) * 1000:6.0f} ms"
        f"  fastest {min(first) * 1000:6.0f} ms"
    )


def first_card(cli: list[str], db: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Seconds from starting ``govcards review`` in a pseudo-terminal to its answer prompt."""
    import pexpect

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = pexpect.spawn(
            cli[0],
            [*cli[1:], "review", *db],
            encoding="utf-8",
            timeout=60,
            env={**env, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"},
            dimensions=(40, 100),
        )
        child.expect("答 ›")
        times.append(time.perf_counter() - started)
        child.close(force=True)
    return times


if __name__ == "__main__":
    main()
