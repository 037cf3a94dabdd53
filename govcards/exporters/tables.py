"""``govcards export``: the review log, the cards and the daily totals as CSV or JSON with the
pinned columns of docs/exports.md, the 素材本 as Markdown, the decks as an Anki package.

Output goes to stdout, or to ``-o FILE`` through a temporary file that replaces the target only
once complete, so a failed export never leaves half a file (nor overwrites one without --force,
nor the collection, a database, a link or a device even with it: ``exporters/output_file.py``).

CSV cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading ``'`` as OWASP recommends; JSON keeps every value verbatim (with DEL and C1 characters
written as ``\\u00NN`` escapes, the same data once parsed).
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from itertools import islice
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from govcards.errors import GovcardsError, InputError
from govcards.exporters.output_file import check_target, replacing
from govcards.i18n import _
from govcards.literal import json_safe, strip_controls
from govcards.table_rows import FORMULA_START, CardLine, DayCount, ReviewLine

if TYPE_CHECKING:  # the notebook and the package only: a CSV export need not load every record
    from govcards.records import DeckNotes

EXPORT_KINDS = ("reviews", "cards", "stats", "notebook", "anki")
TABLE_ROWS: dict[str, type[Any]] = {"reviews": ReviewLine, "cards": CardLine, "stats": DayCount}
FORMATS: dict[str, tuple[str, ...]] = {k: ("csv", "json") for k in TABLE_ROWS}
FORMATS |= {"notebook": ("md",), "anki": ("apkg",)}
BOM = "\ufeff"
CHUNK = 10_000
WRITE_BUFFER = 1 << 20  # one large buffered writer: few system calls for a million rows
Tick = Callable[[int], object]  # told how many more rows were written


def columns(kind: str) -> tuple[str, ...]:
    """The pinned columns of a table export, in order."""
    return tuple(f.name for f in fields(TABLE_ROWS[kind]))


class ExportSource(Protocol):
    """What the exports read (``govcards.store.reports.Reports`` provides it)."""

    def require_deck(self, deck: str | None) -> None: ...
    def review_rows(self, deck: str | None, csv: bool) -> Iterator[tuple[Any, ...]]:
        """``ReviewLine``'s columns; with ``csv`` one cell per row, the whole CSV record."""
        ...

    def card_rows(self, deck: str | None, csv: bool) -> Iterator[tuple[Any, ...]]:
        """``CardLine``'s columns; with ``csv`` every cell already as CSV writes it."""
        ...

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
    collection: Path | None = None


def plan_export(
    kind: str,
    fmt: str | None,
    output: Path | None,
    force: bool,
    bom: bool = True,
    collection: Path | None = None,
) -> ExportPlan:
    """Check the request before any work: bad combinations and existing files are exit 2."""
    if kind not in EXPORT_KINDS:
        unknown = _("unknown export '{kind}' (one of: {kinds})")
        raise InputError(unknown.format(kind=kind, kinds=", ".join(EXPORT_KINDS)))
    allowed = FORMATS[kind]
    fmt = (fmt or allowed[0]).lower()
    if fmt not in allowed:
        unavailable = _("export {kind}: --format {format} is not available (use {formats})")
        formats = _(" or ").join(allowed)
        raise InputError(unavailable.format(kind=kind, format=fmt, formats=formats))
    if kind == "anki" and output is None:
        raise InputError(_("export anki writes a package file: give -o FILE.apkg"))
    if output is not None:
        check_target(output, force, collection)
    return ExportPlan(kind, fmt, output, bom, collection)


def run_export(
    plan: ExportPlan,
    source: ExportSource,
    deck: str | None,
    now: datetime,
    progress: Tick | None = None,
) -> None:
    """Write one export; ``now`` stamps the Anki package (Anki updates notes that are newer)."""
    source.require_deck(deck)
    if plan.kind == "anki":
        from govcards.exporters.anki import write_apkg

        assert plan.output is not None
        with replacing(plan.output, plan.collection) as tmp:
            write_apkg(source.deck_notes(deck), tmp, now)
        return
    with _text_output(plan.output, plan.collection) as stream:
        if plan.kind == "notebook":
            from govcards.exporters.notebook import notebook_lines

            stream.writelines(notebook_lines(source.deck_notes(deck)))
            return
        header = columns(plan.kind)
        csv_out = plan.format == "csv"
        rows: Iterable[Sequence[Any]]
        if plan.kind == "reviews":
            rows = source.review_rows(deck, csv=csv_out)
        elif plan.kind == "cards":
            rows = source.card_rows(deck, csv=csv_out)
        else:
            values = attrgetter(*header)  # a plain tuple per row (astuple deep-copies)
            cell = _csv_value if csv_out else _json_value
            rows = (tuple(cell(v) for v in values(c)) for c in source.day_counts(deck))
        if csv_out and plan.kind == "reviews":
            write_csv_records(stream, header, rows, bom=plan.bom, progress=progress)
        elif csv_out:
            write_csv(stream, header, rows, bom=plan.bom, progress=progress)
        else:
            write_json(stream, header, rows, progress=progress)


# -- CSV and JSON ----------------------------------------------------------------------------


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def _json_value(value: object) -> object:
    return _iso(value) if isinstance(value, date) else value


def _csv_value(value: object) -> object:
    """Booleans as true/false, dates in ISO 8601, None empty; numbers as they are; text that a
    spreadsheet would read as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, date):
        return _iso(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _chunks(rows: Iterable[Sequence[Any]], progress: Tick | None) -> Iterator[list[Any]]:
    """Rows in lists of ``CHUNK``: the writer's loop stays in C, progress is told per chunk,
    and memory holds one chunk whatever the size of the export."""
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        yield chunk
        if progress is not None:
            progress(len(chunk))


def write_csv(
    stream: TextIO,
    header: tuple[str, ...],
    rows: Iterable[Sequence[Any]],
    bom: bool,
    progress: Tick | None = None,
) -> None:
    """RFC 4180 CSV of cells that are already CSV-ready (``ExportSource`` with ``csv=True``);
    the byte-order mark lets Excel open the Chinese as UTF-8."""
    if bom:
        stream.write(BOM)
    writer = csv.writer(stream)
    writer.writerow(header)
    for chunk in _chunks(rows, progress):
        writer.writerows(chunk)


def write_csv_records(
    stream: TextIO,
    header: tuple[str, ...],
    records: Iterable[Sequence[str]],
    bom: bool,
    progress: Tick | None = None,
) -> None:
    """The same CSV as ``write_csv``, from rows whose one cell is a whole record that SQL
    already wrote (``store/csv_sql.py``): no per-cell work left in Python."""
    if bom:
        stream.write(BOM)
    csv.writer(stream).writerow(header)
    for chunk in _chunks(records, progress):
        stream.writelines(map(itemgetter(0), chunk))


def write_json(
    stream: TextIO,
    header: tuple[str, ...],
    rows: Iterable[Sequence[Any]],
    progress: Tick | None = None,
) -> None:
    """A JSON list of objects with exactly the pinned keys in order, written row by row."""
    import json  # here: a CSV export does not need it

    stream.write("[")
    first = True
    for chunk in _chunks(rows, progress):
        for row in chunk:
            item = dict(zip(header, row, strict=True))
            encoded = json_safe(json.dumps(item, ensure_ascii=False))
            stream.write(("\n  " if first else ",\n  ") + encoded)
            first = False
    stream.write("\n]\n")


# -- where the bytes go ----------------------------------------------------------------------


class _TerminalText(io.TextIOWrapper):
    """Stdout that is a terminal: deck text must not drive it, so control characters go.
    (Redirected to a file or a pipe, an export is data and is written verbatim.)"""

    def write(self, text: str) -> int:
        return super().write(strip_controls(text))


@contextmanager
def _text_output(target: Path | None, collection: Path | None = None) -> Iterator[TextIO]:
    """UTF-8 text to ``target`` or to stdout, whatever the terminal's own encoding is."""
    if target is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # an unusual stdout (an IDE's, a test's): text is all it takes
            yield sys.stdout
            return
        wrapper = _TerminalText if sys.stdout.isatty() else io.TextIOWrapper
        stream = wrapper(buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:  # `govcards export … | head`: the reader has all it wants
            _quiet_stdout()
        except OSError as exc:  # `> /dev/full`, a closed descriptor
            _quiet_stdout()
            why = exc.strerror or str(exc)
            raise GovcardsError(_("standard output: cannot write: {why}").format(why=why)) from exc
        finally:
            with suppress(OSError, ValueError):
                stream.detach()
        return
    with (
        replacing(target, collection) as tmp,
        tmp.open("w", encoding="utf-8", newline="", buffering=WRITE_BUFFER) as out,
    ):
        yield out


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
