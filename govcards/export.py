"""``govcards export``: the review log, the cards and the daily totals as CSV or JSON with the
pinned columns of DESIGN.md section 9, the 素材本 as Markdown, the decks as an Anki package.

Output goes to stdout, or to ``-o FILE`` through a temporary file that replaces the target only
once complete, so a failed export never leaves half a file (nor overwrites one without --force).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol, TextIO

from govcards.errors import GovcardsError, InputError
from govcards.records import CardLine, DayCount, DeckNotes, ReviewLine

EXPORT_KINDS = ("reviews", "cards", "stats", "notebook", "anki")
TABLE_ROWS: dict[str, type[Any]] = {"reviews": ReviewLine, "cards": CardLine, "stats": DayCount}
FORMATS: dict[str, tuple[str, ...]] = {k: ("csv", "json") for k in TABLE_ROWS}
FORMATS |= {"notebook": ("md",), "anki": ("apkg",)}
BOM = "\ufeff"


def columns(kind: str) -> tuple[str, ...]:
    """The pinned columns of a table export, in order."""
    return tuple(f.name for f in fields(TABLE_ROWS[kind]))


class ExportSource(Protocol):
    """What the exports read (``govcards.store.reports.Reports`` provides it)."""

    def require_deck(self, deck: str | None) -> None: ...
    def review_lines(self, deck: str | None) -> Iterator[ReviewLine]: ...
    def card_lines(self, deck: str | None) -> Iterator[CardLine]: ...
    def day_counts(
        self, deck: str | None, since: date | None = None, until: date | None = None
    ) -> list[DayCount]: ...
    def deck_notes(self, deck: str | None) -> list[DeckNotes]: ...


@dataclass(frozen=True)
class ExportPlan:
    kind: str
    format: str
    output: Path | None
    bom: bool


def plan_export(
    kind: str, fmt: str | None, output: Path | None, force: bool, bom: bool = True
) -> ExportPlan:
    """Check the request before any work: bad combinations and existing files are exit 2."""
    if kind not in EXPORT_KINDS:
        raise InputError(f"unknown export '{kind}' (one of: {', '.join(EXPORT_KINDS)})")
    allowed = FORMATS[kind]
    fmt = (fmt or allowed[0]).lower()
    if fmt not in allowed:
        raise InputError(
            f"export {kind}: --format {fmt} is not available (use {' or '.join(allowed)})"
        )
    if kind == "anki" and output is None:
        raise InputError("export anki writes a package file: give -o FILE.apkg")
    if output is not None:
        if output.is_dir():
            raise InputError(f"{output}: is a directory")
        if output.exists() and not force:
            raise InputError(f"{output}: already exists (use --force to overwrite it)")
    return ExportPlan(kind, fmt, output, bom)


def run_export(plan: ExportPlan, source: ExportSource, deck: str | None, now: datetime) -> None:
    """Write one export; ``now`` stamps the Anki package (Anki updates notes that are newer)."""
    source.require_deck(deck)
    if plan.kind == "anki":
        from govcards.anki import write_apkg

        assert plan.output is not None
        with _replacing(plan.output) as tmp:
            write_apkg(source.deck_notes(deck), tmp, now)
        return
    with _text_output(plan.output) as stream:
        if plan.kind == "notebook":
            from govcards.notebook import notebook_lines

            stream.writelines(notebook_lines(source.deck_notes(deck)))
            return
        rows: Iterable[Any]
        if plan.kind == "reviews":
            rows = source.review_lines(deck)
        elif plan.kind == "cards":
            rows = source.card_lines(deck)
        else:
            rows = source.day_counts(deck)
        if plan.format == "csv":
            write_csv(stream, columns(plan.kind), rows, bom=plan.bom)
        else:
            write_json(stream, columns(plan.kind), rows)


# -- CSV and JSON ----------------------------------------------------------------------------


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def _json_value(value: object) -> object:
    return _iso(value) if isinstance(value, date) else value


def _csv_value(value: object) -> object:
    """Booleans as true/false, dates in ISO 8601, None empty; numbers and text as they are."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, date):
        return _iso(value)
    return value


def write_csv(stream: TextIO, header: tuple[str, ...], rows: Iterable[Any], bom: bool) -> None:
    """RFC 4180 CSV; the byte-order mark lets Excel open the Chinese as UTF-8."""
    if bom:
        stream.write(BOM)
    values = attrgetter(*header)  # a plain tuple per row (dataclasses.astuple deep-copies)
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([_csv_value(v) for v in values(row)] for row in rows)


def write_json(stream: TextIO, header: tuple[str, ...], rows: Iterable[Any]) -> None:
    """A JSON list of objects with exactly the pinned keys in order, written row by row."""
    values = attrgetter(*header)
    stream.write("[")
    for i, row in enumerate(rows):
        item = {key: _json_value(v) for key, v in zip(header, values(row), strict=True)}
        stream.write(("," if i else "") + "\n  " + json.dumps(item, ensure_ascii=False))
    stream.write("\n]\n")


# -- where the bytes go ----------------------------------------------------------------------


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that becomes ``target`` only if the block succeeds."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise GovcardsError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _text_output(target: Path | None) -> Iterator[TextIO]:
    """UTF-8 text to ``target`` or to stdout, whatever the terminal's own encoding is."""
    if target is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # an unusual stdout (an IDE's, a test's): text is all it takes
            yield sys.stdout
            return
        stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:  # `govcards export … | head`: the reader has all it wants
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            stream.detach()
        return
    with _replacing(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        yield handle
