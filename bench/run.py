"""govcards side by side with Anki's backend and the python + sqlite3 floor (DESIGN.md §11).

    python bench/run.py --sizes 5k,50k [--runs 7] [--anki /work/venvs/anki/bin/python]

Builds equal collections once per size under --work (govcards: bench/make_collection.py;
Anki: the same number of notes of one card each, the same review count in its revlog and the
same share of cards scheduled), then times each operation as a fresh process, interleaved
(govcards, Anki, floor, govcards, …) so that a busy machine slows all sides alike, and prints a
Markdown table of medians with the ratios the targets are stated in. Peak memory is each
child's own max RSS (os.wait4). Sizes: 5k (100k reviews), 50k (1M), 200k (4M, slow to build).
Run by hand only: timings never belong in unit tests. Without --anki, Anki columns are blank.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"5k": (5_000, 100_000), "50k": (50_000, 1_000_000), "200k": (200_000, 4_000_000)}
NOW = "2026-03-03T02:00:00+00:00"  # the day after bench/make_collection.py's log ends
TODAY = date(2026, 3, 2)
FIND_QUERY = "基层治理 网格"

ANKI_BUILD = r"""
import random, sys, time
from anki.collection import Collection, AddNoteRequest
path, cards, reviews = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
col = Collection(path)
model = col.models.by_name("Basic")
rng = random.Random(1)
decks = [col.decks.id(f"bench-{d}") for d in range(10)]
requests = []
for i in range(cards):
    note = col.new_note(model)
    note["Front"] = f"第{i}题：“三治”指什么？"
    note["Back"] = "自治、法治、德治"
    requests.append(AddNoteRequest(note, decks[i % 10]))
col.add_notes(requests)
today = col.sched.today
ids = [cid for (cid,) in col.db.execute("select id from cards")]
scheduled = []
for cid in ids:
    if rng.random() < 0.8:  # as in govcards' collection: a fifth stay new
        ivl = rng.choice((1, 3, 6, 15, 30, 60, 140))
        scheduled.append((today + rng.randint(-5, ivl), ivl, cid))
col.db.executemany("update cards set type=2, queue=2, due=?, ivl=?, factor=2500 where id=?",
                   scheduled)
base = int((time.time() - 730 * 86400) * 1000)
col.db.executemany(
    "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
    " values (?, ?, -1, ?, ?, ?, 2500, ?, 1)",
    ((base + j * 60000, rng.choice(ids), rng.choice((1, 3, 3, 4)), 6, 3,
      rng.randint(2000, 60000)) for j in range(reviews)),
)
col.close()
"""
ANKI_DUE = (
    "import sys; from anki.collection import Collection; c = Collection(sys.argv[1]);"
    " c.sched.deck_due_tree(); print(c.sched.counts()); c.close()"
)
ANKI_FIRST = (
    "import sys; from anki.collection import Collection; c = Collection(sys.argv[1]);"
    " q = c.sched.get_queued_cards(fetch_limit=1); print(len(q.cards)); c.close()"
)
ANKI_STATS = (
    "import sys; from anki.collection import Collection; c = Collection(sys.argv[1]);"
    " c._backend.graphs(search='', days=365); c.close()"
)
GOVCARDS_FIRST = """
import sys
from govcards.model import CardFilter
from govcards.runtime import start_review
session = start_review(sys.argv[1], CardFilter(), None, None, False, print)  # as `review` does
item = session.current
print(session.face(item).prompt if item else "")
"""
FLOOR_DUE = """
import sqlite3, sys
from datetime import date, timedelta
c = sqlite3.connect(sys.argv[1])
today = "2026-03-03"
until = (date(2026, 3, 3) + timedelta(days=7)).isoformat()
rows = c.execute("SELECT d.deck_id, CASE WHEN c.due < ? THEN ? ELSE c.due END AS day, count(*)"
                 " FROM cards c JOIN decks d ON d.id = c.deck_pk WHERE c.retired = 0"
                 " AND c.suspended = 0 AND c.due IS NOT NULL AND day <= ? GROUP BY 1, 2",
                 (today, today, until)).fetchall()
print(len(rows))
"""
FLOOR_EXPORT = """
import csv, os, sqlite3, sys
risky = ("=", "+", "-", "@", "\\t", "\\r")
def cell(v):
    return "'" + v if v.startswith(risky) else v
c = sqlite3.connect(sys.argv[1])
rows = c.execute(
    "SELECT r.reviewed_at, r.study_day, d.deck_id, n.note_id, c.card_key, n.kind, r.grade,"
    " r.drill, r.duration_ms, r.interval_before, r.interval_after, r.efactor_after"
    " FROM reviews r JOIN cards c ON c.id = r.card_pk JOIN notes n ON n.id = c.note_pk"
    " JOIN decks d ON d.id = c.deck_pk ORDER BY r.id")
tmp = sys.argv[2] + ".tmp"  # govcards' guarantee too: the old file or the new, never half
with open(tmp, "w", encoding="utf-8", newline="") as out:
    out.write("\\ufeff")
    w = csv.writer(out)
    w.writerow(("reviewed_at", "study_day", "deck", "note", "card", "kind", "grade", "drill",
                "duration_ms", "interval_before", "interval_after", "efactor_after"))
    for at, day, deck, note, card, kind, grade, drill, ms, before, after, ef in rows:
        w.writerow((at[:10] + "T" + at[11:19] + "Z", day, cell(deck), cell(note), cell(card),
                    cell(kind), grade, "true" if drill else "false", ms, before, after, ef))
    out.flush()
    os.fsync(out.fileno())
os.replace(tmp, sys.argv[2])
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed ({status}): {' '.join(args)}\n{err}")
    return took, usage.ru_maxrss // 1024


def build(size: str, work: Path, anki: str | None) -> tuple[Path, Path | None]:
    cards, reviews = SIZES[size]
    gov = work / f"govcards-{size}.db"
    if not gov.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_collection.py"), str(gov), "--cards", str(cards),
             "--reviews", str(reviews)],
            check=True,
        )  # fmt: skip
    anki_db = work / f"anki-{size}.anki2" if anki else None
    if anki and anki_db and not anki_db.exists():
        subprocess.run([anki, "-c", ANKI_BUILD, str(anki_db), str(cards), str(reviews)], check=True)
    return gov, anki_db


def govcards_cli() -> list[str]:
    found = shutil.which("govcards", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "govcards"]


def measure(size: str, work: Path, anki: str | None, runs: int) -> list[tuple[str, ...]]:
    gov, anki_db = build(size, work, anki)
    env = {**os.environ, "GOVCARDS_NOW": NOW, "GOVCARDS_WIDTH": "100"}
    cli = govcards_cli()
    out = work / "export.csv"
    floor_out = work / "floor.csv"
    py = sys.executable
    index = shlex.quote(f"{gov}.find-index")
    find = shlex.join([*cli, "find", FIND_QUERY, "--db", str(gov)])
    ops: dict[str, dict[str, list[str]]] = {
        # first: the start-up alone, before the exports and index builds stir the page cache
        "--help": {"govcards": [*cli, "--help"]},
        "due / open + counts": {
            "govcards": [*cli, "due", "--db", str(gov)],
            "floor": [py, "-c", FLOOR_DUE, str(gov)],
        },
        "review → first card": {"govcards": [py, "-c", GOVCARDS_FIRST, str(gov)]},
        "stats": {"govcards": [*cli, "stats", "--db", str(gov)]},
        "export reviews (CSV)": {
            "govcards": [*cli, "export", "reviews", "-o", str(out), "--force", "--db", str(gov)],
            "floor": [py, "-c", FLOOR_EXPORT, str(gov), str(floor_out)],
        },
        # after an import: the index is built (jieba, then BM25 per field) and stored; no Anki side,
        # whose search is a LIKE scan over its notes, not a ranked search
        "find (cold: builds the index)": {"govcards": ["sh", "-c", f"rm -f {index}; exec {find}"]},
        "find (warm)": {"govcards": [*cli, "find", FIND_QUERY, "--db", str(gov)]},  # after cold
    }
    if anki and anki_db:
        ops["due / open + counts"]["anki"] = [anki, "-c", ANKI_DUE, str(anki_db)]
        ops["review → first card"]["anki"] = [anki, "-c", ANKI_FIRST, str(anki_db)]
        ops["stats"]["anki"] = [anki, "-c", ANKI_STATS, str(anki_db)]
    table = []
    for name, sides in ops.items():
        # Each operation starts with the disk quiet: the exports write hundreds of MB, whose
        # writeback would otherwise run under whatever is measured next.
        os.sync()
        times: dict[str, list[float]] = {side: [] for side in sides}
        peak: dict[str, int] = {side: 0 for side in sides}
        for _ in range(runs):  # interleaved: each round runs every side once
            for side, args in sides.items():
                took, rss = run(args, env)
                times[side].append(took * 1000)
                peak[side] = max(peak[side], rss)
        med = {side: statistics.median(t) for side, t in times.items()}
        g = med["govcards"]
        cells = [size, name, f"{g:.0f} ms"]
        cells.append(f"{med['anki']:.0f} ms" if "anki" in med else "—")
        cells.append(f"{g / med['anki']:.2f}×" if "anki" in med else "—")
        cells.append(f"{med['floor']:.0f} ms" if "floor" in med else "—")
        cells.append(f"{g / med['floor']:.2f}×" if "floor" in med else "—")
        cells.append(f"{peak['govcards']} MB" + (f" / {peak['anki']} MB" if "anki" in peak else ""))
        table.append(tuple(cells))
    if floor_out.exists() and out.exists():
        same = filecmp.cmp(floor_out, out, shallow=False)  # streamed: the bench stays small
        print(f"[{size}] export reviews: govcards and floor bytes identical: {same}", flush=True)
    table.append((size, "answer → next card p95", answer_p95(gov), "—", "—", "—", "—", "—"))
    return table


ANSWER_P95 = """
import os, shutil, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from bench_core import bench_engine
with tempfile.TemporaryDirectory() as folder:
    copy = Path(folder) / "copy.db"
    shutil.copy(sys.argv[1], copy)
    os.sync()  # else the copy's writeback (600 MB at 200k) competes with each answer's fsync
    samples = sorted(bench_engine("sqlite:///" + str(copy), 3))
print(f"{samples[int(len(samples) * 0.95)]:.2f} ms")
"""


def answer_p95(gov: Path) -> str:
    """p95 of answer → next card in the study engine, on a copy of the collection. In a child:
    the bench itself must stay small, since a forked child's peak RSS starts from its parent's."""
    done = subprocess.run(
        [sys.executable, "-c", ANSWER_P95, str(gov), str(HERE)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5k,50k")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "govcards-bench")
    default_anki = "/work/venvs/anki/bin/python"
    parser.add_argument("--anki", default=default_anki if Path(default_anki).exists() else None)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # Bytecode as an installed package has it (pip compiles it; Anki's wheel ships it), even
    # when PYTHONDONTWRITEBYTECODE keeps an editable checkout from writing its own.
    compileall.compile_dir(str(HERE.parent / "govcards"), quiet=1)
    rows: list[tuple[str, ...]] = []
    for size in args.sizes.split(","):
        rows += measure(size.strip(), args.work, args.anki, args.runs)
    print(f"\n{date.today()} · {platform.node()} · {os.cpu_count()} cores · Python "
          f"{platform.python_version()} · median of {args.runs} interleaved runs\n")  # fmt: skip
    head = ("size", "operation", "govcards", "Anki", "÷ Anki", "floor", "÷ floor", "peak RSS")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
