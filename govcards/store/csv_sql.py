"""Export cells, and whole CSV records, formatted in SQL per dialect.

The exports' rows go from the cursor to the file untouched (docs/performance.md): dates in ISO
8601, flags as ``true``/``false``, text a spreadsheet would run as a formula with a leading
``'``. For the review log, the longest export, SQL goes one step further and writes each whole
record as ``csv.writer`` (the excel dialect) would: cells joined by ``,``, a cell quoted (its
``"`` doubled) when it holds ``,``, ``"``, CR or LF, ``NULL`` as an empty cell, CRLF at the
end. ``tests/test_csv_sql.py`` holds these records to ``csv.writer`` on both databases.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from sqlalchemy import Boolean, FunctionElement, String, case, literal, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement

from govcards.table_rows import FORMULA_START


class iso_utc(FunctionElement[str]):
    """A UTC timestamp as ``2026-03-02T01:00:00Z`` (seconds, as the exports write it)."""

    type = String()
    inherit_cache = True


class iso_day(FunctionElement[str]):
    """A date as ``2026-03-02``."""

    type = String()
    inherit_cache = True


class formula_risk(FunctionElement[bool]):
    """Whether a text cell starts with a character in ``FORMULA_START``."""

    type = Boolean()
    inherit_cache = True


class csv_quoted(FunctionElement[str]):
    """A text cell as CSV writes it: quoted, ``"`` doubled, when it must be; NULL empty."""

    type = String()
    inherit_cache = True


class csv_plain(FunctionElement[str]):
    """A cell that never needs quotes (a number, an ISO date, a flag) as text; NULL empty."""

    type = String()
    inherit_cache = True


def _arg(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(iso_utc, "sqlite")
def _iso_utc_sqlite(element: iso_utc, compiler: SQLCompiler, **kw: Any) -> str:
    value = _arg(element, compiler, **kw)  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff', UTC
    return f"(substr({value}, 1, 10) || 'T' || substr({value}, 12, 8) || 'Z')"


@compiles(iso_utc)
def _iso_utc_other(element: iso_utc, compiler: SQLCompiler, **kw: Any) -> str:
    value = _arg(element, compiler, **kw)
    return f"to_char({value} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


@compiles(iso_day, "sqlite")
def _iso_day_sqlite(element: iso_day, compiler: SQLCompiler, **kw: Any) -> str:
    return _arg(element, compiler, **kw)  # SQLite keeps dates as ISO text already


@compiles(iso_day)
def _iso_day_other(element: iso_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({_arg(element, compiler, **kw)}, 'YYYY-MM-DD')"


def _risky_chars(char_function: str) -> str:
    return ", ".join(
        f"'{ch}'" if ch.isprintable() and ch != "'" else f"{char_function}({ord(ch)})"
        for ch in FORMULA_START
    )


@compiles(formula_risk, "sqlite")
def _formula_risk_sqlite(element: formula_risk, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(substr({_arg(element, compiler, **kw)}, 1, 1) IN ({_risky_chars('char')}))"


@compiles(formula_risk)
def _formula_risk_other(element: formula_risk, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(left({_arg(element, compiler, **kw)}, 1) IN ({_risky_chars('chr')}))"


@compiles(csv_quoted, "sqlite")
def _csv_quoted_sqlite(element: csv_quoted, compiler: SQLCompiler, **kw: Any) -> str:
    value = f"coalesce({_arg(element, compiler, **kw)}, '')"
    return (  # GLOB: one pass over the text for any of the four characters
        f"(CASE WHEN {value} GLOB '*[\",' || char(10, 13) || ']*'"
        f" THEN '\"' || replace({value}, '\"', '\"\"') || '\"' ELSE {value} END)"
    )


@compiles(csv_quoted)
def _csv_quoted_other(element: csv_quoted, compiler: SQLCompiler, **kw: Any) -> str:
    value = f"coalesce({_arg(element, compiler, **kw)}, '')"
    return (
        f"(CASE WHEN {value} ~ ('[\",' || chr(10) || chr(13) || ']')"
        f" THEN '\"' || replace({value}, '\"', '\"\"') || '\"' ELSE {value} END)"
    )


@compiles(csv_plain, "sqlite")
def _csv_plain_sqlite(element: csv_plain, compiler: SQLCompiler, **kw: Any) -> str:
    return f"coalesce({_arg(element, compiler, **kw)}, '')"  # || turns a number into text


@compiles(csv_plain)
def _csv_plain_other(element: csv_plain, compiler: SQLCompiler, **kw: Any) -> str:
    return f"coalesce(CAST({_arg(element, compiler, **kw)} AS TEXT), '')"


def csv_text(column: Any) -> ColumnElement[Any]:
    """Text a spreadsheet would run as a formula gets a leading ``'`` (OWASP)."""
    return case((formula_risk(column), literal("'", String) + column), else_=column)


def csv_flag(column: Any) -> ColumnElement[Any]:
    return case((column.is_(True), literal("true", String)), else_=literal("false", String))


def csv_join(*cells: ColumnElement[Any]) -> ColumnElement[str]:
    """Cells already formatted (``csv_quoted``, ``csv_plain`` or a join) joined by commas."""
    comma = literal_column("','", String)
    return reduce(lambda line, cell: line + comma + cell, cells[1:], cells[0])


def csv_record(*cells: ColumnElement[Any]) -> ColumnElement[str]:
    """One whole CSV record, CRLF-terminated, as ``csv.writer`` writes the same cells."""
    return csv_join(*cells) + literal("\r\n", String)
