"""CSV records written by SQL (``store/csv_sql.py``) are byte for byte what ``csv.writer``
writes for the same cells, on SQLite and PostgreSQL: quoting, doubled quotes, CR and LF inside
a cell, empty and NULL cells, Chinese text, formula neutralisation."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Integer, String, bindparam, select

from govcards.store import Store
from govcards.store.csv_sql import csv_plain, csv_quoted, csv_record, csv_text
from govcards.table_rows import FORMULA_START

FORMULA = set(FORMULA_START)

TRICKY = ",\"\r\n '=+-@\t，。“”：、；（）"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY),
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    ),
    max_size=12,
)
CELL = st.one_of(
    st.tuples(st.just("text"), st.none() | TEXT),
    # the schema's Integer columns: 32 bits on PostgreSQL
    st.tuples(st.just("number"), st.none() | st.integers(-(2**31), 2**31 - 1)),
)


def _writer_line(cells: list[tuple[str, Any]]) -> str:
    risky = {i for i, (kind, v) in enumerate(cells) if kind == "text" and v and v[0] in FORMULA}
    out = io.StringIO()
    csv.writer(out).writerow(["'" + v if i in risky else v for i, (_k, v) in enumerate(cells)])
    return out.getvalue()


def _sql_line(store: Store, cells: list[tuple[str, Any]]) -> str:
    parts = []
    for i, (kind, _value) in enumerate(cells):
        if kind == "text":
            parts.append(csv_quoted(csv_text(bindparam(f"c{i}", type_=String))))
        else:
            parts.append(csv_plain(bindparam(f"c{i}", type_=Integer)))
    with store.engine.connect() as conn:
        line = conn.execute(
            select(csv_record(*parts)), {f"c{i}": v for i, (_k, v) in enumerate(cells)}
        ).scalar_one()
    return str(line)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(CELL, min_size=2, max_size=6))
@example(cells=[("text", "三治融合，自治"), ("number", 3)])
@example(cells=[("text", 'say "hi"'), ("text", "a\r\nb")])
@example(cells=[("text", "=SUM(A1)"), ("text", None), ("number", None)])
@example(cells=[("text", ""), ("text", "-1,5")])
@example(cells=[("text", "行一\r行二"), ("text", "行一\n行二")])
def test_a_record_written_in_sql_is_what_csv_writer_writes(
    store: Store, cells: list[tuple[str, Any]]
) -> None:
    assert _sql_line(store, cells) == _writer_line(cells)


def test_quoting_is_not_applied_to_plain_text(store: Store) -> None:
    """The check above could pass by quoting everything; a plain cell stays bare."""
    line = _sql_line(store, [("text", "浙江省桐乡市"), ("number", 42), ("text", "qt-basic")])
    assert line == "浙江省桐乡市,42,qt-basic\r\n"
