"""How a report query is named in the compiled cache, shared by the queries and their readers.

A name is ``NAME``, ``NAME@deck`` (narrowed to ``:deck``), ``NAME#fsrs`` (counted by FSRS's due
date; only the queries that count a due date have this form) or ``NAME@deck#fsrs``. Standard
library only: the lean read path names queries without importing SQLAlchemy.
"""

from __future__ import annotations


def query_name(base: str, deck: bool = False, fsrs: bool = False) -> str:
    """The cache name of ``base`` in the form asked for."""
    return base + ("@deck" if deck else "") + ("#fsrs" if fsrs else "")
