"""Benchmarks for docs/performance.md (run by hand; never part of the test run).

    python bench/bench_core.py [--runs 5]

Reports medians (and p95 for answer → next card) and the ratio to each target:
`govcards --help`, import of a 10,000-note deck into an empty collection, re-import of the
unchanged deck, and answer → next card in the study engine on a SQLite file. Peak memory is
the child's max RSS. Time is read here, in a benchmark, never in a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

TARGETS_MS = {"help": 150, "import": 2000, "reimport": 1000, "answer_p95": 15}


def make_deck(path: Path, notes: int) -> None:
    """A deck of `notes` notes of every kind, Chinese text, about 2 cards a note."""
    lines = ["deck: 基准 · 一万条", "id: bench-10k", "topics:", "  t: 基准", "notes:"]
    for i in range(notes):
        kind = i % 4
        if kind == 0:
            lines += [
                f"  - id: case-{i}",
                "    kind: case",
                "    topic: t",
                f"    title: 某地“第{i}号做法”",
                "    place: 江苏省江阴市",
                f"    summary: 江苏省江阴市推出“第{i}号做法”，联系服务{i}户群众，成效明显。",
                "    keys: [联系服务, 成效]",
            ]
        elif kind == 1:
            lines += [
                f"  - id: st-{i}",
                "    kind: structure",
                "    topic: t",
                f"    title: 第{i}组对策",
                "    points:",
                "      - head: 建设骨干队伍",
                "        detail: [优选党组织书记, 加强村干部教育]",
                "      - head: 强化监督力度",
            ]
        elif kind == 2:
            lines += [
                f"  - id: q-{i}",
                "    kind: quote",
                "    topic: t",
                f"    text: 基层强则国家强，基层安则天下安（第{i}条）",
                "    blanks: [基层强, 天下安]",
            ]
        else:
            lines += [
                f"  - id: b-{i}",
                "    kind: basic",
                "    topic: t",
                f"    front: 第{i}个问题是什么？",
                f"    back: 第{i}个答案",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (ms) and peak RSS (KB) of one `govcards` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "govcards", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def report(name: str, samples: list[float], target: float, rss_kb: int = 0) -> None:
    median = statistics.median(samples)
    extra = f"  peak RSS {rss_kb / 1024:.0f} MB" if rss_kb else ""
    print(
        f"{name:28s} median {median:8.1f} ms  target {target:6.0f} ms  "
        f"ratio {median / target:5.2f}{extra}"
    )


def bench_engine(db_url: str, runs: int) -> list[float]:
    """Answer → next card latency in the study engine, on the SQLite collection."""
    from govcards.store import Store, StudyStore
    from govcards.study import Limits, StudySession

    store = Store(db_url)
    now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    samples: list[float] = []
    for day in range(runs):
        session = StudySession(
            StudyStore(store), date(2026, 3, 2 + day), lambda: now, Limits(new_per_day=60)
        )
        while session.current is not None and len(samples) < 60 * (day + 1):
            start = time.perf_counter()
            session.answer(4 if len(samples) % 5 else 2, 1000)
            if session.current is not None:
                session.face(session.current)
            samples.append((time.perf_counter() - start) * 1000)
    store.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "GOVCARDS_HOME": str(home)}
        help_ms = [run_cli(["--help"], env)[0] for _ in range(args.runs)]
        report("govcards --help", help_ms, TARGETS_MS["help"])
        deck = home / "bench.yaml"
        make_deck(deck, args.notes)
        imports, reimports, rss = [], [], 0
        for run in range(args.runs):
            env["GOVCARDS_DB"] = str(home / f"c{run}.db")
            ms, rss = run_cli(["import", str(deck)], env)
            imports.append(ms)
            reimports.append(run_cli(["import", str(deck)], env)[0])
        report(f"import {args.notes} notes", imports, TARGETS_MS["import"], rss)
        report("re-import unchanged", reimports, TARGETS_MS["reimport"])
        latencies = sorted(bench_engine("sqlite:///" + str(home / "c0.db"), args.runs))
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"{'answer → next card':28s} median {statistics.median(latencies):8.2f} ms  "
            f"p95 {p95:6.2f} ms  target {TARGETS_MS['answer_p95']} ms  "
            f"ratio {p95 / TARGETS_MS['answer_p95']:5.2f}  (n={len(latencies)})"
        )


if __name__ == "__main__":
    main()
