"""Benchmark for ``govcards find`` (run by hand; never part of the test run).

    python bench/bench_find.py [--notes 20000] [--runs 20]

Warm latency = what one ``find`` call does once the index is stored: open the collection,
fingerprint its notes, load the index file, cut and rank the query. Measured on the bundled
decks and on a synthetic collection of --notes notes, against the 150 ms target. The full
process time of ``govcards find`` (Python start and imports included) is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["枫桥", "网格 减负", "群众参与 议事", "结合给定资料，谈谈如何推动基层治理重心下移"]
TARGET_MS = 150


def make_decks(folder: Path, notes: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_core import make_deck

    per = max(notes // 10, 1)
    for d in range(10):
        path = folder / f"bench-{d}.yaml"
        make_deck(path, per)
        text = path.read_text(encoding="utf-8").replace("id: bench-10k", f"id: bench-{d}")
        path.write_text(text, encoding="utf-8")


def warm_ms(db: str, runs: int) -> tuple[float, float, float]:
    from govcards.runtime import find_notes

    t = time.perf_counter()
    find_notes(db, QUERIES[0], None, None, 10)  # builds the index if needed
    build = (time.perf_counter() - t) * 1000
    times = []
    for i in range(runs):
        t = time.perf_counter()
        find_notes(db, QUERIES[i % len(QUERIES)], None, None, 10)
        times.append((time.perf_counter() - t) * 1000)
    return build, statistics.median(times), max(times)


def process_ms(db: str) -> float:
    times = []
    for q in QUERIES:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "govcards", "find", q, "--db", db, "--json"],
            check=True,
            capture_output=True,
        )
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GOVCARDS_HOME"] = str(Path(tmp) / "home")
        bundled = str(Path(tmp) / "bundled.db")
        from govcards.decks import bundled_decks_dir
        from govcards.runtime import import_paths

        import_paths([bundled_decks_dir()], bundled, dry_run=False)  # find creates no collection
        build, median, worst = warm_ms(bundled, args.runs)
        print(
            f"bundled decks: first find (builds index) {build:.0f} ms; warm median "
            f"{median:.1f} ms, max {worst:.1f} ms (target {TARGET_MS}); "
            f"process {process_ms(bundled):.0f} ms"
        )
        decks = Path(tmp) / "decks"
        decks.mkdir()
        make_decks(decks, args.notes)
        big = str(Path(tmp) / "big.db")
        import_paths([decks], big, dry_run=False)
        build, median, worst = warm_ms(big, args.runs)
        print(
            f"{args.notes} notes: first find (builds index) {build:.0f} ms; warm median "
            f"{median:.1f} ms, max {worst:.1f} ms (target {TARGET_MS}); "
            f"process {process_ms(big):.0f} ms"
        )


if __name__ == "__main__":
    main()
