"""A review session in a child process: answers cards through StudyStore, as the review UI does.

    python tests/answer_cards.py URL COUNT [--wait-for-go] [--hang-before-commit N]

Prints ``review ID`` after each committed answer. ``--wait-for-go`` prints ``ready`` once its
queue is built, then waits for a line on stdin (so that two sessions answer together).
``--hang-before-commit N`` stops inside the N-th answer's transaction, after its rows are written
and before the commit, and prints ``in flight``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from govcards.errors import CardChanged
from govcards.model import CardFilter
from govcards.scheduler import review
from govcards.store import Answer, Store, StudyStore

TODAY = date(2026, 3, 2)


def hang_before_commit(number: int) -> None:
    commits = 0

    @event.listens_for(Session, "before_commit")
    def _pause(session: Any) -> None:
        nonlocal commits
        commits += 1
        if commits == number:
            session.flush()
            print("in flight", flush=True)
            time.sleep(120)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("count", type=int)
    parser.add_argument("--wait-for-go", action="store_true")
    parser.add_argument("--hang-before-commit", type=int, default=0)
    args = parser.parse_args()
    study = StudyStore(Store(args.url))
    cards = study.new_cards(TODAY, CardFilter(), 10_000, set())
    if args.wait_for_go:
        print("ready", flush=True)
        sys.stdin.readline()
    if args.hang_before_commit:
        hang_before_commit(args.hang_before_commit)
    for i in range(args.count):
        grade = 3 + i % 3
        while True:  # as a session does: a card changed by the other process is read again
            card = study.card(cards[i % len(cards)].card_pk)
            answer = Answer(
                card_pk=card.card_pk,
                reviewed_at=datetime.now(UTC),
                study_day=TODAY,
                grade=grade,
                drill=False,
                duration_ms=1000,
                before=card.state,
                after=review(card.state, grade, TODAY),
                version=card.version,
            )
            try:
                print(f"review {study.record(answer)}", flush=True)
                break
            except CardChanged:
                print("changed", flush=True)


if __name__ == "__main__":
    main()
